/**
 * The system under test, in a process of its own: the database (embedded PGlite lives in this
 * process; PostgreSQL through its pool), the real Fastify app on a real port, and the in-process
 * work the orchestrator (bench/run.ts) asks for over IPC: set-up and data generation, the direct
 * SQL loop that is B_sql on PGlite, and the scheduled jobs.
 */

import type { AddressInfo } from "node:net";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { buildApp } from "../../apps/server/src/app.js";
import { loadConfig } from "../../apps/server/src/config.js";
import { executeDueRuns } from "../../apps/server/src/modules/automation/execute-run.js";
import { createScenario } from "../../apps/server/src/modules/automation/scenarios.service.js";
import { runScheduledTriggers } from "../../apps/server/src/modules/automation/scheduled.js";
import { getCompany } from "../../apps/server/src/modules/companies/companies.service.js";
import { expireDuePoints } from "../../apps/server/src/modules/ledger/expire-job.js";
import { verifyBalances } from "../../apps/server/src/modules/ledger/verify-balances.js";
import { reevaluateAllTiers } from "../../apps/server/src/modules/tiers/reevaluate-tiers-job.js";
import type { ChunkStats } from "../../apps/server/src/platform/chunked-job.js";
import { type Db, openPglite, openPostgres, type Queryable } from "../../apps/server/src/platform/db.js";
import type { App } from "../../apps/server/src/platform/http.js";
import { migrate } from "../../apps/server/src/platform/migrations.js";
import { type Fixture, setupBench } from "./setup.js";
import { bindNamed, SQL_OPS, type SqlOp } from "./sql-ops.js";
import { summarize } from "./stats.js";

export type { Fixture } from "./setup.js";

export interface InitArgs {
  kind: "pglite" | "postgres";
  url?: string;
  members: number;
  purchases: number;
  seed: number;
  poolSize: number;
  verify: boolean;
}

let db: Db;
let app: App | null = null;
let fixture: Fixture;

async function init(a: InitArgs): Promise<Fixture> {
  db = a.kind === "postgres" ? await openPostgres(a.url as string, a.poolSize) : await openPglite();
  await migrate(db);
  // A PostgreSQL data set generated earlier (a copy of regulars_bench_base) carries its fixture.
  const saved = a.kind === "postgres" ? await db.query<{ fixture: Fixture }>("select fixture from bench_fixture").catch(() => []) : [];
  fixture = saved[0]?.fixture ?? (await setupBench(db, { ...a, verify: false, label: a.kind }));
  if (a.kind === "postgres" && !saved[0]) {
    await db.exec("create table if not exists bench_fixture (fixture jsonb not null)");
    await db.query("insert into bench_fixture (fixture) values ($1)", [JSON.stringify(fixture)]);
  }
  if (a.verify) {
    const t = Date.now();
    fixture = { ...fixture, mismatches: (await verifyBalances(db, fixture.companyId)).length, verifyMs: Date.now() - t };
  }
  return fixture;
}

const benchConfig = () =>
  loadConfig({
    SECRET_KEY: "bench-secret-key-0123456789abcdef0123456789",
    DATA_DIR: "/tmp/regulars-bench",
    LOG_LEVEL: "silent",
    // Counted like production (the cost is measured) but never reached: the bench sends thousands a second.
    RATE_LIMIT_PER_KEY: "1000000000",
    RATE_LIMIT_PER_ADDRESS: "1000000000",
  });

