import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Auth,
  addStaff,
  type Call,
  call,
  createApiKeyVia,
  createLocationVia,
  createTestCompany,
  login,
  PASSWORD,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

/**
 * Every /api/v1 route, called four ways: without credentials (401), by a signed-in member who
 * lacks the permission (403), by another company's owner and API key (refused, or answered only
 * with that company's own data; never A's), and by the owner (2xx). A route missing from this
 * table fails the completeness test, so new routes get the same checks.
 */
let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let aLocation: string;
let aKey: { id: string; secret: string };
let aStaffId: string;
let noPermissionsA: Auth;
let noPermissionsEmail: string;
let bKey: Auth;

interface RouteCase {
  route: string;
  call: () => Call;
  /** Permission the route needs; null = any signed-in staff session. */
  permission: string | null;
  /** How another company's credentials are refused: 404 for A's ids, or "own" data only. */
  otherCompany: 404 | 403 | "own";
  ok: number;
  /** The call ends the session it uses (logout): run it on fresh sign-ins. */
  consumesSession?: boolean;
}

const cases: RouteCase[] = [
  {
    route: "GET /api/v1/auth/session",
    call: () => ({ method: "GET", url: "/api/v1/auth/session" }),
    permission: null,
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "POST /api/v1/auth/switch-company",
    call: () => ({ method: "POST", url: "/api/v1/auth/switch-company", body: { companyId: a.companyId } }),
    permission: null,
    otherCompany: 403,
    ok: 200,
  },
  {
    route: "POST /api/v1/auth/password",
    call: () => ({
      method: "POST",
      url: "/api/v1/auth/password",
      body: { currentPassword: "wrong-password-1", newPassword: "new-password-123" },
    }),
    permission: null,
    otherCompany: "own",
    ok: 400,
  },
  {
    route: "PATCH /api/v1/auth/profile",
    call: () => ({ method: "PATCH", url: "/api/v1/auth/profile", body: { language: "pl" } }),
    permission: null,
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "POST /api/v1/auth/logout",
    call: () => ({ method: "POST", url: "/api/v1/auth/logout" }),
    permission: null,
    otherCompany: "own",
    ok: 204,
    consumesSession: true,
  },
  {
    route: "GET /api/v1/company",
    call: () => ({ method: "GET", url: "/api/v1/company" }),
    permission: "company.read",
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "PATCH /api/v1/company",
    call: () => ({ method: "PATCH", url: "/api/v1/company", body: { description: "x" } }),
    permission: "company.write",
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "POST /api/v1/companies",
    call: () => ({ method: "POST", url: "/api/v1/companies", body: { name: unique("New ") } }),
    permission: "operator",
    otherCompany: 403,
    ok: 201,
  },
  {
    route: "GET /api/v1/locations",
    call: () => ({ method: "GET", url: "/api/v1/locations" }),
    permission: "locations.read",
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "GET /api/v1/locations/:id",
    call: () => ({ method: "GET", url: `/api/v1/locations/${aLocation}` }),
    permission: "locations.read",
    otherCompany: 404,
    ok: 200,
  },
  {
    route: "POST /api/v1/locations",
    call: () => ({ method: "POST", url: "/api/v1/locations", body: { name: unique("L") } }),
    permission: "locations.write",
    otherCompany: "own",
    ok: 201,
  },
  {
    route: "PATCH /api/v1/locations/:id",
    call: () => ({ method: "PATCH", url: `/api/v1/locations/${aLocation}`, body: { phone: "+48 600 100 200" } }),
    permission: "locations.write",
    otherCompany: 404,
    ok: 200,
  },
  {
    route: "GET /api/v1/roles",
    call: () => ({ method: "GET", url: "/api/v1/roles" }),
    permission: "staff.read",
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "GET /api/v1/staff",
    call: () => ({ method: "GET", url: "/api/v1/staff" }),
    permission: "staff.read",
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "GET /api/v1/staff/:id",
    call: () => ({ method: "GET", url: `/api/v1/staff/${aStaffId}` }),
    permission: "staff.read",
    otherCompany: 404,
    ok: 200,
  },
  {
    route: "POST /api/v1/staff",
    call: () => ({
      method: "POST",
      url: "/api/v1/staff",
      body: { email: `${unique()}@example.com`, name: "N", password: "password-1234", role: "cashier" },
    }),
    permission: "staff.write",
    otherCompany: "own",
    ok: 201,
  },
  {
    route: "PATCH /api/v1/staff/:id",
    call: () => ({ method: "PATCH", url: `/api/v1/staff/${aStaffId}`, body: { role: "analyst" } }),
    permission: "staff.write",
    otherCompany: 404,
    ok: 200,
  },
  {
    route: "DELETE /api/v1/staff/:id",
    call: () => ({ method: "DELETE", url: `/api/v1/staff/${aStaffId}` }),
    permission: "staff.write",
    otherCompany: 404,
    ok: 204,
  },
  {
    route: "GET /api/v1/api-keys",
    call: () => ({ method: "GET", url: "/api/v1/api-keys" }),
    permission: "api_keys.read",
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "POST /api/v1/api-keys",
    call: () => ({ method: "POST", url: "/api/v1/api-keys", body: { name: "k", scopes: ["locations.read"] } }),
    permission: "api_keys.write",
    otherCompany: "own",
    ok: 201,
  },
  {
    route: "DELETE /api/v1/api-keys/:id",
    call: () => ({ method: "DELETE", url: `/api/v1/api-keys/${aKey.id}` }),
    permission: "api_keys.write",
    otherCompany: 404,
    ok: 200,
  },
  {
    route: "GET /api/v1/audit-log",
    call: () => ({ method: "GET", url: "/api/v1/audit-log" }),
    permission: "audit.read",
    otherCompany: "own",
    ok: 200,
  },
  {
    route: "POST /api/v1/media",
    call: () => ({ method: "POST", url: "/api/v1/media" }),
    permission: "company.write",
    otherCompany: "own",
    ok: 400,
  },
];

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx, { operator: true });
  b = await createTestCompany(ctx);
  aLocation = await createLocationVia(ctx, a.owner);
  aKey = await createApiKeyVia(ctx, a.owner, ["locations.read"]);
  aStaffId = (await addStaff(ctx, a, "marketer")).id;
  const bare = await addStaff(ctx, a, "cashier", { permissions: [] });
  noPermissionsA = bare.auth;
  noPermissionsEmail = bare.email;
  bKey = {
    apiKey: (
      await createApiKeyVia(ctx, b.owner, [
        "company.read",
        "company.write",
        "locations.read",
        "locations.write",
        "staff.read",
        "audit.read",
      ])
    ).secret,
  };
});
afterAll(() => ctx.close());

