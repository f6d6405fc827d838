import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.js";
import { assertPushEndpoint } from "../src/modules/push/subscriptions.service.js";
import {
  type Auth,
  call,
  companySlug,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  memberSessionVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  testConfig,
  unique,
} from "./harness.js";
import { newBrowserKeys } from "./push-fixtures.js";

// The push routes' answers to good and bad input, and push content's checks in templates and
// notifications. Delivery itself is push.test.ts (a push service on loopback).

let ctx: TestContext;
let a: TestCompany;
let slug: string;
let pushConsentId: string;
const keys = newBrowserKeys();
const body = (endpoint: string, k: Record<string, unknown> = { p256dh: keys.p256dh, auth: keys.auth }) => ({ endpoint, keys: k });
const loopback = () => `http://127.0.0.1:9/wpush/${unique("e")}`;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  slug = await companySlug(ctx, a.companyId);
  const consents = (await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner })).data.data as { id: string; key: string }[];
  pushConsentId = consents.find((c) => c.key === "push_notifications")?.id ?? "";
});

afterAll(async () => {
  await ctx.close();
});

async function member(consent = true): Promise<{ id: string; auth: Auth }> {
  const m = await createMemberVia(ctx, a.owner, consent ? { consents: [{ consentId: pushConsentId, granted: true }] } : {});
  return { id: m.id, auth: await memberSessionVia(ctx, a.companyId, m.id) };
}

const devices = (memberId: string) =>
  countRows(ctx.db, "push_subscriptions", "company_id = $1 and member_id = $2", [a.companyId, memberId]);

describe("the VAPID key", () => {
  it("is public, the same on every company's portal, and 404 for an unknown portal", async () => {
    const b = await createTestCompany(ctx);
    const one = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/push/key` });
    const two = await call(ctx, { method: "GET", url: `/api/v1/portal/${await companySlug(ctx, b.companyId)}/push/key` });
    expect(one.statusCode).toBe(200);
    expect(one.data.publicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(two.data.publicKey).toBe(one.data.publicKey);
    expect((await call(ctx, { method: "GET", url: "/api/v1/portal/no-such-portal/push/key" })).statusCode).toBe(404);
  });

  it("comes from the configuration when both keys are given; one without the other is refused at start", () => {
    const pair = { VAPID_PUBLIC_KEY: `B${"A".repeat(86)}`, VAPID_PRIVATE_KEY: "A".repeat(43) };
    expect(testConfig(pair).vapid.keys).toEqual({ publicKey: pair.VAPID_PUBLIC_KEY, privateKey: pair.VAPID_PRIVATE_KEY });
    expect(() => testConfig({ VAPID_PUBLIC_KEY: pair.VAPID_PUBLIC_KEY })).toThrow(ConfigError);
    expect(() => testConfig({ VAPID_PRIVATE_KEY: "short" })).toThrow(/VAPID_PRIVATE_KEY/);
    expect(() => testConfig({ VAPID_SUBJECT: "someone" })).toThrow(/VAPID_SUBJECT/);
    expect(testConfig({ PUBLIC_URL: "https://loyalty.example.com" }).vapid.subject).toBe("https://loyalty.example.com");
    expect(testConfig().vapid.subject).toBe("mailto:push@localhost");
  });
});

describe("subscribing a device", () => {
  it("lists my devices without their endpoints, and forgets one by its endpoint", async () => {
    const m = await member();
    const endpoint = loopback();
    const res = await call(ctx, {
      method: "POST",
      url: `/api/v1/portal/${slug}/me/push-subscriptions`,
      auth: m.auth,
      body: body(endpoint),
    });
    expect(res.statusCode, res.body).toBe(200);
    // Subscribing the same browser again refreshes the one row.
    await call(ctx, { method: "POST", url: `/api/v1/portal/${slug}/me/push-subscriptions`, auth: m.auth, body: body(endpoint) });
    const list = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/push-subscriptions`, auth: m.auth });
    expect(list.data.data).toEqual([
      { id: res.data.id, service: "127.0.0.1:9", userAgent: "lightMyRequest", createdAt: expect.any(String), lastSuccessAt: null },
    ]);
    expect(list.body).not.toContain(new URL(endpoint).pathname);
    const del = await call(ctx, {
      method: "DELETE",
      url: `/api/v1/portal/${slug}/me/push-subscriptions`,
      auth: m.auth,
      body: { endpoint },
    });
    expect(del.statusCode, del.body).toBe(204);
    expect(await devices(m.id)).toBe(0);
    const again = await call(ctx, {
      method: "DELETE",
      url: `/api/v1/portal/${slug}/me/push-subscriptions`,
      auth: m.auth,
      body: { endpoint },
    });
    expect(again.statusCode).toBe(404);
  });

  it("needs the push consent: 409 push_consent_required, and nothing is stored", async () => {
    const m = await member(false);
    const res = await call(ctx, {
      method: "POST",
      url: `/api/v1/portal/${slug}/me/push-subscriptions`,
      auth: m.auth,
      body: body(loopback()),
    });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.data.error.code).toBe("push_consent_required");
    expect(await devices(m.id)).toBe(0);
  });

  const refusals: [string, unknown, string, string][] = [
    ["a plain-http endpoint off loopback", body("http://push.example.com/x"), "endpoint", "push_endpoint_https"],
    ["a non-URL endpoint", body("not a url"), "endpoint", "url"],
    ["an ftp endpoint", body("ftp://push.example.com/x"), "endpoint", "push_endpoint_https"],
    ["an endpoint with credentials", body("https://user:pw@push.example.com/x"), "endpoint", "push_endpoint_https"],
    ["an endpoint on a private address", body("https://10.1.2.3/wpush/x"), "endpoint", "push_endpoint_private"],
    ["the metadata service's address", body("https://169.254.169.254/latest"), "endpoint", "push_endpoint_private"],
    ["a short public key", body(loopback(), { p256dh: "AAAA", auth: keys.auth }), "keys.p256dh", "p256_public_key"],
    ["a non-base64url key", body(loopback(), { p256dh: "not base64!", auth: keys.auth }), "keys.p256dh", "base64url"],
    ["a long auth secret", body(loopback(), { p256dh: keys.p256dh, auth: keys.p256dh }), "keys.auth", "auth_secret_16"],
    ["no keys", { endpoint: loopback() }, "keys", "required"],
    ["an unknown field", { ...body(loopback()), extra: 1 }, "extra", "unknown_field"],
  ];
  for (const [what, payload, path, code] of refusals) {
    it(`refuses ${what} naming ${path} (400) and stores nothing`, async () => {
      const m = await member();
      const res = await call(ctx, { method: "POST", url: `/api/v1/portal/${slug}/me/push-subscriptions`, auth: m.auth, body: payload });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.data.error.details).toMatchObject([{ path, code }]);
      expect(await devices(m.id)).toBe(0);
    });
  }

  it("refuses loopback endpoints where the operator allows no private hosts (production's default)", async () => {
    const strict = testConfig({ ALLOW_PRIVATE_NETWORK_HOSTS: "" });
    await expect(assertPushEndpoint("http://127.0.0.1:9/x", strict)).rejects.toMatchObject({
      details: [{ code: "push_endpoint_private" }],
    });
    await expect(assertPushEndpoint("https://[::1]/x", strict)).rejects.toMatchObject({ details: [{ code: "push_endpoint_private" }] });
    await expect(assertPushEndpoint("https://fcm.googleapis.com/fcm/send/abc", strict)).resolves.toBeInstanceOf(URL);
  });
});

