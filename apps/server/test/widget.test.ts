import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  balanceVia,
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  memberSessionVia,
  purchaseVia,
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
  widgetAppearance,
  widgetCall,
} from "./widget-fixtures.js";

// The website widget's API (issue 22): settings and secrets, CORS by the company's allowed
// origins, the host's signed member token, sign-in inside the widget, and the member's summary.

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let programId: string;
let widgetA: { key: string; secret: string };
let widgetB: { key: string; secret: string };

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { welcomePoints: 0 });
  widgetA = await enableWidget(ctx, a.owner);
  widgetB = await enableWidget(ctx, b.owner);
});
afterAll(() => ctx.close());

const now = () => new Date();
const newEmail = () => `${unique("w")}@example.com`;

async function memberOfA(points = 0) {
  const email = newEmail();
  const member = await createMemberVia(ctx, a.owner, { email, firstName: "Anna", language: "en" });
  if (points) {
    const res = await purchaseVia(ctx, a.owner, programId, member.id, points * 100);
    expect(res.statusCode, res.body).toBe(201);
  }
  return { ...member, email };
}

async function tokenSession(key: string, token: string, origin: string | null = SHOP) {
  return widgetCall(ctx, key, "POST", "/sessions/token", { body: { token }, origin });
}

describe("widget settings", () => {
  it("starts switched off with a public key and a snippet, never showing the secret", async () => {
    const c = await createTestCompany(ctx);
    const res = await call(ctx, { method: "GET", url: "/api/v1/widget-settings", auth: c.owner });
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({ enabled: false, allowedOrigins: [], appearance: { position: "bottom-right" } });
    expect(res.data.publicKey).toMatch(/^wpk_/);
    expect(res.data.snippet).toBe(`<script src="${ctx.config.publicUrl}/widget.js" data-company="${res.data.publicKey}" async></script>`);
    expect(res.body).not.toContain("wsk_");
    // What the widget will show, for the admin's preview: the portal's names until it has its own.
    const company = await call(ctx, { method: "GET", url: "/api/v1/company", auth: c.owner });
    expect(res.data.display).toEqual({ companyName: company.data.name, programName: company.data.name, logoUrl: null });
    // Off: the widget's API does not know the key.
    expect((await widgetCall(ctx, res.data.publicKey, "GET", "/config")).statusCode).toBe(404);
  });

  it("refuses bad origins and colours, naming each field, and changes nothing", async () => {
    const before = await call(ctx, { method: "GET", url: "/api/v1/widget-settings", auth: a.owner });
    const put = (body: Record<string, unknown>) =>
      call(ctx, {
        method: "PUT",
        url: "/api/v1/widget-settings",
        auth: a.owner,
        body: { enabled: false, appearance: widgetAppearance, ...body },
      });
    const problems = (res: { data: { error: { details: { path: string; code: string }[] } } }) =>
      res.data.error.details.map((d) => `${d.path}:${d.code}`);
    const origins = [
      "https://ok.example.com",
      "shop.example.com",
      "https://shop.example.com/cart",
      "HTTPS://OK.example.com:443",
      "ftp://x.pl",
    ];
    // The schema's checks come first (the colour), then the service's (the origins).
    const colour = await put({ allowedOrigins: origins, appearance: { ...widgetAppearance, accentColor: "red" } });
    expect(colour.statusCode).toBe(400);
    expect(problems(colour)).toEqual(["appearance.accentColor:colour"]);
    const bad = await put({ allowedOrigins: origins });
    expect(bad.statusCode).toBe(400);
    expect(problems(bad)).toEqual([
      "allowedOrigins.1:web_origin",
      "allowedOrigins.2:web_origin",
      "allowedOrigins.3:listed_twice",
      "allowedOrigins.4:web_origin",
    ]);
    const tooMany = await put({ enabled: true, allowedOrigins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example.com`) });
    expect(tooMany.statusCode).toBe(400);
    expect(problems(tooMany)[0]).toBe("allowedOrigins:too_many");
    const after = await call(ctx, { method: "GET", url: "/api/v1/widget-settings", auth: a.owner });
    expect(after.data).toEqual(before.data);
  });

  it("stores origins in their canonical form and records the change", async () => {
    const c = await createTestCompany(ctx);
    const res = await call(ctx, {
      method: "PUT",
      url: "/api/v1/widget-settings",
      auth: c.owner,
      body: { enabled: true, allowedOrigins: ["HTTPS://Shop.Example.com:443/", "http://localhost:8080"], appearance: widgetAppearance },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.allowedOrigins).toEqual(["https://shop.example.com", "http://localhost:8080"]);
    expect(res.data.appearance.accentColor).toBe("#c2255c");
    expect(await countRows(ctx.db, "audit_log", "company_id = $1 and action = 'widget.settings_updated'", [c.companyId])).toBe(1);
  });

  it("rotates the secret keeping the previous one for 7 days, and ends the rotation on request", async () => {
    const c = await createTestCompany(ctx);
    const { key, secret: first } = await enableWidget(ctx, c.owner);
    const member = await createMemberVia(ctx, c.owner, { email: newEmail() });
    const token = (secret: string) => signMemberToken(secret, { sub: member.id, exp: inMinutes(now(), 5) });
    const rotated = await call(ctx, { method: "POST", url: "/api/v1/widget-settings/secrets/rotate", auth: c.owner });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.data.current).not.toBe(first);
    expect(rotated.data.previous).toBe(first);
    const days = (new Date(rotated.data.previousValidUntil).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    expect((await tokenSession(key, token(first))).statusCode).toBe(201);
    expect((await tokenSession(key, token(rotated.data.current))).statusCode).toBe(201);
    const settings = await call(ctx, { method: "GET", url: "/api/v1/widget-settings", auth: c.owner });
    expect(settings.data.secret.previousValidUntil).toBe(rotated.data.previousValidUntil);

    const revoked = await call(ctx, { method: "DELETE", url: "/api/v1/widget-settings/secrets/previous", auth: c.owner });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.data.secret.previousValidUntil).toBeNull();
    const old = await tokenSession(key, token(first));
    expect(old.statusCode).toBe(401);
    expect(old.data.error.code).toBe("widget_token_invalid");
    expect((await tokenSession(key, token(rotated.data.current))).statusCode).toBe(201);
    const actions = await ctx.db.query<{ action: string }>(
      "select action from audit_log where company_id = $1 and action like 'widget.secret%' order by occurred_at, action",
      [c.companyId],
    );
    expect(actions.map((r) => r.action).sort()).toEqual([
      "widget.secret_previous_revoked",
      "widget.secret_revealed",
      "widget.secret_rotated",
    ]);
  });

  it("lets only staff who may change settings see the secret", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/widget-settings/secrets", auth: b.owner });
    expect(res.data.current).toBe(widgetB.secret);
    expect(res.data.current).not.toBe(widgetA.secret);
  });
});

describe("CORS: only the company's sites", () => {
  it("answers an allowed origin with its CORS headers and refuses any other before the handler", async () => {
    const ok = await widgetCall(ctx, widgetA.key, "GET", "/config");
    expect(ok.statusCode).toBe(200);
    expect(ok.headers["access-control-allow-origin"]).toBe(SHOP);
    expect(ok.headers.vary).toMatch(/Origin/i);
    expect(ok.data).toMatchObject({ language: "pl", appearance: { accentColor: "#c2255c", position: "bottom-left" } });
    expect(ok.data.links.join).toMatch(/\/p\/.+\/join$/);

    const other = await widgetCall(ctx, widgetA.key, "GET", "/config", { origin: "https://evil.example.net" });
    expect(other.statusCode).toBe(403);
    expect(other.data.error.code).toBe("origin_not_allowed");
    // Only the refusal is readable by that site, so the widget can say why it shows nothing.
    expect(other.headers["access-control-allow-origin"]).toBe("https://evil.example.net");
    // Company b's site is not company a's.
    expect((await widgetCall(ctx, widgetA.key, "GET", "/config", { origin: "https://b.example.com" })).statusCode).toBe(403);
    // No Origin: not a browser on another site (a server, curl); nothing for CORS to decide.
    expect((await widgetCall(ctx, widgetA.key, "GET", "/config", { origin: null })).statusCode).toBe(200);
  });

  it("answers the preflight of an allowed origin only", async () => {
    const headers = { "access-control-request-method": "GET", "access-control-request-headers": "authorization" };
    const ok = await widgetCall(ctx, widgetA.key, "OPTIONS", "/me", { headers });
    expect(ok.statusCode).toBe(204);
    expect(ok.headers).toMatchObject({
      "access-control-allow-origin": SHOP,
      "access-control-allow-methods": "GET, POST, DELETE",
      "access-control-allow-headers": "authorization, content-type",
    });
    const bad = await widgetCall(ctx, widgetA.key, "OPTIONS", "/me", { headers, origin: "https://evil.example.net" });
    expect(bad.statusCode).toBe(403);
    expect(bad.headers["access-control-allow-methods"]).toBeUndefined();
    expect((await widgetCall(ctx, "wpk_unknown", "OPTIONS", "/me", { headers })).statusCode).toBe(404);
  });

  it("refuses a sign-in from an origin not on the list without opening a session", async () => {
    const member = await memberOfA();
    const sessions = await countRows(ctx.db, "member_sessions", "company_id = $1 and member_id = $2", [a.companyId, member.id]);
    const token = signMemberToken(widgetA.secret, { sub: member.email, exp: inMinutes(now(), 5) });
    const res = await tokenSession(widgetA.key, token, "https://evil.example.net");
    expect(res.statusCode).toBe(403);
    expect(await countRows(ctx.db, "member_sessions", "company_id = $1 and member_id = $2", [a.companyId, member.id])).toBe(sessions);
  });
});

describe("the host's signed member token", () => {
  it("signs in the customer named by e-mail, card number or member id, and shows their points", async () => {
    const member = await memberOfA(120);
    for (const sub of [member.email.toUpperCase(), member.cardNumber, member.id]) {
      const res = await tokenSession(widgetA.key, signMemberToken(widgetA.secret, { sub, exp: inMinutes(now(), 5) }));
      expect(res.statusCode, `${sub}: ${res.body}`).toBe(201);
      expect(res.data.via).toBe("token");
      const hours = (new Date(res.data.expiresAt).getTime() - Date.now()) / 3_600_000;
      expect(hours).toBeGreaterThan(11.9);
      expect(hours).toBeLessThanOrEqual(12);
      const me = await widgetCall(ctx, widgetA.key, "GET", "/me", { session: res.data.sessionToken });
      expect(me.statusCode, me.body).toBe(200);
      expect(me.headers["access-control-allow-origin"]).toBe(SHOP);
      expect(me.data.member).toEqual({ firstName: "Anna", language: "en" });
      expect(me.data.program).toMatchObject({ programId, available: 120 });
      const balance = await balanceVia(ctx, a.owner, member.id, programId);
      expect(me.data.program.available).toBe(balance.available);
      expect(me.data.lastOperations[0]).toMatchObject({ kind: "purchase", points: 120 });
      expect(me.data.referralLink).toMatch(/\/join\?ref=/);
      expect(me.data.links.reward).toContain("{id}");
    }
  });

  it("refuses expired, forged, unsigned and long-lived tokens, and unknown customers", async () => {
    const member = await memberOfA();
    const exp = inMinutes(now(), 5);
    const cases: [string, string, number, string][] = [
      ["expired", signMemberToken(widgetA.secret, { sub: member.email, exp: inMinutes(now(), -2) }), 401, "widget_token_expired"],
      ["another secret", signMemberToken(`${widgetA.secret}x`, { sub: member.email, exp }), 401, "widget_token_invalid"],
      ["company b's secret", signMemberToken(widgetB.secret, { sub: member.email, exp }), 401, "widget_token_invalid"],
      ["alg none", signMemberToken(widgetA.secret, { sub: member.email, exp }, { alg: "none" }), 401, "widget_token_invalid"],
      ["exp in a day", signMemberToken(widgetA.secret, { sub: member.email, exp: inMinutes(now(), 1440) }), 401, "widget_token_invalid"],
      ["no exp", signMemberToken(widgetA.secret, { sub: member.email }), 401, "widget_token_invalid"],
      ["not a JWT", "hello", 401, "widget_token_invalid"],
      ["unknown customer", signMemberToken(widgetA.secret, { sub: newEmail(), exp }), 404, "member_not_found"],
    ];
    for (const [name, token, status, code] of cases) {
      const res = await tokenSession(widgetA.key, token);
      expect(res.statusCode, `${name}: ${res.body}`).toBe(status);
      expect(res.data.error.code, name).toBe(code);
    }
    // A forged payload with a real signature of another payload.
    const real = signMemberToken(widgetA.secret, { sub: member.email, exp }).split(".");
    const other = Buffer.from(JSON.stringify({ sub: (await memberOfA()).email, exp })).toString("base64url");
    expect((await tokenSession(widgetA.key, `${real[0]}.${other}.${real[2]}`)).data.error.code).toBe("widget_token_invalid");
    expect((await tokenSession(widgetA.key, "")).statusCode).toBe(400);
    expect(await countRows(ctx.db, "member_sessions", "company_id = $1 and member_id = $2", [a.companyId, member.id])).toBe(0);
  });

  it("refuses a blocked card, and ends its widget sessions", async () => {
    const member = await memberOfA();
    const res = await tokenSession(widgetA.key, signMemberToken(widgetA.secret, { sub: member.email, exp: inMinutes(now(), 5) }));
    expect(res.statusCode).toBe(201);
    const blocked = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${member.id}`,
      auth: a.owner,
      body: { status: "blocked", blockedReason: "test" },
    });
    expect(blocked.statusCode, blocked.body).toBe(200);
    expect((await widgetCall(ctx, widgetA.key, "GET", "/me", { session: res.data.sessionToken })).statusCode).toBe(401);
    const again = await tokenSession(widgetA.key, signMemberToken(widgetA.secret, { sub: member.email, exp: inMinutes(now(), 5) }));
    expect(again.statusCode).toBe(422);
    expect(again.data.error.code).toBe("member_blocked");
  });
});

