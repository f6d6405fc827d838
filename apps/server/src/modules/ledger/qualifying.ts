import type { Queryable } from "../../platform/db.js";
import { raw, sql } from "../../platform/sql.js";

/**
 * The ledger entries (aliased `l`) that can count towards tiers: the predicate of
 * ledger_entries_qualifying_idx, written out in every query that sums them so that the planner can
 * use that index. It covers both of QUALIFYING_SUMS' filters (reversals: those of earnings).
 */
export const QUALIFYING_ENTRY = raw("(l.kind = 'earn' or l.cause_type in ('purchase', 'return', 'reversal'))");

/**
 * What counts towards tiers, as the `points` and `spend` aggregates over ledger entries aliased `l`.
 * Points: what was earned, less what returns took back and less earnings reversed by staff (welcome,
 * event or bonus points: a reversal whose reversed entry is an `earn`; a reversed manual credit or
 * spend never counted, so neither does its reversal). Each counts at its own moment, as a return does.
 */
export const QUALIFYING_SUMS = raw(`coalesce(sum(l.points) filter (where l.kind = 'earn'
      or (l.kind = 'reverse' and l.cause_type = 'return')
      or (l.cause_type = 'reversal' and l.points < 0
          and exists (select 1 from ledger_entries t where t.company_id = l.company_id and t.id = l.reverses_id and t.kind = 'earn'))), 0) as points,
  coalesce(sum(l.money_minor) filter (where l.cause_type in ('purchase', 'return')), 0) as spend`);

/**
 * Points and spend that count towards tiers since a moment (null = ever), or since the start of the
 * calendar year of `now` in a time zone (computed in the same statement: one round trip less).
 */
export async function qualifyingTotals(
  db: Queryable,
  e: { company_id: string; program_id: string; member_id: string },
  since: Date | null | { yearOf: Date; timeZone: string },
): Promise<{ points: number; spendMinor: number }> {
  const at = since instanceof Date ? since : null;
  const year = since && !(since instanceof Date) ? since : null;
  const yearOf = year?.yearOf ?? null;
  const zone = year?.timeZone ?? "UTC";
  const [row] = await db.query<{ points: number; spend: number }>(
    sql`select ${QUALIFYING_SUMS}
       from ledger_entries l
      where l.company_id = ${e.company_id} and l.program_id = ${e.program_id} and l.member_id = ${e.member_id} and ${QUALIFYING_ENTRY}
        and (${at}::timestamptz is null or l.occurred_at >= ${at})
        and (${yearOf}::timestamptz is null or l.occurred_at >= (date_trunc('year', ${yearOf}::timestamptz at time zone ${zone}::text)) at time zone ${zone}::text)`,
  );
  return { points: Number(row?.points ?? 0), spendMinor: Number(row?.spend ?? 0) };
}
