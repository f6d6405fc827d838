import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { invalidField } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { lockEnrollment } from "../ledger/enrollments.js";
import type { EnrollmentRow } from "../ledger/ledger-types.js";
import { qualifyingTotals } from "../ledger/qualifying.js";
import { getMemberForUpdate } from "../members/members.service.js";
import type { ProgramRow } from "../programs/programs.service.js";
import { getTierRow, type TierRow, tiersOf } from "./tiers.service.js";

// One member's tier: decided from the ledger after a purchase or return, set by hand by staff,
// and its history. The scheduled job (reevaluate-tiers-job.ts) decides the same in SQL.

/** Start of the program's qualification window at `now` (null = lifetime). */
export async function periodStart(db: Queryable, program: ProgramRow, now: Date, timeZone: string): Promise<Date | null> {
  if (program.tier_period === "lifetime") return null;
  if (program.tier_period === "rolling_days") return new Date(now.getTime() - (program.tier_period_days ?? 365) * 86_400_000);
  const zone = sql`${timeZone}::text`;
  const [row] = await db.query<{ t: Date }>(
    sql`select (date_trunc('year', ${now}::timestamptz at time zone ${zone})) at time zone ${zone} as t`,
  );
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
  how: { reason: "purchase" | "return" | "schedule" | "manual"; actorName: string; now: Date; locked?: boolean; scenarioId?: string },
) {
  await tx.query(
    sql`update enrollments set tier_id = ${tierId}, tier_since = ${how.now}, tier_locked = coalesce(${how.locked ?? null}, tier_locked)
         where company_id = ${e.company_id} and program_id = ${e.program_id} and member_id = ${e.member_id}`,
  );
  await tx.query(
    sql`insert into tier_changes (company_id, id, program_id, member_id, from_tier_id, to_tier_id, reason, actor_name, occurred_at)
     values (${e.company_id}, ${newId("tch")}, ${e.program_id}, ${e.member_id}, ${e.tier_id}, ${tierId}, ${how.reason}, ${how.actorName}, ${how.now})`,
  );
  await emitEvent(tx, {
    companyId: e.company_id,
    type: "member.tier_changed",
    entityType: "member",
    entityId: e.member_id,
    payload: {
      programId: e.program_id,
      fromTierId: e.tier_id,
      toTierId: tierId,
      reason: how.reason,
      ...(how.scenarioId ? { scenarioId: how.scenarioId } : {}),
    },
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
      if (!tier || tier.program_id !== opts.programId) throw invalidField("tierId", "tier_id_not_of_program");
    }
    if (e.tier_id !== opts.tierId)
      await setTier(tx, e, opts.tierId, { reason: "manual", actorName: actor.name, now: opts.now, locked: opts.locked });
    else
      await tx.query(
        sql`update enrollments set tier_locked = ${opts.locked}
             where company_id = ${e.company_id} and program_id = ${e.program_id} and member_id = ${e.member_id}`,
      );
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
    sql`select c.*, f.name as from_name, t.name as to_name from tier_changes c
       left join tiers f on f.company_id = c.company_id and f.id = c.from_tier_id
       left join tiers t on t.company_id = c.company_id and t.id = c.to_tier_id
      where c.company_id = ${companyId} and c.member_id = ${memberId} order by c.occurred_at desc, c.id desc`,
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

/**
 * Automation's "set the tier" action, in the caller's transaction (member and enrollment locked):
 * like a staff assignment, without the lock, so automatic evaluation may move the member later. The
 * event names the scenario: automation's own changes trigger no scenario.
 * Returns false when the member is in that tier already.
 */
export async function setTierOfLockedEnrollment(
  tx: Queryable,
  e: EnrollmentRow,
  tierId: string,
  how: { actorName: string; now: Date; scenarioId: string },
): Promise<boolean> {
  if (e.tier_id === tierId) return false;
  await setTier(tx, e, tierId, { reason: "manual", actorName: how.actorName, now: how.now, scenarioId: how.scenarioId });
  return true;
}
