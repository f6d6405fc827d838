import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sendDueDeliveries } from "../src/modules/webhooks/send-deliveries.js";
import { purgeOldWebhookDeliveries } from "../src/modules/webhooks/webhooks-retention.js";
import { sql } from "../src/platform/sql.js";
import {
  addStaff,
  call,
  countRows,
  createMemberVia,
  createTestCompany,
  onPostgres,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
} from "./harness.js";
import { startSmtpServer, type TestSmtp } from "./messaging-fixtures.js";
import { createEndpointVia, deliveriesVia, type Receiver, runWebhooks, startReceiver } from "./webhook-fixtures.js";

// An endpoint failing for days, the member's privacy rights over deliveries, retention, two senders at once.

const SMTP = { user: "mailer", pass: "webhooks-pa$$word" };
let ctx: TestContext;
let a: TestCompany;
let receiver: Receiver;
let smtp: TestSmtp;
const clock = new TestClock(new Date("2027-04-01T08:00:00Z"));
const run = () => runWebhooks(ctx, clock.now, [a.companyId]);

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  receiver = await startReceiver();
  smtp = await startSmtpServer({ auth: SMTP });
  const email = {
    enabled: true,
    host: "127.0.0.1",
    port: smtp.port,
    security: "none",
    username: SMTP.user,
    password: SMTP.pass,
    fromEmail: "hello@kawiarnia.example",
  };
  const res = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: a.owner, body: email });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  await receiver?.close();
  await smtp?.close();
  await ctx?.close();
});
// Earlier tests' events are handled first, and only the test's endpoint stays enabled.
beforeEach(async () => {
  await run();
  await ctx.db.query(sql`update webhook_endpoints set status = 'disabled', disabled_reason = 'manual' where company_id = ${a.companyId}`);
});

describe("an endpoint failing for days", () => {
  it("is disabled after 5 days of failed attempts; owners and admins get an e-mail; the audit log and the endpoint say why", async () => {
    receiver.answer = (r) => (r.path === "/down" ? 500 : 200);
    const admin = await addStaff(ctx, a, "admin");
    const e = await createEndpointVia(ctx, a.owner, { url: `${receiver.url}/down`, eventTypes: ["member.created"] });
    await createMemberVia(ctx, a.owner);
    await run();
    const started = clock.current.getTime();
    // a day later: still failing, not yet disabled
    clock.advanceDays(1);
    await createMemberVia(ctx, a.owner);
    await run();
    let endpoint = await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner });
    expect(endpoint.data).toMatchObject({ status: "enabled", failingSince: new Date(started).toISOString() });
    clock.advanceDays(4);
    await createMemberVia(ctx, a.owner);
    await run();
    endpoint = await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner });
    expect(endpoint.data).toMatchObject({ status: "disabled", disabledReason: "failing", disabledAt: clock.current.toISOString() });
    const mails = await smtp.waitFor(2);
    expect(mails.flatMap((m) => m.to).sort()).toEqual([a.ownerEmail, admin.email].sort());
    for (const m of mails) {
      expect(m.headers.subject).toMatch(/webhook/i);
      expect(m.text).toContain(`${receiver.url}/down`);
    }
    const audit = await ctx.db.query<{ action: string; actor_type: string; changes: Record<string, unknown> }>(
      sql`select action, actor_type, changes from audit_log where company_id = ${a.companyId} and entity_id = ${e.id} and action = 'webhook_endpoint.disabled'`,
    );
    expect(audit).toMatchObject([{ actor_type: "system", changes: { reason: "failing" } }]);
    const [event] = await ctx.db.query<{ n: number }>(
      sql`select count(*)::int as n from events where company_id = ${a.companyId} and type = 'webhook_endpoint.disabled' and entity_id = ${e.id}`,
    );
    expect(event?.n).toBe(1);
    // while disabled nothing is sent; enabled again, the waiting deliveries go out
    const before = receiver.received.length;
    clock.advanceDays(1);
    await run();
    expect(receiver.received.length).toBe(before);
    receiver.answer = () => 200;
    await call(ctx, { method: "PATCH", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner, body: { status: "enabled" } });
    await run();
    const waiting = await deliveriesVia(ctx, a.owner, `endpointId=${e.id}&status=retrying`);
    expect(waiting).toEqual([]);
    endpoint = await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner });
    expect(endpoint.data).toMatchObject({ status: "enabled", failingSince: null, lastResponseStatus: 200 });
    expect(smtp.messages).toHaveLength(2);
  });
});

