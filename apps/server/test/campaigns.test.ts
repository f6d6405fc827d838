import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processDueCampaigns } from "../src/modules/campaigns/campaigns.service.js";
import { dispatchDueMessages } from "../src/modules/messaging/dispatcher.js";
import {
  type Auth,
  call,
  countRows,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  TestClock,
  type TestContext,
  unique,
} from "./harness.js";
import { startSmtpServer, type TestSmtp } from "./messaging-fixtures.js";

let ctx: TestContext;
let smtp: TestSmtp;
const clock = new TestClock(new Date("2026-04-14T09:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  smtp = await startSmtpServer();
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
});

/**
 * A company with an outbox and five members:
 * m1 enrolled, Gold, tag vip, joined at L1, newsletter granted, e-mail + phone;
 * m2 enrolled, no tier, joined at L2, newsletter granted; m3 enrolled, no consent;
 * m4 enrolled, newsletter granted, no e-mail; m5 not enrolled, tag vip, newsletter granted.
 */
async function world() {
  const company = await createTestCompany(ctx);
  const auth = company.owner;
  const api = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown, as: Auth = auth) =>
    call(ctx, { method, url: `/api/v1${url}`, body, auth: as });
  const email = await api("PUT", "/messaging/settings/email", {
    enabled: true,
    host: "127.0.0.1",
    port: smtp.port,
    security: "none",
    fromName: "Sklep",
    fromEmail: "shop@example.com",
  });
  expect(email.statusCode, email.body).toBe(200);
  await api("PUT", "/messaging/settings/sms", { provider: "log" });
  const programId = await createProgramVia(ctx, auth, { name: "Klub" });
  const gold = (await api("POST", `/programs/${programId}/tiers`, { name: "Gold", threshold: 1000 })).data.id as string;
  const l1 = await createLocationVia(ctx, auth);
  const l2 = await createLocationVia(ctx, auth);
  const consents = (await api("GET", "/consents")).data.data as { id: string; key: string }[];
  const newsletter = consents.find((c) => c.key === "newsletter_email")?.id as string;
  const smsConsent = consents.find((c) => c.key === "sms_marketing")?.id as string;
  const member = async (body: Record<string, unknown>, opts: { enroll?: boolean; consent?: boolean }) => {
    const m = await createMemberVia(ctx, auth, body);
    if (opts.enroll) expect((await api("POST", `/members/${m.id}/enrollments`, { programId })).statusCode).toBeLessThan(300);
    if (opts.consent)
      expect((await api("POST", `/members/${m.id}/consents`, { changes: [{ consentId: newsletter, granted: true }] })).statusCode).toBe(
        200,
      );
    return m.id;
  };
  const m1 = await member(
    { firstName: "Anna", email: `${unique("a")}@example.com`, phone: "600 300 001", tags: ["vip"], joinLocationId: l1 },
    { enroll: true, consent: true },
  );
  await api("PUT", `/members/${m1}/programs/${programId}/tier`, { tierId: gold, locked: true });
  const m2 = await member(
    { firstName: "Bartek", email: `${unique("b")}@example.com`, joinLocationId: l2 },
    { enroll: true, consent: true },
  );
  const m3 = await member({ firstName: "Celina", email: `${unique("c")}@example.com` }, { enroll: true });
  const m4 = await member({ firstName: "Darek" }, { enroll: true, consent: true });
  const m5 = await member({ firstName: "Ewa", email: `${unique("e")}@example.com`, tags: ["vip"] }, { consent: true });
  return { company, api, programId, gold, l1, l2, newsletter, smsConsent, m1, m2, m3, m4, m5 };
}

type World = Awaited<ReturnType<typeof world>>;

const runCampaigns = (w: World, now = clock.now()) =>
  processDueCampaigns({ db: ctx.db, config: ctx.config, now, companyId: w.company.companyId });
const dispatch = (w: World, now = clock.now()) =>
  dispatchDueMessages({ db: ctx.db, config: ctx.config, now, companyId: w.company.companyId });

