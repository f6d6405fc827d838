import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RETRY_DELAYS_S } from "../src/modules/webhooks/send-deliveries.js";
import { webhooksConsumer } from "../src/modules/webhooks/webhooks.consumer.js";
import { consumeEvents } from "../src/platform/events.js";
import { sql } from "../src/platform/sql.js";
import {
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  purchaseVia,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
} from "./harness.js";
import { createEndpointVia, deliveriesVia, type Receiver, runWebhooks, startReceiver } from "./webhook-fixtures.js";

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let receiver: Receiver;
const clock = new TestClock(new Date("2027-03-01T10:00:00Z"));
const run = () => runWebhooks(ctx, clock.now, [a.companyId, b.companyId]);
const advanceSeconds = (s: number) => clock.set(new Date(clock.current.getTime() + s * 1000));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await ctx?.close();
});

/** The company's endpoints are disabled so each test sees only its own endpoint's deliveries. */
async function only(endpointId: string) {
  await ctx.db.query(
    sql`update webhook_endpoints set status = 'disabled', disabled_reason = 'manual' where company_id = ${a.companyId} and id <> ${endpointId}`,
  );
}

/** A fresh path on the receiver for one test, with its own answers. */
function lane(name: string, answer: (n: number, r: { json: { type: string } }) => number = () => 200) {
  let n = 0;
  const own = () => receiver.received.filter((r) => r.path === `/${name}`);
  const previous = receiver.answer;
  receiver.answer = (r) => (r.path === `/${name}` ? answer(++n, r) : previous(r));
  return { url: `${receiver.url}/${name}`, received: own };
}

