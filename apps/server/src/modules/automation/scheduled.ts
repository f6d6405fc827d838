import type { Db, Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { enrollmentTiersOf } from "../ledger/enrollment-reads.js";
import { listExpiringPoints } from "../ledger/read-entries.js";
import { activeMemberPage, activeMembersWithBirthday } from "../members/members.service.js";
import { openProgramsOf } from "../programs/programs.service.js";
import { lastPurchaseTimes } from "../purchases/purchase-reads.js";
import { dayIn } from "../templates/render.js";
import { SCHEDULED_TRIGGERS, type TriggerType } from "./automation.schemas.js";
import { allConditionsHold } from "./conditions.js";
import { loadMemberFacts } from "./member-facts.js";
import { insertRuns, type NewRun } from "./runs.service.js";
import { activeScenarios, type ScenarioRow, withinActiveWindow } from "./scenario-rows.js";

/** Members a scheduled scenario looks at per statement (and per insert of runs). */
const CHUNK = 1000;

/** One member due today, with the occurrence's key and what the run log shows. */
export interface Due {
  memberId: string;
  key: string;
  data: Record<string, unknown>;
}

/** The day before `day` ("YYYY-MM-DD"), and so on: calendar arithmetic on dates, no time zone involved. */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The members due today for a scheduled trigger, a chunk at a time (`each` is awaited per chunk).
 * Days are the company's calendar days: a birthday on 29 February is kept on 28 February in other
 * years, a joining anniversary likewise; "no purchase for N days" is due once per last purchase
 * (or, for a member who never bought, once since joining); "points expiring within N days" once
 * per program and last valid day.
 */
export async function forEachDueChunk(
  db: Queryable,
  o: { companyId: string; scenario: Pick<ScenarioRow, "trigger" | "program_id">; today: string; timeZone: string; now: Date },
  each: (due: Due[]) => Promise<void>,
): Promise<void> {
  const { companyId, scenario, today, now } = o;
  const t = scenario.trigger;
  const year = today.slice(0, 4);
  if (t.type === "birthday") {
    for (let after: string | null = null; ; ) {
      const ids = await activeMembersWithBirthday(db, companyId, today, after, CHUNK);
      if (ids.length === 0) return;
      await each(ids.map((id) => ({ memberId: id, key: `birthday:${year}`, data: { day: today } })));
      after = ids[ids.length - 1] as string;
    }
  }
  if (t.type === "join_anniversary" || t.type === "no_purchase") {
    const md = today.slice(5);
    const leapless28 = md === "02-28" && addDays(today, 1).slice(5) === "03-01";
    for (let after: string | null = null; ; ) {
      const page = await activeMemberPage(db, companyId, after, CHUNK);
      if (page.length === 0) return;
      after = page[page.length - 1]?.id as string;
      if (t.type === "join_anniversary") {
        await each(
          page.flatMap((m) => {
            const joined = dayIn(m.createdAt, o.timeZone);
            const jmd = joined.slice(5);
            const due = joined.slice(0, 4) < year && (jmd === md || (leapless28 && jmd === "02-29"));
            return due ? [{ memberId: m.id, key: `anniversary:${year}`, data: { day: today, joined } }] : [];
          }),
        );
      } else {
        const last = await lastPurchaseTimes(
          db,
          companyId,
          page.map((m) => m.id),
        );
        const limit = now.getTime() - t.days * 86_400_000;
        await each(
          page.flatMap((m) => {
            const bought = last.get(m.id);
            const since = bought ?? m.createdAt;
            if (since.getTime() > limit) return [];
            const sinceDay = dayIn(since, o.timeZone);
            return [
              {
                memberId: m.id,
                key: `no-purchase:${t.days}:${bought ? sinceDay : "never"}`,
                data: { days: t.days, lastPurchase: bought ? sinceDay : null },
              },
            ];
          }),
        );
      }
    }
  }
  if (t.type === "points_expiring") {
    const programs = scenario.program_id ? [scenario.program_id] : (await openProgramsOf(db, companyId, now)).map((p) => p.id);
    for (const programId of programs) {
      const expiring = await listExpiringPoints(db, {
        companyId,
        programId,
        from: now,
        to: new Date(now.getTime() + t.days * 86_400_000),
        timeZone: o.timeZone,
      });
      for (let i = 0; i < expiring.length; i += CHUNK)
        await each(
          expiring.slice(i, i + CHUNK).map((e) => ({
            memberId: e.memberId,
            key: `expiring:${programId}:${e.lastDay}`,
            data: { programId, points: e.points, lastDay: e.lastDay },
          })),
        );
    }
  }
}

/** Of a chunk of due members, those the scenario's program and conditions let through. */
async function passing(
  db: Queryable,
  o: { companyId: string; scenario: ScenarioRow; now: Date; timeZone: string },
  due: Due[],
): Promise<Due[]> {
  const { scenario } = o;
  let out = due;
  if (scenario.program_id) {
    const enrolled = await enrollmentTiersOf(
      db,
      o.companyId,
      due.map((d) => d.memberId),
    );
    out = out.filter((d) => enrolled.get(d.memberId)?.has(scenario.program_id as string));
  }
  if (scenario.conditions.length === 0 || out.length === 0) return out;
  const facts = await loadMemberFacts(db, {
    companyId: o.companyId,
    memberIds: out.map((d) => d.memberId),
    programId: scenario.program_id,
    conditions: scenario.conditions,
    now: o.now,
    timeZone: o.timeZone,
  });
  return out.filter((d) => {
    const f = facts.get(d.memberId);
    return f !== undefined && allConditionsHold(scenario.conditions, f);
  });
}

/** Companies with an active scenario of a scheduled trigger (the hourly job's list). */
async function companiesWithScheduledScenarios(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ company_id: string }>(
    sql`select distinct company_id from automation_scenarios where status = 'active' and trigger_type = any(${SCHEDULED_TRIGGERS}::text[])`,
  );
  return rows.map((r) => r.company_id);
}

/**
 * The scheduled triggers (hourly job): for each active scenario not yet walked today (the
 * company's day), its members due today become runs, a chunk per statement without locking any
 * member (the runs' actions take each member's lock in short transactions of their own, so
 * purchases wait at most for one run). Two workers may walk a scenario at once; the runs' unique
 * key keeps each occurrence to one run. Returns how many runs were started.
 */
export async function runScheduledTriggers(db: Db, now: Date): Promise<number> {
  let started = 0;
  for (const companyId of await companiesWithScheduledScenarios(db)) {
    const { timeZone } = await getCompany(db, companyId);
    const today = dayIn(now, timeZone);
    const scenarios = await activeScenarios(db, companyId, SCHEDULED_TRIGGERS as readonly TriggerType[]);
    for (const scenario of scenarios) {
      if (!withinActiveWindow(scenario, now)) continue;
      if (scenario.scheduled_day && scenario.scheduled_day >= today) continue;
      const o = { companyId, scenario, today, timeZone, now };
      await forEachDueChunk(db, o, async (due) => {
        const runs: NewRun[] = (await passing(db, o, due)).map((d) => ({
          scenarioId: scenario.id,
          memberId: d.memberId,
          occurrenceKey: d.key,
          triggerType: scenario.trigger_type,
          eventId: null,
          data: d.data,
        }));
        started += (await insertRuns(db, companyId, runs, now)).length;
      });
      await db.query(
        sql`update automation_scenarios set scheduled_through = ${today}::date
             where company_id = ${companyId} and id = ${scenario.id} and updated_at = ${scenario.updated_at}`,
      );
    }
  }
  return started;
}