async function draft(w: World, body: Record<string, unknown> = {}) {
  const res = await w.api("POST", "/campaigns", {
    name: unique("Wiosna "),
    channel: "email",
    subject: "Cześć {first_name}!",
    html: "<p>Witaj {first_name}, wiosenna promocja w {program_name}.</p>",
    audience: { programId: w.programId },
    ...body,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.data;
}

describe("audience count", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });
  const count = async (audience: Record<string, unknown>, channel = "email", purpose = "newsletter") => {
    const res = await w.api("POST", "/campaigns/audience-count", { channel, purpose, audience });
    expect(res.statusCode, res.body).toBe(200);
    return res.data;
  };

  it("counts members, reachable, no consent and no address for each filter", async () => {
    expect(await count({ programId: w.programId })).toEqual({ members: 4, reachable: 2, noConsent: 1, noAddress: 1 });
    expect(await count({ programId: w.programId, tierIds: [w.gold] })).toEqual({ members: 1, reachable: 1, noConsent: 0, noAddress: 0 });
    expect(await count({ tags: ["vip"] })).toEqual({ members: 2, reachable: 2, noConsent: 0, noAddress: 0 });
    expect(await count({ tags: ["vip", "nobody"] })).toMatchObject({ members: 2 });
    expect(await count({ locationIds: [w.l1, w.l2] })).toEqual({ members: 2, reachable: 2, noConsent: 0, noAddress: 0 });
    expect(await count({ consentIds: [w.newsletter] })).toEqual({ members: 4, reachable: 3, noConsent: 0, noAddress: 1 });
    expect(await count({ consentIds: [w.newsletter, w.smsConsent] })).toEqual({ members: 0, reachable: 0, noConsent: 0, noAddress: 0 });
    expect(await count({})).toEqual({ members: 5, reachable: 3, noConsent: 1, noAddress: 1 });
    expect(await count({ programId: w.programId, tags: ["vip"], locationIds: [w.l1] })).toMatchObject({ members: 1 });
    // SMS marketing: nobody granted it
    expect(await count({}, "sms", "sms_marketing")).toEqual({ members: 5, reachable: 0, noConsent: 5, noAddress: 0 });
    // another company sees only its own members
    const other = await createTestCompany(ctx);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/campaigns/audience-count",
      auth: other.owner,
      body: { channel: "email", purpose: "newsletter", audience: {} },
    });
    expect(res.data).toEqual({ members: 0, reachable: 0, noConsent: 0, noAddress: 0 });
  });

  it("refuses another company's program, tiers, locations and consents naming the field", async () => {
    const other = await world();
    const bad: [Record<string, unknown>, string][] = [
      [{ programId: other.programId }, "audience.programId"],
      [{ programId: w.programId, tierIds: [other.gold] }, "audience.tierIds"],
      [{ tierIds: [w.gold] }, "audience.tierIds"],
      [{ locationIds: [other.l1] }, "audience.locationIds"],
      [{ consentIds: [other.newsletter] }, "audience.consentIds"],
      [{ tags: [""] }, "audience.tags.0"],
      [{ segmentId: "x" }, "audience.segmentId"],
    ];
    for (const [audience, path] of bad) {
      const res = await w.api("POST", "/campaigns/audience-count", { channel: "email", purpose: "newsletter", audience });
      expect(res.statusCode, JSON.stringify(audience)).toBe(400);
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
  });
});

