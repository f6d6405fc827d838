import { createHash } from "node:crypto";
import type { Actor } from "../../platform/actor.js";
import { auditWrite } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, isUniqueViolation } from "../../platform/errors.js";
import { eventsWrite } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { lockEnrollmentIfAny } from "../ledger/enrollments.js";
import { debitPoints } from "../ledger/entries.js";
import { ledgerActor } from "../ledger/ledger-types.js";
import { getMemberForUpdate } from "../members/members.service.js";
import { assertMemberActive } from "../points/points.service.js";
import { assertProgramOpen, getProgramRow } from "../programs/programs.service.js";
import type { ApplyInput, Basket, Reservation } from "./checkout.schemas.js";
import { priceChoice, type ReservationFigures } from "./checkout-plan.js";
import { assertBasketCurrency, type MemberRef, resolveCheckoutMember } from "./checkout-quote.js";
import { checkoutSettingsOf } from "./checkout-settings.js";
import { type ReservationRow, toReservation } from "./reservation-rows.js";

/*
 * Why a reservation is a ledger debit (and not a hold kept beside the ledger):
 *
 * Points reserved at a checkout must be unavailable to every other spend at once: another
 * checkout, a redemption at the counter, the portal. A hold table beside the ledger would make
 * every one of those paths subtract open holds from the balance, inside the member's lock, or
 * two of them could spend the same points. Writing the reservation as a `spend` entry (cause
 * `checkout`) under the member's enrollment lock needs none of that: the ledger's debit takes the
 * points from the lots and refuses when too few are available (insufficient_points), so two
 * concurrent reservations are serialised by the enrollment row's lock and the second sees what the
 * first took. Releasing is the debit's reversal (reverseEntry: the very lots get their points
 * back, expiry dates included); settling changes only the reservation's status, since the points
 * are already spent. The balance, the history and verify-balances stay correct at every step with
 * no code outside the ledger knowing about reservations.
 */

/** The request's fingerprint: the same member, basket and choice again is a replay. */
function requestHash(memberId: string, basket: Basket, apply: ApplyInput): string {
  const products = [...apply.products]
    .map((p) => ({ sku: p.sku.toLowerCase(), quantity: p.quantity }))
    .sort((x, y) => (x.sku < y.sku ? -1 : 1));
  const canonical = JSON.stringify({ memberId, basket, products, discountPoints: apply.discountPoints ?? 0 });
  return createHash("sha256").update(canonical).digest("hex");
}

async function liveReservationOfOrder(
  db: Queryable,
  companyId: string,
  programId: string,
  orderId: string,
): Promise<ReservationRow | null> {
  const [row] = await db.query<ReservationRow>(
    sql`select * from checkout_reservations
         where company_id = ${companyId} and program_id = ${programId} and order_id = ${orderId} and status <> 'released'`,
  );
  return row ?? null;
}

/** The order's live reservation answers a replay; a different request for the order is a conflict. */
function replayOrConflict(row: ReservationRow, hash: string): Reservation {
  if (row.request_hash === hash) return toReservation(row);
  throw new AppError("conflict", `Order ${row.order_id} already has a different reservation (${row.status})`, [
    detail("orderId", "order_already_reserved", { status: row.status }),
  ]);
}

export interface ReserveOptions {
  db: Db;
  actor: Actor;
  programId: string;
  member: MemberRef;
  orderId: string;
  basket: Basket;
  apply: ApplyInput;
  now: Date;
}

/**
 * Reserves points for an order: one transaction that locks the member, then the enrollment, and
 * writes the debit, the reservation, its audit row and its event in one statement. Idempotent by
 * (program, orderId): the same request again answers the same reservation (replayed: true).
 */
