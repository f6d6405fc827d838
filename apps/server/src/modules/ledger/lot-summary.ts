import { empty, raw, Sql, sql } from "../../platform/sql.js";
import type { EnrollmentRow, LotSummaryColumns } from "./ledger-types.js";

/**
 * Points expiring within this window count as expiring soon. In hours, not days: `t + 720 hours`
 * is the same instant in every session time zone, so the moment a lot enters the window is
 * exactly `expires_at - 720 hours` (a day interval would move by an hour across a DST change).
 */
export const EXPIRING_WINDOW = raw("interval '720 hours'");

/**
 * A moment as an SQL timestamptz: a value becomes a typed parameter (PostgreSQL could not infer
 * the type of `$n as valid_from`); a fragment (`now()`, a column) is used as it is.
 */
const moment = (at: Date | Sql): Sql => (at instanceof Sql ? at : sql`${at}::timestamptz`);

/**
 * The summary of open lots `x(remaining, available_at, expires_at)` at `now`: LotSummaryColumns'
 * six values in order, named available, pending, expiring, next_expiry_at, valid_from and
 * valid_until. Balance reads and every lot write compute it with this one text, so a stored
 * summary and a fresh one cannot disagree in their definition. valid_until is the first moment a
 * filter below would answer differently for some lot ('infinity': never).
 * `lots` must filter `remaining > 0` itself where it reads point_lots, for the partial index.
 * With `groupBy` (columns of `lots`): one summary per group, those columns first.
 */
export function lotSummarySql(lots: Sql, now: Date | Sql, groupBy?: Sql): Sql {
  const at = moment(now);
  return sql`select ${groupBy ? sql`${groupBy}, ` : empty}coalesce(sum(x.remaining) filter (where x.available_at <= ${at}), 0) as available,
      coalesce(sum(x.remaining) filter (where x.available_at > ${at}), 0) as pending,
      coalesce(sum(x.remaining) filter (where x.expires_at <= ${at} + ${EXPIRING_WINDOW}), 0) as expiring,
      min(x.expires_at) as next_expiry_at,
      ${at} as valid_from,
      coalesce(least(min(x.available_at) filter (where x.available_at > ${at}),
                     min(x.expires_at - ${EXPIRING_WINDOW}) filter (where x.expires_at - ${EXPIRING_WINDOW} > ${at}),
                     min(x.expires_at)), 'infinity') as valid_until
    from (${lots}) x where x.remaining > 0 and (x.expires_at is null or x.expires_at > ${at})${groupBy ? sql` group by ${groupBy}` : empty}`;
}

/** The enrollment's summary columns in lotSummarySql's order: `set (${…}) = (lotSummarySql…)`. */
export const LOT_SUMMARY_COLUMNS = raw("lots_available, lots_pending, lots_expiring, lots_next_expiry_at, lots_from, lots_until");
export const LOT_SUMMARY_TARGET = sql`(${LOT_SUMMARY_COLUMNS})`;

/**
 * An enrollment's open lots at `now` as a lotSummarySql source: each argument a value or an SQL
 * fragment (the columns of an outer row, or the bench's pgbench variables).
 */
export function openLotsOf(company: string | Sql, program: string | Sql, member: string | Sql, now: Date | Sql): Sql {
  const at = moment(now);
  return sql`select remaining, available_at, expires_at from point_lots
     where company_id = ${company} and program_id = ${program} and member_id = ${member}
       and remaining > 0 and (expires_at is null or expires_at > ${at})`;
}

/** Whether the stored summary of the enrollment aliased `e` holds at `now`; false when there is none. */
export function summaryHolds(e: Sql, now: Date | Sql): Sql {
  const at = moment(now);
  return sql`coalesce(${e}.lots_from <= ${at} and ${at} < ${e}.lots_until, false)`;
}

export function keepSummary(e: EnrollmentRow, row: Partial<LotSummaryColumns>): void {
  e.lots_available = row.lots_available ?? null;
  e.lots_pending = row.lots_pending ?? null;
  e.lots_expiring = row.lots_expiring ?? null;
  e.lots_next_expiry_at = row.lots_next_expiry_at ?? null;
  e.lots_from = row.lots_from ?? null;
  e.lots_until = row.lots_until ?? null;
}

/** Whether the enrollment's stored summary (as last written or read) holds at `now`. */
export function summaryHoldsAt(e: Partial<LotSummaryColumns>, now: Date): boolean {
  // 'infinity' arrives as Infinity (node-pg) and compares as such; anything unparsable as NaN: false.
  return e.lots_from != null && e.lots_until != null && +e.lots_from <= +now && +now < +e.lots_until;
}
