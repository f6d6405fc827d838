import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../src/platform/sql.js";
import {
  type Auth,
  call,
  companySlug,
  createMemberVia,
  createTestCompany,
  memberSessionVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// The member's profile, consents, data export and deletion request in the portal, and the staff side of the request.
let ctx: TestContext;
let a: TestCompany;
let slug = "";
let visibleKey = "";
let requiredKey = "";
let hiddenKey = "";

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  slug = await companySlug(ctx, a.companyId);
  const field = async (body: Record<string, unknown>) => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/custom-fields", auth: a.owner, body });
    expect(res.statusCode, res.body).toBe(201);
    return res.data.key as string;
  };
  visibleKey = await field({
    key: unique("coffee_"),
    label: "Ulubiona kawa",
    type: "choice",
    options: ["espresso", "latte"],
    visibleToMember: true,
  });
  requiredKey = await field({ key: unique("city_"), label: "Miasto", type: "text", required: true, visibleToMember: true });
  hiddenKey = await field({ key: unique("score_"), label: "Ocena klienta", type: "number" });
});
afterAll(() => ctx.close());

async function signedInMember(body: Record<string, unknown> = {}) {
  const m = await createMemberVia(ctx, a.owner, {
    firstName: "Ewa",
    email: `${unique("ewa")}@example.com`,
    customFields: { [requiredKey]: "Kraków", [hiddenKey]: 3 },
    ...body,
  });
  const auth = await memberSessionVia(ctx, a.companyId, m.id);
  const api = (method: "GET" | "PATCH" | "PUT" | "POST", path: string, payload?: unknown) =>
    call(ctx, { method, url: `/api/v1/portal/${slug}${path}`, auth, ...(payload === undefined ? {} : { body: payload }) });
  return { ...m, auth, api };
}

const paths = (res: { data: { error: { details: { path: string }[] } } }) => res.data.error.details.map((d) => d.path);

