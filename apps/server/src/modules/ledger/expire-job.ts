import { type ChunkStats, runBudgetedChunks } from "../../platform/chunked-job.js";
import type { Db } from "../../platform/db.js";
import { newId } from "../../platform/ids.js";
import { type Sql, sql } from "../../platform/sql.js";
import { SYSTEM_ACTOR } from "./ledger-types.js";

/**
 * One set-based statement per chunk (data-modifying CTEs all run, referenced or not): locks a
 * chunk of enrollments with due lots among the first `size` due lots (skipping any that a purchase
 * or redemption holds right now: the next run takes them), writes one `expire` entry per due lot
 * with its allocation, empties the lots and adds to the enrollments' expired totals.
 * Entry ids share a fresh time-sortable prefix and end in a per-chunk counter.
 */
const expireChunkSql = (now: Date, size: number): Sql => sql`
with due as (
  -- the soonest-due lots through point_lots_expiry_idx: only due lots are visited, and expired
  -- ones leave the partial index, so every chunk starts where the last one ended
  select distinct company_id, program_id, member_id from (
    select company_id, program_id, member_id from point_lots
     where remaining > 0 and expires_at is not null and expires_at <= ${now} order by expires_at limit ${size}) d
),
picked as (
  -- lateral: one primary-key probe per member, never a scan of all enrollments
  select e.company_id, e.program_id, e.member_id from due d
   cross join lateral (select company_id, program_id, member_id from enrollments x
                        where x.company_id = d.company_id and x.program_id = d.program_id and x.member_id = d.member_id
                        for update skip locked) e
),
locked_lots as (
  select l.company_id, l.id, l.program_id, l.member_id, l.remaining, l.expires_at
    from point_lots l join picked p on p.company_id = l.company_id and p.program_id = l.program_id and p.member_id = l.member_id
   where l.remaining > 0 and l.expires_at is not null and l.expires_at <= ${now}
   for update of l
),
numbered as (
  select *, ${newId("led").slice(0, 24)}::text || lpad((row_number() over (order by expires_at, id))::text, 6, '0') as entry_id from locked_lots
),
entries as (
  insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, actor_type, actor_id, actor_name, occurred_at)
  select company_id, entry_id, program_id, member_id, 'expire', -remaining, 'expiry', id, ${SYSTEM_ACTOR.type}, null, ${SYSTEM_ACTOR.name}, expires_at from numbered
  returning 1
),
emptied as (
  update point_lots l set remaining = 0 from numbered n where l.company_id = n.company_id and l.id = n.id returning 1
),
allocations as (
  insert into lot_allocations (company_id, entry_id, lot_id, points) select company_id, entry_id, id, remaining from numbered returning 1
),
totals as (
  select company_id, program_id, member_id, sum(remaining) as total from numbered group by company_id, program_id, member_id
),
updated as (
  update enrollments e set expired = e.expired + t.total from totals t
   where e.company_id = t.company_id and e.program_id = t.program_id and e.member_id = t.member_id returning 1
)
select (select count(*) from picked)::int as enrollments, (select coalesce(sum(total), 0) from totals)::bigint as points,
       (select count(*) from entries)::int as lots,
       -- every data-modifying part has run (each is read above, in order) before the clock is read:
       -- how long the statement has held its locks; the commit follows it inside PostgreSQL
       (select count(*) from emptied) + (select count(*) from allocations) + (select count(*) from updated) as writes,
       (extract(epoch from clock_timestamp() - statement_timestamp()) * 1000)::float8 as held_ms`;

/**
 * Expires every due lot, in chunks of enrollments sized to run about 40 ms each (set-based, see
 * expireChunkSql), so no member's points stay locked for long while purchases keep coming.
 * The chunks run as single statements on a connection withLockBudget gives, so their locks last
 * as long as the statement; one cancelled at the budget is retried smaller.
 */
export async function expireDuePoints(
  db: Db,
  now: Date,
  opts: { onChunk?: (c: ChunkStats) => void } = {},
): Promise<{ enrollments: number; points: number }> {
  let enrollments = 0;
  let points = 0;
  type Done = { enrollments: number; points: number; held_ms: number };
  await runBudgetedChunks<Done>(db, {
    size: 500,
    run: (q, size) => q.query<Done>(expireChunkSql(now, size)),
    took: ([done], ms) => {
      const n = done?.enrollments ?? 0;
      if (n === 0) return false;
      opts.onChunk?.({ rows: n, ms, lockMs: Number(done?.held_ms ?? ms) });
      enrollments += n;
      points += Number(done?.points ?? 0);
      return true;
    },
    cancelled: (ms) => opts.onChunk?.({ rows: 0, ms, lockMs: ms }),
  });
  return { enrollments, points };
}
