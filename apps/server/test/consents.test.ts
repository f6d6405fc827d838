import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCompany } from "../src/modules/companies/companies.service.js";
import { hasConsent } from "../src/modules/consents/consents.service.js";
import { insertStaffAccount } from "../src/modules/staff/staff.service.js";
import {
  addStaff,
  call,
  countRows,
  createApiKeyVia,
  createTestCompany,
  PASSWORD,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
let consentsOfA: { id: string; key: string; purpose: string; channel: string }[];

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  consentsOfA = (await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner })).data.data;
});
afterAll(() => ctx.close());

const byKey = (key: string) => consentsOfA.find((c) => c.key === key)?.id as string;

async function newMember(company: TestCompany, body: Record<string, unknown> = {}): Promise<string> {
  const res = await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body });
  if (res.statusCode !== 201) throw new Error(`member failed: ${res.body}`);
  return res.data.id;
}

describe("consent definitions", () => {
  it("gives every new company five default consents in Polish", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner });
    expect(res.statusCode).toBe(200);
    expect(res.data.data.map((c: { key: string; purpose: string; channel: string }) => [c.key, c.purpose, c.channel])).toEqual([
      ["newsletter_email", "newsletter", "email"],
      ["sms_marketing", "sms_marketing", "sms"],
      ["commercial_information_email", "commercial_information", "email"],
      ["push_notifications", "push_notifications", "push"],
      ["profiling", "profiling", "any"],
    ]);
    const newsletter = res.data.data[0];
    expect(newsletter).toMatchObject({
      name: "Newsletter e-mail",
      text: "Wyrażam zgodę na otrzymywanie newslettera na podany adres e-mail.",
      currentVersion: 1,
      active: true,
    });
    expect(newsletter.versions).toEqual([{ version: 1, text: newsletter.text, createdAt: expect.any(String) }]);
  });

  it("words the defaults in English for an English-speaking company", async () => {
    const staffId = await ctx.db.transaction((tx) =>
      insertStaffAccount(tx, { email: `${unique("en")}@example.com`, name: "En", password: PASSWORD, isOperator: false }),
    );
    const company = await createCompany({
      db: ctx.db,
      staffId,
      staffName: "En",
      ip: "127.0.0.1",
      requestId: "test",
      input: { name: "English Co", language: "en" },
    });
    const rows = await ctx.db.query<{ name: string; text: string }>(
      "select d.name, v.text from consent_definitions d join consent_versions v on v.company_id = d.company_id and v.consent_id = d.id where d.company_id = $1 and d.key = 'newsletter_email'",
      [company.id],
    );
    expect(rows).toEqual([{ name: "E-mail newsletter", text: "I agree to receive the newsletter at the e-mail address I have provided." }]);
  });

  it("creates a consent and versions its text on change", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/consents",
      auth: a.owner,
      body: { key: "phone_calls", name: "Telefony", purpose: "direct_marketing", channel: "phone", text: "Zgadzam się na telefony." },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data).toMatchObject({ key: "phone_calls", currentVersion: 1, text: "Zgadzam się na telefony.", active: true });
    const same = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/consents/${res.data.id}`,
      auth: a.owner,
      body: { text: "Zgadzam się na telefony." },
    });
    expect(same.data.currentVersion).toBe(1);
    const changed = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/consents/${res.data.id}`,
      auth: a.owner,
      body: { text: "Zgadzam się na telefony w dni robocze.", name: "Telefony marketingowe" },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.data).toMatchObject({
      currentVersion: 2,
      text: "Zgadzam się na telefony w dni robocze.",
      name: "Telefony marketingowe",
    });
    expect(changed.data.versions.map((v: { version: number; text: string }) => [v.version, v.text])).toEqual([
      [2, "Zgadzam się na telefony w dni robocze."],
      [1, "Zgadzam się na telefony."],
    ]);
    const dup = await call(ctx, {
      method: "POST",
      url: "/api/v1/consents",
      auth: a.owner,
      body: { key: "phone_calls", name: "x", purpose: "other", channel: "any", text: "x" },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.data.error.details[0].path).toBe("key");
    for (const body of [{ purpose: "other" }, { channel: "sms" }, { key: "x" }, { text: "" }, { name: "" }]) {
      const bad = await call(ctx, { method: "PATCH", url: `/api/v1/consents/${res.data.id}`, auth: a.owner, body });
      expect(bad.statusCode, JSON.stringify(body)).toBe(400);
      expect(bad.data.error.details[0].path).toBe(Object.keys(body)[0]);
    }
    expect((await call(ctx, { method: "PATCH", url: "/api/v1/consents/cns_nope", auth: a.owner, body: { name: "x" } })).statusCode).toBe(
      404,
    );
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and type = 'consent.updated' and entity_id = $2", [a.companyId, res.data.id]),
    ).toBe(2);
  });

  it.each([
    ["key", { key: "Bad-Key" }],
    ["name", { name: "" }],
    ["purpose", { purpose: "spam" }],
    ["channel", { channel: "pigeon" }],
    ["text", { text: "" }],
    ["text", { text: "x".repeat(5001) }],
  ])("refuses a bad %s and writes nothing", async (path, patch) => {
    const before = await countRows(ctx.db, "consent_definitions", "company_id = $1", [a.companyId]);
    const body = { key: unique("k_"), name: "N", purpose: "other", channel: "any", text: "T", ...patch };
    const res = await call(ctx, { method: "POST", url: "/api/v1/consents", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "consent_definitions", "company_id = $1", [a.companyId])).toBe(before);
  });
});

