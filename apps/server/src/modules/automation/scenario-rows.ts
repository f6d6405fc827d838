import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import type { Action, Condition, Scenario, Trigger, TriggerType } from "./automation.schemas.js";

export interface ScenarioRow {
  company_id: string;
  id: string;
  name: string;
  description: string;
  program_id: string | null;
  status: "active" | "paused" | "archived";
  trigger_type: TriggerType;
  trigger: Trigger;
  conditions: Condition[];
  actions: Action[];
  active_from: Date | null;
  active_until: Date | null;
  frequency_runs: number | null;
  frequency_days: number | null;
  template_key: string | null;
  /** the last day (company's calendar) the scheduled job walked its members, "YYYY-MM-DD" */
  scheduled_day: string | null;
  created_at: Date;
  updated_at: Date;
}

/** Whether `now` is inside the scenario's active window (open ends: always). */
export function withinActiveWindow(s: Pick<ScenarioRow, "active_from" | "active_until">, now: Date): boolean {
  return !(s.active_from && now < s.active_from) && !(s.active_until && now >= s.active_until);
}

export const SCENARIO_COLUMNS = sql`*, to_char(scheduled_through, 'YYYY-MM-DD') as scheduled_day`;

export async function loadScenario(db: Queryable, companyId: string, id: string): Promise<ScenarioRow> {
  const [row] = await db.query<ScenarioRow>(
    sql`select ${SCENARIO_COLUMNS} from automation_scenarios where company_id = ${companyId} and id = ${id} and status <> 'archived'`,
  );
  if (!row) throw notFound("Scenario");
  return row;
}

/** The company's active scenarios with one of these triggers (the consumer's and the job's question). */
export async function activeScenarios(db: Queryable, companyId: string, triggers: readonly TriggerType[]): Promise<ScenarioRow[]> {
  return db.query<ScenarioRow>(
    sql`select ${SCENARIO_COLUMNS} from automation_scenarios
         where company_id = ${companyId} and status = 'active' and trigger_type = any(${triggers}::text[])
         order by id`,
  );
}

interface StatsRow {
  scenario_id: string;
  runs: string | number;
  completed: string | number;
  waiting: string | number;
  skipped: string | number;
  failed: string | number;
  points: string | number;
  messages: string | number;
  rewards: string | number;
  last_run_at: Date | null;
}

export async function toScenarios(db: Queryable, companyId: string, rows: ScenarioRow[]): Promise<Scenario[]> {
  const ids = rows.map((r) => r.id);
  const stats = ids.length
    ? await db.query<StatsRow>(
        sql`select scenario_id, count(*) as runs,
                   count(*) filter (where status = 'completed') as completed,
                   count(*) filter (where status in ('pending', 'waiting')) as waiting,
                   count(*) filter (where status = 'skipped') as skipped,
                   count(*) filter (where status = 'failed') as failed,
                   coalesce(sum(points_given), 0) as points, coalesce(sum(messages_queued), 0) as messages,
                   coalesce(sum(rewards_issued), 0) as rewards, max(created_at) as last_run_at
              from automation_runs where company_id = ${companyId} and scenario_id = any(${ids}::text[])
             group by scenario_id`,
      )
    : [];
  const byId = new Map(stats.map((s) => [s.scenario_id, s]));
  return rows.map((r) => {
    const s = byId.get(r.id);
    return {
      id: r.id,
      name: r.name,
      description: r.description,
      programId: r.program_id,
      status: r.status === "active" ? "active" : "paused",
      trigger: r.trigger,
      conditions: r.conditions,
      actions: r.actions,
      activeFrom: r.active_from,
      activeUntil: r.active_until,
      frequencyLimit: r.frequency_runs && r.frequency_days ? { runs: r.frequency_runs, days: r.frequency_days } : null,
      templateKey: r.template_key,
      stats: {
        runs: Number(s?.runs ?? 0),
        completed: Number(s?.completed ?? 0),
        waiting: Number(s?.waiting ?? 0),
        skipped: Number(s?.skipped ?? 0),
        failed: Number(s?.failed ?? 0),
        pointsGiven: Number(s?.points ?? 0),
        messagesQueued: Number(s?.messages ?? 0),
        rewardsIssued: Number(s?.rewards ?? 0),
        lastRunAt: s?.last_run_at ?? null,
      },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  });
}

/** The scenario of a run, archived or not (null if it never existed). */
export async function loadScenarioAnyStatus(db: Queryable, companyId: string, id: string): Promise<ScenarioRow | null> {
  const [row] = await db.query<ScenarioRow>(
    sql`select ${SCENARIO_COLUMNS} from automation_scenarios where company_id = ${companyId} and id = ${id}`,
  );
  return row ?? null;
}