describe("route matrix", () => {
  it("covers every /api/v1 route of the app", () => {
    const spec = ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith("/api/v1"))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`));
    const covered = new Set(cases.map((c) => c.route));
    const publicRoutes = ["POST /api/v1/auth/login", "GET /api/v1/setup", "POST /api/v1/setup"];
    expect(routes.filter((r) => !covered.has(r) && !publicRoutes.includes(r))).toEqual([]);
  });

  for (const c of cases) {
    describe(c.route, () => {
      const owner = async () => (c.consumesSession ? login(ctx, a.ownerEmail, PASSWORD) : a.owner);
      const otherOwner = async () => (c.consumesSession ? login(ctx, b.ownerEmail, PASSWORD) : b.owner);
      const withoutPermission = async () => (c.consumesSession ? login(ctx, noPermissionsEmail, PASSWORD) : noPermissionsA);
      it("refuses a request without credentials (401)", async () => {
        const res = await call(ctx, { ...c.call(), auth: null });
        expect(res.statusCode).toBe(401);
        expect(res.data.error.code).toBe("unauthenticated");
      });

      it("refuses a state change without the CSRF token", async () => {
        const req = c.call();
        if (req.method === "GET") return;
        const res = await ctx.app.inject({
          method: req.method,
          url: req.url,
          headers: { cookie: (await owner()).cookie },
          ...(req.body ? { payload: req.body as object } : {}),
        });
        expect(res.statusCode).toBe(403);
        expect(JSON.parse(res.body).error.code).toBe("csrf_failed");
      });

      if (c.permission) {
        it("refuses a member without the permission (403)", async () => {
          const res = await call(ctx, { ...c.call(), auth: await withoutPermission() });
          expect(res.statusCode).toBe(403);
        });
      }

      it("refuses another company's staff session", async () => {
        const res = await call(ctx, { ...c.call(), auth: await otherOwner() });
        if (c.otherCompany === "own") {
          expect(res.statusCode).toBeLessThan(500);
          expect(res.body).not.toContain(a.companyId);
          expect(res.body).not.toContain(aLocation);
        } else {
          expect(res.statusCode).toBe(c.otherCompany);
        }
      });

      if (c.permission !== null && c.permission !== "operator") {
        it("refuses another company's API key", async () => {
          const res = await call(ctx, { ...c.call(), auth: bKey });
          expect([401, 403, 404, 400, 200, 201, 204]).toContain(res.statusCode);
          if (c.otherCompany === 404) expect([403, 404]).toContain(res.statusCode);
          expect(res.body).not.toContain(a.companyId);
          expect(res.body).not.toContain(aLocation);
        });
      }

      it("answers the owner", async () => {
        const res = await call(ctx, { ...c.call(), auth: await owner() });
        expect(res.statusCode, res.body).toBe(c.ok);
      });
    });
  }

  it("gives the same answer for another company's id as for an id that does not exist", async () => {
    const foreign = await call(ctx, { method: "GET", url: `/api/v1/locations/${aLocation}`, auth: b.owner });
    const missing = await call(ctx, { method: "GET", url: "/api/v1/locations/loc_doesnotexist", auth: b.owner });
    expect(foreign.statusCode).toBe(missing.statusCode);
    expect(foreign.data.error.code).toBe(missing.data.error.code);
    expect(foreign.data.error.message).toBe(missing.data.error.message);
  });
});