describe("campaign drafts", () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it("creates a draft with defaults, changes it, lists it and deletes it", async () => {
    const created = await draft(w, { throttlePerMinute: 30 });
    expect(created).toMatchObject({
      status: "draft",
      channel: "email",
      purpose: "newsletter",
      throttlePerMinute: 30,
      audience: { programId: w.programId, tierIds: [], tags: [], locationIds: [], consentIds: [] },
      results: { total: 0, queued: 0, sent: 0, failed: 0, noConsent: 0, noAddress: 0 },
      scheduledAt: null,
    });
    expect(created.id).toMatch(/^cmpg_/);
    const patched = await w.api("PATCH", `/campaigns/${created.id}`, {
      name: "Renamed",
      audience: { tags: ["vip"] },
      throttlePerMinute: null,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.data).toMatchObject({ name: "Renamed", audience: { programId: null, tags: ["vip"] }, throttlePerMinute: null });
    const sms = await draft(w, { channel: "sms", subject: "", html: "", text: "Hej {first_name}!" });
    expect(sms.purpose).toBe("sms_marketing");
    const list = await w.api("GET", "/campaigns?limit=1");
    expect(list.data.data.map((c: { id: string }) => c.id)).toEqual([sms.id]);
    const next = await w.api("GET", `/campaigns?limit=1&cursor=${list.data.nextCursor}`);
    expect(next.data.data.map((c: { id: string }) => c.id)).toEqual([created.id]);
    expect((await w.api("GET", "/campaigns?channel=sms")).data.data).toHaveLength(1);
    expect((await w.api("DELETE", `/campaigns/${created.id}`)).statusCode).toBe(204);
    expect((await w.api("GET", `/campaigns/${created.id}`)).statusCode).toBe(404);
    const audit = await ctx.db.query<{ action: string }>(
      "select action from audit_log where company_id = $1 and entity_id = $2 order by id",
      [w.company.companyId, created.id],
    );
    expect(audit.map((a) => a.action)).toEqual(["campaign.created", "campaign.updated", "campaign.deleted"]);
  });

  it("refuses bad input with 400 naming the field, and writes nothing", async () => {
    const existing = await draft(w);
    const before = await countRows(ctx.db, "campaigns", "company_id = $1", [w.company.companyId]);
    const auditBefore = await countRows(ctx.db, "audit_log", "company_id = $1", [w.company.companyId]);
    const base = { name: "X", channel: "email", subject: "S", html: "<p>B</p>" };
    const cases: [string, string, unknown, string][] = [
      ["POST", "/campaigns", { ...base, name: "" }, "name"],
      ["POST", "/campaigns", { ...base, name: undefined }, "name"],
      ["POST", "/campaigns", { ...base, channel: "fax" }, "channel"],
      ["POST", "/campaigns", { ...base, purpose: "spam" }, "purpose"],
      ["POST", "/campaigns", { ...base, subject: "" }, "subject"],
      ["POST", "/campaigns", { ...base, html: "" }, "html"],
      ["POST", "/campaigns", { ...base, html: "<p>{first_name} {shoe_size}</p>" }, "html"],
      ["POST", "/campaigns", { ...base, subject: "Hi {nick}" }, "subject"],
      ["POST", "/campaigns", { name: "S", channel: "sms", text: "" }, "text"],
      ["POST", "/campaigns", { name: "S", channel: "sms", text: "Hi", html: "<p>x</p>" }, "html"],
      ["POST", "/campaigns", { ...base, throttlePerMinute: 0 }, "throttlePerMinute"],
      ["POST", "/campaigns", { ...base, throttlePerMinute: 1.5 }, "throttlePerMinute"],
      ["POST", "/campaigns", { ...base, audience: { programId: "prg_nope" } }, "audience.programId"],
      ["POST", "/campaigns", { ...base, audience: { tags: "vip" } }, "audience.tags"],
      ["POST", "/campaigns", { ...base, status: "sent" }, "status"],
      ["PATCH", `/campaigns/${existing.id}`, { html: "<p>{oops}</p>" }, "html"],
      ["PATCH", `/campaigns/${existing.id}`, { channel: "sms" }, "channel"],
      ["PATCH", `/campaigns/${existing.id}`, { audience: { locationIds: ["loc_nope"] } }, "audience.locationIds"],
      ["POST", `/campaigns/${existing.id}/send`, { scheduledAt: "tomorrow" }, "scheduledAt"],
      ["POST", `/campaigns/${existing.id}/send`, { scheduledAt: "2020-01-01T00:00:00Z" }, "scheduledAt"],
      ["POST", "/campaigns/audience-count", { channel: "email", audience: {} }, "purpose"],
      ["GET", "/campaigns?status=lost", undefined, "query.status"],
    ];
    for (const [method, url, body, path] of cases) {
      const res = await w.api(method as "GET", url, body);
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await countRows(ctx.db, "campaigns", "company_id = $1", [w.company.companyId])).toBe(before);
    expect(await countRows(ctx.db, "audit_log", "company_id = $1", [w.company.companyId])).toBe(auditBefore);
    expect((await w.api("GET", `/campaigns/${existing.id}`)).data).toMatchObject({ status: "draft", html: existing.html });
  });

  it("refuses to send when the outbox is not configured for the channel (422)", async () => {
    const company = await createTestCompany(ctx);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/campaigns",
      auth: company.owner,
      body: { name: "N", channel: "email", subject: "S", html: "<p>B</p>" },
    });
    const send = await call(ctx, { method: "POST", url: `/api/v1/campaigns/${res.data.id}/send`, auth: company.owner, body: {} });
    expect(send.statusCode).toBe(422);
    expect(send.data.error.details[0].path).toBe("channel");
    expect((await call(ctx, { method: "GET", url: `/api/v1/campaigns/${res.data.id}`, auth: company.owner })).data.status).toBe("draft");
  });
});