describe("members' consents", () => {
  it("records grants and withdrawals, only real changes, with actor and source", async () => {
    const member = await newMember(a);
    const url = `/api/v1/members/${member}/consents`;
    const initial = await call(ctx, { method: "GET", url, auth: a.owner });
    expect(initial.data.history).toEqual([]);
    expect(initial.data.current.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(consentsOfA.map((c) => c.key)));
    expect(initial.data.current[0]).toMatchObject({
      key: "newsletter_email",
      granted: false,
      version: null,
      changedAt: null,
      source: null,
    });

    const grant = await call(ctx, {
      method: "POST",
      url,
      auth: a.owner,
      body: { changes: [{ consentId: byKey("newsletter_email"), granted: true }] },
    });
    expect(grant.statusCode, grant.body).toBe(200);
    expect(grant.data.current[0]).toMatchObject({ granted: true, version: 1, source: "admin" });
    expect(grant.data.history).toEqual([
      expect.objectContaining({
        key: "newsletter_email",
        granted: true,
        version: 1,
        source: "admin",
        actorType: "staff",
        actorId: a.ownerId,
      }),
    ]);
    // granting again and withdrawing what was never granted change nothing
    const again = await call(ctx, {
      method: "POST",
      url,
      auth: a.owner,
      body: {
        changes: [
          { consentId: byKey("newsletter_email"), granted: true },
          { consentId: byKey("sms_marketing"), granted: false },
        ],
      },
    });
    expect(again.data.history).toHaveLength(1);
    const withdraw = await call(ctx, {
      method: "POST",
      url,
      auth: a.owner,
      body: { changes: [{ consentId: byKey("newsletter_email"), granted: false }], source: "unsubscribe" },
    });
    expect(withdraw.data.current[0]).toMatchObject({ granted: false, version: 1, source: "unsubscribe" });
    expect(withdraw.data.history.map((h: { granted: boolean }) => h.granted)).toEqual([false, true]);
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and type = 'member.consents_changed' and entity_id = $2", [a.companyId, member]),
    ).toBe(2);

    const key = await createApiKeyVia(ctx, a.owner, ["members.write", "members.read"]);
    const byApi = await call(ctx, {
      method: "POST",
      url,
      auth: { apiKey: key.secret },
      body: { changes: [{ consentId: byKey("sms_marketing"), granted: true }] },
    });
    expect(byApi.data.history[0]).toMatchObject({ key: "sms_marketing", source: "api", actorType: "api_key", actorId: key.id });
  });

  it("asks again after a text change: a new grant records the new version", async () => {
    const company = await createTestCompany(ctx);
    const consents = (await call(ctx, { method: "GET", url: "/api/v1/consents", auth: company.owner })).data.data;
    const profiling = consents.find((c: { key: string }) => c.key === "profiling").id;
    const member = await newMember(company, { consents: [{ consentId: profiling, granted: true }] });
    const url = `/api/v1/members/${member}/consents`;
    await call(ctx, { method: "PATCH", url: `/api/v1/consents/${profiling}`, auth: company.owner, body: { text: "Nowa treść zgody." } });
    const after = await call(ctx, { method: "GET", url, auth: company.owner });
    expect(after.data.current.find((c: { key: string }) => c.key === "profiling")).toMatchObject({
      granted: true,
      version: 1,
      currentVersion: 2,
    });
    const regrant = await call(ctx, {
      method: "POST",
      url,
      auth: company.owner,
      body: { changes: [{ consentId: profiling, granted: true }] },
    });
    expect(regrant.data.history.map((h: { version: number; granted: boolean }) => [h.version, h.granted])).toEqual([
      [2, true],
      [1, true],
    ]);
    expect(await hasConsent(ctx.db, company.companyId, member, { purpose: "profiling" })).toBe(true);
  });

  it("keeps the log append-only in the database itself", async () => {
    const member = await newMember(a, { consents: [{ consentId: byKey("push_notifications"), granted: true }] });
    await expect(ctx.db.query("update member_consent_events set granted = false where member_id = $1", [member])).rejects.toThrow(
      /append-only/,
    );
    await expect(ctx.db.query("delete from member_consent_events where member_id = $1", [member])).rejects.toThrow(/append-only/);
    expect(await countRows(ctx.db, "member_consent_events", "member_id = $1 and granted", [member])).toBe(1);
  });

  it("records consents given at registration in the same transaction", async () => {
    const member = await newMember(a, {
      consents: [
        { consentId: byKey("newsletter_email"), granted: true },
        { consentId: byKey("sms_marketing"), granted: false },
      ],
    });
    const res = await call(ctx, { method: "GET", url: `/api/v1/members/${member}/consents`, auth: a.owner });
    expect(res.data.history).toEqual([expect.objectContaining({ key: "newsletter_email", granted: true, source: "admin" })]);
    const before = await countRows(ctx.db, "members", "company_id = $1", [a.companyId]);
    const eventsBefore = await countRows(ctx.db, "member_consent_events", "company_id = $1", [a.companyId]);
    const bad = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: {
        consents: [
          { consentId: byKey("newsletter_email"), granted: true },
          { consentId: "cns_unknown", granted: true },
        ],
      },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details[0].path).toBe("consents.1.consentId");
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(before);
    expect(await countRows(ctx.db, "member_consent_events", "company_id = $1", [a.companyId])).toBe(eventsBefore);
  });

  it.each([
    ["changes", { changes: [] }],
    ["changes.0.consentId", { changes: [{ consentId: "cns_unknown", granted: true }] }],
    ["changes.0.granted", { changes: [{ consentId: "x", granted: "yes" }] }],
    [
      "changes",
      {
        changes: [
          { consentId: "same", granted: true },
          { consentId: "same", granted: false },
        ],
      },
    ],
    ["source", { changes: [{ consentId: "x", granted: true }], source: "carrier-pigeon" }],
  ])("refuses a bad %s and records nothing", async (path, body) => {
    const member = await newMember(a);
    const res = await call(ctx, { method: "POST", url: `/api/v1/members/${member}/consents`, auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "member_consent_events", "member_id = $1", [member])).toBe(0);
  });

  it("refuses new grants of a retired consent but accepts withdrawals", async () => {
    const company = await createTestCompany(ctx);
    const consents = (await call(ctx, { method: "GET", url: "/api/v1/consents", auth: company.owner })).data.data;
    const sms = consents.find((c: { key: string }) => c.key === "sms_marketing").id;
    const member = await newMember(company, { consents: [{ consentId: sms, granted: true }] });
    const other = await newMember(company);
    await call(ctx, { method: "PATCH", url: `/api/v1/consents/${sms}`, auth: company.owner, body: { active: false } });
    const grant = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${other}/consents`,
      auth: company.owner,
      body: { changes: [{ consentId: sms, granted: true }] },
    });
    expect(grant.statusCode).toBe(400);
    expect(grant.data.error.details[0].path).toBe("changes.0.consentId");
    expect(await hasConsent(ctx.db, company.companyId, member, { channel: "sms" })).toBe(false);
    const withdraw = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${member}/consents`,
      auth: company.owner,
      body: { changes: [{ consentId: sms, granted: false }] },
    });
    expect(withdraw.statusCode).toBe(200);
    expect(withdraw.data.history).toHaveLength(2);
    // a retired consent nobody answered is not listed as current
    const otherState = await call(ctx, { method: "GET", url: `/api/v1/members/${other}/consents`, auth: company.owner });
    expect(otherState.data.current.map((c: { key: string }) => c.key)).not.toContain("sms_marketing");
  });

  it("answers hasConsent by purpose and channel", async () => {
    const member = await newMember(a, {
      consents: [
        { consentId: byKey("newsletter_email"), granted: true },
        { consentId: byKey("profiling"), granted: true },
      ],
    });
    expect(await hasConsent(ctx.db, a.companyId, member, { purpose: "newsletter" })).toBe(true);
    expect(await hasConsent(ctx.db, a.companyId, member, { purpose: "newsletter", channel: "email" })).toBe(true);
    expect(await hasConsent(ctx.db, a.companyId, member, { purpose: "newsletter", channel: "sms" })).toBe(false);
    expect(await hasConsent(ctx.db, a.companyId, member, { purpose: "sms_marketing" })).toBe(false);
    expect(await hasConsent(ctx.db, a.companyId, member, { channel: "push" })).toBe(true); // profiling covers any channel
    expect(await hasConsent(ctx.db, a.companyId, member, { purpose: "profiling", channel: "sms" })).toBe(true);
    const b = await createTestCompany(ctx);
    expect(await hasConsent(ctx.db, b.companyId, member, { purpose: "newsletter" })).toBe(false);
  });
});

