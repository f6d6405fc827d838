import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processDueCampaigns } from "../src/modules/campaigns/campaigns.service.js";
import { dispatchDueMessages } from "../src/modules/messaging/dispatcher.js";
import { notificationsConsumer } from "../src/modules/notifications/notifications.consumer.js";
import { vapidKeys } from "../src/modules/push/vapid-keys.js";
import { consumeEvents } from "../src/platform/events.js";
import { call, countRows, createMemberVia, createProgramVia, memberSessionVia, unique } from "./harness.js";
import { a, clock, company, consentIds, ctx, setNotification, useNotificationsApp } from "./notifications-suite.js";
import { type BrowserKeys, decryptPush, newBrowserKeys, startPushService, type TestPushService, verifyVapid } from "./push-fixtures.js";

// Web Push end to end: a push service on loopback receives what the dispatcher sends, checks the
// VAPID signature and decrypts the message with the subscription's own keys, as a browser would.

useNotificationsApp();

let push: TestPushService;
let programId: string;

beforeAll(async () => {
  push = await startPushService();
  programId = await createProgramVia(ctx, a.owner, { name: "Push club", converterPoints: 1, converterAmountMinor: 100 });
  await setNotification(programId, "points_earned", {
    email: { enabled: false },
    push: {
      enabled: true,
      purpose: "push_notifications",
      title: "{first_name}: +{points_change} pkt",
      body: "Masz teraz {points} pkt.",
      url: "/history",
    },
  });
});

afterAll(async () => {
  await push.close();
});

async function runConsumer(): Promise<void> {
  const consumer = notificationsConsumer(ctx.config, clock.now);
  for (;;) {
    const errors: unknown[] = [];
    const { consumed } = await consumeEvents({ db: ctx.db, consumer, onError: (err) => errors.push(err) });
    if (errors.length > 0) throw errors[0];
    if (consumed === 0) return;
  }
}

async function dispatch(): Promise<void> {
  while ((await dispatchDueMessages({ db: ctx.db, config: ctx.config, now: clock.now(), companyId: a.companyId })) > 0);
}

async function deliveries(memberId: string) {
  const res = await call(ctx, { method: "GET", url: `/api/v1/messages?memberId=${memberId}&channel=push&limit=200`, auth: a.owner });
  expect(res.statusCode, res.body).toBe(200);
  return res.data.data as {
    id: string;
    status: string;
    skipReason: string | null;
    to: string | null;
    providerResponse: string | null;
    nextAttemptAt: string | null;
  }[];
}

async function member(opts: { consent?: boolean } = {}) {
  const m = await createMemberVia(ctx, a.owner, {
    firstName: "Ola",
    email: `${unique("push")}@example.com`,
    consents: opts.consent === false ? [] : [{ consentId: consentIds.push_notifications, granted: true }],
  });
  const res = await call(ctx, { method: "POST", url: `/api/v1/members/${m.id}/enrollments`, auth: a.owner, body: { programId } });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return m;
}

/** What the portal does: the browser's PushSubscription posted with the member's session. */
async function subscribe(memberId: string, keys: BrowserKeys, endpoint = push.endpoint()): Promise<string> {
  const res = await call(ctx, {
    method: "POST",
    url: `/api/v1/portal/${company.slug}/me/push-subscriptions`,
    auth: await memberSessionVia(ctx, a.companyId, memberId),
    body: { endpoint, expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } },
  });
  expect(res.statusCode, res.body).toBe(200);
  return endpoint;
}

async function purchase(memberId: string, amount: number) {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth: a.owner,
    body: { programId, memberId, receiptNumber: unique("R-"), amount: { amount, currency: "PLN" } },
  });
  expect(res.statusCode, res.body).toBe(201);
}