describe("sending a campaign", () => {
  it("sends now: personalised e-mails to members with consent and address, results counted, then sent", async () => {
    const w = await world();
    const c = await draft(w);
    const scheduled = await w.api("POST", `/campaigns/${c.id}/send`, {});
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    expect(scheduled.data).toMatchObject({ status: "scheduled", scheduledAt: clock.now().toISOString() });
    for (const [url, body] of [
      [`/campaigns/${c.id}`, { name: "late" }],
      [`/campaigns/${c.id}/send`, {}],
    ] as const) {
      const res = await w.api(url.endsWith("send") ? "POST" : "PATCH", url, body);
      expect(res.statusCode).toBe(409);
    }
    expect((await w.api("DELETE", `/campaigns/${c.id}`)).statusCode).toBe(409);

    expect(await runCampaigns(w)).toBe(4);
    let got = (await w.api("GET", `/campaigns/${c.id}`)).data;
    expect(got).toMatchObject({ status: "sending", startedAt: clock.now().toISOString() });
    expect(got.results).toEqual({ total: 4, queued: 2, sent: 0, failed: 0, noConsent: 1, noAddress: 1, cancelled: 0 });

    const before = smtp.messages.length;
    expect(await dispatch(w)).toBe(2);
    const mails = (await smtp.waitFor(before + 2)).slice(before);
    const subjects = mails.map((m) => m.headers.subject).sort();
    expect(subjects).toEqual(["Cześć Anna!", "Cześć Bartek!"]);
    const anna = mails.find((m) => m.headers.subject === "Cześć Anna!");
    expect(anna?.html).toContain("Witaj Anna, wiosenna promocja w Klub.");
    expect(anna?.text).toContain("Witaj Anna, wiosenna promocja w Klub.");
    expect(anna?.headers["list-unsubscribe"]).toMatch(/^<http:\/\/localhost:3000\/unsubscribe\/.+>$/);

    expect(await runCampaigns(w)).toBe(0);
    got = (await w.api("GET", `/campaigns/${c.id}`)).data;
    expect(got).toMatchObject({ status: "sent", finishedAt: clock.now().toISOString() });
    expect(got.results).toEqual({ total: 4, queued: 0, sent: 2, failed: 0, noConsent: 1, noAddress: 1, cancelled: 0 });
    const deliveries = await w.api("GET", `/messages?campaignId=${c.id}`);
    expect(deliveries.data.data).toHaveLength(4);
    expect(new Set(deliveries.data.data.map((d: { memberId: string }) => d.memberId))).toEqual(new Set([w.m1, w.m2, w.m3, w.m4]));
    expect(deliveries.data.data.find((d: { memberId: string }) => d.memberId === w.m3)).toMatchObject({
      status: "skipped",
      skipReason: "no_consent",
    });
    // a second run queues nothing twice (campaign:<id>:<member> keys)
    expect(await countRows(ctx.db, "message_deliveries", "company_id = $1 and campaign_id = $2", [w.company.companyId, c.id])).toBe(4);
    expect((await w.api("GET", `/campaigns/${c.id}`)).data.status).toBe("sent");
  });

  it("throttles: at most throttlePerMinute messages become due per minute", async () => {
    const w = await world();
    const c = await draft(w, { audience: { consentIds: [w.newsletter] }, throttlePerMinute: 2 });
    await w.api("POST", `/campaigns/${c.id}/send`, {});
    expect(await runCampaigns(w)).toBe(4);
    const queued = (await w.api("GET", `/messages?campaignId=${c.id}&status=queued`)).data.data as { nextAttemptAt: string }[];
    const t0 = clock.now().getTime();
    expect(queued.map((d) => d.nextAttemptAt).sort()).toEqual([t0, t0, t0 + 60_000].map((t) => new Date(t).toISOString()));
    expect(await dispatch(w)).toBe(2);
    expect(await dispatch(w, new Date(t0 + 59_000))).toBe(0);
    expect(await dispatch(w, new Date(t0 + 60_000))).toBe(1);
    await runCampaigns(w, new Date(t0 + 60_000));
    expect((await w.api("GET", `/campaigns/${c.id}`)).data).toMatchObject({ status: "sent", results: { sent: 3, noAddress: 1 } });
  });

  it("cancel stops the messages not yet sent", async () => {
    const w = await world();
    const c = await draft(w, { audience: { consentIds: [w.newsletter] }, throttlePerMinute: 1 });
    await w.api("POST", `/campaigns/${c.id}/send`, {});
    await runCampaigns(w);
    expect(await dispatch(w)).toBe(1);
    const cancelled = await w.api("POST", `/campaigns/${c.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.data).toMatchObject({ status: "cancelled", results: { total: 4, sent: 1, queued: 0, cancelled: 2, noAddress: 1 } });
    const before = smtp.messages.length;
    expect(await dispatch(w, new Date(clock.now().getTime() + 10 * 60_000))).toBe(0);
    expect(smtp.messages.length).toBe(before);
    expect(await runCampaigns(w, new Date(clock.now().getTime() + 10 * 60_000))).toBe(0);
    expect((await w.api("POST", `/campaigns/${c.id}/cancel`)).statusCode).toBe(409);
    const draftOnly = await draft(w);
    expect((await w.api("POST", `/campaigns/${draftOnly.id}/cancel`)).statusCode).toBe(409);
  });

  it("scheduled: nothing happens before scheduledAt; a cancelled schedule never sends", async () => {
    const w = await world();
    const at = new Date(clock.now().getTime() + 2 * 3_600_000);
    const c = await draft(w);
    const res = await w.api("POST", `/campaigns/${c.id}/send`, { scheduledAt: at.toISOString() });
    expect(res.data).toMatchObject({ status: "scheduled", scheduledAt: at.toISOString() });
    expect(await runCampaigns(w)).toBe(0);
    expect(await runCampaigns(w, new Date(at.getTime() - 1000))).toBe(0);
    expect((await w.api("GET", `/campaigns/${c.id}`)).data.status).toBe("scheduled");
    expect(await runCampaigns(w, at)).toBe(4);
    expect((await w.api("GET", `/campaigns/${c.id}`)).data).toMatchObject({ status: "sending", startedAt: at.toISOString() });
    // queued for the scheduled time, not before
    expect(await dispatch(w)).toBe(0);
    expect(await dispatch(w, at)).toBe(2);

    const later = await draft(w);
    await w.api("POST", `/campaigns/${later.id}/send`, { scheduledAt: at.toISOString() });
    expect((await w.api("POST", `/campaigns/${later.id}/cancel`)).data).toMatchObject({ status: "cancelled", results: { total: 0 } });
    expect(await runCampaigns(w, new Date(at.getTime() + 3_600_000))).toBe(0);
    expect(await countRows(ctx.db, "message_deliveries", "company_id = $1 and campaign_id = $2", [w.company.companyId, later.id])).toBe(0);
  });

  it("an SMS campaign renders the text per member and goes through the SMS provider", async () => {
    const w = await world();
    await w.api("POST", `/members/${w.m1}/consents`, { changes: [{ consentId: w.smsConsent, granted: true }] });
    const c = await draft(w, { channel: "sms", subject: "", html: "", text: "Hej {first_name}, karta {card_number}", audience: {} });
    await w.api("POST", `/campaigns/${c.id}/send`, {});
    expect(await runCampaigns(w)).toBe(5);
    expect(await dispatch(w)).toBe(1);
    const sent = (await w.api("GET", `/messages?campaignId=${c.id}&status=sent`)).data.data;
    expect(sent).toHaveLength(1);
    const detail = (await w.api("GET", `/messages/${sent[0].id}`)).data;
    expect(detail).toMatchObject({ channel: "sms", to: "+48600300001", purpose: "sms_marketing" });
    expect(detail.text).toMatch(/^Hej Anna, karta \S+$/);
    expect((await w.api("GET", `/campaigns/${c.id}`)).data.results).toMatchObject({ total: 5, sent: 1, noConsent: 4 });
  });
});
