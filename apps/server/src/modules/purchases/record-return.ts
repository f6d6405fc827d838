import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db } from "../../platform/db.js";
import { AppError, detail, invalidField, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { lockEnrollment } from "../ledger/enrollments.js";
import { balanceAfterWrite, clawbackPoints, recordZeroPointEntry } from "../ledger/entries.js";
import { ledgerActor } from "../ledger/ledger-types.js";
import { describeBalances } from "../points/points.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { pointsToTakeBack } from "../rules/earning.js";
import { evaluateTier } from "../tiers/evaluate-tier.js";
import { assertCurrency, fingerprint, occurredAtOf, resolveLocation } from "./purchase-intake.js";
import { type LoadedPurchase, loadPurchase, type PurchaseRow, type ReturnRow, toPurchase, toReturn, visibleTo } from "./purchase-reads.js";
import type { ReturnInput } from "./purchases.schemas.js";

export interface RecordReturnOptions {
  db: Db;
  actor: Actor;
  purchaseId: string;
  input: ReturnInput;
  now: Date;
}

/**
 * A return or partial refund, by amount or by lines. Takes back points in proportion to the money
 * refunded (see pointsToTakeBack); what the balance cannot cover becomes debt. Idempotent on the
 * return number.
 */
export async function recordReturn(opts: RecordReturnOptions) {
  const { actor, input, now } = opts;
  const occurredAt = occurredAtOf(input, now);
  const result = await opts.db.transaction(async (tx) => {
    const loaded = await loadPurchase(tx, actor.companyId, opts.purchaseId, true);
    if (!loaded || !visibleTo(actor, loaded.row)) throw notFound("Purchase");
    const p = loaded.row;
    const locationId = input.locationId === undefined ? p.location_id : await resolveLocation(tx, actor, input.locationId);
    const lines = input.lines ?? [];
    const amountMinor = input.amount ? input.amount.amount : returnedLinesAmount(p, loaded.returns, lines);
    if (input.amount) assertCurrency(input.amount.currency, p.currency);
    const print = fingerprint({ amountMinor, lines });
    const existing = loaded.returns.find((r) => r.return_number === input.returnNumber);
    if (existing) {
      if (existing.fingerprint !== print)
        throw new AppError("conflict", "This return number was already used with different content", [
          detail("returnNumber", "return_number_used"),
        ]);
      return {
        ret: toReturn(existing, p.currency),
        purchase: toPurchase(loaded),
        replayed: true,
        memberId: p.member_id,
        programId: p.program_id,
      };
    }
    // Only a date sent: a purchase dated by a till a minute ahead may be returned at once.
    if (input.occurredAt && occurredAt < p.occurred_at) throw invalidField("occurredAt", "not_before_purchase");
    const refundable = p.amount_minor - p.refunded_minor;
    if (amountMinor > refundable)
      throw new AppError("unprocessable", `Only ${refundable} can still be refunded on this purchase`, [
        detail(input.amount ? "amount.amount" : "lines", "refund_at_most", { max: refundable }),
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
    let expired = 0;
    // What earlier returns of this purchase counted as expired already: not counted again.
    const expiredBefore = loaded.returns.reduce((n, r) => n + Number(r.points_expired), 0);
    if (points > 0)
      ({ asDebt, expired } = await clawbackPoints(tx, e, {
        ...base,
        points,
        now,
        preferLotId: p.ledger_entry_id,
        expiredBefore,
        reducesEarned: true,
      }));
    else await recordZeroPointEntry(tx, e, base);
    await tx.query(
      sql`insert into purchase_returns (company_id, id, purchase_id, return_number, amount_minor, lines, points, points_as_debt,
         points_expired, fingerprint, location_id, occurred_at)
       values (${actor.companyId}, ${id}, ${p.id}, ${input.returnNumber}, ${amountMinor}, ${JSON.stringify(lines)}, ${points},
         ${asDebt}, ${expired}, ${print}, ${locationId}, ${occurredAt})`,
    );
    await tx.query(
      sql`update purchases set refunded_minor = refunded_minor + ${amountMinor}, points_returned = points_returned + ${points}
        where company_id = ${actor.companyId} and id = ${p.id}`,
    );
    const program = await getProgramRow(tx, actor.companyId, p.program_id);
    const company = await getCompany(tx, actor.companyId);
    await evaluateTier({ tx, enrollment: e, program, timeZone: company.timeZone, now, reason: "return" });
    await recordAudit(tx, actor, {
      action: "purchase.returned",
      entityType: "purchase",
      entityId: p.id,
      changes: { returnNumber: input.returnNumber, amount: amountMinor, points, pointsAsDebt: asDebt, pointsExpired: expired },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "purchase.returned",
      entityType: "purchase",
      entityId: p.id,
      payload: { memberId: p.member_id, programId: p.program_id, returnId: id, amountMinor, points },
    });
    if (points - expired > 0)
      await emitEvent(tx, {
        companyId: actor.companyId,
        type: "points.deducted",
        entityType: "member",
        entityId: p.member_id,
        payload: {
          programId: p.program_id,
          points: -(points - expired),
          cause: "return",
          returnId: id,
          ...balanceAfterWrite(e, program.negative_policy === "allow_negative"),
        },
      });
    const after = (await loadPurchase(tx, actor.companyId, p.id)) as LoadedPurchase;
    const ret = after.returns.find((r) => r.id === id) as ReturnRow;
    return {
      ret: toReturn(ret, p.currency),
      purchase: toPurchase(after),
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
    if (!item) throw invalidField(`lines.${i}.index`, "no_purchase_line", { line: l.index });
    const before = earlier
      .flatMap((r) => r.lines)
      .filter((x) => x.index === l.index)
      .reduce((n, x) => n + x.quantity, 0);
    const now = lines.filter((x) => x.index === l.index).reduce((n, x) => n + x.quantity, 0);
    if (before + now > item.quantity) throw invalidField(`lines.${i}.quantity`, "return_at_most", { max: item.quantity - before });
    total += l.quantity * item.unitPriceMinor;
  });
  return total;
}
