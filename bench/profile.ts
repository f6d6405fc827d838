/**
 * npx tsx bench/profile.ts [--pg URL] [--members N] [--purchases N] [--op purchase|balance|redeem|card|phone|name] [--n 200]
 *
 * Sequential requests through app.inject with every SQL statement timed: prints the statements
 * one request runs, how often and how long, so the round trips of a hot path are visible.
 */
import { parseArgs } from "node:util";
import { buildApp } from "../apps/server/src/app.js";
import { loadConfig } from "../apps/server/src/config.js";
import { type Db, openPglite, openPostgres, type Queryable } from "../apps/server/src/platform/db.js";
import { statementOf } from "../apps/server/src/platform/db-shared.js";
import { migrate } from "../apps/server/src/platform/migrations.js";
import type { Sql } from "../apps/server/src/platform/sql.js";
import { cardNumber, memberId, phoneOf } from "./lib/generate.js";
import { setupBench } from "./lib/setup.js";

const { values: a } = parseArgs({
  options: {
    pg: { type: "string" },
    members: { type: "string", default: "2000" },
    purchases: { type: "string", default: "20000" },
    op: { type: "string", default: "purchase" },
    n: { type: "string", default: "200" },
  },
});

type Stat = { n: number; ms: number };
const stats = new Map<string, Stat>();
let recording = false;
function timed(q: Queryable): void {
  const orig = q.query.bind(q);
  q.query = (async (statement: Sql | string, params?: unknown[]) => {
    const t = performance.now();
    try {
      return await orig(statement, params);
    } finally {
      if (recording) {
        const key = statementOf(statement).text.replace(/\s+/g, " ").trim().slice(0, 120);
        const s = stats.get(key) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t;
        stats.set(key, s);
      }
    }
  }) as Queryable["query"];
}

const db: Db = a.pg ? await openPostgres(a.pg, 10) : await openPglite();
// It loads its own data set (dropping and rebuilding the secondary indexes, as the generator does),
// so it refuses a database that holds members already: the 1M copy or an installation.
const [table] = await db.query<{ exists: boolean }>("select to_regclass('public.members') is not null as exists");
const held = table?.exists ? await db.query("select 1 from members limit 1") : [];
if (held.length > 0) {
  console.error("profile.ts loads its own data set: give it an empty database (e.g. createdb regulars_profile), not one with members");
  process.exit(2);
}
await migrate(db);
const fx = await setupBench(db, { members: Number(a.members), purchases: Number(a.purchases), seed: 42, verify: false, label: "profile" });
timed(db);
const tx0 = db.transaction.bind(db);
db.transaction = (fn) =>
  tx0((tx) => {
    timed(tx);
    return fn(tx);
  });
const config = loadConfig({
  SECRET_KEY: "bench-secret-key-0123456789abcdef0123456789",
  DATA_DIR: "/tmp/regulars-bench",
  LOG_LEVEL: "silent",
  // Counted like production (the cost is measured) but never reached: the bench sends thousands a second.
  RATE_LIMIT_PER_KEY: "1000000000",
  RATE_LIMIT_PER_ADDRESS: "1000000000",
});
const app = await buildApp({ config, db }, { logger: false });
await app.ready();
const headers = { authorization: `Bearer ${fx.apiKey}` };
const n = Number(a.n);
const req = (i: number) => {
  const m = 1 + ((i * 7919) % fx.members);
  switch (a.op) {
    case "purchase":
      return {
        method: "POST" as const,
        url: "/api/v1/purchases",
        payload: { programId: fx.programId, memberId: memberId(m), receiptNumber: `P${i}`, amount: { amount: 12345, currency: "PLN" } },
      };
    case "balance":
      return { method: "GET" as const, url: `/api/v1/members/${memberId(m)}/balances?programId=${fx.programId}` };
    case "redeem":
      return {
        method: "POST" as const,
        url: "/api/v1/redemptions",
        payload: { memberId: memberId(m), rewardId: fx.rewardId, quantity: 1 },
      };
    case "card":
      return { method: "GET" as const, url: `/api/v1/members?limit=20&q=${cardNumber(m)}` };
    case "phone":
      return { method: "GET" as const, url: `/api/v1/members?limit=20&q=${phoneOf(m).slice(3, 9)}` };
    default:
      return { method: "GET" as const, url: "/api/v1/members?limit=20&q=kowal" };
  }
};
for (let i = 0; i < 20; i++) await app.inject({ ...req(1_000_000 + i), headers });
recording = true;
const t = performance.now();
for (let i = 0; i < n; i++) {
  const res = await app.inject({ ...req(i), headers });
  if (res.statusCode >= 300) throw new Error(`${res.statusCode} ${res.body}`);
}
const total = performance.now() - t;
recording = false;
console.log(`${a.op}: ${(total / n).toFixed(2)} ms per request (${n} sequential, ${db.kind})`);
const rows = [...stats.entries()].sort((x, y) => y[1].ms - x[1].ms);
const sqlMs = rows.reduce((s, [, v]) => s + v.ms, 0);
console.log(`SQL: ${(sqlMs / n).toFixed(2)} ms and ${(rows.reduce((s, [, v]) => s + v.n, 0) / n).toFixed(1)} statements per request`);
for (const [k, v] of rows) console.log(`${(v.n / n).toFixed(1).padStart(5)} x ${(v.ms / n).toFixed(3).padStart(7)} ms  ${k}`);
await app.close();
await db.close();
