import type { Actor } from "../../platform/actor.js";
import { auditWrite } from "../../platform/audit.js";
import { addCalendarDays } from "../../platform/calendar.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { eventsWrite, type NewEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { balanceOfLocked } from "../ledger/balances.js";
import { type BalanceEvent, creditPoints, recordZeroPointEntry } from "../ledger/entries.js";
import { expiryFor } from "../ledger/expiry-policy.js";
import { ledgerActor } from "../ledger/ledger-types.js";
import { getMemberForUpdate } from "../members/members.service.js";
import { assertMemberActive, describeBalances, lockOrEnroll } from "../points/points.service.js";
import { programConfig } from "../program-config/program-config.js";
import { assertProgramOpen } from "../programs/programs.service.js";
import { recordRuleAward } from "../rules/rules.service.js";
import { evaluateTier } from "../tiers/evaluate-tier.js";
import {
  type AdmittedPurchase,
  admitPurchase,
  assertCurrency,
  computeEarning,
  fingerprint,
  idsByCardOf,
  resolveLocation,
  withReceiptNumber,
} from "./purchase-intake.js";
import { type LoadedPurchase, loadPurchase, type PurchaseRow, toPurchase } from "./purchase-reads.js";
import type { PurchaseInput, PurchaseRequest } from "./purchases.schemas.js";

export interface RecordPurchaseOptions {
  db: Db;
  actor: Actor;
  input: PurchaseRequest;
  /** The request's Idempotency-Key: stands for the receipt number when the purchase has none. */
  idempotencyKey?: string;
  now: Date;
}

export async function recordPurchase(opts: RecordPurchaseOptions) {
  const { actor, now } = opts;
  const input = withReceiptNumber(opts.input, opts.idempotencyKey);
  const admitted = admitPurchase(input, now, await idsByCardOf(opts.db, actor.companyId, [input]));
  const result = await opts.db.transaction((tx) => writePurchase(tx, { actor, input, now, ...admitted, withBalance: true }));
  if (result.balance) return result;
  const [balance] = await describeBalances(opts.db, actor.companyId, result.purchase.memberId, now, result.purchase.programId);
  return { ...result, balance: balance ?? null };
}

export interface WritePurchaseOptions extends AdmittedPurchase {
  actor: Actor;
  input: PurchaseInput;
  now: Date;
  /** Read the balance after it in the transaction (a single purchase answers with it; a batch does not). */
  withBalance: boolean;
}

export type WrittenPurchase = Awaited<ReturnType<typeof writePurchase>>;

const purchaseByReceipt = (tx: Queryable, companyId: string, programId: string, receiptNumber: string) =>
  tx.query<{ id: string; fingerprint: string }>(
    sql`select id, fingerprint from purchases
      where company_id = ${companyId} and program_id = ${programId} and receipt_number = ${receiptNumber}`,
  );