describe("who may see and change consents", () => {
  it("lets readers read, members.write record decisions, company.write define; keeps companies apart", async () => {
    const member = await newMember(a);
    const analyst = await addStaff(ctx, a, "analyst");
    const cashier = await addStaff(ctx, a, "cashier");
    const bare = await addStaff(ctx, a, "cashier", { permissions: [] });
    const url = `/api/v1/members/${member}/consents`;
    const change = { changes: [{ consentId: byKey("newsletter_email"), granted: true }] };
    expect((await call(ctx, { method: "GET", url: "/api/v1/consents", auth: analyst.auth })).statusCode).toBe(200);
    expect((await call(ctx, { method: "GET", url, auth: analyst.auth })).statusCode).toBe(200);
    expect((await call(ctx, { method: "POST", url, auth: analyst.auth, body: change })).statusCode).toBe(403);
    expect((await call(ctx, { method: "GET", url: "/api/v1/consents", auth: bare.auth })).statusCode).toBe(403);
    expect((await call(ctx, { method: "GET", url, auth: bare.auth })).statusCode).toBe(403);
    const consentBody = { key: "x_y", name: "x", purpose: "other", channel: "any", text: "x" };
    for (const who of [analyst, cashier, bare]) {
      expect((await call(ctx, { method: "POST", url: "/api/v1/consents", auth: who.auth, body: consentBody })).statusCode).toBe(403);
      expect(
        (await call(ctx, { method: "PATCH", url: `/api/v1/consents/${byKey("profiling")}`, auth: who.auth, body: { text: "hijack" } }))
          .statusCode,
      ).toBe(403);
    }
    expect(await countRows(ctx.db, "member_consent_events", "member_id = $1", [member])).toBe(0);
    expect((await call(ctx, { method: "POST", url, auth: cashier.auth, body: change })).statusCode).toBe(200);

    const b = await createTestCompany(ctx);
    const bMember = await newMember(b);
    expect((await call(ctx, { method: "GET", url, auth: b.owner })).statusCode).toBe(404);
    expect((await call(ctx, { method: "POST", url, auth: b.owner, body: change })).statusCode).toBe(404);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/consents/${byKey("profiling")}`, auth: b.owner, body: { name: "x" } })).statusCode,
    ).toBe(404);
    const bList = (await call(ctx, { method: "GET", url: "/api/v1/consents", auth: b.owner })).data.data;
    expect(bList.map((c: { id: string }) => c.id).filter((id: string) => consentsOfA.some((x) => x.id === id))).toEqual([]);
    const foreign = await call(ctx, { method: "POST", url: `/api/v1/members/${bMember}/consents`, auth: b.owner, body: change });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.data.error.details[0].path).toBe("changes.0.consentId");
  });
});
