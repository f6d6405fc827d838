import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { toPage } from "../../platform/http.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { membersByIds } from "../members/members.service.js";
import type { Action, AutomationRun, RunStep, TriggerType } from "./automation.schemas.js";

export interface RunRow {
  company_id: string;
  id: string;
  scenario_id: string;
  member_id: string;
  occurrence_key: string;
  trigger_type: TriggerType;
  event_id: string | null;
  trigger_data: Record<string, unknown>;
  /** the scenario's actions when the run started */
  actions: Action[];
  status: AutomationRun["status"];
  reason: string | null;
  steps: (Omit<RunStep, "at"> & { at: string })[];
  context: Record<string, unknown>;
  next_action_index: number;
  due_at: Date | null;
  attempts: number;
  points_given: string | number;
  messages_queued: number;
  rewards_issued: number;
  created_at: Date;
  finished_at: Date | null;
}

export interface NewRun {
  scenarioId: string;
  memberId: string;
  occurrenceKey: string;
  triggerType: TriggerType;
  eventId: string | null;
  data: Record<string, unknown>;
}

/**
 * Starts runs (pending, due now, with their scenario's actions as they are now) in one statement; an occurrence that already has its run is left
 * alone by the unique key, so a replayed event, a second worker or a repeated scheduled pass adds
 * nothing. Returns the ids of the runs this call created.
 */
export async function insertRuns(tx: Queryable, companyId: string, runs: readonly NewRun[], now: Date): Promise<string[]> {
  if (runs.length === 0) return [];
  const rows = await tx.query<{ id: string }>(
    sql`insert into automation_runs (company_id, id, scenario_id, member_id, occurrence_key, trigger_type, event_id, trigger_data, actions, due_at, created_at)
        select ${companyId}, r.id, r.scenario_id, r.member_id, r.occurrence_key, r.trigger_type, r.event_id, r.trigger_data, s.actions,
               ${now}::timestamptz, ${now}::timestamptz
          from unnest(${runs.map(() => newId("arn"))}::text[], ${runs.map((r) => r.scenarioId)}::text[], ${runs.map((r) => r.memberId)}::text[],
                      ${runs.map((r) => r.occurrenceKey)}::text[], ${runs.map((r) => r.triggerType)}::text[], ${runs.map((r) => r.eventId)}::text[],
                      ${runs.map((r) => JSON.stringify(r.data))}::jsonb[])
               as r(id, scenario_id, member_id, occurrence_key, trigger_type, event_id, trigger_data)
          join automation_scenarios s on s.company_id = ${companyId} and s.id = r.scenario_id
        on conflict (company_id, scenario_id, member_id, occurrence_key) do nothing
        returning id`,
  );
  return rows.map((r) => r.id);
}

/** Runs of this scenario for this member started within `days` days before `now` (the frequency limit). */
export async function recentRunCount(
  db: Queryable,
  companyId: string,
  scenarioId: string,
  memberId: string,
  days: number,
  now: Date,
  exceptRunId: string,
): Promise<number> {
  const [row] = await db.query<{ n: string | number }>(
    sql`select count(*) as n from automation_runs
         where company_id = ${companyId} and member_id = ${memberId} and scenario_id = ${scenarioId} and id <> ${exceptRunId}
           and status in ('completed', 'waiting', 'failed') and created_at > ${now}::timestamptz - make_interval(days => ${days})`,
  );
  return Number(row?.n ?? 0);
}

/** Waiting or not yet started runs of a scenario end as skipped (it was archived). */
export async function skipWaitingRuns(tx: Queryable, companyId: string, scenarioId: string, reason: string, now: Date): Promise<void> {
  await tx.query(
    sql`update automation_runs set status = 'skipped', reason = ${reason}, due_at = null, finished_at = ${now}
         where company_id = ${companyId} and scenario_id = ${scenarioId} and status in ('pending', 'waiting')`,
  );
}

export async function listRuns(opts: {
  db: Db;
  actor: Actor;
  scenarioId?: string;
  memberId?: string;
  status?: AutomationRun["status"];
  limit: number;
  cursor?: string;
}): Promise<{ data: AutomationRun[]; nextCursor: string | null }> {
  const { db, actor } = opts;
  const rows = await db.query<RunRow & { scenario_name: string }>(
    sql`select r.*, s.name as scenario_name from automation_runs r
          join automation_scenarios s on s.company_id = r.company_id and s.id = r.scenario_id
         where r.company_id = ${actor.companyId}
           and (${opts.scenarioId ?? null}::text is null or r.scenario_id = ${opts.scenarioId ?? null})
           and (${opts.memberId ?? null}::text is null or r.member_id = ${opts.memberId ?? null})
           and (${opts.status ?? null}::text is null or r.status = ${opts.status ?? null})
           and (${opts.cursor ?? null}::text is null or r.id < ${opts.cursor ?? null})
         order by r.id desc limit ${opts.limit + 1}`,
  );
  const members = new Map((await membersByIds(db, actor.companyId, [...new Set(rows.map((r) => r.member_id))])).map((m) => [m.id, m]));
  return toPage(
    rows.map((r) => {
      const m = members.get(r.member_id);
      return toRun(r, r.scenario_name, {
        id: r.member_id,
        cardNumber: m?.cardNumber ?? "",
        firstName: m?.firstName ?? "",
        lastName: m?.lastName ?? "",
      });
    }),
    opts.limit,
  );
}

export function toRun(r: RunRow, scenarioName: string, member: AutomationRun["member"]): AutomationRun {
  return {
    id: r.id,
    scenarioId: r.scenario_id,
    scenarioName,
    member,
    occurrenceKey: r.occurrence_key,
    trigger: { type: r.trigger_type, eventId: r.event_id, data: r.trigger_data },
    status: r.status,
    reason: r.reason,
    steps: r.steps.map((s) => ({ ...s, at: new Date(s.at) })),
    nextActionIndex: r.next_action_index,
    dueAt: r.due_at,
    pointsGiven: Number(r.points_given),
    messagesQueued: r.messages_queued,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}
