import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../src/platform/sql.js";
import { createScenarioVia, runAutomation, runsVia } from "./automation-fixtures.js";
import {
  balanceVia,
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
  unique,
} from "./harness.js";
import { reportReliability } from "./reliability.js";
import { createEndpointVia, deliveriesVia, runWebhooks, startReceiver } from "./webhook-fixtures.js";

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let programId: string;
const clock = new TestClock(new Date("2027-05-10T10:00:00Z"));
let receiver: Server;
let received: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];
let receiverUrl = "";

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { converterPoints: 10, converterAmountMinor: 10000 });
  receiver = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body: JSON.parse(body || "{}") });
      res.writeHead(req.url === "/fail" ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
  receiver?.close();
  await ctx.close();
});

/** A custom event for the member, as an integration posts it. */
const postEvent = (memberId: string, name: string, key: string) =>
  call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/events`, auth: a.owner, body: { programId, type: "custom", name, key } });

const bigPurchaseBonus = (extra: Record<string, unknown> = {}) => ({
  name: unique("Big purchase "),
  programId,
  trigger: { type: "purchase_recorded" },
  conditions: [{ type: "purchase_amount", op: "gte", amount: 50000 }],
  actions: [{ type: "add_points", points: 50, reason: "Bonus for a big purchase" }],
  ...extra,
});

describe("scenarios: the API", () => {
  it("creates, reads, lists, pauses and archives a scenario, audited", async () => {
    const created = await createScenarioVia(ctx, a.owner, bigPurchaseBonus({ status: "paused" }));
    const got = await call(ctx, { method: "GET", url: `/api/v1/automation/scenarios/${created.id}`, auth: a.owner });
    expect(got.statusCode).toBe(200);
    expect(got.data).toMatchObject({ status: "paused", trigger: { type: "purchase_recorded" }, stats: { runs: 0, pointsGiven: 0 } });
    const patched = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/automation/scenarios/${created.id}`,
      auth: a.owner,
      body: { status: "active" },
    });
    expect(patched.data.status).toBe("active");
    const list = await call(ctx, { method: "GET", url: "/api/v1/automation/scenarios?trigger=purchase_recorded", auth: a.owner });
    expect(list.data.data.map((s: { id: string }) => s.id)).toContain(created.id);
    const del = await call(ctx, { method: "DELETE", url: `/api/v1/automation/scenarios/${created.id}`, auth: a.owner });
    expect(del.statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: `/api/v1/automation/scenarios/${created.id}`, auth: a.owner })).statusCode).toBe(404);
    const audit = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${created.id}`, auth: a.owner });
    expect(audit.data.data.map((e: { action: string }) => e.action).sort()).toEqual([
      "automation_scenario.archived",
      "automation_scenario.created",
      "automation_scenario.updated",
    ]);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const before = await countRows(ctx.db, "automation_scenarios", "company_id = $1", [a.companyId]);
    const bTemplate = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates",
      auth: b.owner,
      body: { name: "B's", channel: "sms", text: "Hej" },
    });
    expect(bTemplate.statusCode).toBe(201);
    const bEndpoint = await createEndpointVia(ctx, b.owner, { url: "https://hooks.example.com/b", eventTypes: [] });
    const cases: [Record<string, unknown>, string][] = [
      [bigPurchaseBonus({ actions: [{ type: "add_points", points: 0, reason: "x" }] }), "actions.0.points"],
      [bigPurchaseBonus({ actions: [] }), "actions"],
      [bigPurchaseBonus({ actions: [{ type: "send_message", templateId: bTemplate.data.id }] }), "actions.0.templateId"],
      [bigPurchaseBonus({ programId: "prg_nope" }), "programId"],
      [bigPurchaseBonus({ trigger: { type: "consent_granted", consentId: "cns_nope" } }), "trigger.consentId"],
      [bigPurchaseBonus({ trigger: { type: "no_purchase", days: 0 } }), "trigger.days"],
      [bigPurchaseBonus({ conditions: [{ type: "tier", op: "in", tierIds: ["tir_nope"] }] }), "conditions.0.tierIds.0"],
      [bigPurchaseBonus({ actions: [{ type: "call_webhook", url: "ftp://example.com/x" }] }), "actions.0.url"],
      [bigPurchaseBonus({ actions: [{ type: "send_webhook", endpointId: bEndpoint.id }] }), "actions.0.endpointId"],
      [bigPurchaseBonus({ activeFrom: "2027-06-01T00:00:00Z", activeUntil: "2027-05-01T00:00:00Z" }), "activeUntil"],
      [bigPurchaseBonus({ frequencyLimit: { runs: 1, days: 0 } }), "frequencyLimit.days"],
      [{ ...bigPurchaseBonus(), name: "" }, "name"],
    ];
    for (const [body, path] of cases) {
      const res = await call(ctx, { method: "POST", url: "/api/v1/automation/scenarios", auth: a.owner, body });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await countRows(ctx.db, "automation_scenarios", "company_id = $1", [a.companyId])).toBe(before);
  });

  it("keeps companies apart: another company's scenario is not found, its runs are not listed", async () => {
    const s = await createScenarioVia(ctx, a.owner, bigPurchaseBonus({ status: "paused" }));
    for (const [method, url] of [
      ["GET", `/api/v1/automation/scenarios/${s.id}`],
      ["PATCH", `/api/v1/automation/scenarios/${s.id}`],
      ["DELETE", `/api/v1/automation/scenarios/${s.id}`],
    ] as const) {
      const res = await call(ctx, { method, url, auth: b.owner, body: method === "PATCH" ? { name: "stolen" } : undefined });
      expect(res.statusCode, url).toBe(404);
    }
    expect(await runsVia(ctx, b.owner, `scenarioId=${s.id}`)).toEqual([]);
  });

  it("lists ready-made scenarios in both languages", async () => {
    for (const language of ["pl", "en"]) {
      const res = await call(ctx, { method: "GET", url: `/api/v1/automation/templates?language=${language}`, auth: a.owner });
      expect(res.statusCode).toBe(200);
      const keys = res.data.data.map((t: { key: string }) => t.key);
      expect(keys).toEqual(
        expect.arrayContaining(["welcome_points", "birthday_voucher", "referral_bonus", "win_back", "points_expiry_reminder"]),
      );
      const referral = res.data.data.find((t: { key: string }) => t.key === "referral_bonus");
      expect(referral.scenarios.map((s: { trigger: { type: string } }) => s.trigger.type)).toEqual([
        "referral_registered",
        "referral_successful",
      ]);
      // each draft is accepted as it is
      for (const t of res.data.data)
        for (const draft of t.scenarios.filter((d: { actions: unknown[] }) => d.actions.length > 0)) {
          const created = await call(ctx, { method: "POST", url: "/api/v1/automation/scenarios", auth: a.owner, body: draft });
          expect(created.statusCode, created.body).toBe(201);
          await call(ctx, { method: "DELETE", url: `/api/v1/automation/scenarios/${created.data.id}`, auth: a.owner });
        }
    }
  });
});

describe("scenarios: running", () => {
  it("fires on a purchase whose conditions hold, once, and logs what it did", async () => {
    const s = await createScenarioVia(ctx, a.owner, bigPurchaseBonus());
    const member = await createMemberVia(ctx, a.owner);
    expect((await purchaseVia(ctx, a.owner, programId, member.id, 60000)).statusCode).toBe(201);
    expect((await purchaseVia(ctx, a.owner, programId, member.id, 10000)).statusCode).toBe(201);
    await runAutomation(ctx, clock.now, [a.companyId]);
    const runs = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", pointsGiven: 50, member: { id: member.id } });
    expect(runs[0]?.steps).toEqual([expect.objectContaining({ type: "add_points", outcome: "done", detail: "points_added" })]);
    // 60 + 10 for the purchases (10 per 100 zł), 50 from the scenario
    expect((await balanceVia(ctx, a.owner, member.id, programId)).available).toBe(60 + 10 + 50);
    const ledger = await call(ctx, { method: "GET", url: `/api/v1/members/${member.id}/ledger?programId=${programId}`, auth: a.owner });
    expect(ledger.data.data.find((e: { causeType: string }) => e.causeType === "automation")).toMatchObject({
      points: 50,
      reason: "Bonus for a big purchase",
    });
    const stats = (await call(ctx, { method: "GET", url: `/api/v1/automation/scenarios/${s.id}`, auth: a.owner })).data.stats;
    expect(stats).toMatchObject({ runs: 1, completed: 1, pointsGiven: 50 });
    // the member card's view
    expect((await runsVia(ctx, a.owner, `memberId=${member.id}`)).map((r) => r.id)).toContain(runs[0]?.id);
  });

  it("changes nothing when the same events are replayed ten times", async () => {
    const s = await createScenarioVia(ctx, a.owner, bigPurchaseBonus());
    const member = await createMemberVia(ctx, a.owner);
    await purchaseVia(ctx, a.owner, programId, member.id, 70000);
    await runAutomation(ctx, clock.now, [a.companyId]);
    const balance = (await balanceVia(ctx, a.owner, member.id, programId)).available;
    for (let i = 0; i < 10; i++) {
      // forget that automation saw this member's events: the worker sees them again
      await ctx.db.query(
        sql`delete from event_consumptions where consumer = 'automation'
              and event_seq in (select seq from events where company_id = ${a.companyId} and (entity_id = ${member.id} or payload ->> 'memberId' = ${member.id}))`,
      );
      await ctx.db.query(sql`update event_consumers set low_seq = 0 where consumer = 'automation'`);
      await runAutomation(ctx, clock.now, [a.companyId]);
    }
    const runs = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    const after = (await balanceVia(ctx, a.owner, member.id, programId)).available;
    reportReliability("automation-replay", { replays: 10, runs: runs.length, pointsBefore: balance, pointsAfter: after });
    expect(runs).toHaveLength(1);
    expect(after).toBe(balance);
  });

  it("a custom event posted through the API fires its scenario once per key", async () => {
    const name = unique("review_");
    const s = await createScenarioVia(ctx, a.owner, {
      name: "Thanks for the review",
      trigger: { type: "custom_event", name },
      actions: [
        { type: "add_points", points: 5, reason: "Review" },
        { type: "add_tag", tag: "reviewer" },
      ],
    });
    const member = await createMemberVia(ctx, a.owner);
    for (const key of ["r1", "r1", "r2"]) {
      const res = await postEvent(member.id, name, key);
      expect(res.statusCode, res.body).toBe(200);
    }
    await runAutomation(ctx, clock.now, [a.companyId]);
    const runs = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    expect(runs.map((r) => r.occurrenceKey).sort()).toEqual([`custom:${name}:r1`, `custom:${name}:r2`]);
    // the two runs may execute at the same time (four at once): whichever locked the member first tagged it
    expect(runs.map((r) => r.steps.map((st) => st.detail).join(",")).sort()).toEqual([
      "points_added,tag_added",
      "points_added,tag_present",
    ]);
    const card = await call(ctx, { method: "GET", url: `/api/v1/members/${member.id}`, auth: a.owner });
    expect(card.data.tags).toContain("reviewer");
  });

  it("respects the frequency limit and waits between actions", async () => {
    const name = unique("visit_");
    const s = await createScenarioVia(ctx, a.owner, {
      name: "Visit",
      trigger: { type: "custom_event", name },
      frequencyLimit: { runs: 1, days: 30 },
      actions: [
        { type: "add_points", points: 1, reason: "Visit" },
        { type: "wait", amount: 2, unit: "days" },
        { type: "add_points", points: 2, reason: "Visit, later" },
      ],
    });
    const member = await createMemberVia(ctx, a.owner);
    const post = (key: string) => postEvent(member.id, name, key);
    await post("first");
    await runAutomation(ctx, clock.now, [a.companyId]);
    await post("second");
    await runAutomation(ctx, clock.now, [a.companyId]);
    let runs = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    const first = runs.find((r) => r.occurrenceKey.endsWith(":first"));
    const second = runs.find((r) => r.occurrenceKey.endsWith(":second"));
    expect(first).toMatchObject({ status: "waiting", pointsGiven: 1 });
    expect(second).toMatchObject({ status: "skipped", reason: "frequency_limit", pointsGiven: 0 });
    // an edit meanwhile does not change a run already started
    const edit = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/automation/scenarios/${s.id}`,
      auth: a.owner,
      body: { actions: [{ type: "add_tag", tag: "edited" }] },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    const saved = clock.current;
    clock.advanceDays(2);
    try {
      await runAutomation(ctx, clock.now, [a.companyId]);
      runs = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
      expect(runs.find((r) => r.id === first?.id)).toMatchObject({ status: "completed", pointsGiven: 3 });
      expect(runs.find((r) => r.id === first?.id)?.steps.map((st) => st.detail)).toEqual(["points_added", "waiting", "points_added"]);
    } finally {
      clock.set(saved);
    }
  });

  it("records a refused action and goes on: deducting more points than the member has", async () => {
    const name = unique("penalty_");
    const s = await createScenarioVia(ctx, a.owner, {
      name: "Penalty",
      programId,
      trigger: { type: "custom_event", name },
      actions: [
        { type: "deduct_points", points: 1000, reason: "Penalty" },
        { type: "add_tag", tag: "penalised" },
      ],
    });
    const member = await createMemberVia(ctx, a.owner);
    await postEvent(member.id, name, "k");
    await runAutomation(ctx, clock.now, [a.companyId]);
    const [run] = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    expect(run?.status).toBe("completed");
    expect(run?.steps.map((st) => [st.outcome, st.detail])).toEqual([
      ["skipped", "insufficient_points"],
      ["done", "tag_added"],
    ]);
  });

  it("queues a message from a template to members who consent, once per run and step", async () => {
    await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/sms", auth: a.owner, body: { provider: "log" } });
    const template = await call(ctx, {
      method: "POST",
      url: "/api/v1/message-templates",
      auth: a.owner,
      body: { name: "Thanks", channel: "sms", text: "Dziekujemy {first_name}, masz {points} pkt" },
    });
    expect(template.statusCode, template.body).toBe(201);
    const consents = (await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner })).data.data as {
      id: string;
      key: string;
    }[];
    const smsConsent = consents.find((c) => c.key === "sms_marketing")?.id as string;
    const name = unique("thanks_");
    const s = await createScenarioVia(ctx, a.owner, {
      name: "Thanks",
      trigger: { type: "custom_event", name },
      actions: [{ type: "send_message", templateId: template.data.id }],
    });
    const willing = await createMemberVia(ctx, a.owner, { phone: "+48 600 100 200", firstName: "Ala" });
    const unwilling = await createMemberVia(ctx, a.owner, { phone: "+48 600 100 201" });
    const granted = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${willing.id}/consents`,
      auth: a.owner,
      body: { changes: [{ consentId: smsConsent, granted: true }] },
    });
    expect(granted.statusCode, granted.body).toBe(200);
    for (const m of [willing, unwilling]) await postEvent(m.id, name, "k");
    await runAutomation(ctx, clock.now, [a.companyId]);
    const runs = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    expect(runs.find((r) => r.member.id === willing.id)?.steps[0]).toMatchObject({
      outcome: "done",
      detail: "message_queued",
      data: { channel: "sms" },
    });
    // no consent: the outbox records the skip with its reason, and the run says so
    expect(runs.find((r) => r.member.id === unwilling.id)?.steps[0]).toMatchObject({
      outcome: "skipped",
      detail: "message_not_queued",
      data: { status: "no_consent" },
    });
    const [delivery] = await ctx.db.query<{ text: string; kind: string }>(
      sql`select text, kind from message_deliveries where company_id = ${a.companyId} and member_id = ${willing.id}`,
    );
    expect(delivery).toMatchObject({ kind: "automation", text: expect.stringContaining("Dziekujemy Ala") });
  });

  it("issues a reward as a gift: stock taken, no points spent", async () => {
    const reward = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: "Kawa", kind: "physical", pointsPrice: 500, stockMode: "global", initialStock: 3 },
    });
    expect(reward.statusCode, reward.body).toBe(201);
    const name = unique("gift_");
    const s = await createScenarioVia(ctx, a.owner, {
      name: "Gift",
      trigger: { type: "custom_event", name },
      actions: [{ type: "issue_reward", rewardId: reward.data.id }],
    });
    const member = await createMemberVia(ctx, a.owner);
    await postEvent(member.id, name, "k");
    await runAutomation(ctx, clock.now, [a.companyId]);
    const [run] = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    expect(run?.steps[0]).toMatchObject({ outcome: "done", detail: "reward_issued" });
    const redemptions = await call(ctx, { method: "GET", url: `/api/v1/redemptions?memberId=${member.id}`, auth: a.owner });
    expect(redemptions.data.data).toEqual([expect.objectContaining({ rewardId: reward.data.id, points: 0 })]);
    expect((await call(ctx, { method: "GET", url: `/api/v1/rewards/${reward.data.id}`, auth: a.owner })).data.stock).toBe(2);
  });

  it("calls a webhook outside the run's transaction, with a webhook-id that repeats on a repeated call", async () => {
    received = [];
    const name = unique("hook_");
    const s = await createScenarioVia(ctx, a.owner, {
      name: "Hook",
      trigger: { type: "custom_event", name },
      actions: [
        { type: "call_webhook", url: `${receiverUrl}/ok` },
        { type: "call_webhook", url: `${receiverUrl}/fail` },
        { type: "add_tag", tag: "hooked" },
      ],
    });
    const member = await createMemberVia(ctx, a.owner);
    await postEvent(member.id, name, "k");
    await runAutomation(ctx, clock.now, [a.companyId]);
    const [run] = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
    expect(run?.status).toBe("completed");
    expect(run?.steps.map((st) => [st.outcome, st.detail])).toEqual([
      ["done", "webhook_delivered"],
      ["skipped", "webhook_refused"],
      ["done", "tag_added"],
    ]);
    expect(received).toHaveLength(2);
    expect(received[0]?.headers["webhook-id"]).toBe(`${run?.id}:0`);
    expect(received[0]?.body).toMatchObject({ scenarioId: s.id, memberId: member.id, trigger: { type: "custom_event" } });
  });

  it("sends to one of the company's webhook endpoints: signed, logged, once per run and step", async () => {
    const hooks = await startReceiver();
    try {
      // Subscribed to nothing the scenario fires: the scenario's choice is what sends.
      const endpoint = await createEndpointVia(ctx, a.owner, { url: `${hooks.url}/crm`, eventTypes: ["points.deducted"] });
      hooks.secrets = [endpoint.secret];
      const name = unique("crm_");
      const s = await createScenarioVia(ctx, a.owner, {
        name: "To the CRM",
        trigger: { type: "custom_event", name },
        actions: [{ type: "send_webhook", endpointId: endpoint.id }],
      });
      const member = await createMemberVia(ctx, a.owner);
      await postEvent(member.id, name, "k1");
      await runAutomation(ctx, clock.now, [a.companyId]);
      await runWebhooks(ctx, clock.now, [a.companyId]);
      const [run] = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
      expect(run?.steps.map((st) => [st.outcome, st.detail])).toEqual([["done", "webhook_queued"]]);
      const sent = hooks.received.filter((r) => r.json.type === "automation.webhook");
      expect(sent).toHaveLength(1);
      expect(sent[0]?.verifiedBy).toEqual([0]);
      expect(sent[0]?.id).toBe(`${run?.id}:0`);
      expect(sent[0]?.json.data).toMatchObject({
        scenarioId: s.id,
        runId: run?.id,
        memberId: member.id,
        trigger: { type: "custom_event" },
      });
      const logged = await deliveriesVia(ctx, a.owner, `endpointId=${endpoint.id}`);
      expect(logged.map((d) => [d.eventType, d.status, d.memberId])).toEqual([["automation.webhook", "delivered", member.id]]);
      // Another pass sends nothing more; a disabled endpoint takes nothing and the step says so.
      await runAutomation(ctx, clock.now, [a.companyId]);
      await runWebhooks(ctx, clock.now, [a.companyId]);
      expect(hooks.received.filter((r) => r.json.type === "automation.webhook")).toHaveLength(1);
      const off = await call(ctx, {
        method: "PATCH",
        url: `/api/v1/webhooks/endpoints/${endpoint.id}`,
        auth: a.owner,
        body: { status: "disabled" },
      });
      expect(off.statusCode, off.body).toBe(200);
      await postEvent(member.id, name, "k2");
      await runAutomation(ctx, clock.now, [a.companyId]);
      const runs = await runsVia(ctx, a.owner, `scenarioId=${s.id}`);
      expect(runs.map((r) => r.steps[0]?.detail).sort()).toEqual(["webhook_endpoint_disabled", "webhook_queued"]);
    } finally {
      await hooks.close();
    }
  });

  it("dry run: who it would reach and what it would cost, writing nothing", async () => {
    const tag = unique("vip");
    for (let i = 0; i < 3; i++) await createMemberVia(ctx, a.owner, { tags: [tag] });
    const runsBefore = await countRows(ctx.db, "automation_runs", "company_id = $1", [a.companyId]);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/automation/dry-run",
      auth: a.owner,
      body: {
        name: "VIP bonus",
        trigger: { type: "points_added" },
        conditions: [{ type: "tags", op: "has_any", tags: [tag] }],
        actions: [
          { type: "add_points", points: 10, reason: "x" },
          { type: "deduct_points", points: 3, reason: "y" },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({ scope: "audience", members: 3, perRun: { points: 7 }, total: { points: 21 } });
    expect(res.data.sample).toHaveLength(3);
    expect(res.data.notes).toContain("scenario_paused");
    expect(await countRows(ctx.db, "automation_runs", "company_id = $1", [a.companyId])).toBe(runsBefore);
  });
});
