import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidFields, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { join, raw, sql } from "../../platform/sql.js";
import { creditPoints } from "../ledger/entries.js";
import { expiryFor } from "../ledger/expiry-policy.js";
import type { EnrollmentRow, LedgerActor } from "../ledger/ledger-types.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { unknownMemberIds } from "../members/members.service.js";
import { getProgramRow, type ProgramRow } from "../programs/programs.service.js";
import { tiersOf } from "../tiers/tiers.service.js";
import { type RuleTerms, ruleAppliesTo } from "./earning.js";
import { type Rule, type RuleInput, type RulePatch, ruleProblems } from "./rules.schemas.js";

interface RuleRow {
  id: string;
  program_id: string;
  name: string;
  description: string;
  icon: Rule["icon"];
  kind: Rule["kind"];
  multiplier_bp: number | null;
  bonus_points: number | null;
  per_item: boolean;
  event_type: Rule["eventType"];
  event_name: string | null;
  skus: string[];
  categories: string[];
  producers: string[];
  tier_ids: string[];
  tags: string[];
  member_ids: string[];
  location_ids: string[];
  starts_at: Date | null;
  ends_at: Date | null;
  cap_per_day: number | null;
  cap_per_month: number | null;
  active: boolean;
  created_at: Date;
}

const toRule = (r: RuleRow): Rule => ({
  id: r.id,
  programId: r.program_id,
  name: r.name,
  description: r.description,
  icon: r.icon,
  kind: r.kind,
  multiplierBp: r.multiplier_bp,
  bonusPoints: r.bonus_points,
  perItem: r.per_item,
  eventType: r.event_type,
  eventName: r.event_name,
  skus: r.skus,
  categories: r.categories,
  producers: r.producers,
  tierIds: r.tier_ids,
  tags: r.tags,
  memberIds: r.member_ids,
  locationIds: r.location_ids,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  capPerDay: r.cap_per_day,
  capPerMonth: r.cap_per_month,
  active: r.active,
  createdAt: r.created_at,
});

export const toRuleTerms = (r: Rule): RuleTerms & { kind: "multiplier" | "bonus" } => ({
  id: r.id,
  name: r.name,
  kind: r.kind === "multiplier" ? "multiplier" : "bonus",
  multiplierBp: r.multiplierBp,
  bonusPoints: r.bonusPoints,
  perItem: r.perItem,
  skus: r.skus,
  categories: r.categories,
  producers: r.producers,
  tierIds: r.tierIds,
  tags: r.tags,
  memberIds: r.memberIds,
  locationIds: r.locationIds,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  capPerDay: r.capPerDay,
  capPerMonth: r.capPerMonth,
});

const COLUMNS = {
  name: "name",
  description: "description",
  icon: "icon",
  multiplierBp: "multiplier_bp",
  bonusPoints: "bonus_points",
  perItem: "per_item",
  eventType: "event_type",
  eventName: "event_name",
  skus: "skus",
  categories: "categories",
  producers: "producers",
  tierIds: "tier_ids",
  tags: "tags",
  memberIds: "member_ids",
  locationIds: "location_ids",
  startsAt: "starts_at",
  endsAt: "ends_at",
  capPerDay: "cap_per_day",
  capPerMonth: "cap_per_month",
  active: "active",
} as const;

export async function listRules(db: Queryable, companyId: string, programId: string, onlyActive = false): Promise<Rule[]> {
  const rows = await db.query<RuleRow>(
    sql`select * from earning_rules
      where company_id = ${companyId} and program_id = ${programId} and (${onlyActive}::boolean is false or active)
      order by created_at, id`,
  );
  return rows.map(toRule);
}

export async function getRule(db: Queryable, companyId: string, programId: string, ruleId: string): Promise<Rule> {
  const [row] = await db.query<RuleRow>(
    sql`select * from earning_rules where company_id = ${companyId} and id = ${ruleId} and program_id = ${programId}`,
  );
  if (!row) throw notFound("Rule");
  return toRule(row);
}