describe("endpoints: the API", () => {
  it("publishes the event catalogue", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/webhooks/event-types", auth: a.owner });
    expect(res.statusCode).toBe(200);
    const types = res.data.data.map((t: { type: string }) => t.type);
    expect(types).toEqual(expect.arrayContaining(["member.created", "points.added", "purchase.recorded", "member.erased", "webhook.test"]));
    expect(types).not.toContain("rule.updated");
    for (const t of res.data.data) expect(t.description.length).toBeGreaterThan(10);
  });

  it("creates an endpoint with a whsec_ secret, reads, lists, changes and deletes it, audited", async () => {
    const created = await createEndpointVia(ctx, a.owner, {
      url: "https://example.com/hooks",
      description: "CRM",
      eventTypes: ["member.created"],
    });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), "base64")).toHaveLength(32);
    expect(created.endpoint).toMatchObject({
      status: "enabled",
      disabledReason: null,
      eventTypes: ["member.created"],
      counts: { pending: 0 },
    });
    const list = await call(ctx, { method: "GET", url: "/api/v1/webhooks/endpoints", auth: a.owner });
    expect(list.data.data.map((e: { id: string }) => e.id)).toContain(created.id);
    const secret = await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${created.id}/secret`, auth: a.owner });
    expect(secret.data).toEqual({ secret: created.secret, previousSecretExpiresAt: null });
    const patched = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/webhooks/endpoints/${created.id}`,
      auth: a.owner,
      body: { status: "disabled", eventTypes: [] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.data).toMatchObject({ status: "disabled", disabledReason: "manual", eventTypes: [] });
    const again = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/webhooks/endpoints/${created.id}`,
      auth: a.owner,
      body: { status: "enabled" },
    });
    expect(again.data).toMatchObject({ status: "enabled", disabledReason: null, disabledAt: null });
    const del = await call(ctx, { method: "DELETE", url: `/api/v1/webhooks/endpoints/${created.id}`, auth: a.owner });
    expect(del.statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${created.id}`, auth: a.owner })).statusCode).toBe(404);
    const audit = await ctx.db.query<{ action: string; changes: Record<string, unknown> }>(
      sql`select action, changes from audit_log where company_id = ${a.companyId} and entity_id = ${created.id} order by id`,
    );
    expect(audit.map((r) => r.action)).toEqual([
      "webhook_endpoint.created",
      "webhook_endpoint.updated",
      "webhook_endpoint.updated",
      "webhook_endpoint.deleted",
    ]);
    expect(JSON.stringify(audit)).not.toContain(created.secret.slice(6));
  });

  it("refuses bad input naming the fields, and writes nothing", async () => {
    const before = await countRows(ctx.db, "webhook_endpoints", "company_id = $1", [a.companyId]);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ url: "ftp://example.com/x" }, "url", "webhook_url"],
      [{ url: "not a url" }, "url", "webhook_url"],
      [{ url: "https://10.1.2.3/hook" }, "url", "host_not_allowed"],
      [
        { url: "https://example.com/x", eventTypes: ["member.created", "points.added", "rule.updated"] },
        "eventTypes.2",
        "unknown_event_type",
      ],
      [{ url: "https://example.com/x", status: "paused" }, "status", ""],
      [{ url: "https://example.com/x", secret: "whsec_x" }, "", ""],
      [{}, "url", ""],
    ];
    for (const [body, field, code] of cases) {
      const res = await call(ctx, { method: "POST", url: "/api/v1/webhooks/endpoints", auth: a.owner, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      if (field)
        expect(
          res.data.error.details.map((d: { path: string }) => d.path),
          JSON.stringify(body),
        ).toContain(field);
      if (code) expect(res.data.error.details.find((d: { path: string }) => d.path === field)?.code).toBe(code);
    }
    const e = await createEndpointVia(ctx, a.owner, { url: "https://example.com/ok" });
    const patch = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/webhooks/endpoints/${e.id}`,
      auth: a.owner,
      body: { url: "http://example.com/x" },
    });
    expect(patch.statusCode).toBe(200); // http allowed: the test's operator allows private hosts (webhookUrlOk)
    const bad = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/webhooks/endpoints/${e.id}`,
      auth: a.owner,
      body: { eventTypes: ["nope"] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details[0]).toMatchObject({ path: "eventTypes.0", code: "unknown_event_type" });
    expect((await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner })).data.eventTypes).toEqual([]);
    expect(await countRows(ctx.db, "webhook_endpoints", "company_id = $1", [a.companyId])).toBe(before + 1);
    await call(ctx, { method: "DELETE", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner });
  });

  it("keeps companies apart", async () => {
    const e = await createEndpointVia(ctx, a.owner, { url: "https://example.com/a" });
    for (const [method, url] of [
      ["GET", `/api/v1/webhooks/endpoints/${e.id}`],
      ["GET", `/api/v1/webhooks/endpoints/${e.id}/secret`],
      ["POST", `/api/v1/webhooks/endpoints/${e.id}/test`],
      ["DELETE", `/api/v1/webhooks/endpoints/${e.id}`],
    ] as const)
      expect((await call(ctx, { method, url, auth: b.owner })).statusCode).toBe(404);
    const list = await call(ctx, { method: "GET", url: "/api/v1/webhooks/endpoints", auth: b.owner });
    expect(list.data.data.map((x: { id: string }) => x.id)).not.toContain(e.id);
    await call(ctx, { method: "DELETE", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner });
  });
});

