import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { API_POLICY, PAGE_POLICY } from "../src/platform/security-headers.js";
import { call, createTestCompany, PASSWORD, startTestApp, type TestCompany, type TestContext, testConfig } from "./harness.js";
import { reportReliability } from "./reliability.js";

// Security headers, the session cookie's flags, and 5xx answers that say nothing of the inside.
// A database of its own: one test renames a table and the last closes the connection.

let ctx: TestContext;
let a: TestCompany;
const figures = { internalErrorsProvoked: 0, leaks: 0 };
const GENERIC = "Something went wrong on our side. Quote the request id when you report it.";

beforeAll(async () => {
  ctx = await startTestApp({ empty: true });
  a = await createTestCompany(ctx);
});

afterAll(async () => {
  await ctx.close();
  reportReliability("internal-errors", figures);
});

async function withApp<T>(env: Record<string, string>, fn: (t: TestContext) => Promise<T>): Promise<T> {
  const config = testConfig(env);
  const app = await buildApp({ config, db: ctx.db }, { logger: false });
  try {
    return await fn({ app, db: ctx.db, config, close: async () => undefined });
  } finally {
    await app.close();
  }
}

/** A 500 carries the generic message and the request id, nothing else: no stack, no SQL, no table. */
function expectOpaque500(res: Awaited<ReturnType<typeof call>>) {
  expect(res.statusCode, res.body).toBe(500);
  figures.internalErrorsProvoked += 1;
  expect(res.data).toEqual({ error: { code: "internal", message: GENERIC, details: [] }, requestId: expect.stringMatching(/^req_/) });
  expect(res.headers["x-request-id"]).toBe(res.data.requestId);
  for (const leak of [
    /select|insert|relation|column|members|sql/i,
    /\bat \S+ \(/,
    /\.ts:\d+|\.js:\d+/,
    /pglite|postgres|pg-pool|closed/i,
  ]) {
    if (leak.test(res.body)) figures.leaks += 1;
    expect(res.body).not.toMatch(leak);
  }
}

describe("security headers", () => {
  it("every API answer carries the strict policy and the helmet headers; no HSTS over http", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner });
    expect(res.statusCode).toBe(200);
    expect(res.headers).toMatchObject({
      "content-security-policy": API_POLICY,
      "x-content-type-options": "nosniff",
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "cross-origin-opener-policy": "same-origin",
    });
    expect(res.headers["strict-transport-security"]).toBeUndefined();
    const missing = await call(ctx, { method: "GET", url: "/api/v1/nothing-here" });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers["content-security-policy"]).toBe(API_POLICY);
  });

  it("HTML pages get the page policy (scripts only from the server itself)", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/docs" });
    expect(res.headers["content-type"]).toMatch(/^text\/html/);
    expect(res.headers["content-security-policy"]).toBe(PAGE_POLICY);
    expect(PAGE_POLICY).toContain("script-src 'self';");
    expect(PAGE_POLICY).toContain("frame-ancestors 'none'");
  });

  it("with an https PUBLIC_URL: HSTS, and the session cookie is Secure", async () => {
    await withApp({ PUBLIC_URL: "https://loyalty.example.com" }, async (t) => {
      const res = await call(t, { method: "POST", url: "/api/v1/auth/login", body: { email: a.ownerEmail, password: PASSWORD } });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
      const cookie = String(res.headers["set-cookie"]);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Lax/);
    });
  });
});

describe("session cookie", () => {
  it("is HttpOnly, SameSite=Lax, Path=/, with a lifetime, not Secure over plain http; sign-out clears it", async () => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/auth/login", body: { email: a.ownerEmail, password: PASSWORD } });
    expect(res.statusCode, res.body).toBe(200);
    const cookie = String(res.headers["set-cookie"]);
    const attributes = cookie.split(";").map((p) => p.trim());
    expect(attributes[0]).toMatch(/^regulars_session=.{20,}/);
    expect(attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/", `Max-Age=${ctx.config.sessionTtlHours * 3600}`]),
    );
    expect(attributes).not.toContain("Secure");
    const out = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/logout",
      headers: { cookie: attributes[0] as string, "x-csrf-token": res.data.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers["set-cookie"])).toMatch(/regulars_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
  });
});

describe("internal errors", () => {
  it("a database error (a table gone) answers the generic 500 with the request id, no SQL or stack", async () => {
    await ctx.db.query("alter table members rename to members_gone");
    try {
      expectOpaque500(await call(ctx, { method: "GET", url: "/api/v1/members", auth: a.owner }));
      expectOpaque500(
        await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { firstName: "Ala", email: "ala@example.com" } }),
      );
    } finally {
      await ctx.db.query("alter table members_gone rename to members");
    }
    expect((await call(ctx, { method: "GET", url: "/api/v1/members", auth: a.owner })).statusCode).toBe(200);
  });

  it("a lost database connection answers the same generic 500", async () => {
    await ctx.db.close();
    // Closed here already: the file's teardown (ctx.close) must not close it twice.
    Object.assign(ctx.db, { close: async () => undefined });
    expectOpaque500(await call(ctx, { method: "GET", url: "/api/v1/members", auth: a.owner }));
    expectOpaque500(await call(ctx, { method: "POST", url: "/api/v1/auth/login", body: { email: a.ownerEmail, password: PASSWORD } }));
  });
});