/** One purchase inside the caller's transaction: lock the member, record, credit, evaluate the tier. */
export async function writePurchase(tx: Queryable, opts: WritePurchaseOptions) {
  const { actor, input, now, occurredAt, memberId } = opts;
  const member = await getMemberForUpdate(tx, actor.companyId, memberId);
  const config = await programConfig(tx, actor.companyId, input.programId, member.configVersion);
  const { program, company, tiers } = config;
  assertCurrency(input.amount.currency, company.currency);
  const locationId = await resolveLocation(tx, actor, input.locationId);
  const print = fingerprint({ memberId: member.id, amount: input.amount, items: input.items, locationId });
  const [existing] = await purchaseByReceipt(tx, actor.companyId, program.id, input.receiptNumber);
  if (existing) return replayOrConflict(tx, actor.companyId, existing, print);
  assertMemberActive(member);
  assertProgramOpen(program, occurredAt, { now, timeZone: company.timeZone });
  const e = await lockOrEnroll(tx, { actor, member, program, now });
  const { earning } = await computeEarning(tx, {
    companyId: actor.companyId,
    config,
    member,
    tierId: e.tier_id,
    input,
    locationId,
    occurredAt,
  });
  const id = newId("pur");
  const entryId = newId("led");
  const staffId = actor.type === "staff" ? actor.id : null;
  const inserted = await tx.query<{ created_at: Date }>(
    sql`insert into purchases (company_id, id, program_id, member_id, receipt_number, amount_minor, currency, items, location_id, staff_id,
       occurred_at, points, breakdown, fingerprint, ledger_entry_id)
     values (${actor.companyId}, ${id}, ${program.id}, ${member.id}, ${input.receiptNumber}, ${input.amount.amount},
       ${input.amount.currency}, ${JSON.stringify(input.items)}, ${locationId}, ${staffId}, ${occurredAt}, ${earning.totalPoints},
       ${JSON.stringify(earning)}, ${print}, ${entryId})
     on conflict do nothing returning created_at`,
  );
  if (inserted.length === 0) {
    // Same receipt for another member, recorded meanwhile: the unique index decided.
    const [other] = await purchaseByReceipt(tx, actor.companyId, program.id, input.receiptNumber);
    if (!other) throw new Error("purchase vanished");
    return replayOrConflict(tx, actor.companyId, other, print);
  }
  const base = {
    id: entryId,
    causeType: "purchase" as const,
    causeId: id,
    reason: `Receipt ${input.receiptNumber}`,
    locationId,
    actor: ledgerActor(actor),
    occurredAt,
    moneyMinor: input.amount.amount,
  };
  const recorded: NewEvent = {
    companyId: actor.companyId,
    type: "purchase.recorded",
    entityType: "purchase",
    entityId: id,
    payload: { memberId: member.id, programId: program.id, amountMinor: input.amount.amount, points: earning.totalPoints, locationId },
  };
  // Its message shows the balance after it ({points}): the event carries it (BalanceEvent).
  const added: BalanceEvent = {
    event: {
      companyId: actor.companyId,
      type: "points.added",
      entityType: "member",
      entityId: member.id,
      payload: { programId: program.id, points: earning.totalPoints, cause: "purchase", purchaseId: id },
    },
    allowNegative: program.negative_policy === "allow_negative",
  };
  // The audit row and the events go with the ledger entry: one statement.
  const alsoWrite = [
    auditWrite(actor, {
      action: "purchase.recorded",
      entityType: "purchase",
      entityId: id,
      changes: { memberId: member.id, receiptNumber: input.receiptNumber, amount: input.amount.amount, points: earning.totalPoints },
    }),
    eventsWrite([recorded]),
  ];
  const entry =
    earning.totalPoints > 0
      ? await creditPoints(
          tx,
          e,
          {
            ...base,
            kind: "earn",
            points: earning.totalPoints,
            // Calendar days in the company's zone, not 24 h each (docs/points.md "Pending points").
            availableAt: addCalendarDays(occurredAt, program.pending_days, company.timeZone),
            expiresAt: await expiryFor(tx, program, occurredAt, company.timeZone),
            now,
          },
          alsoWrite,
          added,
        )
      : await recordZeroPointEntry(tx, e, { ...base, kind: "earn" }, alsoWrite);
  for (const award of earning.ruleAwards) {
    if (award.points > 0)
      await recordRuleAward(tx, {
        companyId: actor.companyId,
        ruleId: award.ruleId,
        memberId: member.id,
        key: id,
        points: award.points,
        ledgerEntryId: entry.id,
        at: occurredAt,
      });
  }
  await evaluateTier({ tx, enrollment: e, program, timeZone: company.timeZone, now, reason: "purchase", tiers });
  // The purchase as written (no re-read): a new purchase has no returns yet.
  const row: PurchaseRow = {
    id,
    program_id: program.id,
    member_id: member.id,
    receipt_number: input.receiptNumber,
    amount_minor: input.amount.amount,
    currency: input.amount.currency,
    items: JSON.parse(JSON.stringify(input.items)),
    location_id: locationId,
    staff_id: staffId,
    occurred_at: occurredAt,
    points: earning.totalPoints,
    breakdown: earning,
    fingerprint: print,
    refunded_minor: 0,
    points_returned: 0,
    ledger_entry_id: entry.id,
    available_at: entry.availableAt,
  };
  // The balance from the enrollment, program and tiers held in this transaction (one small query).
  const balance = opts.withBalance ? await balanceOfLocked(tx, e, program, tiers, now) : null;
  return { purchase: toPurchase({ row, returns: [] }), replayed: false, balance };
}

async function replayOrConflict(tx: Queryable, companyId: string, existing: { id: string; fingerprint: string }, print: string) {
  if (existing.fingerprint !== print) {
    throw new AppError("conflict", "This receipt number was already recorded with different content", [
      detail("receiptNumber", "receipt_used"),
    ]);
  }
  const loaded = await loadPurchase(tx, companyId, existing.id);
  return { purchase: toPurchase(loaded as LoadedPurchase), replayed: true, balance: null };
}
