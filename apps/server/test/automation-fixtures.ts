import { backgroundWork } from "../src/background.js";
import { automationConsumer } from "../src/modules/automation/automation.consumer.js";
import { automationRunsTask } from "../src/modules/automation/execute-run.js";
import { consumeEvents } from "../src/platform/events.js";
import { type Auth, call, type TestContext } from "./harness.js";

/**
 * The worker's side, run by hand with the test's clock: every outbox consumer (automation with
 * the clock) until nothing is left, then due runs, again until both are quiet (a run's points are
 * events other scenarios hear).
 */
export async function runAutomation(ctx: TestContext, now: () => Date): Promise<void> {
  const consumers = [...backgroundWork(ctx.config).consumers.filter((c) => c.name === "referrals"), automationConsumer(now)];
  const task = automationRunsTask(ctx.config);
  for (let pass = 0; pass < 20; pass++) {
    let work = 0;
    for (const consumer of consumers)
      for (;;) {
        const errors: unknown[] = [];
        const { consumed } = await consumeEvents({ db: ctx.db, consumer, onError: (err) => errors.push(err) });
        if (errors.length > 0) throw errors[0];
        work += consumed;
        if (consumed === 0) break;
      }
    work += await task.run(now(), { db: ctx.db });
    if (work === 0) return;
  }
  throw new Error("automation did not settle in 20 passes");
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
