import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/**
 * For the member's data export (GDPR access): what automation did about the member, oldest first:
 * each run's scenario, trigger, status and steps.
 */
export async function memberRunsForExport(db: Queryable, companyId: string, memberId: string) {
  return db.query<Record<string, unknown>>(
    sql`select r.id, s.name as scenario, r.trigger_type as "trigger", r.trigger_data as "triggerData", r.status, r.reason, r.steps,
               r.points_given::int as "pointsGiven", r.created_at as "createdAt", r.finished_at as "finishedAt"
          from automation_runs r join automation_scenarios s on s.company_id = r.company_id and s.id = r.scenario_id
         where r.company_id = ${companyId} and r.member_id = ${memberId}
         order by r.id`,
  );
}
