import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  countRows,
  createApiKeyVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// API keys' own rate limits and their usage per hour (modules/api-keys/api-key-usage.ts). The sync
// timer is slow (a minute), so the test decides when the in-memory counts reach the table.

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;

beforeAll(async () => {
  // The installation's default per key stays off (0): a key's own limit applies even so.
  ctx = await startTestApp({ config: { RATE_LIMIT_SYNC_MS: "60000", RATE_LIMIT_WINDOW_SECONDS: "60" } });
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

async function keyWith(body: Record<string, unknown>) {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/api-keys",
    auth: a.owner,
    body: { name: unique("key"), scopes: ["company.read"], ...body },
  });
  expect(res.statusCode, res.body).toBe(201);
  return { id: res.data.apiKey.id as string, secret: res.data.secret as string, apiKey: res.data.apiKey };
}

/** Waits, if needed, until the current minute has at least 15 s left, so a few requests share one window. */
async function withinOneWindow() {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100));
}

describe("API key rate limits", () => {
  it("a key's own limit per minute: the request after it answers 429 with Retry-After and the standard error body; RateLimit-* headers on every answer", async () => {
    const key = await keyWith({ rateLimitPerMinute: 3 });
    expect(key.apiKey.rateLimitPerMinute).toBe(3);
    await withinOneWindow();
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["ratelimit-limit"]).toBe("3");
      remaining.push(String(res.headers["ratelimit-remaining"]));
      const reset = Number(res.headers["ratelimit-reset"]);
      expect(reset >= 1 && reset <= 60, String(reset)).toBe(true);
    }
    expect(remaining).toEqual(["2", "1", "0"]);
    const refused = await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } });
    expect(refused.statusCode).toBe(429);
    expect(refused.data).toMatchObject({ error: { code: "rate_limited", details: [] }, requestId: expect.any(String) });
    const retryAfter = Number(refused.headers["retry-after"]);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, String(refused.headers["retry-after"])).toBe(true);
    expect(refused.headers["ratelimit-remaining"]).toBe("0");
    // Another key of the company, without a limit of its own (the default is off here), is not affected.
    const other = await createApiKeyVia(ctx, a.owner, ["company.read"]);
    const free = await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: other.secret } });
    expect(free.statusCode).toBe(200);
    expect(free.headers["ratelimit-limit"]).toBeUndefined();
  });

  it("a limit set by PATCH holds at once; null goes back to the installation's default; the change is audited", async () => {
    const key = await keyWith({});
    expect(key.apiKey.rateLimitPerMinute).toBeNull();
    await withinOneWindow();
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).statusCode).toBe(200);
    const patched = await call(ctx, { method: "PATCH", url: `/api/v1/api-keys/${key.id}`, auth: a.owner, body: { rateLimitPerMinute: 2 } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.data).toMatchObject({ id: key.id, rateLimitPerMinute: 2, name: key.apiKey.name });
    // Requests under no limit were not counted: two more are admitted, the third is refused.
    for (let i = 0; i < 2; i++)
      expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).statusCode).toBe(200);
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).statusCode).toBe(429);
    const cleared = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/api-keys/${key.id}`,
      auth: a.owner,
      body: { rateLimitPerMinute: null },
    });
    expect(cleared.data.rateLimitPerMinute).toBeNull();
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).statusCode).toBe(200);
    const audit = await call(ctx, { method: "GET", url: "/api/v1/audit-log?entityType=api_key", auth: a.owner });
    const updates = audit.data.data.filter(
      (e: { action: string; entityId: string }) => e.action === "api_key.updated" && e.entityId === key.id,
    );
    expect(updates.map((e: { changes: unknown }) => e.changes)).toEqual(
      expect.arrayContaining([{ rateLimitPerMinute: { from: null, to: 2 } }, { rateLimitPerMinute: { from: 2, to: null } }]),
    );
  });

  it.each([
    ["rateLimitPerMinute", { rateLimitPerMinute: 0 }],
    ["rateLimitPerMinute", { rateLimitPerMinute: 1.5 }],
    ["rateLimitPerMinute", { rateLimitPerMinute: 2_000_000 }],
    ["rateLimitPerMinute", { rateLimitPerMinute: "10" }],
  ])("refuses a bad %s on create and on PATCH, writing nothing", async (path, body) => {
    const before = await countRows(ctx.db, "api_keys", "company_id = $1", [a.companyId]);
    const created = await call(ctx, {
      method: "POST",
      url: "/api/v1/api-keys",
      auth: a.owner,
      body: { name: "k", scopes: ["company.read"], ...body },
    });
    expect(created.statusCode).toBe(400);
    expect(created.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "api_keys", "company_id = $1", [a.companyId])).toBe(before);
    const key = await createApiKeyVia(ctx, a.owner, ["company.read"]);
    const patched = await call(ctx, { method: "PATCH", url: `/api/v1/api-keys/${key.id}`, auth: a.owner, body });
    expect(patched.statusCode).toBe(400);
    expect(patched.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    const listed = await call(ctx, { method: "GET", url: "/api/v1/api-keys", auth: a.owner });
    expect(listed.data.data.find((k: { id: string }) => k.id === key.id).rateLimitPerMinute).toBeNull();
  });
});

describe("API key usage", () => {
  it("counts each request made with a key per hour (answered, client errors, refused) without writing per request; the usage route shows them after a sync", async () => {
    const key = await keyWith({ scopes: ["company.read"], rateLimitPerMinute: 3 });
    await withinOneWindow();
    for (let i = 0; i < 3; i++)
      expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).statusCode).toBe(200);
    // Outside the key's scopes: 403.
    expect((await call(ctx, { method: "GET", url: "/api/v1/locations", auth: { apiKey: key.secret } })).statusCode).toBe(403);
    // Refused by its schema before the key is checked: 400, still the key's (this process knows its secret).
    const bad = await call(ctx, { method: "GET", url: "/api/v1/members?limit=0", auth: { apiKey: key.secret } });
    expect(bad.statusCode).toBe(400);
    // The fourth admitted one in the minute (refusals by scope or schema are not counted against the limit): 429.
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).statusCode).toBe(429);
    // Counted in memory only so far.
    expect(await countRows(ctx.db, "api_key_usage", "key_id = $1", [key.id])).toBe(0);
    await ctx.app.apiKeyUsage.sync();
    const rows = await ctx.db.query<{ requests: number; client_errors: number; server_errors: number; refused: number }>(
      "select requests, client_errors, server_errors, refused from api_key_usage where company_id = $1 and key_id = $2",
      [a.companyId, key.id],
    );
    expect(rows).toEqual([{ requests: 6, client_errors: 2, server_errors: 0, refused: 1 }]);

    const usage = await call(ctx, { method: "GET", url: `/api/v1/api-keys/${key.id}/usage`, auth: a.owner });
    expect(usage.statusCode, usage.body).toBe(200);
    expect(usage.data.interval).toBe("hour");
    expect(usage.data.totals).toEqual({ requests: 6, clientErrors: 2, serverErrors: 0, refused: 1 });
    expect(usage.data.series).toHaveLength(25);
    const hour = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000).toISOString();
    expect(usage.data.series.find((p: { start: string }) => p.start === hour)).toMatchObject({ requests: 6, clientErrors: 2, refused: 1 });

    // The same requests by day (the company's days).
    const daily = await call(ctx, { method: "GET", url: `/api/v1/api-keys/${key.id}/usage?interval=day`, auth: a.owner });
    expect(daily.statusCode, daily.body).toBe(200);
    expect(daily.data.totals.requests).toBe(6);
    expect(daily.data.series.length).toBeGreaterThanOrEqual(30);
    expect(daily.data.series.at(-1).requests).toBe(6);

    // A window without the requests: zeros.
    const earlier = await call(ctx, {
      method: "GET",
      url: `/api/v1/api-keys/${key.id}/usage?from=2026-01-01T00:00:00Z&to=2026-01-01T03:00:00Z`,
      auth: a.owner,
    });
    expect(earlier.data.series.map((p: { requests: number }) => p.requests)).toEqual([0, 0, 0]);

    // More requests are added to the same hour's row at the next sync.
    expect((await call(ctx, { method: "GET", url: "/api/v1/api-keys", auth: { apiKey: key.secret } })).statusCode).toBe(403);
    await ctx.app.apiKeyUsage.sync();
    const again = await call(ctx, { method: "GET", url: `/api/v1/api-keys/${key.id}/usage`, auth: a.owner });
    expect(again.data.totals).toEqual({ requests: 7, clientErrors: 3, serverErrors: 0, refused: 1 });
  });

  it("another company's key is not found; a key of the company's own is readable with api_keys.read", async () => {
    const key = await keyWith({});
    const other = await call(ctx, { method: "GET", url: `/api/v1/api-keys/${key.id}/usage`, auth: b.owner });
    expect(other.statusCode).toBe(404);
    const patched = await call(ctx, { method: "PATCH", url: `/api/v1/api-keys/${key.id}`, auth: b.owner, body: { rateLimitPerMinute: 1 } });
    expect(patched.statusCode).toBe(404);
    expect((await call(ctx, { method: "GET", url: "/api/v1/api-keys/key_nope/usage", auth: a.owner })).statusCode).toBe(404);
  });

  it.each([
    ["query.to", "from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z", "after_from"],
    ["query.to", "from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "span_at_most_days"],
    ["query.to", "interval=day&from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z", "span_at_most_days"],
    ["query.from", "from=yesterday", "datetime"],
    ["query.interval", "interval=week", "invalid_option"],
  ])("refuses a bad %s (%s)", async (path, query, code) => {
    const key = await keyWith({});
    const res = await call(ctx, { method: "GET", url: `/api/v1/api-keys/${key.id}/usage?${query}`, auth: a.owner });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details).toEqual([expect.objectContaining({ path, code })]);
  });
});