describe("privacy and retention", () => {
  it("the member's export lists their deliveries; erasure scrubs the bodies and ends the waiting ones", async () => {
    receiver.answer = (r) => (r.path === "/privacy-slow" ? 500 : 200);
    const ok = await createEndpointVia(ctx, a.owner, { url: `${receiver.url}/privacy`, eventTypes: ["member.created", "member.erased"] });
    const slow = await createEndpointVia(ctx, a.owner, { url: `${receiver.url}/privacy-slow`, eventTypes: ["member.created"] });
    const m = await createMemberVia(ctx, a.owner);
    await run();
    const exported = await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}/export`, auth: a.owner });
    expect(exported.statusCode).toBe(200);
    const listed = exported.data.webhookDeliveries as { endpointId: string; eventType: string; status: string; body: string }[];
    expect(listed.map((d) => [d.endpointId, d.status]).sort()).toEqual(
      [
        [ok.id, "delivered"],
        [slow.id, "retrying"],
      ].sort(),
    );
    expect(JSON.parse(listed[0]?.body ?? "{}").data.memberId).toBe(m.id);
    const erased = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${m.id}/erase`,
      auth: a.owner,
      body: { confirmCardNumber: m.cardNumber },
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.data.scrubbed.webhookDeliveries).toBe(2);
    const rows = await ctx.db.query<{
      endpoint_id: string;
      status: string;
      request_body: string;
      last_error: string | null;
      attempt_log: { responseBody: string }[];
    }>(
      sql`select endpoint_id, status, request_body, last_error, attempt_log from webhook_deliveries where company_id = ${a.companyId} and member_id = ${m.id} and event_type = 'member.created'`,
    );
    for (const r of rows) {
      expect(JSON.parse(r.request_body)).toEqual({ type: "member.created", erased: true });
      expect(r.attempt_log.every((x) => x.responseBody === "")).toBe(true);
    }
    expect(rows.find((r) => r.endpoint_id === slow.id)).toMatchObject({ status: "dead", last_error: "member_erased" });
    // the erasure itself is published: the endpoints delete their copy
    await ctx.db.query(
      sql`update webhook_endpoints set event_types = '{member.erased}' where company_id = ${a.companyId} and id = ${ok.id}`,
    );
    await run();
    const last = receiver.received.filter((r) => r.path === "/privacy").at(-1);
    expect(last?.json).toMatchObject({ type: "member.erased", data: { memberId: m.id } });
  });

  it("deliveries older than 30 days are purged by the daily job", async () => {
    const e = await createEndpointVia(ctx, a.owner, { url: `${receiver.url}/purge`, eventTypes: ["member.created"] });
    await createMemberVia(ctx, a.owner);
    await run();
    const count = () => countRows(ctx.db, "webhook_deliveries", "company_id = $1 and endpoint_id = $2", [a.companyId, e.id]);
    expect(await count()).toBe(1);
    // (created by whichever consumer handled the event: on PostgreSQL another file's, with its clock)
    const [row] = await ctx.db.query<{ created_at: Date }>(
      sql`select created_at from webhook_deliveries where company_id = ${a.companyId} and endpoint_id = ${e.id}`,
    );
    const created = new Date(row?.created_at as Date).getTime();
    await purgeOldWebhookDeliveries(ctx.db, new Date(created + 29 * 86_400_000), [a.companyId]);
    expect(await count()).toBe(1);
    await purgeOldWebhookDeliveries(ctx.db, new Date(created + 31 * 86_400_000), [a.companyId]);
    expect(await count()).toBe(0);
  });
});

describe("two senders at once", () => {
  it(`send each delivery once (${onPostgres ? "PostgreSQL: real concurrency" : "PGlite: one connection"})`, async () => {
    receiver.answer = () => 200;
    const e = await createEndpointVia(ctx, a.owner, { url: `${receiver.url}/concurrent`, eventTypes: ["member.created"] });
    const members = 40;
    for (let i = 0; i < members; i++) await createMemberVia(ctx, a.owner);
    // queued only: the consumer runs, the senders do not yet
    const { webhooksConsumer } = await import("../src/modules/webhooks/webhooks.consumer.js");
    const { consumeEvents } = await import("../src/platform/events.js");
    for (;;) if ((await consumeEvents({ db: ctx.db, consumer: webhooksConsumer(clock.now), batchSize: 500 })).consumed === 0) break;
    expect(await countRows(ctx.db, "webhook_deliveries", "company_id = $1 and endpoint_id = $2", [a.companyId, e.id])).toBe(members);
    const started = performance.now();
    const [one, two] = await Promise.all([
      sendDueDeliveries({ db: ctx.db, config: ctx.config, now: clock.now(), limit: 500, companyIds: [a.companyId] }),
      sendDueDeliveries({ db: ctx.db, config: ctx.config, now: clock.now(), limit: 500, companyIds: [a.companyId] }),
    ]);
    const ms = performance.now() - started;
    const got = receiver.received.filter((r) => r.path === "/concurrent");
    expect(got).toHaveLength(members);
    expect(new Set(got.map((r) => r.id)).size).toBe(members);
    expect((one ?? 0) + (two ?? 0)).toBe(members);
    console.log(
      `webhooks: ${members} deliveries by two senders in ${Math.round(ms)} ms (${Math.round((members / ms) * 1000)}/s; ${one}+${two})`,
    );
    const delivered = await deliveriesVia(ctx, a.owner, `endpointId=${e.id}&status=delivered&limit=200`);
    expect(delivered).toHaveLength(members);
  });
});
