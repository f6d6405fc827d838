import { createHash } from "node:crypto";
import type { Actor } from "../../platform/actor.js";
import { auditWrite, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, invalidField, notFound } from "../../platform/errors.js";
import { emitEvent, eventsWrite, type NewEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { getCompany } from "../companies/companies.service.js";
import { balanceOfLocked } from "../ledger/balances.js";
import { lockEnrollment, lockEnrollmentIfAny } from "../ledger/enrollments.js";
import { clawbackPoints, creditPoints, recordZeroPointEntry } from "../ledger/entries.js";
import { expiryFor } from "../ledger/expiry-policy.js";
import { ledgerActor } from "../ledger/ledger-types.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { getMemberForUpdate, memberIdsByCardNumber, normalizeCardNumber } from "../members/members.service.js";
import { assertMemberActive, describeBalances, enrollMember } from "../points/points.service.js";
import { type ProgramConfig, programConfig, tierIn } from "../programs/program-config.js";
import { assertProgramOpen, getProgramRow } from "../programs/programs.service.js";
import { calculateEarning, type Earning, pointsToTakeBack } from "../rules/earning.js";
import { capUsage, recordRuleAward, remainingUnderCaps, toRuleTerms } from "../rules/rules.service.js";
import { evaluateTier } from "../tiers/tiers.service.js";
import type { BatchItemResult, PreviewInput, Purchase, PurchaseInput, ReturnInput } from "./purchases.schemas.js";

interface PurchaseRow {
  id: string;
  program_id: string;
  member_id: string;
  receipt_number: string;
  amount_minor: number;
  currency: string;
  items: Purchase["items"];
  location_id: string | null;
  staff_id: string | null;
  occurred_at: Date;
  points: number;
  breakdown: Earning;
  fingerprint: string;
  refunded_minor: number;
  points_returned: number;
  ledger_entry_id: string | null;
  available_at?: Date | null;
}

interface ReturnRow {
  id: string;
  purchase_id: string;
  return_number: string;
  amount_minor: number;
  lines: { index: number; quantity: number }[];
  points: number;
  points_as_debt: number;
  fingerprint: string;
  location_id: string | null;
  occurred_at: Date;
}

const fingerprint = (content: unknown) => createHash("sha256").update(JSON.stringify(content)).digest("hex");

function toReturn(r: ReturnRow, currency: string) {
  return {
    id: r.id,
    returnNumber: r.return_number,
    amount: { amount: r.amount_minor, currency },
    lines: r.lines,
    points: r.points,
    pointsAsDebt: r.points_as_debt,
    locationId: r.location_id,
    occurredAt: r.occurred_at,
  };
}

async function loadPurchase(
  db: Queryable,
  companyId: string,
  id: string,
  lock = false,
): Promise<{ row: PurchaseRow; returns: ReturnRow[] } | null> {
  const [row] = await db.query<PurchaseRow>(
    `select p.*, l.available_at from purchases p
       left join ledger_entries l on l.company_id = p.company_id and l.id = p.ledger_entry_id
      where p.company_id = $1 and p.id = $2 ${lock ? "for update of p" : ""}`,
    [companyId, id],
  );
  if (!row) return null;
  const returns = await db.query<ReturnRow>(
    "select * from purchase_returns where company_id = $1 and purchase_id = $2 order by occurred_at, id",
    [companyId, id],
  );
  return { row, returns };
}

function toPurchase(p: { row: PurchaseRow; returns: ReturnRow[] }): Purchase {
  const r = p.row;
  return {
    id: r.id,
    programId: r.program_id,
    memberId: r.member_id,
    receiptNumber: r.receipt_number,
    amount: { amount: r.amount_minor, currency: r.currency },
    items: r.items,
    locationId: r.location_id,
    staffId: r.staff_id,
    occurredAt: r.occurred_at,
    points: r.points,
    breakdown: r.breakdown,
    refunded: { amount: r.refunded_minor, currency: r.currency },
    pointsReturned: r.points_returned,
    availableAt: r.available_at ?? null,
    returns: p.returns.map((x) => toReturn(x, r.currency)),
  };
}

/** Location-limited staff record only at their locations; with one location it is the default. */
async function resolveLocation(tx: Queryable, actor: Actor, locationId: string | null | undefined): Promise<string | null> {
  let id = locationId ?? null;
  if (!id && actor.locationIds?.length === 1) id = actor.locationIds[0] ?? null;
  if (actor.locationIds !== null && (!id || !actor.locationIds.includes(id)))
    throw invalidField("locationId", "choose one of your locations");
  if (id) await assertLocationsExist(tx, actor.companyId, [id], "locationId");
  return id;
}

function memberIdOf(ref: { memberId?: string; cardNumber?: string }, idByCard: Map<string, string>): string {
  if (ref.memberId) return ref.memberId;
  const id = idByCard.get(normalizeCardNumber(ref.cardNumber ?? ""));
  if (!id)
    throw new AppError("not_found", "No member with this card number", [{ path: "cardNumber", message: "no member has this card number" }]);
  return id;
}

/** Member ids of the card numbers these purchases name, in one query. */
const idsByCardOf = (db: Queryable, companyId: string, refs: { cardNumber?: string }[]) =>
  memberIdsByCardNumber(
    db,
    companyId,
    refs.flatMap((r) => (r.cardNumber ? [r.cardNumber] : [])),
  );

async function resolveMemberId(db: Queryable, companyId: string, ref: { memberId?: string; cardNumber?: string }): Promise<string> {
  return memberIdOf(ref, await idsByCardOf(db, companyId, [ref]));
}

/** The earning calculation with its configuration and the member's cap usage, read in the caller's transaction. */
async function computeEarning(
  tx: Queryable,
  opts: {
    companyId: string;
    config: ProgramConfig;
    member: { id: string; tags: string[] };
    tierId: string | null;
    input: PreviewInput;
    locationId: string | null;
    occurredAt: Date;
  },
) {
  const { program, rules } = opts.config;
  const tier = await tierIn(tx, opts.config, opts.tierId);
  const usage = await capUsage(
    tx,
    opts.companyId,
    opts.member.id,
    rules.filter((r) => r.capPerDay || r.capPerMonth).map((r) => r.id),
    opts.occurredAt,
    opts.config.company.timeZone,
  );
  const earning = calculateEarning({
    amountMinor: opts.input.amount.amount,
    lines: opts.input.items,
    locationId: opts.locationId,
    occurredAt: opts.occurredAt,
    member: { id: opts.member.id, tags: opts.member.tags, tierId: opts.tierId },
    program: {
      converterPoints: program.converter_points,
      converterAmountMinor: program.converter_amount_minor,
      rounding: program.rounding,
      minPurchaseMinor: program.min_purchase_minor,
    },
    tier: tier
      ? {
          id: tier.id,
          multiplierBp: tier.multiplier_bp,
          converterPoints: tier.converter_points,
          converterAmountMinor: tier.converter_amount_minor,
        }
      : null,
    rules: rules.map(toRuleTerms),
    capRemaining: (ruleId) => {
      const rule = rules.find((r) => r.id === ruleId);
      return rule ? remainingUnderCaps(rule, usage.get(ruleId)) : { day: null, month: null };
    },
  });
  return { earning, tier };
}

function assertCurrency(currency: string, companyCurrency: string): void {
  if (currency !== companyCurrency) {
    throw new AppError("currency_mismatch", `The company keeps its books in ${companyCurrency}, not ${currency}`, [
      { path: "amount.currency", message: `must be ${companyCurrency}` },
    ]);
  }
}

/** The checks a purchase passes before any transaction: its time, and its member's id. */
function admitPurchase(input: PurchaseInput, now: Date, idByCard: Map<string, string>) {
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + 5 * 60_000) throw invalidField("occurredAt", "must not be in the future");
  return { occurredAt, memberId: memberIdOf(input, idByCard) };
}

