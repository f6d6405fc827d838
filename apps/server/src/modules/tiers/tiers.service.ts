import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import { type Db, jobTransaction, type Queryable } from "../../platform/db.js";
import { AppError, invalidField, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import {
  type ChunkStats,
  type EnrollmentRow,
  LOCK_BUDGET_MS,
  lockEnrollment,
  nextChunkSize,
  QUALIFYING_SUMS,
  qualifyingTotals,
} from "../ledger/ledger.service.js";
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
  tiers?: TierRow[];
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

/** The tier a qualifying total reaches under the evaluateTier rules for the scheduled run, or undefined to keep. */
function scheduledTarget(
  tiers: TierRow[],
  program: ProgramRow,
  since: Date | null,
  e: { tier_id: string | null; tier_since: Date | null; points: number; spend: number },
): string | null | undefined {
  const metric = program.tier_basis === "points" ? Number(e.points) : Number(e.spend);
  const reached = [...tiers].reverse().find((t) => t.threshold <= metric) ?? null;
  const rank = (id: string | null) => (id === null ? -1 : tiers.findIndex((t) => t.id === id));
  const current = rank(e.tier_id);
  const target = rank(reached?.id ?? null);
  if (target === current) return undefined;
  if (target < current) {
    if (!program.tier_downgrade || since === null) return undefined;
    if (e.tier_since && e.tier_since > since) return undefined;
  }
  return reached?.id ?? null;
}

/**
 * Qualifying totals of the program's unlocked enrollments picked by `members` (a condition on the
 * member id column it is given), summed from their ledger entries since the period start ($3).
 * The entries are aggregated per member first, over the same member range, so that PostgreSQL
 * reads them from ledger_entries_qualifying_idx in one index-only range scan rather than probing
 * per member.
 */
const chunkTotals = (members: (column: string) => string, lock = "") => `
  with picked as (
    select member_id, tier_id, tier_since from enrollments
     where company_id = $1 and program_id = $2 and ${members("member_id")} and not tier_locked ${lock}
  ), sums as (
    select l.member_id, ${QUALIFYING_SUMS}
      from ledger_entries l
     where l.company_id = $1 and l.program_id = $2 and ${members("l.member_id")}
       and ($3::timestamptz is null or l.occurred_at >= $3)
     group by l.member_id
  )
  select p.member_id, p.tier_id, p.tier_since, coalesce(s.points, 0) as points, coalesce(s.spend, 0) as spend
    from picked p left join sums s on s.member_id = p.member_id`;

type QualifyingRow = { member_id: string; tier_id: string | null; tier_since: Date | null; points: number; spend: number };

/**
 * Scheduled: re-evaluates every unlocked enrollment of programs with tiers, set-based, in chunks of
 * enrollments (keyset over member id) sized to run about 40 ms each. Each chunk is first summed
 * without locks (most members keep their tier, and locking a million rows would write to every
 * one of them); only the members whose tier would change are then locked (skipping any a purchase
 * holds right now: its own evaluation covers upgrades), summed again under the lock and decided,
 * and the changes written with one statement per table. The rules are evaluateTier's for reason
 * "schedule".
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
    const decide = (rows: QualifyingRow[]) =>
      rows.flatMap((r) => {
        const to = scheduledTarget(tiers, program, since, r);
        return to === undefined ? [] : [{ memberId: r.member_id, from: r.tier_id, to }];
      });
    let cursor = "";
    let size = 500;
    for (;;) {
      const started = performance.now();
      const [range] = await db.query<{ last: string | null }>(
        `select max(member_id) as last from (select member_id from enrollments
           where company_id = $1 and program_id = $2 and member_id > $3 order by member_id limit $4) k`,
        [p.company_id, p.program_id, cursor, size],
      );
      if (!range?.last) break;
      const rows = await db.query<QualifyingRow>(
        chunkTotals((id) => `${id} > $4 and ${id} <= $5`),
        [p.company_id, p.program_id, since, cursor, range.last],
      );
      let lockMs = 0;
      // Lock, sum again and write; a set that overruns the lock budget is halved and retried
      // (down to a single member, which goes without a budget rather than never).
      const lockAndWrite = async (members: string[]): Promise<number> => {
        const { value: written, lockMs: held } = await jobTransaction(db, members.length > 1 ? LOCK_BUDGET_MS : null, async (tx) => {
          const locked = await tx.query<QualifyingRow>(
            chunkTotals((id) => `${id} = any($4::text[])`, "for update skip locked"),
            [p.company_id, p.program_id, since, members],
          );
          const changes = decide(locked);
          if (changes.length > 0) await writeScheduledChanges(tx, p.company_id, p.program_id, changes, now);
          return changes.length;
        });
        lockMs = Math.max(lockMs, held);
        if (written !== null) return written;
        const half = Math.ceil(members.length / 2);
        return (await lockAndWrite(members.slice(0, half))) + (await lockAndWrite(members.slice(half)));
      };
      const candidates = decide(rows).map((c) => c.memberId);
      const written = candidates.length === 0 ? 0 : await lockAndWrite(candidates);
      const ms = performance.now() - started;
      opts.onChunk?.({ rows: rows.length, ms, lockMs });
      evaluated += rows.length;
      changed += written;
      cursor = range.last;
      size = nextChunkSize(size, ms);
    }
  }
  return { evaluated, changed };
}

/** setTier for many members at once: enrollments, history and outbox events, one statement each. */
async function writeScheduledChanges(
  tx: Queryable,
  companyId: string,
  programId: string,
  changes: { memberId: string; from: string | null; to: string | null }[],
  now: Date,
): Promise<void> {
  // One statement: the members are locked meanwhile, and every round trip would add to that.
  await tx.query(
    `with c as (
       select * from unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) as c(member_id, from_tier, to_tier, change_id, event_id)
     ), moved as (
       update enrollments e set tier_id = c.to_tier, tier_since = $8
         from c where e.company_id = $1 and e.program_id = $2 and e.member_id = c.member_id
     ), history as (
       insert into tier_changes (company_id, id, program_id, member_id, from_tier_id, to_tier_id, reason, actor_name, occurred_at)
       select $1, c.change_id, $2, c.member_id, c.from_tier, c.to_tier, 'schedule', 'Regulars', $8 from c
     )
     insert into events (id, company_id, type, entity_type, entity_id, payload)
     select c.event_id, $1, 'member.tier_changed', 'member', c.member_id,
            jsonb_build_object('programId', $2::text, 'fromTierId', c.from_tier, 'toTierId', c.to_tier, 'reason', 'schedule')
       from c`,
    [
      companyId,
      programId,
      changes.map((c) => c.memberId),
      changes.map((c) => c.from),
      changes.map((c) => c.to),
      changes.map(() => newId("tch")),
      changes.map(() => newId("evt")),
      now,
    ],
  );
}
