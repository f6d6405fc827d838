import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { toPage } from "../../platform/http.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import type { Scenario, ScenarioInput, ScenarioPatch, TriggerType } from "./automation.schemas.js";
import { skipWaitingRuns } from "./runs.service.js";
import { checkScenarioReferences } from "./scenario-references.js";
import { loadScenario, SCENARIO_COLUMNS, type ScenarioRow, toScenarios } from "./scenario-rows.js";

export async function listScenarios(opts: {
  db: Db;
  actor: Actor;
  status?: "active" | "paused";
  trigger?: TriggerType;
  limit: number;
  cursor?: string;
}): Promise<{ data: Scenario[]; nextCursor: string | null }> {
  const { db, actor } = opts;
  const rows = await db.query<ScenarioRow>(
    sql`select ${SCENARIO_COLUMNS} from automation_scenarios
         where company_id = ${actor.companyId} and status <> 'archived'
           and (${opts.status ?? null}::text is null or status = ${opts.status ?? null})
           and (${opts.trigger ?? null}::text is null or trigger_type = ${opts.trigger ?? null})
           and (${opts.cursor ?? null}::text is null or id < ${opts.cursor ?? null})
         order by id desc limit ${opts.limit + 1}`,
  );
  return toPage(await toScenarios(db, actor.companyId, rows), opts.limit);
}

export async function getScenario(db: Queryable, companyId: string, id: string): Promise<Scenario> {
  const [scenario] = await toScenarios(db, companyId, [await loadScenario(db, companyId, id)]);
  return scenario as Scenario;
}

export async function createScenario(opts: { db: Db; config: Config; actor: Actor; input: ScenarioInput; now: Date }): Promise<Scenario> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    await checkScenarioReferences(tx, actor.companyId, input, opts.config);
    const id = newId("scn");
    await tx.query(
      sql`insert into automation_scenarios (company_id, id, name, description, program_id, status, trigger_type, trigger, conditions, actions,
            active_from, active_until, frequency_runs, frequency_days, template_key, created_by, created_at, updated_at)
          values (${actor.companyId}, ${id}, ${input.name}, ${input.description}, ${input.programId}, ${input.status}, ${input.trigger.type},
            ${JSON.stringify(input.trigger)}::jsonb, ${JSON.stringify(input.conditions)}::jsonb, ${JSON.stringify(input.actions)}::jsonb,
            ${input.activeFrom}, ${input.activeUntil}, ${input.frequencyLimit?.runs ?? null}, ${input.frequencyLimit?.days ?? null},
            ${input.templateKey}, ${actor.id}, ${opts.now}, ${opts.now})`,
    );
    await recordAudit(tx, actor, {
      action: "automation_scenario.created",
      entityType: "automation_scenario",
      entityId: id,
      changes: { name: input.name, trigger: input.trigger.type, status: input.status },
    });
    return getScenario(tx, actor.companyId, id);
  });
}

export async function updateScenario(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  scenarioId: string;
  patch: ScenarioPatch;
  now: Date;
}): Promise<Scenario> {
  const { actor, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await loadScenario(tx, actor.companyId, opts.scenarioId);
    const after = {
      name: patch.name ?? before.name,
      description: patch.description ?? before.description,
      programId: patch.programId !== undefined ? patch.programId : before.program_id,
      status: patch.status ?? (before.status === "active" ? "active" : "paused"),
      trigger: patch.trigger ?? before.trigger,
      conditions: patch.conditions ?? before.conditions,
      actions: patch.actions ?? before.actions,
      activeFrom: patch.activeFrom !== undefined ? patch.activeFrom : before.active_from,
      activeUntil: patch.activeUntil !== undefined ? patch.activeUntil : before.active_until,
      frequencyLimit:
        patch.frequencyLimit !== undefined
          ? patch.frequencyLimit
          : before.frequency_runs && before.frequency_days
            ? { runs: before.frequency_runs, days: before.frequency_days }
            : null,
    };
    await checkScenarioReferences(tx, actor.companyId, after, opts.config);
    await tx.query(
      sql`update automation_scenarios
             set name = ${after.name}, description = ${after.description}, program_id = ${after.programId}, status = ${after.status},
                 trigger_type = ${after.trigger.type}, trigger = ${JSON.stringify(after.trigger)}::jsonb,
                 conditions = ${JSON.stringify(after.conditions)}::jsonb, actions = ${JSON.stringify(after.actions)}::jsonb,
                 active_from = ${after.activeFrom}, active_until = ${after.activeUntil},
                 frequency_runs = ${after.frequencyLimit?.runs ?? null}, frequency_days = ${after.frequencyLimit?.days ?? null},
                 scheduled_through = null, updated_at = ${opts.now}
           where company_id = ${actor.companyId} and id = ${before.id}`,
    );
    const changes = diff(
      { name: before.name, status: before.status, trigger: before.trigger.type, programId: before.program_id },
      { name: after.name, status: after.status, trigger: after.trigger.type, programId: after.programId },
    );
    await recordAudit(tx, actor, {
      action: "automation_scenario.updated",
      entityType: "automation_scenario",
      entityId: before.id,
      changes,
    });
    return getScenario(tx, actor.companyId, before.id);
  });
}

/** Archived: it stops reacting and leaves the list; its runs stay, those still waiting are skipped. */
export async function archiveScenario(opts: { db: Db; actor: Actor; scenarioId: string; now: Date }): Promise<void> {
  const { actor } = opts;
  await opts.db.transaction(async (tx) => {
    const before = await loadScenario(tx, actor.companyId, opts.scenarioId);
    await tx.query(
      sql`update automation_scenarios set status = 'archived', updated_at = ${opts.now}
           where company_id = ${actor.companyId} and id = ${before.id}`,
    );
    await skipWaitingRuns(tx, actor.companyId, before.id, "scenario_archived", opts.now);
    await recordAudit(tx, actor, {
      action: "automation_scenario.archived",
      entityType: "automation_scenario",
      entityId: before.id,
      changes: { name: before.name },
    });
  });
}
