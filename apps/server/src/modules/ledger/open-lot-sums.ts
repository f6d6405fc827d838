import { raw, Sql, sql } from "../../platform/sql.js";

/**
 * Points expiring within this window count as expiring soon. In hours, not days: `t + 720 hours`
 * is the same instant in every session time zone, so the moment a lot enters the window is
 * exactly `expires_at - 720 hours` (a day interval would move by an hour across a DST change).
 */
const EXPIRING_WINDOW = raw("interval '720 hours'");

/**
 * A moment as an SQL timestamptz: a value becomes a typed parameter; a fragment (`now()`, a
 * column, the bench's pgbench variable) is used as it is.
 */
const moment = (at: Date | Sql): Sql => (at instanceof Sql ? at : sql`${at}::timestamptz`);

/**
 * The sums of open lots `x(remaining, available_at, expires_at)` at `now`, named available,
 * pending, expiring and next_expiry_at: one text for the balance read and for the sums a credit or
 * debit returns with its writes, so they cannot disagree. Sums arrive as numeric (text).
 * `lots` must filter `remaining > 0` itself where it reads point_lots, for the partial index.
 */
export function openLotSumsSql(lots: Sql, now: Date | Sql): Sql {
  const at = moment(now);
  return sql`select coalesce(sum(x.remaining) filter (where x.available_at <= ${at}), 0) as available,
      coalesce(sum(x.remaining) filter (where x.available_at > ${at}), 0) as pending,
      coalesce(sum(x.remaining) filter (where x.expires_at <= ${at} + ${EXPIRING_WINDOW}), 0) as expiring,
      min(x.expires_at) as next_expiry_at
    from (${lots}) x where x.remaining > 0 and (x.expires_at is null or x.expires_at > ${at})`;
}

/**
 * An enrollment's open lots at `now` as an openLotSumsSql source: each argument a value or an SQL
 * fragment (the columns of an outer row, or the bench's pgbench variables).
 */
export function openLotsOf(company: string | Sql, program: string | Sql, member: string | Sql, now: Date | Sql): Sql {
  const at = moment(now);
  return sql`select remaining, available_at, expires_at from point_lots
     where company_id = ${company} and program_id = ${program} and member_id = ${member}
       and remaining > 0 and (expires_at is null or expires_at > ${at})`;
}
