import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import { type ChunkStats, nextChunkSize, underLockBudget, withLockBudget } from "../../platform/chunked-job.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, invalidField, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { lockEnrollment } from "../ledger/enrollments.js";
import type { EnrollmentRow } from "../ledger/ledger-types.js";
import { QUALIFYING_ENTRY, QUALIFYING_SUMS, qualifyingTotals } from "../ledger/qualifying.js";
import { getMemberForUpdate } from "../members/members.service.js";
import { getProgramRow, type ProgramRow } from "../programs/programs.service.js";
import type { Tier, TierInput, TierPatch } from "./tiers.schemas.js";

export interface TierRow {
  id: string;
  program_id: string;
  name: string;
  threshold: number;
  discount_bp: number;
  multiplier_bp: number;
  converter_points: number | null;
  converter_amount_minor: number | null;
  color: string;
}

export const toTier = (r: TierRow): Tier => ({
  id: r.id,
  programId: r.program_id,
  name: r.name,
  threshold: r.threshold,
  discountBp: r.discount_bp,
  multiplierBp: r.multiplier_bp,
  converterPoints: r.converter_points,
  converterAmountMinor: r.converter_amount_minor,
  color: r.color,
});

/** Tiers of a program, lowest threshold first. */
export async function tiersOf(db: Queryable, companyId: string, programId: string): Promise<TierRow[]> {
  return db.query<TierRow>("select * from tiers where company_id = $1 and program_id = $2 order by threshold", [companyId, programId]);
}

export async function getTierRow(db: Queryable, companyId: string, tierId: string): Promise<TierRow | null> {
  const [row] = await db.query<TierRow>("select * from tiers where company_id = $1 and id = $2", [companyId, tierId]);
  return row ?? null;
}

function thresholdTaken(err: unknown): never {
  if (isUniqueViolation(err, "tiers_threshold_key"))
    throw new AppError("already_exists", "threshold: another tier of this program has it", [
      { path: "threshold", message: "another tier of this program has this threshold" },
    ]);
  throw err;
}

