import type { Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, notFound } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import { lockEnrollment } from "./enrollments.js";
import { clawbackPoints, insertEntry } from "./entries.js";
import type { EnrollmentRow, EntryInput, EntryRow, LedgerActor, LedgerEntry } from "./ledger-types.js";

/** Cancels one operation with a reversing entry (never a delete). Purchases are undone by returns. */
export async function reverseEntry(opts: {
  tx: Queryable;
  companyId: string;
  entryId: string;
  reason: string;
  actor: LedgerActor;
  now: Date;
  /**
   * The cause whose owner reverses its own entry: a redemption's spend comes back only by
   * cancelling the redemption, a checkout's only by releasing the reservation.
   */
  owner?: "redemption" | "checkout";
}): Promise<LedgerEntry> {
  const { tx, companyId } = opts;
  const [target] = await tx.query<EntryRow>(sql`select * from ledger_entries where company_id = ${companyId} and id = ${opts.entryId}`);
  if (!target) throw notFound("Ledger entry");
  const refuse = (message: string, d: ErrorDetail) => new AppError("unprocessable", message, [d]);
  if (target.kind === "reverse" || target.kind === "expire")
    throw refuse(`A ${target.kind} entry cannot be reversed`, detail("entryId", "entry_not_reversible", { kind: target.kind }));
  if (target.cause_type === "purchase")
    throw refuse("Purchase points are taken back by recording a return", detail("entryId", "reverse_purchase_by_return"));
  if (target.cause_type === "redemption" && opts.owner !== "redemption")
    throw refuse("Redemptions are undone by cancelling the redemption", detail("entryId", "reverse_redemption_by_cancel"));
  if (target.cause_type === "checkout" && opts.owner !== "checkout")
    throw refuse("Points reserved at a checkout come back by releasing the reservation", detail("entryId", "reverse_checkout_by_release"));
  const e = await lockEnrollment(tx, companyId, target.program_id, target.member_id);
  const already = await tx.query(sql`select 1 from ledger_entries where company_id = ${companyId} and reverses_id = ${target.id}`);
  if (already.length > 0) throw new AppError("conflict", "This entry has already been reversed", [detail("entryId", "already_reversed")]);
  const base = {
    kind: "reverse" as const,
    causeType: "reversal" as const,
    causeId: target.id,
    reason: opts.reason,
    actor: opts.actor,
    occurredAt: opts.now,
    reversesId: target.id,
    moneyMinor: -target.money_minor,
  };
  if (target.points > 0) {
    const { entry } = await clawbackPoints(tx, e, {
      ...base,
      points: target.points,
      now: opts.now,
      preferLotId: target.id,
      reducesEarned: target.kind === "earn",
    });
    return entry;
  }
  return restoreDebit(tx, e, target, base);
}

/** Puts the points of a debit back into the very lots it took them from (repaying debt first). */
async function restoreDebit(
  tx: Queryable,
  e: EnrollmentRow,
  target: EntryRow,
  base: Omit<EntryInput, "points"> & { reversesId: string },
): Promise<LedgerEntry> {
  const points = -target.points;
  const entry = await insertEntry(tx, e, { ...base, points });
  const allocations = await tx.query<{ lot_id: string; points: number }>(
    sql`select lot_id, points from lot_allocations where company_id = ${e.company_id} and entry_id = ${target.id}`,
  );
  let debt = e.debt;
  for (const a of allocations) {
    const repay = Math.min(debt, a.points);
    debt -= repay;
    await tx.query(
      sql`update point_lots set remaining = remaining + ${a.points - repay} where company_id = ${e.company_id} and id = ${a.lot_id}`,
    );
  }
  const unspent = target.kind === "spend" ? points : 0;
  await tx.query(
    sql`update enrollments set debt = ${debt}, spent = spent - ${unspent}
      where company_id = ${e.company_id} and program_id = ${e.program_id} and member_id = ${e.member_id}`,
  );
  e.debt = debt;
  e.spent -= unspent;
  // The lots changed after the entry's statement: sums kept from an earlier write no longer hold.
  e.sumsAt = undefined;
  return entry;
}