describe("signing in inside the widget", () => {
  it("signs in with the portal's password, then signs this widget out", async () => {
    const member = await memberOfA(30);
    await setMemberPassword(ctx, a.companyId, member.id);
    const wrong = await widgetCall(ctx, widgetA.key, "POST", "/sessions/password", {
      body: { email: member.email, password: "nope-nope" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers["access-control-allow-origin"]).toBe(SHOP);
    const bad = await widgetCall(ctx, widgetA.key, "POST", "/sessions/password", { body: { email: "not-an-email", password: "" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "password"]);
    const res = await widgetCall(ctx, widgetA.key, "POST", "/sessions/password", {
      body: { email: member.email, password: WIDGET_MEMBER_PASSWORD },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.via).toBe("sign_in");
    const me = await widgetCall(ctx, widgetA.key, "GET", "/me", { session: res.data.sessionToken });
    expect(me.data.program.available).toBe(30);
    const out = await widgetCall(ctx, widgetA.key, "DELETE", "/session", { session: res.data.sessionToken });
    expect(out.statusCode).toBe(204);
    expect((await widgetCall(ctx, widgetA.key, "GET", "/me", { session: res.data.sessionToken })).statusCode).toBe(401);
  });

  it("answers a code request alike for known and unknown addresses", async () => {
    const member = await memberOfA();
    const known = await widgetCall(ctx, widgetA.key, "POST", "/sessions/code/send", { body: { email: member.email } });
    const unknown = await widgetCall(ctx, widgetA.key, "POST", "/sessions/code/send", { body: { email: newEmail() } });
    expect(known.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const wrong = await widgetCall(ctx, widgetA.key, "POST", "/sessions/code", { body: { email: member.email, code: "000000" } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data.error.details[0].path).toBe("code");
  });
});

describe("isolation", () => {
  it("a session opens only its own company's widget, and only widget sessions open it", async () => {
    const member = await memberOfA(10);
    const session = (await tokenSession(widgetA.key, signMemberToken(widgetA.secret, { sub: member.id, exp: inMinutes(now(), 5) }))).data
      .sessionToken;
    expect((await widgetCall(ctx, widgetB.key, "GET", "/me", { session, origin: null })).statusCode).toBe(401);
    // A portal session's token is not a widget session, and a widget token is no portal cookie.
    const portal = await memberSessionVia(ctx, a.companyId, member.id);
    const portalToken = portal.cookie.split("=")[1] as string;
    expect((await widgetCall(ctx, widgetA.key, "GET", "/me", { session: portalToken })).statusCode).toBe(401);
    const slug = (await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner })).data.slug;
    const asCookie = await ctx.app.inject({
      method: "GET",
      url: `/api/v1/portal/${slug}/me/home`,
      headers: { cookie: `regulars_member=${session}` },
    });
    expect(asCookie.statusCode).toBe(401);
    // Staff credentials are not a widget session.
    const key = await call(ctx, { method: "POST", url: "/api/v1/api-keys", auth: a.owner, body: { name: "k", scopes: ["members.read"] } });
    expect((await widgetCall(ctx, widgetA.key, "GET", "/me", { session: key.data.secret })).statusCode).toBe(401);
  });

  it("shows each member only their own figures", async () => {
    const one = await memberOfA(40);
    const two = await memberOfA(7);
    const sessionOf = async (m: { id: string }) =>
      (await tokenSession(widgetA.key, signMemberToken(widgetA.secret, { sub: m.id, exp: inMinutes(now(), 5) }))).data.sessionToken;
    const meOne = await widgetCall(ctx, widgetA.key, "GET", "/me", { session: await sessionOf(one) });
    const meTwo = await widgetCall(ctx, widgetA.key, "GET", "/me", { session: await sessionOf(two) });
    expect(meOne.data.program.available).toBe(40);
    expect(meTwo.data.program.available).toBe(7);
    expect(meTwo.body).not.toContain(one.id);
  });
});

describe("rate limit", () => {
  it("limits calls per widget and address, with Retry-After the page can read", async () => {
    const limited = await startTestApp({ config: { RATE_LIMIT_WIDGET_PER_ADDRESS: "3" } });
    try {
      const c = await createTestCompany(limited);
      const { key } = await enableWidget(limited, c.owner);
      const codes = [];
      for (let i = 0; i < 4; i++) codes.push((await widgetCall(limited, key, "GET", "/config")).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      const res = await widgetCall(limited, key, "GET", "/config");
      expect(res.data.error.code).toBe("rate_limited");
      expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
      expect(res.headers["access-control-allow-origin"]).toBe(SHOP);
      // The admin's API is not counted against the widget's limit.
      expect((await call(limited, { method: "GET", url: "/api/v1/widget-settings", auth: c.owner })).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