export async function recordPurchase(opts: { db: Db; actor: Actor; input: PurchaseInput; now: Date }) {
  const { actor, now } = opts;
  const admitted = admitPurchase(opts.input, now, await idsByCardOf(opts.db, actor.companyId, [opts.input]));
  const result = await opts.db.transaction((tx) => writePurchase(tx, { actor, input: opts.input, now, ...admitted, withBalance: true }));
  if (result.balance) return result;
  const [balance] = await describeBalances(opts.db, actor.companyId, result.purchase.memberId, now, result.purchase.programId);
  return { ...result, balance: balance ?? null };
}

/**
 * Purchases in one transaction per group of this many: one commit for many receipts, while a group
 * holds its members' row locks until it commits (a counter purchase of one of them waits that long:
 * ≈300 ms at full load on the benchmark machine), so groups stay small.
 */
export const BATCH_GROUP_SIZE = 25;

/**
 * Many receipts in one request (a till or an e-shop sending what it sold). Each receipt stands
 * alone: the ones that are refused (unknown member, blocked, 409 …) come back with their error and
 * the others are recorded. Receipts are written in groups, one transaction each, ordered by member
 * so that concurrent batches lock members in the same order (no deadlocks); a member's receipts
 * keep their order. A group with a refused receipt is rolled back and redone one receipt per
 * transaction, so the refusal touches nothing else. Receipt numbers keep it idempotent: a batch
 * sent again after a failure replays what was recorded.
 */
