import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { idsFrom, recentIdsFloor } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { type CauseType, type EntryRow, type LedgerEntry, toEntry } from "./ledger-types.js";

export async function listLedgerEntries(opts: {
  db: Queryable;
  companyId: string;
  memberId: string;
  programId?: string;
  cursor?: string;
  limit: number;
  /** Only entries of these causes (the member portal's history filter). */
  causeTypes?: readonly CauseType[];
}) {
  const programId = opts.programId ?? null;
  const cursor = opts.cursor ?? null;
  const causeTypes = opts.causeTypes ? [...opts.causeTypes] : null;
  const rows = await opts.db.query<EntryRow>(
    sql`select l.*, r.id as reversed_by_id from ledger_entries l
       left join ledger_entries r on r.company_id = l.company_id and r.reverses_id = l.id
      where l.company_id = ${opts.companyId} and l.member_id = ${opts.memberId} and (${programId}::text is null or l.program_id = ${programId})
        and (${cursor}::text is null or l.id < ${cursor}) and (${causeTypes}::text[] is null or l.cause_type = any(${causeTypes}::text[]))
      order by l.id desc limit ${opts.limit + 1}`,
  );
  const [sums] = await opts.db.query<{ credited: number; debited: number; net: number }>(
    sql`select coalesce(sum(points) filter (where points > 0), 0) as credited, coalesce(-sum(points) filter (where points < 0), 0) as debited,
            coalesce(sum(points), 0) as net
       from ledger_entries where company_id = ${opts.companyId} and member_id = ${opts.memberId} and (${programId}::text is null or program_id = ${programId})`,
  );
  return {
    entries: rows.map(toEntry),
    sums: { credited: Number(sums?.credited ?? 0), debited: Number(sums?.debited ?? 0), net: Number(sums?.net ?? 0) },
  };
}

export async function getLedgerEntry(db: Queryable, companyId: string, entryId: string): Promise<LedgerEntry> {
  const [row] = await db.query<EntryRow>(sql`select * from ledger_entries where company_id = ${companyId} and id = ${entryId}`);
  if (!row) throw notFound("Ledger entry");
  return toEntry(row);
}

export interface ExpiringPoints {
  memberId: string;
  /** The last day (YYYY-MM-DD, in the given time zone) on which the points can still be used. */
  lastDay: string;
  /** The earliest moment any of these points expire. */
  expiresAt: Date;
  points: number;
}

/**
 * Unspent points of a program's lots expiring after `from` and no later than `to` (null = ever),
 * summed per member and last valid day. Read by the expiring-points reminders of notifications.
 * A lot expiring at local midnight belongs to the day before, the last day it can be spent.
 */
export async function listExpiringPoints(
  db: Queryable,
  opts: { companyId: string; programId: string; memberId?: string; from: Date; to: Date | null; timeZone: string },
): Promise<ExpiringPoints[]> {
  const memberId = opts.memberId ?? null;
  const rows = await db.query<{ member_id: string; last_day: string; expires_at: Date; points: number }>(
    sql`select member_id, to_char((expires_at - interval '1 microsecond') at time zone ${opts.timeZone}::text, 'YYYY-MM-DD') as last_day,
            min(expires_at) as expires_at, sum(remaining) as points
       from point_lots
      where company_id = ${opts.companyId} and program_id = ${opts.programId} and (${memberId}::text is null or member_id = ${memberId})
        and remaining > 0 and expires_at > ${opts.from} and (${opts.to}::timestamptz is null or expires_at <= ${opts.to})
      group by member_id, 2
      order by min(expires_at), member_id`,
  );
  return rows.map((r) => ({ memberId: r.member_id, lastDay: r.last_day, expiresAt: r.expires_at, points: Number(r.points) }));
}

export interface PointsOnDay {
  /** YYYY-MM-DD in the given time zone. */
  day: string;
  /** Points earned (purchases, rules, welcome points, events). */
  issued: number;
  /** Points spent on rewards. */
  redeemed: number;
}

/** Points earned and spent per day of the time zone, from `from` on (the start page's chart). */
export async function pointsPerDay(db: Queryable, companyId: string, from: Date, timeZone: string): Promise<PointsOnDay[]> {
  const rows = await db.query<{ day: string; issued: string; redeemed: string }>(
    sql`select to_char(occurred_at at time zone ${timeZone}::text, 'YYYY-MM-DD') as day,
               coalesce(sum(points) filter (where kind = 'earn'), 0)::bigint as issued,
               coalesce(-sum(points) filter (where kind = 'spend'), 0)::bigint as redeemed
          from ledger_entries
         where company_id = ${companyId} and id >= ${idsFrom("led", recentIdsFloor(from))} and occurred_at >= ${from}
           and kind in ('earn', 'spend')
         group by 1 order by 1`,
  );
  return rows.map((r) => ({ day: r.day, issued: Number(r.issued), redeemed: Number(r.redeemed) }));
}
