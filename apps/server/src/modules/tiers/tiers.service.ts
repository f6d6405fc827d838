import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, invalidField, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { type EnrollmentRow, lockEnrollment, qualifyingTotals } from "../ledger/ledger.service.js";
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
}): Promise<{ changed: boolean; tierId: string | null }> {
  const { tx, enrollment: e, program, now } = opts;
  if (e.tier_locked) return { changed: false, tierId: e.tier_id };
  const tiers = await tiersOf(tx, e.company_id, e.program_id);
  if (tiers.length === 0) return { changed: false, tierId: e.tier_id };
  const since = await periodStart(tx, program, now, opts.timeZone);
  const totals = await qualifyingTotals(tx, e, since);
  const metric = program.tier_basis === "points" ? totals.points : totals.spendMinor;
  const reached = [...tiers].reverse().find((t) => t.threshold <= metric) ?? null;
  const rank = (id: string | null) => (id === null ? -1 : tiers.findIndex((t) => t.id === id));
  const current = rank(e.tier_id);
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

/** Scheduled: re-evaluate every unlocked enrollment of programs with tiers, a member per transaction. */
export async function reevaluateAllTiers(
  db: Db,
  now: Date,
  timeZoneOf: (companyId: string) => Promise<string>,
): Promise<{ evaluated: number; changed: number }> {
  const enrollments = await db.query<{ company_id: string; program_id: string; member_id: string }>(
    `select e.company_id, e.program_id, e.member_id from enrollments e
      where not e.tier_locked and exists (select 1 from tiers t where t.company_id = e.company_id and t.program_id = e.program_id)`,
  );
  let changed = 0;
  for (const en of enrollments) {
    const tz = await timeZoneOf(en.company_id);
    const result = await db.transaction(async (tx) => {
      const e = await lockEnrollment(tx, en.company_id, en.program_id, en.member_id);
      const program = await getProgramRow(tx, en.company_id, en.program_id);
      return evaluateTier({ tx, enrollment: e, program, timeZone: tz, now, reason: "schedule" });
    });
    if (result.changed) changed++;
  }
  return { evaluated: enrollments.length, changed };
}