describe("deliveries", () => {
  // Earlier tests' events are handled first: an endpoint receives the events handled after it exists.
  beforeEach(async () => {
    await run();
  });

  it("signs per Standard Webhooks, retries after a 500 with the same webhook-id, then delivers once", async () => {
    const l = lane("retry", (n) => (n === 1 ? 500 : 200));
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["member.created"] });
    await only(e.id);
    receiver.secrets = [e.secret];
    const member = await createMemberVia(ctx, a.owner);
    await run();
    expect(l.received()).toHaveLength(1);
    const [first] = l.received();
    expect(first?.status).toBe(500);
    expect(first?.verifiedBy).toEqual([0]);
    expect(first?.json).toMatchObject({ type: "member.created", data: { memberId: member.id } });
    expect(Object.keys(first?.json.data ?? {}).sort()).toEqual(["joinLocationId", "memberId", "referrerId"]);
    let [d] = await deliveriesVia(ctx, a.owner, `endpointId=${e.id}`);
    expect(d).toMatchObject({ status: "retrying", attempts: 1, lastResponseStatus: 500, memberId: member.id, eventType: "member.created" });
    expect(new Date(d?.nextAttemptAt as string).getTime()).toBe(clock.current.getTime() + RETRY_DELAYS_S[0]! * 1000);
    await run(); // not due yet
    expect(l.received()).toHaveLength(1);
    advanceSeconds(RETRY_DELAYS_S[0]!);
    await run();
    await run();
    expect(l.received().map((r) => r.status)).toEqual([500, 200]);
    const [, second] = l.received();
    expect(second?.id).toBe(first?.id);
    expect(second?.body).toBe(first?.body);
    expect(second?.verifiedBy).toEqual([0]);
    [d] = await deliveriesVia(ctx, a.owner, `endpointId=${e.id}`);
    expect(d).toMatchObject({ status: "delivered", attempts: 2, nextAttemptAt: null, lastResponseStatus: 200 });
    const detail = await call(ctx, { method: "GET", url: `/api/v1/webhooks/deliveries/${d?.id}`, auth: a.owner });
    expect(detail.data).toMatchObject({ attemptCount: 2, request: { url: l.url, body: first?.body } });
    expect(detail.data.request.headers["webhook-id"]).toBe(first?.id);
    expect(detail.data.attempts.map((x: { responseStatus: number }) => x.responseStatus)).toEqual([500, 200]);
    expect(detail.data.attempts[0]).toMatchObject({
      error: "HTTP 500",
      responseBody: "failed 500",
      responseHeaders: { "x-receiver": "test" },
    });
    const endpoint = await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner });
    expect(endpoint.data).toMatchObject({ failingSince: null, lastResponseStatus: 200, counts: { delivered24h: 1, pending: 0 } });
  });

  it("sends the events a filter takes, and nothing of another company", async () => {
    const l = lane("filter");
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["purchase.recorded"] });
    await only(e.id);
    receiver.secrets = [e.secret];
    const programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 100 });
    const member = await createMemberVia(ctx, a.owner);
    const purchase = await purchaseVia(ctx, a.owner, programId, member.id, 2500);
    expect(purchase.statusCode).toBe(201);
    await createMemberVia(ctx, b.owner);
    await run();
    expect(l.received().map((r) => r.json.type)).toEqual(["purchase.recorded"]);
    expect(l.received()[0]?.json.data).toMatchObject({
      purchaseId: purchase.data.purchase.id,
      memberId: member.id,
      amountMinor: 2500,
      points: purchase.data.purchase.points,
      programId,
    });
    expect(await deliveriesVia(ctx, b.owner, "")).toEqual([]);
  });

  it("keeps the order per member: a failing first event holds the member's next one", async () => {
    let failing = true;
    const l = lane("order", () => (failing ? 503 : 200));
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["member.created", "member.updated"] });
    await only(e.id);
    receiver.secrets = [e.secret];
    const m1 = await createMemberVia(ctx, a.owner);
    const upd = await call(ctx, { method: "PATCH", url: `/api/v1/members/${m1.id}`, auth: a.owner, body: { firstName: "Ola" } });
    expect(upd.statusCode).toBe(200);
    await run();
    expect(l.received().map((r) => r.json.type)).toEqual(["member.created"]);
    const held = (await deliveriesVia(ctx, a.owner, `endpointId=${e.id}&eventType=member.updated`))[0];
    expect(held).toMatchObject({ status: "pending", attempts: 0 });
    failing = false;
    advanceSeconds(RETRY_DELAYS_S[0]!);
    await run();
    expect(l.received().map((r) => [r.json.type, r.status])).toEqual([
      ["member.created", 503],
      ["member.created", 200],
      ["member.updated", 200],
    ]);
    expect(l.received()[2]?.json.data).toMatchObject({ memberId: m1.id, fields: ["firstName"] });
  });

  it("a 410 disables the endpoint at once; events of the disabled time are not queued; enabling resumes the waiting ones", async () => {
    let gone = true;
    const l = lane("gone", () => (gone ? 410 : 200));
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["member.created"] });
    await only(e.id);
    const m = await createMemberVia(ctx, a.owner);
    await run();
    const disabled = await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${e.id}`, auth: a.owner });
    expect(disabled.data).toMatchObject({ status: "disabled", disabledReason: "gone", lastResponseStatus: 410 });
    const [audit] = await ctx.db.query<{ actor_type: string; changes: Record<string, unknown> }>(
      sql`select actor_type, changes from audit_log where company_id = ${a.companyId} and entity_id = ${e.id} and action = 'webhook_endpoint.disabled'`,
    );
    expect(audit).toMatchObject({ actor_type: "system", changes: { reason: "gone" } });
    await createMemberVia(ctx, a.owner); // while disabled: not queued
    advanceSeconds(3600);
    await run();
    expect(l.received()).toHaveLength(1);
    gone = false;
    const enabled = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/webhooks/endpoints/${e.id}`,
      auth: a.owner,
      body: { status: "enabled" },
    });
    expect(enabled.data).toMatchObject({ status: "enabled", disabledReason: null, failingSince: null });
    await run();
    expect(l.received().map((r) => [r.json.data.memberId, r.status])).toEqual([
      [m.id, 410],
      [m.id, 200],
    ]);
  });

  it("a delivery is dead after the last retry (about 28 hours); replay sends it again with the same webhook-id", async () => {
    let failing = true;
    const l = lane("dead", () => (failing ? 500 : 200));
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["member.created"] });
    await only(e.id);
    receiver.secrets = [e.secret];
    await createMemberVia(ctx, a.owner);
    await run();
    for (const delay of RETRY_DELAYS_S) {
      advanceSeconds(delay);
      await run();
    }
    expect(RETRY_DELAYS_S.reduce((s, x) => s + x, 0)).toBeGreaterThanOrEqual(24 * 3600);
    expect(l.received()).toHaveLength(RETRY_DELAYS_S.length + 1);
    const [dead] = await deliveriesVia(ctx, a.owner, `endpointId=${e.id}`);
    expect(dead).toMatchObject({ status: "dead", attempts: RETRY_DELAYS_S.length + 1, nextAttemptAt: null });
    expect(new Set(l.received().map((r) => r.id)).size).toBe(1);
    advanceSeconds(86_400);
    await run();
    expect(l.received()).toHaveLength(RETRY_DELAYS_S.length + 1);
    failing = false;
    const replay = await call(ctx, { method: "POST", url: `/api/v1/webhooks/deliveries/${dead?.id}/replay`, auth: a.owner });
    expect(replay.statusCode).toBe(202);
    expect(replay.data).toMatchObject({ status: "pending" });
    await run();
    const last = l.received().at(-1);
    expect(last).toMatchObject({ status: 200, id: dead?.eventId, verifiedBy: [0] });
    expect((await deliveriesVia(ctx, a.owner, `endpointId=${e.id}`))[0]).toMatchObject({ status: "delivered" });
    const [audit] = await ctx.db.query<{ n: number }>(
      sql`select count(*)::int as n from audit_log where company_id = ${a.companyId} and entity_id = ${dead?.id} and action = 'webhook_delivery.replayed'`,
    );
    expect(audit?.n).toBe(1);
    expect((await call(ctx, { method: "POST", url: `/api/v1/webhooks/deliveries/${dead?.id}/replay`, auth: b.owner })).statusCode).toBe(
      404,
    );
  });

  it("sends a test event at once, even to a disabled endpoint", async () => {
    const l = lane("test-event");
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, status: "disabled" });
    receiver.secrets = [e.secret];
    const res = await call(ctx, { method: "POST", url: `/api/v1/webhooks/endpoints/${e.id}/test`, auth: a.owner });
    expect(res.statusCode).toBe(202);
    expect(res.data).toMatchObject({ eventType: "webhook.test", status: "pending", endpointId: e.id, memberId: null });
    await run();
    expect(l.received()).toHaveLength(1);
    expect(l.received()[0]).toMatchObject({ id: res.data.eventId, verifiedBy: [0], json: { type: "webhook.test", data: {} } });
    const [d] = await deliveriesVia(ctx, a.owner, `endpointId=${e.id}`);
    expect(d).toMatchObject({ status: "delivered" });
  });

  it("rotation: both secrets sign for 24 hours, then only the new one", async () => {
    const l = lane("rotation");
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["member.created"] });
    await only(e.id);
    const rotated = await call(ctx, { method: "POST", url: `/api/v1/webhooks/endpoints/${e.id}/rotate-secret`, auth: a.owner });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.data.secret).not.toBe(e.secret);
    expect(new Date(rotated.data.previousSecretExpiresAt).getTime()).toBe(clock.current.getTime() + 24 * 3600_000);
    receiver.secrets = [e.secret, rotated.data.secret];
    await createMemberVia(ctx, a.owner);
    await run();
    const [during] = l.received();
    expect(during?.signature.split(" ")).toHaveLength(2);
    expect(during?.verifiedBy).toEqual([0, 1]);
    // each secret alone verifies the request (a receiver holding either one)
    for (const secret of [e.secret, rotated.data.secret])
      expect(() =>
        new Webhook(secret).verify(during?.body as string, {
          "webhook-id": during?.id as string,
          "webhook-timestamp": during?.timestamp as string,
          "webhook-signature": during?.signature as string,
        }),
      ).not.toThrow();
    advanceSeconds(24 * 3600 + 1);
    await createMemberVia(ctx, a.owner);
    await run();
    const after = l.received()[1];
    expect(after?.signature.split(" ")).toHaveLength(1);
    expect(after?.verifiedBy).toEqual([1]);
    const secret = await call(ctx, { method: "GET", url: `/api/v1/webhooks/endpoints/${e.id}/secret`, auth: a.owner });
    expect(secret.data).toEqual({ secret: rotated.data.secret, previousSecretExpiresAt: null });
  });

  it("an outbox replayed never duplicates a delivery", async () => {
    const l = lane("dedupe");
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["member.created"] });
    await only(e.id);
    const m = await createMemberVia(ctx, a.owner);
    await run();
    const before = await countRows(ctx.db, "webhook_deliveries", "company_id = $1 and endpoint_id = $2", [a.companyId, e.id]);
    expect(before).toBe(1);
    // the consumer forgets it handled the member's event: it is handed to it again
    await ctx.db.query(
      sql`delete from event_consumptions where consumer = 'webhooks'
             and event_seq in (select seq from events where company_id = ${a.companyId} and entity_id = ${m.id})`,
    );
    await ctx.db.query(sql`update event_consumers set low_seq = 0 where consumer = 'webhooks'`);
    await run();
    expect(await countRows(ctx.db, "webhook_deliveries", "company_id = $1 and endpoint_id = $2", [a.companyId, e.id])).toBe(before);
    expect(l.received()).toHaveLength(1);
  });

  it("a crashed sender's claim comes back when its lease ends; the log filters by member", async () => {
    const l = lane("lease");
    const e = await createEndpointVia(ctx, a.owner, { url: l.url, eventTypes: ["member.created"] });
    await only(e.id);
    const m = await createMemberVia(ctx, a.owner);
    // queued, then claimed by a sender that died before sending (its lease: 60 s)
    const queued = () => countRows(ctx.db, "webhook_deliveries", "company_id = $1 and endpoint_id = $2", [a.companyId, e.id]);
    // (on PostgreSQL another file's consumer may be handling the event at this moment)
    for (let i = 0; i < 100 && (await queued()) === 0; i++) {
      await consumeEvents({ db: ctx.db, consumer: webhooksConsumer(clock.now), batchSize: 500 });
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(await queued()).toBe(1);
    await ctx.db.query(
      sql`update webhook_deliveries set lease_token = 'crashed', next_attempt_at = ${new Date(clock.current.getTime() + 60_000)}
           where company_id = ${a.companyId} and endpoint_id = ${e.id}`,
    );
    await run();
    expect(l.received()).toHaveLength(0);
    advanceSeconds(61);
    await run();
    expect(l.received()).toHaveLength(1);
    const mine = await deliveriesVia(ctx, a.owner, `memberId=${m.id}&endpointId=${e.id}`);
    expect(mine).toMatchObject([{ memberId: m.id, status: "delivered", attempts: 1 }]);
    expect(await deliveriesVia(ctx, a.owner, `memberId=${m.id}&status=dead`)).toEqual([]);
  });
});
