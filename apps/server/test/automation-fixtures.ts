import { backgroundWork } from "../src/background.js";
import { automationConsumer } from "../src/modules/automation/automation.consumer.js";
import { automationRunsTask } from "../src/modules/automation/execute-run.js";
import { consumeEvents } from "../src/platform/events.js";
import { sql } from "../src/platform/sql.js";
import { type Auth, call, type TestContext } from "./harness.js";

/**
 * The worker's side, run by hand with the test's clock: the referrals and automation consumers
 * until nothing is left, then due runs, again until both are quiet (a run's points are events other
 * scenarios hear). On PostgreSQL another file's worker pass may hold some of these companies'
 * events or runs at the same moment: it waits until none is left pending.
 */
export async function runAutomation(ctx: TestContext, now: () => Date, companyIds: string[]): Promise<void> {
  const consumers = [...backgroundWork(ctx.config).consumers.filter((c) => c.name === "referrals"), automationConsumer(now)];
  const task = automationRunsTask(ctx.config);
  for (let pass = 0; pass < 200; pass++) {
    let work = 0;
    for (const consumer of consumers)
      for (;;) {
        const errors: unknown[] = [];
        const { consumed } = await consumeEvents({ db: ctx.db, consumer, batchSize: 500, onError: (err) => errors.push(err) });
        if (errors.length > 0) throw errors[0];
        work += consumed;
        if (consumed === 0) break;
      }
    work += await task.run(now(), { db: ctx.db });
    if (work > 0) continue;
    let events = 0;
    for (const c of consumers) {
      const [row] = await ctx.db.query<{ n: number }>(
        sql`select count(*)::int as n from events e
             where e.company_id = any(${companyIds}::text[]) and e.type = any(${c.types ?? []}::text[])
               and not exists (select 1 from event_consumptions x where x.consumer = ${c.name} and x.event_seq = e.seq)`,
      );
      events += row?.n ?? 0;
    }
    const [runs] = await ctx.db.query<{ n: number }>(
      sql`select count(*)::int as n from automation_runs
           where company_id = any(${companyIds}::text[]) and status in ('pending', 'waiting') and due_at <= ${now()}`,
    );
    const left = { events, runs: runs?.n ?? 0 };
    if ((left?.events ?? 0) === 0 && (left?.runs ?? 0) === 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("automation did not settle");
}

export async function createScenarioVia(ctx: TestContext, auth: Auth, body: Record<string, unknown>): Promise<{ id: string }> {
  const res = await call(ctx, { method: "POST", url: "/api/v1/automation/scenarios", auth, body: { status: "active", ...body } });
  if (res.statusCode !== 201) throw new Error(`createScenario failed: ${res.statusCode} ${res.body}`);
  return res.data;
}

export async function runsVia(ctx: TestContext, auth: Auth, query: string) {
  const res = await call(ctx, { method: "GET", url: `/api/v1/automation/runs?${query}`, auth });
  if (res.statusCode !== 200) throw new Error(`runs failed: ${res.statusCode} ${res.body}`);
  return res.data.data as {
    id: string;
    status: string;
    reason: string | null;
    occurrenceKey: string;
    member: { id: string };
    steps: { type: string; outcome: string; detail: string; data: Record<string, unknown> }[];
    pointsGiven: number;
    dueAt: string | null;
  }[];
}