export async function reserveCheckout(opts: ReserveOptions): Promise<{ reservation: Reservation; replayed: boolean }> {
  const { actor } = opts;
  const settings = await checkoutSettingsOf(opts.db, actor.companyId, opts.programId);
  assertBasketCurrency(settings, opts.basket);
  const member = await resolveCheckoutMember(opts.db, actor.companyId, opts.member);
  const hash = requestHash(member.id, opts.basket, opts.apply);
  try {
    return await opts.db.transaction(async (tx) => {
      // The member's lock first (as purchases and redemptions take it): a retry of this request
      // waits here for the first and then finds its reservation.
      const locked = await getMemberForUpdate(tx, actor.companyId, member.id);
      const earlier = await liveReservationOfOrder(tx, actor.companyId, opts.programId, opts.orderId);
      if (earlier) return { reservation: replayOrConflict(earlier, hash), replayed: true };
      assertMemberActive(locked);
      assertProgramOpen(await getProgramRow(tx, actor.companyId, opts.programId), opts.now);
      // Read again under the lock: a change of settings since the first read applies.
      const current = await checkoutSettingsOf(tx, actor.companyId, opts.programId);
      const figures = priceChoice(current, opts.basket, opts.apply);
      const row = await writeReservation(tx, { ...opts, memberId: member.id, hash, figures, minutes: current.reservationMinutes });
      return { reservation: toReservation(row), replayed: false };
    });
  } catch (err) {
    // Another member's checkout took the order at the same moment (the unique index decided).
    if (!isUniqueViolation(err, "checkout_reservations_order_key")) throw err;
    const earlier = await liveReservationOfOrder(opts.db, actor.companyId, opts.programId, opts.orderId);
    if (!earlier) throw err;
    return { reservation: replayOrConflict(earlier, hash), replayed: true };
  }
}

async function writeReservation(
  tx: Queryable,
  o: ReserveOptions & { memberId: string; hash: string; figures: ReservationFigures; minutes: number },
): Promise<ReservationRow> {
  const { actor, now, figures: f } = o;
  const notEnough = (available: number) =>
    new AppError("insufficient_points", `Not enough points: ${available} available, ${f.points} needed`, [
      detail("apply", "points_available", { available }),
    ]);
  const enrollment = await lockEnrollmentIfAny(tx, actor.companyId, o.programId, o.memberId);
  if (!enrollment) throw notEnough(0);
  const id = newId("rsv");
  const entryId = newId("led");
  const row: ReservationRow = {
    id,
    program_id: o.programId,
    member_id: o.memberId,
    order_id: o.orderId,
    status: "reserved",
    release_reason: null,
    points: f.points,
    product_points: f.productPoints,
    discount_points: f.discountPoints,
    discount_percent: f.discountPercent,
    discount_minor: f.discountMinor,
    fees_minor: f.feesMinor,
    basket_minor: f.basketMinor,
    currency: o.basket.amount.currency,
    products: f.products,
    request_hash: o.hash,
    ledger_entry_id: entryId,
    release_entry_id: null,
    expires_at: new Date(now.getTime() + o.minutes * 60_000),
    created_at: now,
    settled_at: null,
    released_at: null,
  };
  const inserted = sql`insert into checkout_reservations (company_id, id, program_id, member_id, order_id, status, points, product_points,
      discount_points, discount_percent, discount_minor, fees_minor, basket_minor, currency, products, request_hash, ledger_entry_id,
      created_by, expires_at, created_at)
    values (${actor.companyId}, ${id}, ${row.program_id}, ${row.member_id}, ${row.order_id}, 'reserved', ${row.points}, ${row.product_points},
      ${row.discount_points}, ${row.discount_percent}, ${row.discount_minor}, ${row.fees_minor}, ${row.basket_minor}, ${row.currency},
      ${JSON.stringify(row.products)}::jsonb, ${row.request_hash}, ${entryId}, ${actor.id}, ${row.expires_at}, ${now})`;
  const audited = auditWrite(actor, {
    action: "checkout.reserved",
    entityType: "checkout_reservation",
    entityId: id,
    changes: { memberId: o.memberId, programId: o.programId, orderId: o.orderId, points: f.points },
  });
  const event = eventsWrite([
    {
      companyId: actor.companyId,
      type: "checkout.reserved",
      entityType: "checkout_reservation",
      entityId: id,
      payload: {
        memberId: o.memberId,
        programId: o.programId,
        orderId: o.orderId,
        points: f.points,
        expiresAt: row.expires_at.toISOString(),
      },
    },
  ]);
  try {
    await debitPoints(
      tx,
      enrollment,
      {
        id: entryId,
        kind: "spend",
        points: f.points,
        causeType: "checkout",
        causeId: id,
        reason: `Order ${o.orderId}`,
        actor: ledgerActor(actor),
        occurredAt: now,
        now,
      },
      [inserted, audited, event],
    );
  } catch (err) {
    // The ledger's refusal, said about this request's field.
    if (err instanceof AppError && err.code === "insufficient_points") throw notEnough(Number(err.details[0]?.params?.available ?? 0));
    throw err;
  }
  return row;
}