async function listen(): Promise<number> {
  app = await buildApp({ config: benchConfig(), db }, { logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  return (app.server.address() as AddressInfo).port;
}

/**
 * B_sql on PGlite: the operation's SQL in a direct loop, `concurrency` loops at once, for `ms`.
 * A failing statement ends the run: a baseline that rolls back part-way is no baseline.
 */
async function sqlLoop(a: { op: SqlOp; concurrency: number; ms: number; vars: Record<string, string | number> }) {
  const op = SQL_OPS[a.op];
  const latencies: number[] = [];
  const end = Date.now() + a.ms;
  let seq = 0;
  const run = async (q: Queryable, vars: Record<string, string | number>) => {
    for (const stmt of op.statements) {
      const { text, params } = bindNamed(stmt, vars);
      try {
        await q.query(text, params);
      } catch (err) {
        throw new Error(`B_sql ${a.op} failed: ${(err as Error).message}\n${text}`);
      }
    }
  };
  const loop = async (client: number) => {
    while (Date.now() < end) {
      const vars = { ...a.vars, ...op.vars(a.vars, client, seq++) };
      const t = performance.now();
      if (op.transaction) await db.transaction((tx) => run(tx, vars));
      else await run(db, vars);
      latencies.push(performance.now() - t);
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: a.concurrency }, (_, i) => loop(i)));
  return summarize(latencies, Date.now() - started);
}

async function runJob(a: { job: "expiry" | "tiers" }) {
  const chunks: ChunkStats[] = [];
  // How late this process (app and job together) answered: a lock held across round trips lasts that much longer.
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = Date.now();
  let members = 0;
  const onChunk = (c: ChunkStats) => chunks.push(c);
  if (a.job === "expiry") {
    for (;;) {
      const r = await expireDuePoints(db, new Date(), { onChunk });
      members += r.enrollments;
      if (r.enrollments === 0) break;
    }
  } else {
    const tz = (await getCompany(db, fixture.companyId)).timeZone;
    const r = await reevaluateAllTiers(db, new Date(), async () => tz, { onChunk });
    members = r.evaluated;
  }
  const ms = Date.now() - started;
  lag.disable();
  // The bound is on locks: a chunk's lock-free part (the tier job's first sum) may take longer.
  const lockMs = chunks.map((c) => c.lockMs).sort((x, y) => x - y);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    members,
    ms,
    membersPerSec: members / (ms / 1000),
    chunks: chunks.length,
    maxChunkMs: round(Math.max(0, ...chunks.map((c) => c.ms))),
    maxLockMs: round(lockMs[lockMs.length - 1] ?? 0),
    p99LockMs: round(lockMs[Math.floor(lockMs.length * 0.99)] ?? 0),
    maxLockMsCompleted: round(Math.max(0, ...chunks.filter((c) => c.rows > 0).map((c) => c.lockMs))),
    // Chunks given up at the lock budget (and retried smaller): their lock time is the round trip.
    cancelledChunks: chunks.filter((c) => c.rows === 0).length,
    maxLockMsCancelled: round(Math.max(0, ...chunks.filter((c) => c.rows === 0).map((c) => c.lockMs))),
    eventLoopDelayMs: { p99: round(lag.percentile(99) / 1e6), max: round(lag.max / 1e6) },
  };
}

/**
 * Automation over every member: a scheduled scenario ("no purchase for 1 day": the generated
 * history is older, so it reaches everyone) giving 10 points each. The walk starts the runs without
 * locking members; each run is then a transaction of its own with its member locked from the
 * member's row to the commit, which is how long a purchase of that member can wait for it (lock
 * figures).
 */
async function runAutomation() {
  const config = benchConfig();
  const actor = {
    type: "system" as const,
    id: "bench",
    name: "bench",
    companyId: fixture.companyId,
    permissions: new Set<never>(),
    locationIds: null,
    ip: "",
    requestId: "bench",
  };
  await createScenario({
    db,
    config,
    actor,
    now: new Date(),
    input: {
      name: `bench ${Date.now()}`,
      description: "",
      programId: fixture.programId,
      status: "active",
      trigger: { type: "no_purchase", days: 1 },
      conditions: [],
      actions: [{ type: "add_points", points: 10, reason: "bench" }],
      activeFrom: null,
      activeUntil: null,
      frequencyLimit: null,
      templateKey: null,
    },
  });
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const started = Date.now();
  const runs = await runScheduledTriggers(db, new Date());
  const walkMs = Date.now() - started;
  const held: number[] = [];
  while ((await executeDueRuns({ db, config, now: new Date(), limit: 1000, onLockHeld: (ms) => held.push(ms) })) > 0) {}
  const ms = Date.now() - started;
  lag.disable();
  held.sort((x, y) => x - y);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    members: runs,
    ms,
    membersPerSec: runs / (ms / 1000),
    walkMs,
    lockP99Ms: round(held[Math.floor(held.length * 0.99)] ?? 0),
    lockMaxMs: round(held[held.length - 1] ?? 0),
    eventLoopDelayMs: { p99: round(lag.percentile(99) / 1e6), max: round(lag.max / 1e6) },
  };
}

const handlers: Record<string, (args: never) => Promise<unknown>> = {
  init,
  listen,
  sqlLoop,
  runJob,
  runAutomation,
  // Every mismatch, not only their count: one seen after a run must be explainable afterwards.
  verify: () => verifyBalances(db, fixture.companyId),
  query: async (a: { sql: string; params?: unknown[] }) => db.query(a.sql, a.params ?? []),
  close: async () => {
    await app?.close();
    await db?.close();
    setTimeout(() => process.exit(0), 50);
    return true;
  },
};

process.on("message", async (msg: { id: number; cmd: string; args: unknown }) => {
  try {
    const handler = handlers[msg.cmd];
    if (!handler) throw new Error(`unknown command ${msg.cmd}`);
    const result = await handler(msg.args as never);
    process.send?.({ id: msg.id, ok: true, result });
  } catch (err) {
    process.send?.({ id: msg.id, ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) });
  }
});
process.send?.({ ready: true });
