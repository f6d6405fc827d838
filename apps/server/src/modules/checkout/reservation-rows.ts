import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { toPage } from "../../platform/http.js";
import { empty, sql } from "../../platform/sql.js";
import type { Reservation } from "./checkout.schemas.js";

export interface ReservationRow {
  id: string;
  program_id: string;
  member_id: string;
  order_id: string;
  status: Reservation["status"];
  release_reason: Reservation["releaseReason"];
  points: number | string;
  product_points: number | string;
  discount_points: number | string;
  discount_percent: number;
  discount_minor: number | string;
  fees_minor: number | string;
  basket_minor: number | string;
  currency: string;
  products: Reservation["products"];
  request_hash: string;
  ledger_entry_id: string;
  release_entry_id: string | null;
  expires_at: Date;
  created_at: Date;
  settled_at: Date | null;
  released_at: Date | null;
}

export function toReservation(r: ReservationRow): Reservation {
  const products = r.products;
  const productsValue = products.reduce((n, p) => n + p.valueMinor, 0);
  const discountMinor = Number(r.discount_minor);
  const feesMinor = Number(r.fees_minor);
  const basketMinor = Number(r.basket_minor);
  return {
    id: r.id,
    programId: r.program_id,
    memberId: r.member_id,
    orderId: r.order_id,
    status: r.status,
    releaseReason: r.release_reason,
    points: Number(r.points),
    productPoints: Number(r.product_points),
    discountPoints: Number(r.discount_points),
    discountPercent: r.discount_percent,
    discountMinor,
    feesMinor,
    basketMinor,
    currency: r.currency,
    products,
    toPayMinor: Math.max(0, basketMinor - productsValue - discountMinor) + feesMinor,
    ledgerEntryId: r.ledger_entry_id,
    expiresAt: r.expires_at,
    createdAt: r.created_at,
    settledAt: r.settled_at,
    releasedAt: r.released_at,
  };
}

const FOR_UPDATE = sql`for update`;

export async function loadReservation(db: Queryable, companyId: string, id: string, lock = false): Promise<ReservationRow> {
  const [row] = await db.query<ReservationRow>(
    sql`select * from checkout_reservations where company_id = ${companyId} and id = ${id} ${lock ? FOR_UPDATE : empty}`,
  );
  if (!row) throw notFound("Reservation");
  return row;
}

/** The order's newest reservation (live, or else the last released one), locked; null if none. */
export async function reservationOfOrder(
  tx: Queryable,
  companyId: string,
  programId: string,
  orderId: string,
): Promise<ReservationRow | null> {
  const [row] = await tx.query<ReservationRow>(
    sql`select * from checkout_reservations
         where company_id = ${companyId} and program_id = ${programId} and order_id = ${orderId}
         order by (status <> 'released') desc, created_at desc, id desc limit 1 for update`,
  );
  return row ?? null;
}

export async function getReservation(opts: { db: Db; actor: Actor; id: string }): Promise<Reservation> {
  return toReservation(await loadReservation(opts.db, opts.actor.companyId, opts.id));
}

/** Reservations newest first (the program tab's recent list, an integrator's reconciliation). */
export async function listReservations(opts: {
  db: Db;
  actor: Actor;
  programId?: string;
  memberId?: string;
  status?: Reservation["status"];
  limit: number;
  cursor?: string;
}): Promise<{ data: Reservation[]; nextCursor: string | null }> {
  const { programId = null, memberId = null, status = null, cursor = null } = opts;
  const rows = await opts.db.query<ReservationRow>(
    sql`select * from checkout_reservations
         where company_id = ${opts.actor.companyId} and (${programId}::text is null or program_id = ${programId})
           and (${memberId}::text is null or member_id = ${memberId}) and (${status}::text is null or status = ${status})
           and (${cursor}::text is null or id < ${cursor})
         order by id desc limit ${opts.limit + 1}`,
  );
  return toPage(rows.map(toReservation), opts.limit);
}
