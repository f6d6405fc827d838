import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import { ledgerActor } from "../ledger/ledger-types.js";
import { reverseEntry } from "../ledger/reverse-entry.js";
import type { Reservation } from "./checkout.schemas.js";
import { loadReservation, type ReservationRow, reservationOfOrder, toReservation } from "./reservation-rows.js";

// Settling and releasing: each at most once, each answered again unchanged when repeated (an
// e-shop's webhook may arrive twice); the one that comes second of the two is a 409.

function conflict(row: ReservationRow, now: Date): AppError | null {
  if (row.status === "released")
    return new AppError("conflict", `The reservation was released (${row.release_reason}): its points are back`, [
      detail("status", "reservation_released", { reason: row.release_reason ?? "abandoned" }),
    ]);
  if (row.status === "reserved" && row.expires_at.getTime() <= now.getTime())
    return new AppError("conflict", "The reservation expired: its points are being released", [detail("status", "reservation_expired")]);
  return null;
}

/** The order was paid: the reserved points are spent for good (they already left the balance). */
async function settleRow(tx: Queryable, actor: Actor, row: ReservationRow, now: Date): Promise<Reservation> {
  if (row.status === "settled") return toReservation(row);
  const refused = conflict(row, now);
  if (refused) throw refused;
  await tx.query(
    sql`update checkout_reservations set status = 'settled', settled_at = ${now} where company_id = ${actor.companyId} and id = ${row.id}`,
  );
  await recordAudit(tx, actor, {
    action: "checkout.settled",
    entityType: "checkout_reservation",
    entityId: row.id,
    changes: { orderId: row.order_id, points: Number(row.points) },
  });
  const payload = { memberId: row.member_id, programId: row.program_id, orderId: row.order_id, points: Number(row.points) };
  await emitEvent(tx, {
    companyId: actor.companyId,
    type: "checkout.settled",
    entityType: "checkout_reservation",
    entityId: row.id,
    payload,
  });
  // Told to the member (the "points spent" message) and to automation only now that they are
  // spent for good: an abandoned checkout tells nobody anything.
  await emitEvent(tx, {
    companyId: actor.companyId,
    type: "points.deducted",
    entityType: "member",
    entityId: row.member_id,
    payload: {
      programId: row.program_id,
      points: -Number(row.points),
      cause: "checkout",
      entryId: row.ledger_entry_id,
      reservationId: row.id,
    },
  });
  return toReservation({ ...row, status: "settled", settled_at: now });
}

/** The order was abandoned, or the reservation expired: its debit is reversed, the points are back. */
async function releaseRow(
  tx: Queryable,
  actor: Actor,
  row: ReservationRow,
  now: Date,
  reason: "abandoned" | "expired",
): Promise<Reservation> {
  if (row.status === "released") return toReservation(row);
  if (row.status === "settled")
    throw new AppError("conflict", "The reservation is settled: its points are spent", [detail("status", "reservation_settled")]);
  const reversal = await reverseEntry({
    tx,
    companyId: actor.companyId,
    entryId: row.ledger_entry_id,
    reason: reason === "expired" ? `Order ${row.order_id}: reservation expired` : `Order ${row.order_id}: released`,
    actor: ledgerActor(actor),
    now,
    owner: "checkout",
  });
  await tx.query(
    sql`update checkout_reservations set status = 'released', release_reason = ${reason}, released_at = ${now}, release_entry_id = ${reversal.id}
         where company_id = ${actor.companyId} and id = ${row.id}`,
  );
  await recordAudit(tx, actor, {
    action: "checkout.released",
    entityType: "checkout_reservation",
    entityId: row.id,
    changes: { orderId: row.order_id, points: Number(row.points), reason },
  });
  await emitEvent(tx, {
    companyId: actor.companyId,
    type: "checkout.released",
    entityType: "checkout_reservation",
    entityId: row.id,
    payload: { memberId: row.member_id, programId: row.program_id, orderId: row.order_id, points: Number(row.points), reason },
  });
  return toReservation({ ...row, status: "released", release_reason: reason, released_at: now, release_entry_id: reversal.id });
}

export async function settleReservation(opts: { db: Db; actor: Actor; id: string; now: Date }): Promise<Reservation> {
  return opts.db.transaction(async (tx) =>
    settleRow(tx, opts.actor, await loadReservation(tx, opts.actor.companyId, opts.id, true), opts.now),
  );
}

export async function releaseReservation(opts: { db: Db; actor: Actor; id: string; now: Date }): Promise<Reservation> {
  return opts.db.transaction(async (tx) =>
    releaseRow(tx, opts.actor, await loadReservation(tx, opts.actor.companyId, opts.id, true), opts.now, "abandoned"),
  );
}

/** The actor of settlements and releases that arrive from an e-shop connector or the expiry job. */
export function checkoutSystemActor(companyId: string, name = "E-shop checkout"): Actor {
  return {
    type: "system",
    id: "checkout",
    name,
    companyId,
    permissions: new Set(),
    locationIds: null,
    ip: "",
    requestId: "checkout",
  };
}

export interface OrderReservationOptions {
  db: Db;
  companyId: string;
  programId: string;
  /** The shop's order id, as the reservation was made with. */
  orderId: string;
  now: Date;
  /** Who settles or releases (the connector's delivery, say); the system by default. */
  actor?: Actor;
}

/**
 * For the e-shop connectors: the order was paid. Settles the order's reservation (its live one,
 * or else its last released one, which answers 409 reservation_released). No reservation for
 * the order: null (the order used no points). Idempotent.
 */
export async function settleReservationOfOrder(opts: OrderReservationOptions): Promise<Reservation | null> {
  const actor = opts.actor ?? checkoutSystemActor(opts.companyId);
  return opts.db.transaction(async (tx) => {
    const row = await reservationOfOrder(tx, opts.companyId, opts.programId, opts.orderId);
    return row ? settleRow(tx, actor, row, opts.now) : null;
  });
}

/** For the e-shop connectors: the order was cancelled or abandoned. Releases its reservation; null when none. Idempotent. */
export async function releaseReservationOfOrder(opts: OrderReservationOptions): Promise<Reservation | null> {
  const actor = opts.actor ?? checkoutSystemActor(opts.companyId);
  return opts.db.transaction(async (tx) => {
    const row = await reservationOfOrder(tx, opts.companyId, opts.programId, opts.orderId);
    return row ? releaseRow(tx, actor, row, opts.now, "abandoned") : null;
  });
}

/**
 * The job: reservations past their expiry are released (reason "expired"), each in a transaction
 * of its own, 200 at a time until none is due. The queue is read across companies through
 * checkout_reservations_due_idx; each row is locked and checked again (a settle may have come first).
 */
export async function releaseExpiredReservations(db: Db, now: Date): Promise<number> {
  let released = 0;
  for (;;) {
    const due = await db.query<{ company_id: string; id: string }>(
      sql`select company_id, id from checkout_reservations where status = 'reserved' and expires_at <= ${now} order by expires_at limit 200`,
    );
    let progressed = 0;
    for (const d of due) {
      const done = await db.transaction(async (tx) => {
        const row = await loadReservation(tx, d.company_id, d.id, true);
        if (row.status !== "reserved" || row.expires_at.getTime() > now.getTime()) return false;
        await releaseRow(tx, checkoutSystemActor(d.company_id, "Reservation expiry"), row, now, "expired");
        return true;
      });
      if (done) progressed++;
    }
    released += progressed;
    if (due.length < 200 || progressed === 0) return released;
  }
}
