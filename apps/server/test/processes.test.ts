import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { NOTIFICATION_EVENT_TYPES } from "../src/modules/notifications/notifications.consumer.js";
import { type Db, openPostgres } from "../src/platform/db.js";
import { onPostgres } from "./harness.js";
import { api, freshInstallation, type RunningProcess, runCli, seedLoyalty, setupInstallation, startProcess } from "./process-fixtures.js";
import { reportReliability } from "./reliability.js";

/**
 * Two web processes and two workers on one PostgreSQL. PostgreSQL only: the embedded database is
 * one process by design (`regulars worker` refuses it; `serve` runs the worker inside).
 */
const PURCHASES = 120;
const SCHEDULED = ["points-expire", "tiers-reevaluate"];

let env: Record<string, string>;
let drop: (() => Promise<void>) | undefined;
let db: Db;
const processes: RunningProcess[] = [];

beforeAll(async () => {
  const installation = await freshInstallation("processes");
  env = { ...installation.env, WORKER_POLL_MS: "50", SHUTDOWN_TIMEOUT_MS: "180000" };
  drop = installation.drop;
  if (onPostgres) db = await openPostgres(env.DATABASE_URL as string, 2);
});
afterAll(async () => {
  for (const p of processes) p.child.kill("SIGKILL");
  await db?.close();
  await drop?.();
});

async function until<T>(what: string, probe: () => Promise<T>, done: (v: T) => boolean, ms = 90_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The embedded database allows one process: a second server on its DATA_DIR is refused, so that
// two processes never open one PGlite directory.
if (!onPostgres) {
  describe("one process on the embedded database", () => {
    it("refuses a second server on the same DATA_DIR while one runs", async () => {
      const first = await startProcess("serve", env);
      processes.push(first);
      const second = await runCli(["serve"], env);
      expect(second.code).toBe(2);
      expect(second.stderr).toContain("Another Regulars server already runs");
    }, 240_000);
  });
}

if (onPostgres)
  describe("several processes on one PostgreSQL", () => {
    it("two web processes and two workers: every event consumed once per consumer, every scheduled run once", async () => {
      const started = await Promise.all([
        startProcess("serve", env, ["--no-worker"]),
        startProcess("serve", env, ["--no-worker"]),
        startProcess("worker", env),
        startProcess("worker", env),
      ]);
      processes.push(...started);
      const [web1, web2] = started;
      const owner = await setupInstallation(web1.base);
      const { programId, memberIds } = await seedLoyalty(owner, 6);
      const sessions = [owner, { ...owner, base: web2.base }];

      // Purchases through both web processes at once.
      const statuses = await Promise.all(
        Array.from({ length: PURCHASES }, (_, i) =>
          api(sessions[i % 2] as typeof owner, "POST", "/api/v1/purchases", {
            programId,
            memberId: memberIds[i % memberIds.length],
            receiptNumber: `P-${i}`,
            amount: { amount: 3_000, currency: "PLN" },
          }).then((r) => r.status),
        ),
      );
      expect(statuses.filter((s) => s !== 201)).toEqual([]);

      // Both workers take events; each consumption row is (consumer, event), so "once" means: as
      // many rows as events of the consumer's types, and each consumed.
      const count = async () =>
        (
          await db.query<{ events: number; consumed: number; distinct: number }>(
            `select (select count(*) from events where type = any($1::text[]))::int as events,
                  (select count(*) from event_consumptions c join events e on e.seq = c.event_seq
                    where c.consumer = 'notifications' and e.type = any($1::text[]))::int as consumed,
                  (select count(distinct event_seq) from event_consumptions where consumer = 'notifications')::int as distinct`,
            [NOTIFICATION_EVENT_TYPES],
          )
        )[0] as { events: number; consumed: number; distinct: number };
      const events = await until("events consumed", count, (c) => c.events > 0 && c.consumed === c.events);
      expect(events.consumed).toBe(events.distinct);

      // Scheduled runs: the jobs' cron moved to every minute and pg-boss's cron clock reset, so that
      // both workers' schedulers fire now; pg-boss must let one run per job and minute through.
      await db.query("update pgboss.schedule set cron = '* * * * *' where name = any($1::text[])", [SCHEDULED]);
      await db.query("update pgboss.version set cron_on = null");
      const runs = await until(
        "scheduled runs completed",
        () =>
          db.query<{ name: string; minute: string; runs: number; completed: number }>(
            `select name, date_trunc('minute', created_on)::text as minute, count(*)::int as runs,
                  count(*) filter (where state = 'completed')::int as completed
             from pgboss.job where name = any($1::text[]) group by 1, 2 order by 1, 2`,
            [SCHEDULED],
          ),
        (rows) => SCHEDULED.every((n) => rows.some((r) => r.name === n && r.completed > 0)),
      );
      expect(runs.filter((r) => r.runs !== 1)).toEqual([]);
      expect(await verifyBalances(db)).toEqual([]);

      // Each worker took part (its own log says it started; each web process answered purchases).
      for (const p of started) p.child.kill("SIGTERM");
      const exits = await Promise.all(started.map((p) => p.exited));
      expect(
        exits.map((e) => e.code),
        started.map((p) => p.output().slice(-1500)).join("\n---\n"),
      ).toEqual([0, 0, 0, 0]);
      processes.length = 0;

      reportReliability(
        "processes",
        {
          webProcesses: 2,
          workers: 2,
          purchases: PURCHASES,
          purchasesAcknowledged: statuses.filter((s) => s === 201).length,
          events: events.events,
          consumptions: events.consumed,
          eventsConsumedTwice: events.consumed - events.distinct,
          scheduledRuns: runs,
          scheduledRunsDuplicated: runs.filter((r) => r.runs !== 1).length,
        },
        "postgres",
      );
    }, 300_000);
  });