describe("push content", () => {
  const create = (b: Record<string, unknown>) => call(ctx, { method: "POST", url: "/api/v1/message-templates", auth: a.owner, body: b });

  it("a push template keeps title, text and link; the preview fills them in", async () => {
    const res = await create({
      name: unique("Push "),
      channel: "push",
      subject: "Cześć {first_name}",
      text: "Masz {points} pkt",
      url: "/rewards",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data).toMatchObject({
      channel: "push",
      subject: "Cześć {first_name}",
      html: "",
      text: "Masz {points} pkt",
      url: "/rewards",
    });
    const preview = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/preview",
      auth: a.owner,
      body: { channel: "push", subject: "Cześć {first_name}", text: "Masz {points} pkt", url: "/rewards" },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.data.push).toEqual({ title: "Cześć Anna", body: "Masz 1\u00a0234 pkt", url: `http://localhost:3000/p/${slug}/rewards` });
  });

  const bad: [string, Record<string, unknown>, string, string][] = [
    ["no title", { text: "t" }, "subject", "required_push"],
    ["a title over 60 characters", { subject: "x".repeat(61), text: "t" }, "subject", "too_long"],
    ["no text", { subject: "T" }, "text", "required_push"],
    ["a text over 180 characters", { subject: "T", text: "x".repeat(181) }, "text", "too_long"],
    ["an HTML body", { subject: "T", text: "t", html: "<p>x</p>" }, "html", "push_no_html"],
    ["a link that is neither a path nor https", { subject: "T", text: "t", url: "javascript:alert(1)" }, "url", "push_url"],
    ["an unknown field", { subject: "T {imie}", text: "t" }, "subject", "unknown_placeholder"],
  ];
  for (const [what, fields, path, code] of bad) {
    it(`refuses a push template with ${what} (400, ${path})`, async () => {
      const before = await countRows(ctx.db, "message_templates", "company_id = $1", [a.companyId]);
      const res = await create({ name: "X", channel: "push", ...fields });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.data.error.details).toMatchObject([{ path, code }]);
      expect(await countRows(ctx.db, "message_templates", "company_id = $1", [a.companyId])).toBe(before);
    });
  }

  it("a notification's push part is checked when switched on, named by its own fields", async () => {
    const programId = await createProgramVia(ctx, a.owner, { name: unique("Program ") });
    const list = await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/notifications`, auth: a.owner });
    const current = list.data.data.find((n: { kind: string }) => n.kind === "points_earned");
    expect(current.push).toMatchObject({ enabled: false, purpose: "push_notifications", url: "" });
    expect(current.push.title.length).toBeGreaterThan(0);
    const { kind: _k, updatedAt: _u, ...rest } = current;
    const put = (push: Record<string, unknown>) =>
      call(ctx, {
        method: "PUT",
        url: `/api/v1/programs/${programId}/notifications/points_earned`,
        auth: a.owner,
        body: { ...rest, enabled: true, push: { ...rest.push, ...push } },
      });
    const refused = await put({ enabled: true, title: "", body: "x".repeat(181) });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.data.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["push.body", "push.title"]);
    const saved = await put({ enabled: true });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.data.push.enabled).toBe(true);
    // A client that does not know push (an older admin) keeps what was saved.
    const { push: _p, ...withoutPush } = saved.data;
    const kept = await call(ctx, {
      method: "PUT",
      url: `/api/v1/programs/${programId}/notifications/points_earned`,
      auth: a.owner,
      body: { enabled: true, daysBefore: null, email: withoutPush.email, sms: withoutPush.sms },
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect(kept.data.push.enabled).toBe(true);
  });
});
