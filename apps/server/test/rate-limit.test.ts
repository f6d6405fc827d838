import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { type Db, openPostgres } from "../src/platform/db.js";
import type { App } from "../src/platform/http.js";
import { createRateLimiter } from "../src/platform/rate-limit.js";
import {
  call,
  createApiKeyVia,
  createTestCompany,
  DATABASE_URL,
  startTestApp,
  type TestCompany,
  type TestContext,
  testConfig,
} from "./harness.js";
import { reportReliability } from "./reliability.js";

// The API's rate limits per key and per address (platform/rate-limit.ts), shared by processes
// through one table. Windows of an hour, so a test never straddles a window's end in practice;
// the sync timer is slow, so the tests decide when processes exchange their counts.

let ctx: TestContext;
let a: TestCompany;
const opened: { app: App; db?: Db }[] = [];
const figures = { requests: 0, refused: 0, admittedAcrossTwoProcesses: 0, sharedLimit: 10 };

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});

afterAll(async () => {
  for (const o of opened) {
    await o.app.close();
    await o.db?.close();
  }
  await ctx.close();
  reportReliability("rate-limits", figures);
});

/** Another web process: its own app (and on PostgreSQL its own connection pool) over the same database. */
async function limitedApp(limits: { perKey?: number; perAddress?: number }, ownPool = false): Promise<TestContext> {
  const config = testConfig({
    RATE_LIMIT_PER_KEY: String(limits.perKey ?? 0),
    RATE_LIMIT_PER_ADDRESS: String(limits.perAddress ?? 0),
    RATE_LIMIT_WINDOW_SECONDS: "3600",
    RATE_LIMIT_SYNC_MS: "60000",
  });
  const db = ownPool && DATABASE_URL ? await openPostgres(DATABASE_URL, 2) : undefined;
  const app = await buildApp({ config, db: db ?? ctx.db }, { logger: false });
  await app.ready();
  opened.push({ app, db });
  return { app, db: db ?? ctx.db, config, close: async () => undefined };
}

const randomIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

async function get(t: TestContext, opts: { apiKey?: string; ip?: string; url?: string }) {
  const res = await call(t, {
    method: "GET",
    url: opts.url ?? "/api/v1/company",
    auth: opts.apiKey ? { apiKey: opts.apiKey } : null,
    ip: opts.ip,
  });
  figures.requests += 1;
  if (res.statusCode === 429) figures.refused += 1;
  return res;
}

function expectRefused(res: Awaited<ReturnType<typeof get>>) {
  expect(res.statusCode, res.body).toBe(429);
  expect(res.data.error.code).toBe("rate_limited");
  const retryAfter = Number(res.headers["retry-after"]);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 3600, String(res.headers["retry-after"])).toBe(true);
}

describe("API rate limits", () => {
  it("per API key: the request after the limit answers 429 rate_limited with Retry-After; another key is not affected", async () => {
    const t = await limitedApp({ perKey: 5 });
    const key = await createApiKeyVia(ctx, a.owner, ["company.read"]);
    const other = await createApiKeyVia(ctx, a.owner, ["company.read"]);
    for (let i = 0; i < 5; i++) expect((await get(t, { apiKey: key.secret, ip: randomIp() })).statusCode).toBe(200);
    expectRefused(await get(t, { apiKey: key.secret, ip: randomIp() }));
    expect((await get(t, { apiKey: other.secret })).statusCode).toBe(200);
    // Staff sessions are limited per address only.
    for (let i = 0; i < 6; i++) expect((await call(t, { method: "GET", url: "/api/v1/company", auth: a.owner })).statusCode).toBe(200);
  });

  it("per client address: counted before authentication (bad credentials too), only on /api", async () => {
    const t = await limitedApp({ perAddress: 4 });
    const ip = randomIp();
    expect((await get(t, { ip, apiKey: "rgl_made_up" })).statusCode).toBe(401);
    for (let i = 0; i < 3; i++) expect((await get(t, { ip })).statusCode).toBe(401);
    expectRefused(await get(t, { ip }));
    expectRefused(await get(t, { ip, url: "/api/v1/health" }));
    expect((await get(t, { ip, url: "/" })).statusCode).toBe(302);
    expect((await get(t, { ip: randomIp() })).statusCode).toBe(401);
  });

  it("two processes on one database share the count (within one sync of each other)", async () => {
    const first = await limitedApp({ perKey: 10 }, true);
    const second = await limitedApp({ perKey: 10 }, true);
    const key = await createApiKeyVia(ctx, a.owner, ["company.read"]);
    const keyId = key.id;
    let admitted = 0;
    for (let i = 0; i < 6; i++) if ((await get(first, { apiKey: key.secret })).statusCode === 200) admitted++;
    await first.app.rateLimiter?.sync();
    // The second process admits one before its first sync tells it of the first's six (the tolerance).
    if ((await get(second, { apiKey: key.secret })).statusCode === 200) admitted++;
    await second.app.rateLimiter?.sync();
    for (let i = 0; i < 5; i++) if ((await get(second, { apiKey: key.secret })).statusCode === 200) admitted++;
    expect(admitted).toBe(10);
    expectRefused(await get(second, { apiKey: key.secret }));
    await second.app.rateLimiter?.sync();
    await first.app.rateLimiter?.sync();
    // The first process learns at its sync that the shared window is full.
    expectRefused(await get(first, { apiKey: key.secret }));
    const [row] = await ctx.db.query<{ hits: number }>("select hits from rate_limit_hits where bucket = $1", [`key:${keyId}`]);
    expect(row?.hits).toBe(10);
    figures.admittedAcrossTwoProcesses = admitted;
  });

  it("a new window starts from zero; the ended window's counts still reach the shared row; Retry-After is the rest of the window", async () => {
    const limiter = createRateLimiter(ctx.db, { windowSeconds: 60, syncMs: 60_000, timer: false });
    const bucket = `test:${randomIp()}:${Date.now()}`;
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    for (let i = 0; i < 3; i++) expect(limiter.hit(bucket, 3, start + 1000).ok).toBe(true);
    expect(limiter.hit(bucket, 3, start + 10_000)).toEqual({ ok: false, retryAfterSeconds: 50 });
    expect(limiter.hit(bucket, 3, start + 60_000).ok).toBe(true);
    await limiter.sync(start + 60_001);
    const rows = await ctx.db.query<{ window_start: Date; hits: number }>(
      "select window_start, hits from rate_limit_hits where bucket = $1 order by window_start",
      [bucket],
    );
    expect(rows.map((r) => [new Date(r.window_start).getTime() - start, r.hits])).toEqual([
      [0, 3],
      [60_000, 1],
    ]);
    await limiter.stop();
  });

  it("the test harness and defaults: limits off in tests, generous by default", () => {
    expect(ctx.config.rateLimit).toMatchObject({ perKey: 0, perAddress: 0, widgetPerAddress: 0 });
    // The limiter exists even so: a key may carry a limit of its own (api-key-usage.test.ts).
    const defaults = testConfig({ RATE_LIMIT_PER_KEY: "", RATE_LIMIT_PER_ADDRESS: "", RATE_LIMIT_WIDGET_PER_ADDRESS: "" }).rateLimit;
    expect(defaults).toEqual({ perKey: 6000, perAddress: 12000, widgetPerAddress: 300, windowSeconds: 60, syncMs: 1000 });
  });
});
