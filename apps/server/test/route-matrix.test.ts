import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff, call, createApiKeyVia, createTestCompany, login, PASSWORD, startTestApp, unique } from "./harness.js";
import { MATRIX_MODULES } from "./matrix/modules.js";
import type { MatrixFixtures, MatrixModule, RouteCase } from "./matrix/types.js";

/**
 * Every /api/v1 route, called four ways: without credentials (401), by a signed-in member who
 * lacks the permission (403), by another company's owner and API key (refused, or answered only
 * with that company's own data; never A's), and by the owner (2xx). A route missing from these
 * modules fails the completeness test, so new routes get the same checks.
 */
const MODULES: MatrixModule[] = MATRIX_MODULES;
/** Routes without credentials; each has an isolation test of its own (the invitation's is below). */
const PUBLIC_ROUTES = [
  "POST /api/v1/auth/login",
  "GET /api/v1/setup",
  "POST /api/v1/setup",
  "GET /api/v1/invitations/:token",
  "POST /api/v1/invitations/:token/accept",
  // A shop's webhooks: its signature is the credential (connectors.test.ts: B's secret on A's URL is refused).
  "POST /api/v1/connect/:shopId",
];

const f = {} as MatrixFixtures;

beforeAll(async () => {
  f.ctx = await startTestApp();
  f.a = await createTestCompany(f.ctx, { operator: true });
  f.b = await createTestCompany(f.ctx);
  const bare = await addStaff(f.ctx, f.a, "cashier", { permissions: [] });
  f.noPermissionsA = bare.auth;
  f.noPermissionsEmail = bare.email;
  const allScopes = (await call(f.ctx, { method: "GET", url: "/api/v1/api-keys", auth: f.b.owner })).data.scopes as string[];
  f.bKey = { apiKey: (await createApiKeyVia(f.ctx, f.b.owner, allScopes)).secret };
  for (const module of MODULES) await module.setup(f);
});
afterAll(() => f.ctx.close());

const secrets = () => [f.a.companyId, ...MODULES.flatMap((m) => m.secrets?.() ?? [])];

