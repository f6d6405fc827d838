import { type ChunkStats, runBudgetedChunks, runBudgetedList } from "../../platform/chunked-job.js";
import type { Db, Queryable } from "../../platform/db.js";
import { eventsInsertFrom } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { type Sql, sql } from "../../platform/sql.js";
import { QUALIFYING_ENTRY, QUALIFYING_SUMS } from "../ledger/qualifying.js";
import { getProgramRow, type ProgramRow } from "../programs/programs.service.js";
import { periodStart } from "./evaluate-tier.js";
import { tiersOf } from "./tiers.service.js";

/** What every statement of one program's run shares. */
interface ProgramRun {
  companyId: string;
  programId: string;
  /** The period start; null: lifetime. */
  since: Date | null;
  /** The program's tiers, lowest threshold first. */
  tierIds: string[];
  thresholds: number[];
  basis: ProgramRow["tier_basis"];
  downgrade: boolean;
}

/**
 * Qualifying totals of the program's unlocked enrollments that `pick` selects (a condition on
 * enrollments, with its ORDER BY / LIMIT / locking clause), summed from their ledger entries since
 * the period start. `entries` bounds the ledger's member ids to the picked ones, so that
 * PostgreSQL reads them from ledger_entries_qualifying_idx in one index-only range scan rather than
 * probing per member. Then the tier each would move to, under evaluateTier's rules for the
 * scheduled run: the highest tier whose threshold the total reaches; a downgrade only when allowed
 * and the member has held the tier since before the period began.
 */
const scheduledChanges = (p: ProgramRun, pick: Sql, entries: Sql) => sql`
  picked as (
    select member_id, tier_id, tier_since from enrollments
     where company_id = ${p.companyId} and program_id = ${p.programId} and not tier_locked and ${pick}
  ), sums as (
    select l.member_id, ${QUALIFYING_SUMS}
      from ledger_entries l
     where l.company_id = ${p.companyId} and l.program_id = ${p.programId} and ${entries} and ${QUALIFYING_ENTRY}
       and (${p.since}::timestamptz is null or l.occurred_at >= ${p.since})
     group by l.member_id
  ), ranked as (
    select p.member_id, p.tier_id, p.tier_since, coalesce(array_position(${p.tierIds}::text[], p.tier_id), 0) as current,
           (select count(*) from unnest(${p.thresholds}::bigint[]) t
             where t <= case when ${p.basis}::text = 'points' then coalesce(s.points, 0) else coalesce(s.spend, 0) end)::int as target
      from picked p left join sums s on s.member_id = p.member_id
  ), changes as (
    select member_id, tier_id as from_tier, (${p.tierIds}::text[])[nullif(target, 0)] as to_tier
      from ranked
     where target > current
        or (target < current and ${p.downgrade}::boolean and ${p.since}::timestamptz is not null
            and (tier_since is null or tier_since <= ${p.since}))
  )`;

/** The last of the next `size` enrollments after member id `after`: the end of the next chunk. */
const nextChunkEnd = (
  p: ProgramRun,
  after: string,
  size: number,
) => sql`select max(member_id) as last from (select member_id from enrollments
   where company_id = ${p.companyId} and program_id = ${p.programId} and member_id > ${after} order by member_id limit ${size}) k`;

/**
 * Sums the enrollments after member id `after` up to `last` without locks: the members whose tier
 * would change (to lock and write) and how many were evaluated.
 */
const chunkCandidates = (p: ProgramRun, after: string, last: string) => sql`
  with ${scheduledChanges(p, sql`member_id > ${after} and member_id <= ${last}`, sql`l.member_id > ${after} and l.member_id <= ${last}`)}
  select (select count(*) from picked)::int as evaluated, array(select member_id from changes) as candidates`;

/**
 * Locks the enrollments of `members` that no one else holds, sums and decides again under the
 * lock, and writes the changes: enrollments, tier history and outbox events, the history's ids of
 * a fresh time-sortable prefix and a counter. One statement, so its locks last exactly as long as
 * it runs (it commits at its end, see reevaluateAllTiers), measured inside PostgreSQL.
 */
const writeChanges = (p: ProgramRun, members: string[], now: Date) => sql`
  with ${scheduledChanges(p, sql`member_id = any(${members}::text[]) for update skip locked`, sql`l.member_id = any(${members}::text[])`)},
  numbered as (
    select *, ${newId("tch").slice(0, 24)}::text || lpad((row_number() over (order by member_id))::text, 6, '0') as id from changes
  ), moved as (
    update enrollments e set tier_id = c.to_tier, tier_since = ${now}
      from numbered c where e.company_id = ${p.companyId} and e.program_id = ${p.programId} and e.member_id = c.member_id
    returning 1
  ), history as (
    insert into tier_changes (company_id, id, program_id, member_id, from_tier_id, to_tier_id, reason, actor_name, occurred_at)
    select ${p.companyId}, c.id, ${p.programId}, c.member_id, c.from_tier, c.to_tier, 'schedule', 'Regulars', ${now} from numbered c
    returning 1
  ), emitted as (
    ${eventsInsertFrom(sql`select ${p.companyId}::text as company_id, 'member.tier_changed' as type, 'member' as entity_type,
           c.member_id as entity_id,
           jsonb_build_object('programId', ${p.programId}::text, 'fromTierId', c.from_tier, 'toTierId', c.to_tier, 'reason', 'schedule') as payload
      from numbered c`)}
    returning 1
  )
  select (select count(*) from moved)::int as changed,
         -- every data-modifying part has run (each is read, in order) before the clock is read
         (select count(*) from history) + (select count(*) from emitted) as writes,
         (extract(epoch from clock_timestamp() - statement_timestamp()) * 1000)::float8 as held_ms`;