export async function recordPurchaseBatch(opts: { db: Db; actor: Actor; inputs: PurchaseInput[]; now: Date }) {
  const { db, actor, now } = opts;
  const results: BatchItemResult[] = opts.inputs.map((input, index) => ({
    index,
    receiptNumber: input.receiptNumber,
    status: "failed",
    purchaseId: null,
    memberId: null,
    points: null,
    error: null,
  }));
  const refuse = (index: number, err: AppError) => {
    const result = results[index] as BatchItemResult;
    const details = err.details.length
      ? err.details.map((d) => ({ path: `purchases.${index}.${d.path}`, message: d.message }))
      : [{ path: `purchases.${index}`, message: err.message }];
    result.error = { code: err.code, message: err.message, details };
  };
  const admitted: { index: number; input: PurchaseInput; memberId: string; occurredAt: Date }[] = [];
  const idByCard = await idsByCardOf(db, actor.companyId, opts.inputs);
  for (const [index, input] of opts.inputs.entries()) {
    try {
      admitted.push({ index, input, ...admitPurchase(input, now, idByCard) });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      refuse(index, err);
    }
  }
  admitted.sort((x, y) => (x.memberId < y.memberId ? -1 : x.memberId > y.memberId ? 1 : x.index - y.index));
  const record = (index: number, written: WrittenPurchase) => {
    Object.assign(results[index] as BatchItemResult, {
      status: written.replayed ? "replayed" : "created",
      purchaseId: written.purchase.id,
      memberId: written.purchase.memberId,
      points: written.purchase.points,
    });
  };
  const write = (tx: Queryable, item: (typeof admitted)[number]) => writePurchase(tx, { actor, now, ...item, withBalance: false });
  for (let start = 0; start < admitted.length; start += BATCH_GROUP_SIZE) {
    const group = admitted.slice(start, start + BATCH_GROUP_SIZE);
    const written = await db
      .transaction(async (tx) => {
        const out: WrittenPurchase[] = [];
        for (const item of group) out.push(await write(tx, item));
        return out;
      })
      .catch((err) => {
        if (err instanceof AppError) return null;
        throw err;
      });
    for (const [i, item] of group.entries()) {
      if (written) {
        record(item.index, written[i] as WrittenPurchase);
        continue;
      }
      try {
        record(item.index, await db.transaction((tx) => write(tx, item)));
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        refuse(item.index, err);
      }
    }
  }
  const count = (status: BatchItemResult["status"]) => results.filter((r) => r.status === status).length;
  return { created: count("created"), replayed: count("replayed"), failed: count("failed"), results };
}

type WrittenPurchase = Awaited<ReturnType<typeof writePurchase>>;

