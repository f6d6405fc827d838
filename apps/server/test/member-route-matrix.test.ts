import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../src/platform/sql.js";
import { call, createTestCompany, startTestApp } from "./harness.js";
import { memberMatrixFixtures } from "./matrix/member-fixtures.js";
import { MEMBER_MATRIX_MODULES } from "./matrix/member-modules.js";
import type { MemberMatrixFixtures, MemberRouteCase } from "./matrix/member-types.js";

/**
 * Every member route of the portal (/api/v1/portal/:slug/…), called five ways: without a session
 * (401), with company B's member session on A's slug (401: a session is its company's only), by
 * member A2 for A1's call (404 for A1's ids, or A2's own data: never A1's), without the CSRF token
 * (403) and by A1 (ok). A portal route missing here fails the completeness test.
 */
let f = {} as MemberMatrixFixtures;

beforeAll(async () => {
  const ctx = await startTestApp();
  f = await memberMatrixFixtures(ctx, await createTestCompany(ctx), await createTestCompany(ctx));
  for (const module of MEMBER_MATRIX_MODULES) await module.setup(f);
});
afterAll(() => f.ctx.close());

const secrets = () => [f.memberA1, ...MEMBER_MATRIX_MODULES.flatMap((m) => m.secrets?.() ?? [])];

describe("member route matrix", () => {
  it("covers every /api/v1/portal route: a member case, or a public route named by its module", () => {
    const spec = f.ctx.app.swagger() as { paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> };
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith("/api/v1/portal/"))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([m, op]) => ({
          route: `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`,
          member: Boolean(op.security?.some((s) => "memberCookie" in s)),
        })),
      );
    const cases = new Set(MEMBER_MATRIX_MODULES.flatMap((m) => m.cases.map((c) => c.route)));
    const publicRoutes = new Set(MEMBER_MATRIX_MODULES.flatMap((m) => m.publicRoutes ?? []));
    expect(routes.filter((r) => r.member && !cases.has(r.route)).map((r) => r.route)).toEqual([]);
    expect(routes.filter((r) => !r.member && !publicRoutes.has(r.route)).map((r) => r.route)).toEqual([]);
    // A case for a public route would prove nothing about sessions.
    expect(routes.filter((r) => !r.member && cases.has(r.route)).map((r) => r.route)).toEqual([]);
  });

  it("answers an unknown slug and a switched-off portal alike, with 404", async () => {
    const auth = await f.sessionA1();
    const unknown = await call(f.ctx, { method: "GET", url: "/api/v1/portal/no-such-portal/session", auth });
    expect(unknown.statusCode).toBe(404);
    await f.ctx.db.query(
      sql`insert into portal_settings (company_id, enabled) values (${f.a.companyId}, false)
          on conflict (company_id) do update set enabled = false`,
    );
    try {
      const off = await call(f.ctx, { method: "GET", url: `/api/v1/portal/${f.slugA}/session`, auth });
      expect(off.statusCode).toBe(404);
      expect(off.data.error.code).toBe(unknown.data.error.code);
    } finally {
      await f.ctx.db.query(sql`update portal_settings set enabled = true where company_id = ${f.a.companyId}`);
    }
  });

  it("ends the sessions of a blocked member", async () => {
    const auth = await f.sessionA2();
    const ok = await call(f.ctx, { method: "GET", url: `/api/v1/portal/${f.slugA}/session`, auth });
    expect(ok.statusCode).toBe(200);
    const blocked = await call(f.ctx, {
      method: "PATCH",
      url: `/api/v1/members/${f.memberA2}`,
      auth: f.a.owner,
      body: { status: "blocked", blockedReason: "test" },
    });
    expect(blocked.statusCode, blocked.body).toBe(200);
    try {
      const refused = await call(f.ctx, { method: "GET", url: `/api/v1/portal/${f.slugA}/session`, auth });
      expect(refused.statusCode).toBe(401);
    } finally {
      await call(f.ctx, { method: "PATCH", url: `/api/v1/members/${f.memberA2}`, auth: f.a.owner, body: { status: "active" } });
    }
  });
});

function caseTests(c: MemberRouteCase) {
  it("refuses a request without a session (401)", async () => {
    const res = await call(f.ctx, { ...c.call(), auth: null });
    expect(res.statusCode, res.body).toBe(401);
    expect(res.data.error.code).toBe("unauthenticated");
  });

  it("refuses company B's member session on A's portal (401)", async () => {
    const res = await call(f.ctx, { ...c.call(), auth: await f.sessionB1() });
    expect(res.statusCode, res.body).toBe(401);
  });

  it("refuses a staff session and an owner's cookie: members only (401)", async () => {
    const res = await call(f.ctx, { ...c.call(), auth: f.a.owner });
    expect(res.statusCode, res.body).toBe(401);
  });

  if (c.call().method !== "GET") {
    it("refuses a state change without the CSRF token", async () => {
      const req = c.call();
      const res = await f.ctx.app.inject({
        method: req.method,
        url: req.url,
        headers: { cookie: ((await f.sessionA1()) as { cookie: string }).cookie },
        ...(req.body ? { payload: req.body as object } : {}),
      });
      expect(res.statusCode).toBe(403);
      expect(JSON.parse(res.body).error.code).toBe("csrf_failed");
    });
  }

  it("gives member A2 none of A1's data", async () => {
    const res = await call(f.ctx, { ...c.call(), auth: await f.sessionA2() });
    if (c.otherMember === 404) expect(res.statusCode, res.body).toBe(404);
    else expect(res.statusCode, res.body).toBe(c.ok);
    for (const s of secrets()) expect(res.body).not.toContain(s);
  });

  it("answers member A1", async () => {
    const res = await call(f.ctx, { ...c.call(), auth: await f.sessionA1() });
    expect(res.statusCode, res.body).toBe(c.ok);
  });
}

for (const module of MEMBER_MATRIX_MODULES) {
  for (const c of module.cases) describe(`${module.name}: ${c.route}`, () => caseTests(c));
}