/**
 * Chunks in flight at once. The lock-free sums are PostgreSQL's CPU work, one backend each: two
 * use two cores (a job alone on an otherwise idle server would use one), and they share the
 * machine with purchases on equal terms rather than one backend against many.
 */
const TIER_JOB_WORKERS = 2;

/**
 * A tier chunk's duration to aim at. Its sums hold no locks, so it may run longer than expiry's
 * (fewer, larger statements); what it locks is written TIER_WRITE_BATCH members at a time.
 */
const TIER_CHUNK_TARGET_MS = 120;

/** Members locked, decided and written by one statement at most, so that it stays well within the lock budget. */
const TIER_WRITE_BATCH = 50;

/**
 * Scheduled: re-evaluates every unlocked enrollment of programs with tiers, set-based, in chunks of
 * enrollments (keyset over member id) sized to run about TIER_CHUNK_TARGET_MS each, TIER_JOB_WORKERS
 * at a time (runBudgetedChunks).
 * Each chunk is first summed without locks (most members keep their tier, and locking a million
 * rows would write to every one of them); only the members whose tier would change are then
 * locked (skipping any a purchase holds right now: its own evaluation covers upgrades), summed
 * again and decided under the lock, and written, all in one statement, on the worker's budgeted
 * connection, so no lock outlives the budget whatever this process is doing; a set that overruns
 * it is halved and retried, and a single member that keeps overrunning it goes without the budget
 * rather than never (as expiry's single enrollment does).
 */
export async function reevaluateAllTiers(
  db: Db,
  now: Date,
  timeZoneOf: (companyId: string) => Promise<string>,
  opts: { onChunk?: (c: ChunkStats) => void } = {},
): Promise<{ evaluated: number; changed: number }> {
  const programs = await db.query<{ company_id: string; program_id: string }>(
    sql`select distinct company_id, program_id from tiers order by company_id, program_id`,
  );
  let evaluated = 0;
  let changed = 0;
  for (const { company_id: companyId, program_id: programId } of programs) {
    const program = await getProgramRow(db, companyId, programId);
    const tiers = await tiersOf(db, companyId, programId);
    const p: ProgramRun = {
      companyId,
      programId,
      since: await periodStart(db, program, now, await timeZoneOf(companyId)),
      tierIds: tiers.map((t) => t.id),
      thresholds: tiers.map((t) => t.threshold),
      basis: program.tier_basis,
      downgrade: program.tier_downgrade,
    };
    // Locks, decides and writes a chunk's candidates on the worker's budgeted connection: the
    // changes written and the longest lock. A statement cancelled at the budget is reported as a
    // chunk of its own (no rows, its round trip as its lock).
    const write = async (budgeted: Queryable, candidates: string[]) => {
      let lockMs = 0;
      await runBudgetedList<string, { changed: number; held_ms: number }>(db, budgeted, candidates, {
        size: TIER_WRITE_BATCH,
        max: TIER_WRITE_BATCH,
        shrink: 2,
        run: (q, members) => q.query(writeChanges(p, members, now)),
        took: ([row]) => {
          changed += row?.changed ?? 0;
          lockMs = Math.max(lockMs, Number(row?.held_ms));
        },
        cancelled: (ms) => opts.onChunk?.({ rows: 0, ms, lockMs: ms }),
      });
      return lockMs;
    };
    // The workers take chunks in turn: each claims the next range of member ids (one at a time, so
    // that the ranges follow each other) and sums it while the others sum theirs.
    let cursor = "";
    let claiming: Promise<unknown> = Promise.resolve();
    const claim = (size: number) => {
      const next = claiming.then(async () => {
        const [end] = await db.query<{ last: string | null }>(nextChunkEnd(p, cursor, size));
        if (!end?.last) return null;
        const range = [cursor, end.last] as const;
        cursor = end.last;
        return range;
      });
      claiming = next;
      return next;
    };
    type Chunk = { evaluated: number; lockMs: number };
    await runBudgetedChunks<Chunk>(db, {
      size: 500,
      min: 50,
      targetMs: TIER_CHUNK_TARGET_MS,
      workers: TIER_JOB_WORKERS,
      // The sum holds no locks: it runs on the pool; only the writes use the budgeted connection.
      run: async (budgeted, size) => {
        const range = await claim(size);
        if (!range) return [];
        const [chunk] = await db.query<{ evaluated: number; candidates: string[] }>(chunkCandidates(p, ...range));
        const lockMs = await write(budgeted, chunk?.candidates ?? []);
        return [{ evaluated: chunk?.evaluated ?? 0, lockMs }];
      },
      took: ([chunk], ms) => {
        if (!chunk) return false;
        opts.onChunk?.({ rows: chunk.evaluated, ms, lockMs: chunk.lockMs });
        evaluated += chunk.evaluated;
        return true;
      },
    });
  }
  return { evaluated, changed };
}