export async function createTier(opts: { db: Db; actor: Actor; programId: string; input: TierInput }): Promise<Tier> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    await getProgramRow(tx, actor.companyId, opts.programId);
    const [row] = await tx
      .query<TierRow>(
        `insert into tiers (company_id, id, program_id, name, threshold, discount_bp, multiplier_bp, converter_points, converter_amount_minor, color)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
        [
          actor.companyId,
          newId("tir"),
          opts.programId,
          input.name,
          input.threshold,
          input.discountBp,
          input.multiplierBp,
          input.converterPoints,
          input.converterAmountMinor,
          input.color,
        ],
      )
      .catch(thresholdTaken);
    const created = toTier(row as TierRow);
    await recordAudit(tx, actor, {
      action: "tier.created",
      entityType: "tier",
      entityId: created.id,
      changes: { name: created.name, threshold: created.threshold },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "tier.created",
      entityType: "tier",
      entityId: created.id,
      payload: { programId: opts.programId },
    });
    return created;
  });
}

export async function updateTier(opts: { db: Db; actor: Actor; programId: string; tierId: string; patch: TierPatch }): Promise<Tier> {
  const { actor, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getTierRow(tx, actor.companyId, opts.tierId);
    if (!before || before.program_id !== opts.programId) throw notFound("Tier");
    const next = { ...toTier(before), ...patch };
    if ((next.converterPoints === null) !== (next.converterAmountMinor === null))
      throw invalidField("converterAmountMinor", "set both converterPoints and converterAmountMinor, or neither");
    const [row] = await tx
      .query<TierRow>(
        `update tiers set name = $3, threshold = $4, discount_bp = $5, multiplier_bp = $6, converter_points = $7, converter_amount_minor = $8, color = $9, updated_at = now()
          where company_id = $1 and id = $2 returning *`,
        [
          actor.companyId,
          opts.tierId,
          next.name,
          next.threshold,
          next.discountBp,
          next.multiplierBp,
          next.converterPoints,
          next.converterAmountMinor,
          next.color,
        ],
      )
      .catch(thresholdTaken);
    const after = toTier(row as TierRow);
    await recordAudit(tx, actor, { action: "tier.updated", entityType: "tier", entityId: after.id, changes: diff(toTier(before), after) });
    await emitEvent(tx, { companyId: actor.companyId, type: "tier.updated", entityType: "tier", entityId: after.id });
    return after;
  });
}

/** A tier in use cannot be deleted: move its members first (or let evaluation do it). */
export async function deleteTier(opts: { db: Db; actor: Actor; programId: string; tierId: string }): Promise<void> {
  const { actor } = opts;
  await opts.db.transaction(async (tx) => {
    const tier = await getTierRow(tx, actor.companyId, opts.tierId);
    if (!tier || tier.program_id !== opts.programId) throw notFound("Tier");
    const [used] = await tx.query<{ n: number }>("select count(*)::int as n from enrollments where company_id = $1 and tier_id = $2", [
      actor.companyId,
      opts.tierId,
    ]);
    if ((used?.n ?? 0) > 0)
      throw new AppError("conflict", `${used?.n} members are in this tier; move them to another tier first`, [
        { path: "tierId", message: "the tier has members" },
      ]);
    await tx.query("delete from tiers where company_id = $1 and id = $2", [actor.companyId, opts.tierId]);
    await recordAudit(tx, actor, { action: "tier.deleted", entityType: "tier", entityId: opts.tierId, changes: { name: tier.name } });
    await emitEvent(tx, { companyId: actor.companyId, type: "tier.deleted", entityType: "tier", entityId: opts.tierId });
  });
}

/** Start of the program's qualification window at `now` (null = lifetime). */
export async function periodStart(db: Queryable, program: ProgramRow, now: Date, timeZone: string): Promise<Date | null> {
  if (program.tier_period === "lifetime") return null;
  if (program.tier_period === "rolling_days") return new Date(now.getTime() - (program.tier_period_days ?? 365) * 86_400_000);
  const [row] = await db.query<{ t: Date }>("select (date_trunc('year', $1::timestamptz at time zone $2)) at time zone $2 as t", [
    now,
    timeZone,
  ]);
  return row?.t ?? null;
}

/**
 * Re-evaluates a member's tier. Purchases and returns only ever upgrade; the scheduled run also
 * downgrades, when the program allows it and the member has held the tier for a full period.
 */
export async function evaluateTier(opts: {
  tx: Queryable;
  enrollment: EnrollmentRow;
  program: ProgramRow;
  timeZone: string;
  now: Date;
  reason: "purchase" | "return" | "schedule";
  /** The program's tiers, lowest first, when the caller has read them already. */
  tiers?: readonly TierRow[];
}): Promise<{ changed: boolean; tierId: string | null }> {
  const { tx, enrollment: e, program, now } = opts;
  if (e.tier_locked) return { changed: false, tierId: e.tier_id };
  const tiers = opts.tiers ?? (await tiersOf(tx, e.company_id, e.program_id));
  if (tiers.length === 0) return { changed: false, tierId: e.tier_id };
  const rank = (id: string | null) => (id === null ? -1 : tiers.findIndex((t) => t.id === id));
  const current = rank(e.tier_id);
  // A purchase or return only upgrades: nothing to do at the top tier.
  if (opts.reason !== "schedule" && current === tiers.length - 1) return { changed: false, tierId: e.tier_id };
  // Only downgrades (scheduled) need the period start itself; otherwise the totals query computes it.
  const inlineYear = opts.reason !== "schedule" && program.tier_period === "calendar_year";
  const since = inlineYear ? null : await periodStart(tx, program, now, opts.timeZone);
  const totals = await qualifyingTotals(tx, e, inlineYear ? { yearOf: now, timeZone: opts.timeZone } : since);
  const metric = program.tier_basis === "points" ? totals.points : totals.spendMinor;
  const reached = [...tiers].reverse().find((t) => t.threshold <= metric) ?? null;
  const target = rank(reached?.id ?? null);
  if (target === current) return { changed: false, tierId: e.tier_id };
  if (target < current) {
    if (opts.reason !== "schedule" || !program.tier_downgrade) return { changed: false, tierId: e.tier_id };
    if (since !== null && e.tier_since && e.tier_since > since) return { changed: false, tierId: e.tier_id };
    if (since === null) return { changed: false, tierId: e.tier_id };
  }
  await setTier(tx, e, reached?.id ?? null, { reason: opts.reason, actorName: "Regulars", now });
  return { changed: true, tierId: reached?.id ?? null };
}

async function setTier(
  tx: Queryable,
  e: EnrollmentRow,
  tierId: string | null,
  how: { reason: "purchase" | "return" | "schedule" | "manual"; actorName: string; now: Date; locked?: boolean },
) {
  await tx.query(
    "update enrollments set tier_id = $4, tier_since = $5, tier_locked = coalesce($6, tier_locked) where company_id = $1 and program_id = $2 and member_id = $3",
    [e.company_id, e.program_id, e.member_id, tierId, how.now, how.locked ?? null],
  );
  await tx.query(
    `insert into tier_changes (company_id, id, program_id, member_id, from_tier_id, to_tier_id, reason, actor_name, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.company_id, newId("tch"), e.program_id, e.member_id, e.tier_id, tierId, how.reason, how.actorName, how.now],
  );
  await emitEvent(tx, {
    companyId: e.company_id,
    type: "member.tier_changed",
    entityType: "member",
    entityId: e.member_id,
    payload: { programId: e.program_id, fromTierId: e.tier_id, toTierId: tierId, reason: how.reason },
  });
  e.tier_id = tierId;
  e.tier_since = how.now;
}