describe("route matrix", () => {
  it("covers every /api/v1 route of the app", () => {
    const spec = f.ctx.app.swagger() as { paths: Record<string, Record<string, unknown>> };
    // The portal's and the widget's member routes have their own matrices: member-route-matrix.test.ts, widget-route-matrix.test.ts.
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith("/api/v1") && !path.startsWith("/api/v1/portal/") && !path.startsWith("/api/v1/widget/"))
      .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`));
    const covered = new Set(MODULES.flatMap((m) => m.cases.map((c) => c.route)));
    expect(routes.filter((r) => !covered.has(r) && !PUBLIC_ROUTES.includes(r))).toEqual([]);
  });

  it("gives the same answer for another company's id as for an id that does not exist", async () => {
    const aLocation = (await call(f.ctx, { method: "GET", url: "/api/v1/locations", auth: f.a.owner })).data.data[0].id;
    const foreign = await call(f.ctx, { method: "GET", url: `/api/v1/locations/${aLocation}`, auth: f.b.owner });
    const missing = await call(f.ctx, { method: "GET", url: "/api/v1/locations/loc_doesnotexist", auth: f.b.owner });
    expect(foreign.statusCode).toBe(missing.statusCode);
    expect(foreign.data.error).toEqual(missing.data.error);
  });

  it("answers the public invitation routes only for the token's own invitation, whoever is signed in", async () => {
    const email = `${unique("public-invite")}@example.com`;
    const sent = await call(f.ctx, { method: "POST", url: "/api/v1/staff/invitations", auth: f.a.owner, body: { email, role: "analyst" } });
    const token = /\/admin\/invite\/([\w-]+)$/.exec(sent.data.inviteUrl)?.[1] as string;
    // An unknown token and a closed one answer alike, and name no invitation.
    const unknown = await call(f.ctx, { method: "GET", url: "/api/v1/invitations/not-a-token" });
    expect(unknown.statusCode).toBe(404);
    const preview = await call(f.ctx, { method: "GET", url: `/api/v1/invitations/${token}` });
    expect(Object.keys(preview.data).sort()).toEqual(["companyName", "email", "existingAccount", "expiresAt"]);
    expect(preview.data.email).toBe(email);
    for (const s of secrets()) expect(preview.body).not.toContain(s);
    // Company B's owner's session sent along does not change whose invitation it is or what it joins.
    const accepted = await call(f.ctx, {
      method: "POST",
      url: `/api/v1/invitations/${token}/accept`,
      auth: f.b.owner,
      body: { name: "Public Person", password: "linden-orbit-kettle" },
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.data.staff.email).toBe(email);
    expect(accepted.data.memberships.map((m: { company: { id: string } }) => m.company.id)).toEqual([f.a.companyId]);
    const bSession = await call(f.ctx, { method: "GET", url: "/api/v1/auth/session", auth: f.b.owner });
    expect(bSession.data.companyId).toBe(f.b.companyId);
    const used = await call(f.ctx, { method: "GET", url: `/api/v1/invitations/${token}` });
    expect(used.statusCode).toBe(404);
    expect(used.data.error).toEqual(unknown.data.error);
  });
});

/** The case's URL with every id of its path replaced by one that exists nowhere (same prefix, so format checks pass). */
function withUnknownIds(c: RouteCase, url: string): string | null {
  const [path = "", query] = url.split("?");
  const pattern = c.route.split(" ")[1]?.split("/") ?? [];
  const parts = path.split("/");
  let replaced = false;
  const swapped = parts.map((part, i) => {
    const param = pattern[i]?.startsWith(":") ? pattern[i]?.slice(1) : null;
    if (!param || c.notIds?.includes(param)) return part;
    replaced = true;
    const prefix = /^([a-z]{3})_/.exec(part)?.[1];
    return prefix ? `${prefix}_00000000000000000000000000` : "UNKNOWN0000";
  });
  if (!replaced) return null;
  return swapped.join("/") + (query === undefined ? "" : `?${query}`);
}

for (const module of MODULES) {
  for (const c of module.cases) {
    describe(`${module.name}: ${c.route}`, () => {
      const owner = async () => (c.consumesSession ? login(f.ctx, f.a.ownerEmail, PASSWORD) : f.a.owner);
      const otherOwner = async () => (c.consumesSession ? login(f.ctx, f.b.ownerEmail, PASSWORD) : f.b.owner);
      const withoutPermission = async () => (c.consumesSession ? login(f.ctx, f.noPermissionsEmail, PASSWORD) : f.noPermissionsA);

      it("refuses a request without credentials (401)", async () => {
        const res = await call(f.ctx, { ...c.call(), auth: null });
        expect(res.statusCode).toBe(401);
        expect(res.data.error.code).toBe("unauthenticated");
      });

      if (c.call().method !== "GET") {
        it("refuses a state change without the CSRF token", async () => {
          const req = c.call();
          const res = await f.ctx.app.inject({
            method: req.method,
            url: req.url,
            headers: { cookie: (await owner()).cookie },
            ...(req.body ? { payload: req.body as object } : {}),
          });
          expect(res.statusCode).toBe(403);
          expect(JSON.parse(res.body).error.code).toBe("csrf_failed");
        });
      }

      if (c.permission !== null) {
        it("refuses a member without the permission (403)", async () => {
          const res = await call(f.ctx, { ...c.call(), auth: await withoutPermission() });
          expect(res.statusCode).toBe(403);
        });
      }

      it("refuses another company's staff session", async () => {
        const res = await call(f.ctx, { ...c.call(), auth: await otherOwner() });
        if (c.otherCompany === "own") expect(res.statusCode).toBeLessThan(500);
        else expect(res.statusCode).toBe(c.otherCompany);
        for (const s of secrets()) expect(res.body).not.toContain(s);
      });

      if (c.permission !== null && c.permission !== "operator") {
        it("refuses another company's API key", async () => {
          const res = await call(f.ctx, { ...c.call(), auth: f.bKey });
          expect(res.statusCode).toBeLessThan(500);
          if (c.otherCompany === 404) expect([403, 404]).toContain(res.statusCode);
          for (const s of secrets()) expect(res.body).not.toContain(s);
        });
      }

      // Own id (the owner's answer above), an id that exists nowhere, and the same id asked by
      // another company: the last two must be indistinguishable, and neither may succeed.
      const unknownUrl = withUnknownIds(c, c.call().url);
      if (unknownUrl) {
        it("answers another company's id exactly like an unknown id, and an unknown id with 404", async () => {
          const unknownCall = { ...c.call(), url: unknownUrl };
          const unknownToOwner = await call(f.ctx, { ...unknownCall, auth: await owner() });
          expect(unknownToOwner.statusCode, unknownToOwner.body).toBe(404);
          const foreign = await call(f.ctx, { ...c.call(), auth: await otherOwner() });
          const unknown = await call(f.ctx, { ...unknownCall, auth: await otherOwner() });
          expect(foreign.statusCode, foreign.body).toBe(unknown.statusCode);
          expect(foreign.data.error).toEqual(unknown.data.error);
        });
      }

      it("answers the owner", async () => {
        const res = await call(f.ctx, { ...c.call(), auth: await owner() });
        expect(res.statusCode, res.body).toBe(c.ok);
      });
    });
  }
}
