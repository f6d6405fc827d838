import { runBudgetedChunks } from "../../platform/chunked-job.js";
import type { Db } from "../../platform/db.js";
import { type Sql, sql } from "../../platform/sql.js";
import { LOT_SUMMARY_TARGET, lotSummarySql, openLotsOf, summaryHolds } from "./lot-summary.js";

type Key = [company: string, program: string, member: string];

/**
 * One chunk of refreshLotSummaries: the next `size` enrollments after the key `after` in
 * primary-key order; those whose summary does not hold at `now` are locked (skipping any a purchase
 * holds: a write stores its own) and get it stored. Answers the chunk's last key, or no row at the end.
 */
const refreshSummariesSql = (now: Date, after: Key, size: number): Sql => sql`
with batch as (
  select company_id, program_id, member_id, ${summaryHolds(sql`enrollments`, now)} as holds from enrollments
   where (company_id, program_id, member_id) > (${after[0]}, ${after[1]}, ${after[2]})
   order by company_id, program_id, member_id limit ${size}
),
stale as (
  select x.company_id, x.program_id, x.member_id from batch b
   cross join lateral (select company_id, program_id, member_id from enrollments x
                        where x.company_id = b.company_id and x.program_id = b.program_id and x.member_id = b.member_id
                          and not ${summaryHolds(sql`x`, now)}
                        for update skip locked) x
   where not b.holds
),
updated as (
  update enrollments e set ${LOT_SUMMARY_TARGET} = (${lotSummarySql(openLotsOf(sql`e.company_id`, sql`e.program_id`, sql`e.member_id`, now), now)})
    from stale s where e.company_id = s.company_id and e.program_id = s.program_id and e.member_id = s.member_id
  returning 1
)
select company_id, program_id, member_id, (select count(*) from batch)::int as scanned, (select count(*) from updated)::int as refreshed
  from batch order by company_id desc, program_id desc, member_id desc limit 1`;

/**
 * Stores the lot summary of every enrollment whose summary does not hold at `now` (never computed,
 * ended by time or by the expiry job), so balance reads touch one row. Walks all enrollments in
 * chunks of short statements under the lock budget, like expiry; one cancelled is retried smaller.
 */
export async function refreshLotSummaries(db: Db, now: Date): Promise<{ enrollments: number; refreshed: number }> {
  let after: Key = ["", "", ""];
  let enrollments = 0;
  let refreshed = 0;
  type Last = { company_id: string; program_id: string; member_id: string; scanned: number; refreshed: number };
  await runBudgetedChunks<Last>(db, {
    size: 2000,
    run: (q, size) => q.query<Last>(refreshSummariesSql(now, after, size)),
    took: ([last]) => {
      if (!last) return false;
      after = [last.company_id, last.program_id, last.member_id];
      refreshed += last.refreshed;
      enrollments += last.scanned;
      return true;
    },
  });
  return { enrollments, refreshed };
}