describe("push notifications through a push service on loopback", () => {
  it("delivers the points-earned notification, encrypted for the device and signed with the installation's VAPID key", async () => {
    const m = await member();
    const keys = newBrowserKeys();
    const endpoint = await subscribe(m.id, keys);
    await purchase(m.id, 12_345);
    await runConsumer();
    expect(await deliveries(m.id)).toMatchObject([{ status: "queued", to: "1 device" }]);
    await dispatch();

    const got = push.received.filter((r) => endpoint.endsWith(r.path));
    expect(got).toHaveLength(1);
    const [msg] = got;
    expect(msg?.headers["content-encoding"]).toBe("aes128gcm");
    expect(Number(msg?.headers.ttl)).toBeGreaterThan(0);
    const { k, claims } = verifyVapid(msg?.headers ?? {}, push.url);
    const key = await call(ctx, { method: "GET", url: `/api/v1/portal/${company.slug}/push/key` });
    expect(k).toBe(key.data.publicKey);
    expect(k).toBe((await vapidKeys(ctx.db, ctx.config)).publicKey);
    expect(String(claims.sub)).toMatch(/^(mailto:|https:)/);
    const portal = `http://localhost:3000/p/${company.slug}`;
    expect(JSON.parse(decryptPush(msg?.body ?? Buffer.alloc(0), keys))).toEqual({
      title: "Ola: +123 pkt",
      body: "Masz teraz 123 pkt.",
      url: `${portal}/history`,
      icon: `${portal}/icon-192.png`,
    });
    const [row] = await deliveries(m.id);
    expect(row).toMatchObject({ status: "sent" });
    expect(row?.providerResponse).toContain("201 accepted");
    const detail = await call(ctx, { method: "GET", url: `/api/v1/messages/${row?.id}`, auth: a.owner });
    expect(detail.data).toMatchObject({ channel: "push", subject: "Ola: +123 pkt", text: "Masz teraz 123 pkt.", url: `${portal}/history` });
  });

  it("sends to every device of the member", async () => {
    const m = await member();
    const phone = newBrowserKeys();
    const laptop = newBrowserKeys();
    const e1 = await subscribe(m.id, phone);
    const e2 = await subscribe(m.id, laptop);
    await purchase(m.id, 1_000);
    await runConsumer();
    await dispatch();
    const one = push.received.find((r) => e1.endsWith(r.path));
    const two = push.received.find((r) => e2.endsWith(r.path));
    expect(JSON.parse(decryptPush(one?.body ?? Buffer.alloc(0), phone)).title).toBe("Ola: +10 pkt");
    expect(JSON.parse(decryptPush(two?.body ?? Buffer.alloc(0), laptop)).title).toBe("Ola: +10 pkt");
    expect(await deliveries(m.id)).toMatchObject([{ status: "sent", to: "2 devices" }]);
  });

  it("records no_consent and sends nothing without the push consent, also when it is withdrawn after queueing", async () => {
    const without = await member({ consent: false });
    await subscribeAnyway(without.id);
    await purchase(without.id, 1_000);
    await runConsumer();
    expect(await deliveries(without.id)).toMatchObject([{ status: "skipped", skipReason: "no_consent" }]);

    const m = await member();
    const endpoint = await subscribe(m.id, newBrowserKeys());
    await purchase(m.id, 1_000);
    await runConsumer();
    expect(await deliveries(m.id)).toMatchObject([{ status: "queued" }]);
    const withdrawn = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${m.id}/consents`,
      auth: a.owner,
      body: { changes: [{ consentId: consentIds.push_notifications, granted: false }] },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    await dispatch();
    expect(await deliveries(m.id)).toMatchObject([{ status: "skipped", skipReason: "no_consent" }]);
    expect(push.received.filter((r) => endpoint.endsWith(r.path))).toEqual([]);
  });

  it("records no_address for a member without a subscribed device", async () => {
    const m = await member();
    await purchase(m.id, 1_000);
    await runConsumer();
    expect(await deliveries(m.id)).toMatchObject([{ status: "skipped", skipReason: "no_address", to: null }]);
  });

  it("holds a push message until the quiet hours end", async () => {
    // The clock stands at 10:00 UTC = 11:00 in Warsaw; quiet hours 10:30-12:00 local.
    const quiet = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/sms",
      auth: a.owner,
      body: { provider: "log", senderName: "Kawiarnia", quietHoursStart: "10:30", quietHoursEnd: "12:00" },
    });
    expect(quiet.statusCode, quiet.body).toBe(200);
    try {
      const m = await member();
      const keys = newBrowserKeys();
      const endpoint = await subscribe(m.id, keys);
      await purchase(m.id, 1_000);
      await runConsumer();
      await dispatch();
      const [held] = await deliveries(m.id);
      expect(held).toMatchObject({ status: "queued" });
      const localHour = Number(
        new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Warsaw", hour: "2-digit", hourCycle: "h23" }).format(
          new Date(held?.nextAttemptAt ?? 0),
        ),
      );
      expect(localHour).toBe(12);
      expect(push.received.filter((r) => endpoint.endsWith(r.path))).toEqual([]);
      const saved = clock.now();
      clock.set(new Date(held?.nextAttemptAt ?? 0));
      try {
        await dispatch();
      } finally {
        clock.set(saved);
      }
      expect(await deliveries(m.id)).toMatchObject([{ status: "sent" }]);
      const got = push.received.find((r) => endpoint.endsWith(r.path));
      expect(JSON.parse(decryptPush(got?.body ?? Buffer.alloc(0), keys)).body).toBe("Masz teraz 10 pkt.");
    } finally {
      await call(ctx, {
        method: "PUT",
        url: "/api/v1/messaging/settings/sms",
        auth: a.owner,
        body: { provider: "log", senderName: "Kawiarnia", quietHoursStart: null, quietHoursEnd: null },
      });
    }
  });

  it("removes a subscription the push service answers 410 Gone for, and fails the message without retrying", async () => {
    const m = await member();
    const endpoint = await subscribe(m.id, newBrowserKeys());
    push.answer(new URL(endpoint).pathname, 410);
    await purchase(m.id, 1_000);
    await runConsumer();
    await dispatch();
    const [row] = await deliveries(m.id);
    expect(row).toMatchObject({ status: "failed" });
    expect(row?.providerResponse).toContain("410");
    expect(await countRows(ctx.db, "push_subscriptions", "company_id = $1 and member_id = $2", [a.companyId, m.id])).toBe(0);
  });

  it("keeps a device the push service refuses for now (500) and retries the message", async () => {
    const m = await member();
    const endpoint = await subscribe(m.id, newBrowserKeys());
    push.answer(new URL(endpoint).pathname, 500);
    await purchase(m.id, 1_000);
    await runConsumer();
    await dispatch();
    const [row] = await deliveries(m.id);
    expect(row).toMatchObject({ status: "queued" });
    expect(row?.nextAttemptAt).not.toBeNull();
    const [sub] = await ctx.db.query<{ failures: number }>(
      "select failures from push_subscriptions where company_id = $1 and member_id = $2",
      [a.companyId, m.id],
    );
    expect(sub?.failures).toBe(1);
  });
});

describe("push in campaigns and template tests", () => {
  it("a push campaign counts and reaches the members with a device and the consent", async () => {
    const tag = unique("pushtag");
    const reached = await member();
    const noDevice = await member();
    const keys = newBrowserKeys();
    const endpoint = await subscribe(reached.id, keys);
    for (const m of [reached, noDevice])
      await call(ctx, { method: "PATCH", url: `/api/v1/members/${m.id}`, auth: a.owner, body: { tags: [tag] } });
    const audience = { programId: null, tierIds: [], tags: [tag], locationIds: [], consentIds: [] };
    const count = await call(ctx, {
      method: "POST",
      url: "/api/v1/campaigns/audience-count",
      auth: a.owner,
      body: { channel: "push", purpose: "push_notifications", audience },
    });
    expect(count.data).toEqual({ members: 2, reachable: 1, noConsent: 0, noAddress: 1 });
    const created = await call(ctx, {
      method: "POST",
      url: "/api/v1/campaigns",
      auth: a.owner,
      body: { name: "Push!", channel: "push", subject: "Hej {first_name}", text: "Dziś podwójne punkty", url: "/rewards", audience },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.data).toMatchObject({ purpose: "push_notifications", url: "/rewards" });
    const sent = await call(ctx, { method: "POST", url: `/api/v1/campaigns/${created.data.id}/send`, auth: a.owner, body: {} });
    expect(sent.statusCode, sent.body).toBe(200);
    await processDueCampaigns({ db: ctx.db, config: ctx.config, now: clock.now(), companyId: a.companyId });
    await dispatch();
    const got = push.received.find((r) => endpoint.endsWith(r.path));
    expect(JSON.parse(decryptPush(got?.body ?? Buffer.alloc(0), keys))).toMatchObject({
      title: "Hej Ola",
      body: "Dziś podwójne punkty",
      url: `http://localhost:3000/p/${company.slug}/rewards`,
    });
    expect(await deliveries(noDevice.id)).toMatchObject([{ status: "skipped", skipReason: "no_address" }]);
  });

  it("a push template's test goes to the chosen member's devices at once, and reports the push service's answer", async () => {
    const m = await member();
    const keys = newBrowserKeys();
    const endpoint = await subscribe(m.id, keys);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/test",
      auth: a.owner,
      body: { channel: "push", subject: "Test {first_name}", text: "Masz {points} pkt", memberId: m.id, programId },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.ok, res.data.response).toBe(true);
    const got = push.received.find((r) => endpoint.endsWith(r.path));
    expect(JSON.parse(decryptPush(got?.body ?? Buffer.alloc(0), keys))).toMatchObject({ title: "Test Ola", body: "Masz 0 pkt" });

    const none = await member();
    const refused = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates/test",
      auth: a.owner,
      body: { channel: "push", subject: "T", text: "B", memberId: none.id },
    });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.data.error.details).toMatchObject([{ path: "memberId", code: "push_no_devices" }]);
  });
});

/** A device registered while the member had the consent, which is then withdrawn. */
async function subscribeAnyway(memberId: string): Promise<void> {
  await call(ctx, {
    method: "POST",
    url: `/api/v1/members/${memberId}/consents`,
    auth: a.owner,
    body: { changes: [{ consentId: consentIds.push_notifications, granted: true }] },
  });
  await subscribe(memberId, newBrowserKeys());
  await call(ctx, {
    method: "POST",
    url: `/api/v1/members/${memberId}/consents`,
    auth: a.owner,
    body: { changes: [{ consentId: consentIds.push_notifications, granted: false }] },
  });
}
