import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { getProgramRow } from "../programs/programs.service.js";
import type { Tier, TierInput, TierPatch } from "./tiers.schemas.js";

// A program's tiers: their rows and the staff's changes to them. A member's tier is decided in
// evaluate-tier.ts, and for every member at once by the scheduled reevaluate-tiers-job.ts.

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
  return db.query<TierRow>(sql`select * from tiers where company_id = ${companyId} and program_id = ${programId} order by threshold`);
}

export async function getTierRow(db: Queryable, companyId: string, tierId: string): Promise<TierRow | null> {
  const [row] = await db.query<TierRow>(sql`select * from tiers where company_id = ${companyId} and id = ${tierId}`);
  return row ?? null;
}

function thresholdTaken(err: unknown): never {
  if (isUniqueViolation(err, "tiers_threshold_key"))
    throw new AppError("already_exists", "threshold: another tier of this program has it", [detail("threshold", "threshold_taken")]);
  throw err;
}

export async function createTier(opts: { db: Db; actor: Actor; programId: string; input: TierInput }): Promise<Tier> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    await getProgramRow(tx, actor.companyId, opts.programId);
    const [row] = await tx
      .query<TierRow>(
        sql`insert into tiers (company_id, id, program_id, name, threshold, discount_bp, multiplier_bp, converter_points, converter_amount_minor, color)
         values (${actor.companyId}, ${newId("tir")}, ${opts.programId}, ${input.name}, ${input.threshold}, ${input.discountBp},
           ${input.multiplierBp}, ${input.converterPoints}, ${input.converterAmountMinor}, ${input.color}) returning *`,
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
      throw invalidField("converterAmountMinor", "both_converter");
    const [row] = await tx
      .query<TierRow>(
        sql`update tiers set name = ${next.name}, threshold = ${next.threshold}, discount_bp = ${next.discountBp}, multiplier_bp = ${next.multiplierBp},
            converter_points = ${next.converterPoints}, converter_amount_minor = ${next.converterAmountMinor}, color = ${next.color}, updated_at = now()
          where company_id = ${actor.companyId} and id = ${opts.tierId} returning *`,
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
    const [used] = await tx.query<{ n: number }>(
      sql`select count(*)::int as n from enrollments where company_id = ${actor.companyId} and tier_id = ${opts.tierId}`,
    );
    if ((used?.n ?? 0) > 0)
      throw new AppError("conflict", `${used?.n} members are in this tier; move them to another tier first`, [
        detail("tierId", "tier_has_members"),
      ]);
    await tx.query(sql`delete from tiers where company_id = ${actor.companyId} and id = ${opts.tierId}`);
    await recordAudit(tx, actor, { action: "tier.deleted", entityType: "tier", entityId: opts.tierId, changes: { name: tier.name } });
    await emitEvent(tx, { companyId: actor.companyId, type: "tier.deleted", entityType: "tier", entityId: opts.tierId });
  });
}