/** One purchase inside the caller's transaction: lock the member, record, credit, evaluate the tier. */
async function writePurchase(
  tx: Queryable,
  opts: { actor: Actor; input: PurchaseInput; now: Date; occurredAt: Date; memberId: string; withBalance: boolean },
) {
  const { actor, input, now, occurredAt, memberId } = opts;
  const member = await getMemberForUpdate(tx, actor.companyId, memberId);
  const config = await programConfig(tx, actor.companyId, input.programId, member.configVersion);
  const { program, company, tiers } = config;
  assertCurrency(input.amount.currency, company.currency);
  const locationId = await resolveLocation(tx, actor, input.locationId);
  const print = fingerprint({ memberId: member.id, amount: input.amount, items: input.items, locationId });
  const existing = await tx.query<{ id: string; fingerprint: string }>(
    "select id, fingerprint from purchases where company_id = $1 and program_id = $2 and receipt_number = $3",
    [actor.companyId, program.id, input.receiptNumber],
  );
  if (existing[0]) return replayOrConflict(tx, actor.companyId, existing[0], print);
  assertMemberActive(member);
  assertProgramOpen(program, occurredAt);
  // Enrolled already (the common case): one locking read. Otherwise enroll (welcome points), then lock.
  let e = await lockEnrollmentIfAny(tx, actor.companyId, program.id, member.id);
  if (!e) {
    await enrollMember(tx, { actor, memberId: member.id, programId: program.id, now, member, program });
    e = await lockEnrollment(tx, actor.companyId, program.id, member.id);
  }
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
    `insert into purchases (company_id, id, program_id, member_id, receipt_number, amount_minor, currency, items, location_id, staff_id, occurred_at, points, breakdown, fingerprint, ledger_entry_id)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) on conflict do nothing returning created_at`,
    [
      actor.companyId,
      id,
      program.id,
      member.id,
      input.receiptNumber,
      input.amount.amount,
      input.amount.currency,
      JSON.stringify(input.items),
      locationId,
      staffId,
      occurredAt,
      earning.totalPoints,
      JSON.stringify(earning),
      print,
      entryId,
    ],
  );
  if (inserted.length === 0) {
    // Same receipt for another member, recorded meanwhile: the unique index decided.
    const [other] = await tx.query<{ id: string; fingerprint: string }>(
      "select id, fingerprint from purchases where company_id = $1 and program_id = $2 and receipt_number = $3",
      [actor.companyId, program.id, input.receiptNumber],
    );
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
  const added: NewEvent = {
    companyId: actor.companyId,
    type: "points.added",
    entityType: "member",
    entityId: member.id,
    payload: { programId: program.id, points: earning.totalPoints, cause: "purchase", purchaseId: id },
  };
  // The audit row and the events go with the ledger entry: one statement.
  const alsoWrite = [
    auditWrite(actor, {
      action: "purchase.recorded",
      entityType: "purchase",
      entityId: id,
      changes: { memberId: member.id, receiptNumber: input.receiptNumber, amount: input.amount.amount, points: earning.totalPoints },
    }),
    eventsWrite(earning.totalPoints > 0 ? [recorded, added] : [recorded]),
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
            availableAt: new Date(occurredAt.getTime() + program.pending_days * 86_400_000),
            expiresAt: await expiryFor(tx, program, occurredAt, company.timeZone),
            now,
          },
          alsoWrite,
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
      { path: "receiptNumber", message: "already used for a different purchase" },
    ]);
  }
  const loaded = await loadPurchase(tx, companyId, existing.id);
  return { purchase: toPurchase(loaded as { row: PurchaseRow; returns: ReturnRow[] }), replayed: true, balance: null };
}

/** The same calculation as a purchase, without writing anything. */
export async function previewPurchase(opts: { db: Db; actor: Actor; input: PreviewInput; now: Date }) {
  const { actor, input, now } = opts;
  const occurredAt = input.occurredAt ?? now;
  const memberId = await resolveMemberId(opts.db, actor.companyId, input);
  const db = opts.db;
  const member = await getMemberForUpdate(db, actor.companyId, memberId);
  const config = await programConfig(db, actor.companyId, input.programId, member.configVersion);
  const { program, company } = config;
  assertCurrency(input.amount.currency, company.currency);
  assertMemberActive(member);
  assertProgramOpen(program, occurredAt);
  const locationId = await resolveLocation(db, actor, input.locationId);
  const [enrollment] = await db.query<{ tier_id: string | null }>(
    "select tier_id from enrollments where company_id = $1 and program_id = $2 and member_id = $3",
    [actor.companyId, program.id, member.id],
  );
  const { earning, tier } = await computeEarning(db, {
    companyId: actor.companyId,
    config,
    member,
    tierId: enrollment?.tier_id ?? null,
    input,
    locationId,
    occurredAt,
  });
  const [balance] = await describeBalances(db, actor.companyId, member.id, now, program.id);
  return {
    memberId: member.id,
    breakdown: earning,
    pendingDays: program.pending_days,
    tier: tier ? { id: tier.id, name: tier.name, discountBp: tier.discount_bp } : null,
    balance: balance ?? null,
  };
}