/** Staff set a member's tier by hand; `locked` keeps automatic evaluation away from it. */
export async function assignTier(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  programId: string;
  tierId: string | null;
  locked: boolean;
  now: Date;
}): Promise<void> {
  const { actor } = opts;
  await opts.db.transaction(async (tx) => {
    await getMemberForUpdate(tx, actor.companyId, opts.memberId);
    const e = await lockEnrollment(tx, actor.companyId, opts.programId, opts.memberId);
    if (opts.tierId !== null) {
      const tier = await getTierRow(tx, actor.companyId, opts.tierId);
      if (!tier || tier.program_id !== opts.programId) throw invalidField("tierId", "is not a tier of this program");
    }
    if (e.tier_id !== opts.tierId)
      await setTier(tx, e, opts.tierId, { reason: "manual", actorName: actor.name, now: opts.now, locked: opts.locked });
    else
      await tx.query("update enrollments set tier_locked = $4 where company_id = $1 and program_id = $2 and member_id = $3", [
        e.company_id,
        e.program_id,
        e.member_id,
        opts.locked,
      ]);
    await recordAudit(tx, actor, {
      action: "member.tier_assigned",
      entityType: "member",
      entityId: opts.memberId,
      changes: { programId: opts.programId, tierId: { from: e.tier_id, to: opts.tierId }, locked: opts.locked },
    });
  });
}

export async function tierHistory(db: Queryable, companyId: string, memberId: string) {
  const rows = await db.query<{
    id: string;
    program_id: string;
    from_tier_id: string | null;
    to_tier_id: string | null;
    from_name: string | null;
    to_name: string | null;
    reason: "purchase" | "return" | "schedule" | "manual";
    actor_name: string;
    occurred_at: Date;
  }>(
    `select c.*, f.name as from_name, t.name as to_name from tier_changes c
       left join tiers f on f.company_id = c.company_id and f.id = c.from_tier_id
       left join tiers t on t.company_id = c.company_id and t.id = c.to_tier_id
      where c.company_id = $1 and c.member_id = $2 order by c.occurred_at desc, c.id desc`,
    [companyId, memberId],
  );
  return rows.map((r) => ({
    id: r.id,
    programId: r.program_id,
    fromTierId: r.from_tier_id,
    fromTierName: r.from_name,
    toTierId: r.to_tier_id,
    toTierName: r.to_name,
    reason: r.reason,
    actorName: r.actor_name,
    occurredAt: r.occurred_at,
  }));
}

// ---- scheduled reevaluation ----------------------------------------------------------------------
//
// CHUNK_CANDIDATES and WRITE_CHANGES share their first parameters: $1 company, $2 program, $3 the
// period start (null: lifetime), $4 the program's tier ids and $5 their thresholds (lowest first),
// $6 'points' or 'spend', $7 whether the scheduled run may downgrade; $8 on are each one's own.