describe("profile", () => {
  it("shows my data with only the custom fields visible to members, and saves my changes", async () => {
    const m = await signedInMember();
    const got = await m.api("GET", "/me/profile");
    expect(got.statusCode, got.body).toBe(200);
    expect(got.data).toMatchObject({ firstName: "Ewa", cardNumber: m.cardNumber, language: "pl", erasureRequestedAt: null });
    expect(got.data.customFields.map((f: { key: string }) => f.key).sort()).toEqual([requiredKey, visibleKey].sort());
    expect(got.body).not.toContain(hiddenKey);
    const saved = await m.api("PATCH", "/me/profile", {
      firstName: "Ewelina",
      phone: "600 100 200",
      birthday: "1990-05-17",
      address: { city: "Gdańsk" },
      language: "en",
      customFields: { [visibleKey]: "latte" },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.data).toMatchObject({ firstName: "Ewelina", phone: "+48600100200", birthday: "1990-05-17", language: "en" });
    expect(saved.data.address.city).toBe("Gdańsk");
    // Staff see the change on the card, with the hidden field untouched; the audit names the member.
    const card = await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}`, auth: a.owner });
    expect(card.data.customFields).toMatchObject({ [visibleKey]: "latte", [hiddenKey]: 3, [requiredKey]: "Kraków" });
    const [audit] = await ctx.db.query<{ actor_type: string; actor_id: string }>(
      sql`select actor_type, actor_id from audit_log where company_id = ${a.companyId} and entity_id = ${m.id} and action = 'member.updated'`,
    );
    expect(audit).toMatchObject({ actor_type: "member", actor_id: m.id });
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const m = await signedInMember();
    const cases: [unknown, string][] = [
      [{ customFields: { [hiddenKey]: 5 } }, `customFields.${hiddenKey}`],
      [{ customFields: { unknown_field: "x" } }, "customFields.unknown_field"],
      [{ customFields: { [requiredKey]: null } }, `customFields.${requiredKey}`],
      [{ customFields: { [visibleKey]: "mocha" } }, `customFields.${visibleKey}`],
      [{ email: "new@example.com" }, ""],
      [{ phone: "not a phone" }, "phone"],
      [{ birthday: "2999-01-01" }, "birthday"],
      [{ language: "de" }, "language"],
      [{ firstName: "x".repeat(101) }, "firstName"],
    ];
    for (const [body, path] of cases) {
      const res = await m.api("PATCH", "/me/profile", { firstName: "Zmieniona", ...(body as object) });
      expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBe(400);
      if (path) expect(paths(res)).toContain(path);
    }
    const after = await m.api("GET", "/me/profile");
    expect(after.data.firstName).toBe("Ewa");
  });

  it("asks for a required visible field the member never filled", async () => {
    const m = await signedInMember({ customFields: {}, skipRequiredFields: true });
    const res = await m.api("PATCH", "/me/profile", { customFields: { [visibleKey]: "espresso" } });
    expect(res.statusCode).toBe(400);
    expect(paths(res)).toEqual([`customFields.${requiredKey}`]);
    const ok = await m.api("PATCH", "/me/profile", { customFields: { [visibleKey]: "espresso", [requiredKey]: "Łódź" } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});

describe("consents", () => {
  it("lists each active consent with its text and version, records my decisions with source portal, refuses a stale version", async () => {
    const m = await signedInMember();
    const list = await m.api("GET", "/me/consents");
    expect(list.statusCode, list.body).toBe(200);
    const c = list.data.data[0];
    expect(c.text.length).toBeGreaterThan(10);
    expect(c).toMatchObject({ granted: false, version: 1 });
    const granted = await m.api("PUT", "/me/consents", { changes: [{ consentId: c.consentId, granted: true, version: 1 }] });
    expect(granted.statusCode, granted.body).toBe(200);
    expect(granted.data.data[0]).toMatchObject({ granted: true, grantedVersion: 1 });
    // Staff change the text: the member's page still shows version 1; deciding on it is refused.
    const edited = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/consents/${c.consentId}`,
      auth: a.owner,
      body: { text: `Nowa treść zgody ${unique()}` },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const stale = await m.api("PUT", "/me/consents", { changes: [{ consentId: c.consentId, granted: false, version: 1 }] });
    expect(stale.statusCode, stale.body).toBe(409);
    expect(paths(stale)).toEqual(["changes.0.version"]);
    const withdrawn = await m.api("PUT", "/me/consents", { changes: [{ consentId: c.consentId, granted: false, version: 2 }] });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.data.data[0]).toMatchObject({ granted: false, version: 2 });
    const history = await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}/consents`, auth: a.owner });
    expect(
      history.data.history.map((h: { granted: boolean; version: number; source: string; actorType: string }) => [
        h.granted,
        h.version,
        h.source,
        h.actorType,
      ]),
    ).toEqual([
      [false, 2, "portal", "member"],
      [true, 1, "portal", "member"],
    ]);
  });

  it("refuses unknown consents, a missing version and an empty list, naming the field", async () => {
    const m = await signedInMember();
    const bad: [unknown, string][] = [
      [{ changes: [{ consentId: "cns_nope", granted: true, version: 1 }] }, "changes.0.consentId"],
      [{ changes: [{ consentId: "cns_nope", granted: true }] }, "changes.0.version"],
      [{ changes: [] }, "changes"],
    ];
    for (const [body, path] of bad) {
      const res = await m.api("PUT", "/me/consents", body);
      expect(res.statusCode, res.body).toBe(400);
      expect(paths(res)).toContain(path);
    }
  });
});

describe("data export", () => {
  it("downloads my data as a JSON file and records it in the audit log as done by me", async () => {
    const m = await signedInMember();
    const res = await m.api("GET", "/me/export");
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers["content-disposition"])).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.data.member).toMatchObject({ id: m.id, firstName: "Ewa", cardNumber: m.cardNumber });
    expect(res.data.customFields.map((f: { key: string }) => f.key)).toContain(hiddenKey);
    const [audit] = await ctx.db.query<{ actor_type: string }>(
      sql`select actor_type from audit_log where company_id = ${a.companyId} and entity_id = ${m.id} and action = 'member.exported'`,
    );
    expect(audit?.actor_type).toBe("member");
  });
});

describe("deletion request", () => {
  const requests = (auth: Auth, status = "open") => call(ctx, { method: "GET", url: `/api/v1/privacy-requests?status=${status}`, auth });

  it("reaches staff as a request; asking again answers the open one; staff dismiss with a note or erase", async () => {
    const m = await signedInMember();
    const openBefore = (await requests(a.owner)).data.openCount as number;
    const made = await m.api("POST", "/me/deletion-request", { reason: "Przeprowadzam się" });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.data).toMatchObject({ status: "open", created: true });
    const again = await m.api("POST", "/me/deletion-request", {});
    expect(again.statusCode).toBe(200);
    expect(again.data).toMatchObject({ id: made.data.id, created: false });
    expect((await m.api("GET", "/me/profile")).data.erasureRequestedAt).not.toBeNull();

    const listed = await requests(a.owner);
    expect(listed.data.openCount).toBe(openBefore + 1);
    expect(listed.data.data.find((r: { id: string }) => r.id === made.data.id)).toMatchObject({
      kind: "erasure",
      reason: "Przeprowadzam się",
      member: { id: m.id, cardNumber: m.cardNumber, firstName: "Ewa" },
    });

    // Dismissed with a note: done once; a second dismissal is a conflict.
    const dismissUrl = `/api/v1/privacy-requests/${made.data.id}/dismiss`;
    expect((await call(ctx, { method: "POST", url: dismissUrl, auth: a.owner, body: { note: " " } })).statusCode).toBe(400);
    const dismissed = await call(ctx, { method: "POST", url: dismissUrl, auth: a.owner, body: { note: "Umowa wymaga 5 lat" } });
    expect(dismissed.statusCode, dismissed.body).toBe(200);
    expect(dismissed.data).toMatchObject({ status: "dismissed", note: "Umowa wymaga 5 lat", handledBy: "Owner Test" });
    const twice = await call(ctx, { method: "POST", url: dismissUrl, auth: a.owner, body: { note: "x" } });
    expect(twice.statusCode).toBe(409);
    expect(paths(twice)).toEqual(["id"]);

    // A new request; staff erase the member: the request is done and the member's words are gone.
    const second = await m.api("POST", "/me/deletion-request", { reason: `Proszę usunąć ${unique()}` });
    expect(second.statusCode).toBe(201);
    const erased = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${m.id}/erase`,
      auth: a.owner,
      body: { confirmCardNumber: m.cardNumber },
    });
    expect(erased.statusCode, erased.body).toBe(200);
    const done = (await requests(a.owner, "done")).data.data.find((r: { id: string }) => r.id === second.data.id);
    expect(done).toMatchObject({ status: "done", reason: "", member: { erased: true }, handledBy: "Owner Test" });
    // The erased member's portal session is gone.
    expect((await m.api("GET", "/me/profile")).statusCode).toBe(401);
  });

  it("refuses a reason that is too long or not text, and staff without the permission", async () => {
    const m = await signedInMember();
    for (const body of [{ reason: "x".repeat(1001) }, { reason: 5 }, { other: 1 }]) {
      const res = await m.api("POST", "/me/deletion-request", body);
      expect(res.statusCode, res.body).toBe(400);
    }
    const [row] = await ctx.db.query<{ n: number }>(
      sql`select count(*)::int as n from privacy_requests where company_id = ${a.companyId} and member_id = ${m.id}`,
    );
    expect(row?.n).toBe(0);
  });
});