async function assertReferences(tx: Queryable, companyId: string, programId: string, r: Partial<RuleInput>): Promise<void> {
  if (r.locationIds?.length) await assertLocationsExist(tx, companyId, r.locationIds, "locationIds");
  if (r.tierIds?.length) {
    const tierIds = new Set((await tiersOf(tx, companyId, programId)).map((t) => t.id));
    const missing = r.tierIds.filter((id) => !tierIds.has(id));
    if (missing.length)
      throw new AppError("validation_failed", `tierIds: unknown tier ${missing.join(", ")}`, [
        detail("tierIds", "unknown_tiers", { names: missing.join(", ") }),
      ]);
  }
  if (r.memberIds?.length) {
    const missing = await unknownMemberIds(tx, companyId, r.memberIds);
    if (missing.length)
      throw new AppError("validation_failed", `memberIds: unknown member ${missing.join(", ")}`, [
        detail("memberIds", "unknown_members", { names: missing.join(", ") }),
      ]);
  }
}

export async function createRule(opts: { db: Db; actor: Actor; programId: string; input: RuleInput }): Promise<Rule> {
  const { actor, input, programId } = opts;
  return opts.db.transaction(async (tx) => {
    await getProgramRow(tx, actor.companyId, programId);
    await assertReferences(tx, actor.companyId, programId, input);
    const keys = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];
    const [row] = await tx.query<RuleRow>(
      sql`insert into earning_rules (company_id, id, program_id, kind, ${raw(keys.map((k) => COLUMNS[k]).join(", "))})
       values (${actor.companyId}, ${newId("rul")}, ${programId}, ${input.kind}, ${join(
         keys.map((k) => input[k]),
         ", ",
       )}) returning *`,
    );
    const created = toRule(row as RuleRow);
    await recordAudit(tx, actor, {
      action: "rule.created",
      entityType: "rule",
      entityId: created.id,
      changes: { name: created.name, kind: created.kind },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "rule.created",
      entityType: "rule",
      entityId: created.id,
      payload: { programId },
    });
    return created;
  });
}

export async function updateRule(opts: { db: Db; actor: Actor; programId: string; ruleId: string; patch: RulePatch }): Promise<Rule> {
  const { actor, patch, programId } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getRule(tx, actor.companyId, programId, opts.ruleId);
    const problems = ruleProblems({ ...before, ...patch });
    if (problems.length) throw invalidFields(problems);
    await assertReferences(tx, actor.companyId, programId, patch);
    const keys = (Object.keys(patch) as (keyof RulePatch)[]).filter((k) => k in COLUMNS);
    let after = before;
    if (keys.length) {
      const sets = keys.map((k) => sql`${raw(COLUMNS[k])} = ${patch[k]}`);
      const [row] = await tx.query<RuleRow>(
        sql`update earning_rules set ${join(sets, ", ")}, updated_at = now()
          where company_id = ${actor.companyId} and id = ${opts.ruleId} returning *`,
      );
      after = toRule(row as RuleRow);
    }
    await recordAudit(tx, actor, { action: "rule.updated", entityType: "rule", entityId: after.id, changes: diff(before, after) });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "rule.updated",
      entityType: "rule",
      entityId: after.id,
      payload: { programId },
    });
    return after;
  });
}

/**
 * Bonus points a rule already gave a member on the calendar day and in the calendar month of `at`
 * (the purchase's or event's moment, in the company's time zone). Both ends bound the window: a
 * back-dated purchase is capped by what its own day and month got, not by later days' awards.
 */
export async function capUsage(
  tx: Queryable,
  companyId: string,
  memberId: string,
  ruleIds: string[],
  at: Date,
  timeZone: string,
): Promise<Map<string, { day: number; month: number }>> {
  if (ruleIds.length === 0) return new Map();
  const local = sql`${at}::timestamptz at time zone ${timeZone}::text`;
  const zone = sql`${timeZone}::text`;
  const rows = await tx.query<{ rule_id: string; day: number; month: number }>(
    sql`select rule_id,
            coalesce(sum(points) filter (
              where awarded_at >= (date_trunc('day', ${local})) at time zone ${zone}
                and awarded_at < (date_trunc('day', ${local}) + interval '1 day') at time zone ${zone}
            ), 0) as day,
            coalesce(sum(points), 0) as month
       from rule_awards
      where company_id = ${companyId} and member_id = ${memberId} and rule_id = any(${ruleIds})
        and awarded_at >= (date_trunc('month', ${local})) at time zone ${zone}
        and awarded_at < (date_trunc('month', ${local}) + interval '1 month') at time zone ${zone}
      group by rule_id`,
  );
  return new Map(rows.map((r) => [r.rule_id, { day: Number(r.day), month: Number(r.month) }]));
}