/**
 * Qualifying totals of the program's unlocked enrollments that `pick` selects (a condition on
 * enrollments, with its ORDER BY / LIMIT / locking clause), summed from their ledger entries since
 * the period start. `entries` bounds the ledger's member ids to the picked ones, so that
 * PostgreSQL reads them from ledger_entries_qualifying_idx in one index-only range scan rather than
 * probing per member. Then the tier each would move to, under evaluateTier's rules for the
 * scheduled run: the highest tier whose threshold the total reaches; a downgrade only when allowed
 * and the member has held the tier since before the period began.
 */
const scheduledChanges = (pick: string, entries: string) => `
  picked as (
    select member_id, tier_id, tier_since from enrollments
     where company_id = $1 and program_id = $2 and not tier_locked and ${pick}
  ), sums as (
    select l.member_id, ${QUALIFYING_SUMS}
      from ledger_entries l
     where l.company_id = $1 and l.program_id = $2 and ${entries} and ${QUALIFYING_ENTRY}
       and ($3::timestamptz is null or l.occurred_at >= $3)
     group by l.member_id
  ), ranked as (
    select p.member_id, p.tier_id, p.tier_since, coalesce(array_position($4::text[], p.tier_id), 0) as current,
           (select count(*) from unnest($5::bigint[]) t
             where t <= case when $6 = 'points' then coalesce(s.points, 0) else coalesce(s.spend, 0) end)::int as target
      from picked p left join sums s on s.member_id = p.member_id
  ), changes as (
    select member_id, tier_id as from_tier, ($4::text[])[nullif(target, 0)] as to_tier
      from ranked
     where target > current
        or (target < current and $7 and $3::timestamptz is not null and (tier_since is null or tier_since <= $3))
  )`;

/** The last of the next $4 enrollments after member id $3: the end of the next chunk. */
const NEXT_CHUNK_END = `select max(member_id) as last from (select member_id from enrollments
   where company_id = $1 and program_id = $2 and member_id > $3 order by member_id limit $4) k`;

/**
 * Sums the enrollments after member id $8 up to $9 without locks: the members whose tier would
 * change (to lock and write) and how many were evaluated.
 */
const CHUNK_CANDIDATES = `
  with ${scheduledChanges("member_id > $8 and member_id <= $9", "l.member_id > $8 and l.member_id <= $9")}
  select (select count(*) from picked)::int as evaluated, array(select member_id from changes) as candidates`;

/**
 * Locks the enrollments of the member ids $8 that no one else holds, sums and decides again
 * under the lock, and writes the changes: enrollments, tier history and outbox events, with ids
 * of the fresh time-sortable part $9 and a counter. One statement, so its locks last exactly as
 * long as it runs (it commits at its end, see reevaluateAllTiers), measured inside PostgreSQL.
 */
