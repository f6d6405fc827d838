import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { idsFrom, recentIdsFloor } from "../../platform/ids.js";
import { empty, raw, sql } from "../../platform/sql.js";
import { entryAvailableAtSql } from "../ledger/enrollment-reads.js";
import type { Earning } from "../rules/earning.js";
import type { Purchase } from "./purchases.schemas.js";

export interface PurchaseRow {
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

export interface ReturnRow {
  id: string;
  purchase_id: string;
  return_number: string;
  amount_minor: number;
  lines: { index: number; quantity: number }[];
  points: number;
  points_as_debt: number;
  points_expired: number;
  fingerprint: string;
  location_id: string | null;
  occurred_at: Date;
}

/** A purchase row with its returns, oldest first. */
export interface LoadedPurchase {
  row: PurchaseRow;
  returns: ReturnRow[];
}

export function toReturn(r: ReturnRow, currency: string) {
  return {
    id: r.id,
    returnNumber: r.return_number,
    amount: { amount: r.amount_minor, currency },
    lines: r.lines,
    points: r.points,
    pointsAsDebt: r.points_as_debt,
    pointsExpired: Number(r.points_expired ?? 0),
    locationId: r.location_id,
    occurredAt: r.occurred_at,
  };
}

export function toPurchase(p: LoadedPurchase): Purchase {
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

const FOR_UPDATE_OF_P = sql`for update of p`;
/** When the purchase's points become spendable: its ledger entry's, read in the same statement. */
const AVAILABLE_AT = entryAvailableAtSql(raw("p.company_id"), raw("p.ledger_entry_id"));

export async function loadPurchase(db: Queryable, companyId: string, id: string, lock = false): Promise<LoadedPurchase | null> {
  const [row] = await db.query<PurchaseRow>(
    sql`select p.*, ${AVAILABLE_AT} as available_at from purchases p
      where p.company_id = ${companyId} and p.id = ${id} ${lock ? FOR_UPDATE_OF_P : empty}`,
  );
  if (!row) return null;
  const returns = await db.query<ReturnRow>(
    sql`select * from purchase_returns where company_id = ${companyId} and purchase_id = ${id} order by occurred_at, id`,
  );
  return { row, returns };
}

/** Location-limited staff see only the purchases of their locations. */
export const visibleTo = (actor: Actor, row: PurchaseRow) =>
  actor.locationIds === null || (row.location_id !== null && actor.locationIds.includes(row.location_id));

export async function getPurchase(db: Queryable, actor: Actor, id: string): Promise<Purchase> {
  const loaded = await loadPurchase(db, actor.companyId, id);
  if (!loaded || !visibleTo(actor, loaded.row)) throw notFound("Purchase");
  return toPurchase(loaded);
}

export interface ListPurchasesOptions {
  db: Db;
  actor: Actor;
  limit: number;
  cursor?: string;
  memberId?: string;
  programId?: string;
  locationId?: string;
  receiptNumber?: string;
}

export async function listPurchases(opts: ListPurchasesOptions): Promise<Purchase[]> {
  const { actor } = opts;
  const { locationIds } = actor;
  const { cursor = null, memberId = null, programId = null, locationId = null, receiptNumber = null } = opts;
  const rows = await opts.db.query<PurchaseRow>(
    sql`select p.*, ${AVAILABLE_AT} as available_at from purchases p
      where p.company_id = ${actor.companyId} and (${locationIds}::text[] is null or p.location_id = any(${locationIds}::text[]))
        and (${cursor}::text is null or p.id < ${cursor}) and (${memberId}::text is null or p.member_id = ${memberId})
        and (${programId}::text is null or p.program_id = ${programId}) and (${locationId}::text is null or p.location_id = ${locationId})
        and (${receiptNumber}::text is null or p.receipt_number = ${receiptNumber})
      order by p.id desc limit ${opts.limit + 1}`,
  );
  const returns = rows.length
    ? await opts.db.query<ReturnRow>(
        sql`select * from purchase_returns where company_id = ${actor.companyId} and purchase_id = any(${rows.map((r) => r.id)}::text[])
          order by occurred_at, id`,
      )
    : [];
  return rows.map((row) => toPurchase({ row, returns: returns.filter((r) => r.purchase_id === row.id) }));
}

export interface PurchasesOnDay {
  /** YYYY-MM-DD in the given time zone. */
  day: string;
  count: number;
  amountMinor: number;
}

/**
 * Purchases from `from` on, counted and summed per day of the time zone (the start page's chart).
 * A purchase's id is made when it is recorded, never more than 5 minutes before its time, so its id
 * is within the primary key's range from recentIdsFloor (the last 31 days, or earlier with a test clock).
 */
export async function purchasesPerDay(db: Queryable, companyId: string, from: Date, timeZone: string): Promise<PurchasesOnDay[]> {
  const floor = idsFrom("pur", recentIdsFloor(from));
  const rows = await db.query<{ day: string; count: number; amount_minor: string }>(
    sql`select to_char(occurred_at at time zone ${timeZone}::text, 'YYYY-MM-DD') as day, count(*)::int as count,
               sum(amount_minor)::bigint as amount_minor
          from purchases where company_id = ${companyId} and id >= ${floor} and occurred_at >= ${from}
         group by 1 order by 1`,
  );
  return rows.map((r) => ({ day: r.day, count: r.count, amountMinor: Number(r.amount_minor) }));
}

/** When each of these members last bought (any program); members who never did are left out. */
export async function lastPurchaseTimes(db: Queryable, companyId: string, memberIds: readonly string[]): Promise<Map<string, Date>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.query<{ member_id: string; at: Date }>(
    sql`select m.id as member_id, (select p.occurred_at from purchases p where p.company_id = ${companyId} and p.member_id = m.id
                                    order by p.occurred_at desc limit 1) as at
          from unnest(${memberIds}::text[]) as m(id)`,
  );
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.member_id, r.at]));
}

/**
 * What a member spent from `since` on: purchases made since then in every program, less what was
 * refunded on them (a referral's "the friend has spent X"). A refund of an older purchase does not
 * count against it.
 */
export async function memberNetSpendSince(db: Queryable, companyId: string, memberId: string, since: Date): Promise<number> {
  const [row] = await db.query<{ spent: string | number }>(
    sql`select coalesce(sum(amount_minor - refunded_minor), 0)::bigint as spent
          from purchases where company_id = ${companyId} and member_id = ${memberId} and occurred_at >= ${since}`,
  );
  return Number(row?.spent ?? 0);
}
