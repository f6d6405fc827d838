import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createMemberVia,
  createTestCompany,
  memberSessionVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import {
  enableWidget,
  inMinutes,
  SHOP,
  setMemberPassword,
  signMemberToken,
  WIDGET_MEMBER_PASSWORD,
  widgetCall,
} from "./widget-fixtures.js";

/**
 * Every route of the website widget's API (/api/v1/widget/:key/…). Each answers only the
 * company's allowed origins (403 for any other, before anything runs) and an unknown key with
 * 404. Each session route is called five ways: without a session (401), with company B's widget
 * session on A's key (401), with A1's portal session token and with an API key of A (401: neither
 * is a widget session), by member A2 (A2's own data, never A1's) and by A1 (ok). A widget route
 * missing here fails the completeness test.
 */

interface WidgetCase {
  route: string;
  method: "GET" | "POST" | "DELETE";
  path: string;
  body?: () => unknown;
  /** The route needs a widget session (else it is public: sign-in and config). */
  session: boolean;
  ok: number;
}

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let keyA = "";
let keyB = "";
let secretA = "";
const member = { a1: { id: "", email: "" }, a2: { id: "", email: "" }, b1: { id: "", email: "" } };

const CASES: WidgetCase[] = [
  { route: "GET /api/v1/widget/:key/config", method: "GET", path: "/config", session: false, ok: 200 },
  {
    route: "POST /api/v1/widget/:key/sessions/token",
    method: "POST",
    path: "/sessions/token",
    body: () => ({ token: signMemberToken(secretA, { sub: member.a1.email, exp: inMinutes(new Date(), 5) }) }),
    session: false,
    ok: 201,
  },
  {
    route: "POST /api/v1/widget/:key/sessions/password",
    method: "POST",
    path: "/sessions/password",
    body: () => ({ email: member.a1.email, password: WIDGET_MEMBER_PASSWORD }),
    session: false,
    ok: 201,
  },
  {
    route: "POST /api/v1/widget/:key/sessions/code/send",
    method: "POST",
    path: "/sessions/code/send",
    body: () => ({ email: member.a1.email }),
    session: false,
    ok: 202,
  },
  {
    // A wrong code: the route's own test signs in with a right one (widget.test.ts and the browser test).
    route: "POST /api/v1/widget/:key/sessions/code",
    method: "POST",
    path: "/sessions/code",
    body: () => ({ email: member.a1.email, code: "000000" }),
    session: false,
    ok: 400,
  },
  { route: "GET /api/v1/widget/:key/me", method: "GET", path: "/me", session: true, ok: 200 },
  { route: "DELETE /api/v1/widget/:key/session", method: "DELETE", path: "/session", session: true, ok: 204 },
];

async function widgetSession(key: string, secret: string, memberId: string): Promise<string> {
  const res = await widgetCall(ctx, key, "POST", "/sessions/token", {
    body: { token: signMemberToken(secret, { sub: memberId, exp: inMinutes(new Date(), 5) }) },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.data.sessionToken;
}

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  ({ key: keyA, secret: secretA } = await enableWidget(ctx, a.owner));
  keyB = (await enableWidget(ctx, b.owner, [SHOP, "https://b-only.example.org"])).key;
  for (const [name, company] of [
    ["a1", a],
    ["a2", a],
    ["b1", b],
  ] as const) {
    const email = `${unique("wm")}@example.com`;
    const { id } = await createMemberVia(ctx, company.owner, { email, firstName: unique("First") });
    member[name] = { id, email };
  }
  await setMemberPassword(ctx, a.companyId, member.a1.id);
});
afterAll(() => ctx.close());

const send = (c: WidgetCase, opts: { key?: string; origin?: string | null; session?: string } = {}) =>
  widgetCall(ctx, opts.key ?? keyA, c.method, c.path, { body: c.body?.(), origin: opts.origin, session: opts.session });

describe("widget route matrix", () => {
  it("covers every /api/v1/widget route", () => {
    const spec = ctx.app.swagger() as { paths: Record<string, Record<string, { security?: Record<string, unknown>[] }>> };
    const routes = Object.entries(spec.paths)
      .filter(([path]) => path.startsWith("/api/v1/widget/"))
      .flatMap(([path, ops]) =>
        Object.entries(ops).map(([m, op]) => ({
          route: `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`,
          session: Boolean(op.security?.some((s) => "widgetSession" in s)),
        })),
      );
    expect(routes.map((r) => `${r.route} ${r.session}`).sort()).toEqual(CASES.map((c) => `${c.route} ${c.session}`).sort());
  });
});

for (const c of CASES) {
  describe(c.route, () => {
    it("refuses an origin not on the company's list, and answers an unknown key with 404", async () => {
      const session = c.session ? await widgetSession(keyA, secretA, member.a1.id) : undefined;
      const other = await send(c, { origin: "https://not-listed.example.org", session });
      expect(other.statusCode).toBe(403);
      expect(other.data.error.code).toBe("origin_not_allowed");
      // Only the refusal is readable by that site, so the widget can say why it shows nothing.
      expect(other.headers["access-control-allow-origin"]).toBe("https://not-listed.example.org");
      expect(JSON.stringify(other.data)).not.toMatch(/member|points/i);
      // Company B's site is on B's list, not A's.
      expect((await send(c, { origin: "https://b-only.example.org", session })).statusCode).toBe(403);
      expect((await send(c, { key: "wpk_doesnotexist", session })).statusCode).toBe(404);
    });

    it("answers member A1 from an allowed origin", async () => {
      const session = c.session ? await widgetSession(keyA, secretA, member.a1.id) : undefined;
      const res = await send(c, { session });
      expect(res.statusCode, res.body).toBe(c.ok);
      expect(res.headers["access-control-allow-origin"]).toBe(SHOP);
    });

    if (c.session) {
      it("refuses no session, company B's session, a portal session and an API key (401)", async () => {
        const portal = (await memberSessionVia(ctx, a.companyId, member.a1.id)).cookie.split("=")[1] as string;
        const apiKey = (
          await call(ctx, { method: "POST", url: "/api/v1/api-keys", auth: a.owner, body: { name: "k", scopes: ["members.read"] } })
        ).data.secret as string;
        const sessionB = await widgetSession(
          keyB,
          (await call(ctx, { method: "GET", url: "/api/v1/widget-settings/secrets", auth: b.owner })).data.current,
          member.b1.id,
        );
        for (const session of [undefined, sessionB, portal, apiKey]) {
          const res = await send(c, { session });
          expect(res.statusCode).toBe(401);
          expect(res.data.error.code).toBe("unauthenticated");
        }
      });

      it("gives member A2 their own data, never A1's", async () => {
        const res = await send(c, { session: await widgetSession(keyA, secretA, member.a2.id) });
        expect(res.statusCode).toBe(c.ok);
        expect(res.body).not.toContain(member.a1.id);
        expect(res.body).not.toContain(member.a1.email);
      });
    }
  });
}