/**
 * A return or partial refund, by amount or by lines. Takes back points in proportion to the money
 * refunded (see pointsToTakeBack); what the balance cannot cover becomes debt. Idempotent on the
 * return number.
 */
export async function recordReturn(opts: { db: Db; actor: Actor; purchaseId: string; input: ReturnInput; now: Date }) {
  const { actor, input, now } = opts;
  const occurredAt = input.occurredAt ?? now;
  const result = await opts.db.transaction(async (tx) => {
    const loaded = await loadPurchase(tx, actor.companyId, opts.purchaseId, true);
    if (!loaded) throw notFound("Purchase");
    const p = loaded.row;
    if (actor.locationIds !== null && (!p.location_id || !actor.locationIds.includes(p.location_id))) throw notFound("Purchase");
    const locationId = input.locationId === undefined ? p.location_id : await resolveLocation(tx, actor, input.locationId);
    const lines = input.lines ?? [];
    const amountMinor = input.amount ? input.amount.amount : returnedLinesAmount(p, loaded.returns, lines);
    if (input.amount) assertCurrency(input.amount.currency, p.currency);
    const print = fingerprint({ amountMinor, lines });
    const existing = loaded.returns.find((r) => r.return_number === input.returnNumber);
    if (existing) {
      if (existing.fingerprint !== print)
        throw new AppError("conflict", "This return number was already used with different content", [
          { path: "returnNumber", message: "already used for a different return" },
        ]);
      return {
        ret: toReturn(existing, p.currency),
        purchase: toPurchase(loaded),
        replayed: true,
        memberId: p.member_id,
        programId: p.program_id,
      };
    }
    const refundable = p.amount_minor - p.refunded_minor;
    if (amountMinor > refundable)
      throw new AppError("unprocessable", `Only ${refundable} can still be refunded on this purchase`, [
        { path: input.amount ? "amount.amount" : "lines", message: `at most ${refundable} remains to refund` },
      ]);
    const points = pointsToTakeBack({
      purchasePoints: p.points,
      purchaseAmountMinor: p.amount_minor,
      refundedBeforeMinor: p.refunded_minor,
      returnedBeforePoints: p.points_returned,
      returnAmountMinor: amountMinor,
    });
    const e = await lockEnrollment(tx, actor.companyId, p.program_id, p.member_id);
    const id = newId("ret");
    const base = {
      kind: "reverse" as const,
      causeType: "return" as const,
      causeId: id,
      reason: `Return ${input.returnNumber} of receipt ${p.receipt_number}`,
      locationId,
      actor: ledgerActor(actor),
      occurredAt,
      moneyMinor: -amountMinor,
    };
    let asDebt = 0;
    if (points > 0)
      ({ asDebt } = await clawbackPoints(tx, e, { ...base, points, now, preferLotId: p.ledger_entry_id, reducesEarned: true }));
    else await recordZeroPointEntry(tx, e, base);
    await tx.query(
      `insert into purchase_returns (company_id, id, purchase_id, return_number, amount_minor, lines, points, points_as_debt, fingerprint, location_id, occurred_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [actor.companyId, id, p.id, input.returnNumber, amountMinor, JSON.stringify(lines), points, asDebt, print, locationId, occurredAt],
    );
    await tx.query(
      "update purchases set refunded_minor = refunded_minor + $3, points_returned = points_returned + $4 where company_id = $1 and id = $2",
      [actor.companyId, p.id, amountMinor, points],
    );
    const program = await getProgramRow(tx, actor.companyId, p.program_id);
    const company = await getCompany(tx, actor.companyId);
    await evaluateTier({ tx, enrollment: e, program, timeZone: company.timeZone, now, reason: "return" });
    await recordAudit(tx, actor, {
      action: "purchase.returned",
      entityType: "purchase",
      entityId: p.id,
      changes: { returnNumber: input.returnNumber, amount: amountMinor, points, pointsAsDebt: asDebt },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "purchase.returned",
      entityType: "purchase",
      entityId: p.id,
      payload: { memberId: p.member_id, programId: p.program_id, returnId: id, amountMinor, points },
    });
    if (points > 0)
      await emitEvent(tx, {
        companyId: actor.companyId,
        type: "points.deducted",
        entityType: "member",
        entityId: p.member_id,
        payload: { programId: p.program_id, points: -points, cause: "return", returnId: id },
      });
    const after = await loadPurchase(tx, actor.companyId, p.id);
    const ret = after?.returns.find((r) => r.id === id) as ReturnRow;
    return {
      ret: toReturn(ret, p.currency),
      purchase: toPurchase(after as { row: PurchaseRow; returns: ReturnRow[] }),
      replayed: false,
      memberId: p.member_id,
      programId: p.program_id,
    };
  });
  const [balance] = await describeBalances(opts.db, actor.companyId, result.memberId, now, result.programId);
  return { return: result.ret, purchase: result.purchase, replayed: result.replayed, balance: balance ?? null };
}

/** Money of returned lines; each line can be returned up to the quantity bought. */
function returnedLinesAmount(p: PurchaseRow, earlier: ReturnRow[], lines: { index: number; quantity: number }[]): number {
  let total = 0;
  lines.forEach((l, i) => {
    const item = p.items[l.index];
    if (!item) throw invalidField(`lines.${i}.index`, `the purchase has no line ${l.index}`);
    const before = earlier
      .flatMap((r) => r.lines)
      .filter((x) => x.index === l.index)
      .reduce((n, x) => n + x.quantity, 0);
    const now = lines.filter((x) => x.index === l.index).reduce((n, x) => n + x.quantity, 0);
    if (before + now > item.quantity)
      throw invalidField(`lines.${i}.quantity`, `only ${item.quantity - before} of this line can still be returned`);
    total += l.quantity * item.unitPriceMinor;
  });
  return total;
}

export async function getPurchase(db: Queryable, actor: Actor, id: string): Promise<Purchase> {
  const loaded = await loadPurchase(db, actor.companyId, id);
  if (!loaded || (actor.locationIds !== null && (!loaded.row.location_id || !actor.locationIds.includes(loaded.row.location_id))))
    throw notFound("Purchase");
  return toPurchase(loaded);
}

export async function listPurchases(opts: {
  db: Db;
  actor: Actor;
  limit: number;
  cursor?: string;
  memberId?: string;
  programId?: string;
  locationId?: string;
  receiptNumber?: string;
}): Promise<Purchase[]> {
  const { actor } = opts;
  const rows = await opts.db.query<PurchaseRow>(
    `select p.*, l.available_at from purchases p
       left join ledger_entries l on l.company_id = p.company_id and l.id = p.ledger_entry_id
      where p.company_id = $1 and ($2::text[] is null or p.location_id = any($2)) and ($3::text is null or p.id < $3)
        and ($4::text is null or p.member_id = $4) and ($5::text is null or p.program_id = $5) and ($6::text is null or p.location_id = $6)
        and ($7::text is null or p.receipt_number = $7)
      order by p.id desc limit $8`,
    [
      actor.companyId,
      actor.locationIds,
      opts.cursor ?? null,
      opts.memberId ?? null,
      opts.programId ?? null,
      opts.locationId ?? null,
      opts.receiptNumber ?? null,
      opts.limit + 1,
    ],
  );
  const returns = rows.length
    ? await opts.db.query<ReturnRow>(
        "select * from purchase_returns where company_id = $1 and purchase_id = any($2) order by occurred_at, id",
        [actor.companyId, rows.map((r) => r.id)],
      )
    : [];
  return rows.map((row) => toPurchase({ row, returns: returns.filter((r) => r.purchase_id === row.id) }));
}