export function remainingUnderCaps(
  rule: { capPerDay: number | null; capPerMonth: number | null },
  used: { day: number; month: number } | undefined,
) {
  return {
    day: rule.capPerDay === null ? null : Math.max(0, rule.capPerDay - (used?.day ?? 0)),
    month: rule.capPerMonth === null ? null : Math.max(0, rule.capPerMonth - (used?.month ?? 0)),
  };
}

export async function recordRuleAward(
  tx: Queryable,
  a: { companyId: string; ruleId: string; memberId: string; key: string; points: number; ledgerEntryId: string | null; at: Date },
): Promise<boolean> {
  const rows = await tx.query(
    sql`insert into rule_awards (company_id, rule_id, member_id, award_key, points, ledger_entry_id, awarded_at)
     values (${a.companyId}, ${a.ruleId}, ${a.memberId}, ${a.key}, ${a.points}, ${a.ledgerEntryId}, ${a.at})
     on conflict do nothing returning rule_id`,
  );
  return rows.length > 0;
}

/**
 * Awards the points of every matching event rule once per occurrence key. The caller holds the
 * enrollment lock. Replays answer `alreadyAwarded` and write nothing.
 */
export async function awardEventPoints(opts: {
  tx: Queryable;
  enrollment: EnrollmentRow;
  program: ProgramRow;
  member: { id: string; tags: string[]; tierId: string | null };
  type: Rule["eventType"];
  name?: string | null;
  key: string;
  locationId?: string | null;
  actor: LedgerActor;
  now: Date;
  timeZone: string;
}) {
  const { tx, enrollment: e, program, now } = opts;
  const rules = (await listRules(tx, e.company_id, e.program_id, true)).filter(
    (r) => r.kind === "event" && r.eventType === opts.type && (opts.type !== "custom" || r.eventName === opts.name),
  );
  const applicable = rules.filter((r) =>
    ruleAppliesTo(toRuleTerms(r), { occurredAt: now, member: opts.member, locationId: opts.locationId ?? null }),
  );
  const usage = await capUsage(
    tx,
    e.company_id,
    opts.member.id,
    applicable.map((r) => r.id),
    now,
    opts.timeZone,
  );
  const expiresAt = await expiryFor(tx, program, now, opts.timeZone);
  const awards = [];
  for (const rule of applicable) {
    const existing = await tx.query<{ points: number; ledger_entry_id: string | null }>(
      sql`select points, ledger_entry_id from rule_awards
        where company_id = ${e.company_id} and rule_id = ${rule.id} and member_id = ${opts.member.id} and award_key = ${opts.key}`,
    );
    if (existing[0]) {
      awards.push({
        ruleId: rule.id,
        ruleName: rule.name,
        points: existing[0].points,
        ledgerEntryId: existing[0].ledger_entry_id,
        alreadyAwarded: true,
      });
      continue;
    }
    const caps = remainingUnderCaps(rule, usage.get(rule.id));
    const points = Math.min(rule.bonusPoints ?? 0, caps.day ?? Number.POSITIVE_INFINITY, caps.month ?? Number.POSITIVE_INFINITY);
    const entry =
      points > 0
        ? await creditPoints(tx, e, {
            kind: "earn",
            points,
            causeType: "event",
            causeId: rule.id,
            reason: `${rule.name} (${opts.type}${opts.name ? `: ${opts.name}` : ""}, ${opts.key})`,
            locationId: opts.locationId ?? null,
            actor: opts.actor,
            occurredAt: now,
            availableAt: now,
            expiresAt,
            now,
          })
        : null;
    await recordRuleAward(tx, {
      companyId: e.company_id,
      ruleId: rule.id,
      memberId: opts.member.id,
      key: opts.key,
      points,
      ledgerEntryId: entry?.id ?? null,
      at: now,
    });
    awards.push({ ruleId: rule.id, ruleName: rule.name, points, ledgerEntryId: entry?.id ?? null, alreadyAwarded: false });
  }
  return awards;
}