const WRITE_CHANGES = `
  with ${scheduledChanges("member_id = any($8::text[]) for update skip locked", "l.member_id = any($8::text[])")},
  numbered as (
    select *, $9::text || lpad((row_number() over (order by member_id))::text, 6, '0') as n from changes
  ), moved as (
    update enrollments e set tier_id = c.to_tier, tier_since = $10
      from numbered c where e.company_id = $1 and e.program_id = $2 and e.member_id = c.member_id
    returning 1
  ), history as (
    insert into tier_changes (company_id, id, program_id, member_id, from_tier_id, to_tier_id, reason, actor_name, occurred_at)
    select $1, 'tch_' || c.n, $2, c.member_id, c.from_tier, c.to_tier, 'schedule', 'Regulars', $10 from numbered c
    returning 1
  ), emitted as (
    insert into events (id, company_id, type, entity_type, entity_id, payload)
    select 'evt_' || c.n, $1, 'member.tier_changed', 'member', c.member_id,
           jsonb_build_object('programId', $2::text, 'fromTierId', c.from_tier, 'toTierId', c.to_tier, 'reason', 'schedule')
      from numbered c
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

/** Members locked, decided and written by one statement, so that it stays well within the lock budget. */
const TIER_WRITE_BATCH = 50;

/**
 * Scheduled: re-evaluates every unlocked enrollment of programs with tiers, set-based, in chunks of
 * enrollments (keyset over member id) sized to run about TIER_CHUNK_TARGET_MS each, TIER_JOB_WORKERS
 * at a time.
 * Each chunk is first summed without locks (most members keep their tier, and locking a million
 * rows would write to every one of them); only the members whose tier would change are then
 * locked (skipping any a purchase holds right now: its own evaluation covers upgrades), summed
 * again and decided under the lock, and written, all in one statement, on a connection
 * withLockBudget gives each worker, so no lock outlives the budget whatever this process is doing;
 * a set that overruns it is halved and retried, and a single member that keeps overrunning it goes
 * without the budget rather than never (as expiry's single enrollment does).
 */
export async function reevaluateAllTiers(
  db: Db,
  now: Date,
  timeZoneOf: (companyId: string) => Promise<string>,
  opts: { onChunk?: (c: ChunkStats) => void } = {},
): Promise<{ evaluated: number; changed: number }> {
  const programs = await db.query<{ company_id: string; program_id: string }>(
    "select distinct company_id, program_id from tiers order by company_id, program_id",
  );
  let evaluated = 0;
  let changed = 0;
  for (const p of programs) {
    const program = await getProgramRow(db, p.company_id, p.program_id);
    const tiers = await tiersOf(db, p.company_id, p.program_id);
    const since = await periodStart(db, program, now, await timeZoneOf(p.company_id));
    const params = [
      p.company_id,
      p.program_id,
      since,
      tiers.map((t) => t.id),
      tiers.map((t) => t.threshold),
      program.tier_basis,
      program.tier_downgrade,
    ];
    // Locks, decides and writes members on the worker's budgeted connection: the changes written
    // and the longest lock. A statement cancelled at the budget is reported as a chunk of its own
    // (no rows, its round trip as its lock) and retried halved; a single member that keeps missing
    // the budget is written on the pool without one rather than never.
    const write = async (budgeted: Queryable, members: string[], misses = 0): Promise<{ written: number; lockMs: number }> => {
      const started = performance.now();
      const rows = await underLockBudget(db, budgeted, { size: members.length, misses }, (q) =>
        q.query<{ changed: number; held_ms: number }>(WRITE_CHANGES, [...params, members, newId("tch").slice(4, 24), now]),
      );
      if (rows) return { written: rows[0]?.changed ?? 0, lockMs: Number(rows[0]?.held_ms) };
      const cancelledMs = performance.now() - started;
      opts.onChunk?.({ rows: 0, ms: cancelledMs, lockMs: cancelledMs });
      if (members.length === 1) return write(budgeted, members, misses + 1);
      const half = Math.ceil(members.length / 2);
      const [x, y] = [await write(budgeted, members.slice(0, half)), await write(budgeted, members.slice(half))];
      return { written: x.written + y.written, lockMs: Math.max(x.lockMs, y.lockMs) };
    };
    // The workers take chunks in turn: each claims the next range of member ids (one at a time, so
    // that the ranges follow each other) and sums it while the others sum theirs.
    let cursor = "";
    let size = 500;
    let claiming: Promise<unknown> = Promise.resolve();
    const claim = () => {
      const next = claiming.then(async () => {
        const [end] = await db.query<{ last: string | null }>(NEXT_CHUNK_END, [p.company_id, p.program_id, cursor, size]);
        if (!end?.last) return null;
        const range = [cursor, end.last] as const;
        cursor = end.last;
        return range;
      });
      claiming = next;
      return next;
    };
    const worker = async (budgeted: Queryable) => {
      for (let range = await claim(); range; range = await claim()) {
        const started = performance.now();
        const [chunk] = await db.query<{ evaluated: number; candidates: string[] }>(CHUNK_CANDIDATES, [...params, ...range]);
        const candidates = chunk?.candidates ?? [];
        let lockMs = 0;
        for (let i = 0; i < candidates.length; i += TIER_WRITE_BATCH) {
          const w = await write(budgeted, candidates.slice(i, i + TIER_WRITE_BATCH));
          changed += w.written;
          lockMs = Math.max(lockMs, w.lockMs);
        }
        const ms = performance.now() - started;
        opts.onChunk?.({ rows: chunk?.evaluated ?? 0, ms, lockMs });
        evaluated += chunk?.evaluated ?? 0;
        size = nextChunkSize(size, ms, { targetMs: TIER_CHUNK_TARGET_MS });
      }
    };
    await Promise.all(Array.from({ length: TIER_JOB_WORKERS }, () => withLockBudget(db, worker)));
  }
  return { evaluated, changed };
}
