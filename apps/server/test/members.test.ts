import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateCardNumber, luhnValid } from "../src/modules/members/card-numbers.js";
import { normalizePhone } from "../src/modules/members/phone.js";
import {
  type Auth,
  addStaff,
  call,
  countRows,
  createApiKeyVia,
  createLocationVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// Registering and changing members, card numbers, referrals, and who may do what. The search and
// the lookups other modules use: members-search.test.ts.

let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

async function createMember(auth: Auth, body: Record<string, unknown> = {}) {
  const res = await call(ctx, { method: "POST", url: "/api/v1/members", auth, body });
  if (res.statusCode !== 201) throw new Error(`createMember failed: ${res.statusCode} ${res.body}`);
  return res.data;
}

/** Independent Luhn check: double every second digit from the right, the sum must end in 0. */
function luhnOk(digits: string): boolean {
  const sum = [...digits]
    .reverse()
    .map(Number)
    .reduce((acc, d, i) => acc + (i % 2 === 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d), 0);
  return sum % 10 === 0;
}

const ids = (res: { data: { data: { id: string }[] } }) => res.data.data.map((m) => m.id);

describe("creating members", () => {
  it("creates a member with every field, normalized, and writes audit and event", async () => {
    const location = await createLocationVia(ctx, a.owner);
    const email = `${unique("Anna.")}@Example.COM`;
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: {
        firstName: " Anna ",
        lastName: "Nowak",
        email,
        phone: "600 100 200",
        birthday: "1990-05-17",
        address: { street: "ul. Długa 5", postalCode: "00-001", city: "Warszawa", country: "pl" },
        gender: "female",
        tags: [" vip ", "vip", "kawa"],
        notes: "Likes oat milk",
        joinLocationId: location,
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data).toMatchObject({
      firstName: "Anna",
      lastName: "Nowak",
      email: email.toLowerCase(),
      phone: "+48600100200",
      birthday: "1990-05-17",
      address: { street: "ul. Długa 5", postalCode: "00-001", city: "Warszawa", country: "PL" },
      gender: "female",
      tags: ["vip", "kawa"],
      status: "active",
      blockedReason: null,
      joinLocationId: location,
      referrerId: null,
      referrer: null,
      customFields: {},
      createdBy: a.ownerId,
    });
    expect(res.data.id).toMatch(/^mbr_/);
    expect(res.data.cardNumber).toMatch(/^\d{10}$/);
    expect(luhnOk(res.data.cardNumber)).toBe(true);
    expect(res.data.referralCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    const got = await call(ctx, { method: "GET", url: `/api/v1/members/${res.data.id}`, auth: a.owner });
    expect(got.data).toEqual(res.data);
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and type = 'member.created' and entity_id = $2", [a.companyId, res.data.id]),
    ).toBe(1);
    expect(
      await countRows(ctx.db, "audit_log", "company_id = $1 and action = 'member.created' and entity_id = $2", [a.companyId, res.data.id]),
    ).toBe(1);
  });

  it("normalizes Polish phone numbers written in different ways", () => {
    for (const input of ["600 100 200", "+48600100200", "0048 600-100-200", "+48 (600) 100 200", "48600100200"]) {
      expect(normalizePhone(input), input).toBe("+48600100200");
    }
    expect(normalizePhone("+44 20 7946 0958")).toBe("+442079460958");
    for (const bad of ["call me", "12345", "+48 600 100 20", "600-100-200-300-400-500", "0600100200x", ""]) {
      expect(normalizePhone(bad), bad).toBeNull();
    }
  });

  it.each([
    ["cardNumber", { cardNumber: "ab" }],
    ["cardNumber", { cardNumber: "ABC DEF" }],
    ["cardNumber", { cardNumber: "1234567890" }], // 10 digits with a wrong Luhn check digit
    ["email", { email: "not-an-email" }],
    ["phone", { phone: "call me maybe" }],
    ["birthday", { birthday: "2999-01-01" }],
    ["birthday", { birthday: "1899-12-31" }],
    ["birthday", { birthday: "2001-02-30" }],
    ["gender", { gender: "robot" }],
    ["tags.0", { tags: ["  "] }],
    ["tags.0", { tags: ["x".repeat(51)] }],
    ["tags", { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }],
    ["address.country", { address: { country: "POL" } }],
    ["status", { status: "gone" }],
    ["blockedReason", { status: "active", blockedReason: "why" }],
    ["joinLocationId", { joinLocationId: "loc_nope" }],
    ["referrerId", { referrerId: "mbr_nope" }],
    ["customFields.nope", { customFields: { nope: 1 } }],
    ["consents.0.consentId", { consents: [{ consentId: "cns_nope", granted: true }] }],
    ["firstName", { firstName: "x".repeat(101) }],
    ["notes", { notes: "x".repeat(5001) }],
    ["favouriteColour", { favouriteColour: "red" }],
  ])("refuses a bad %s and writes nothing", async (path, body) => {
    const before = await countRows(ctx.db, "members", "company_id = $1", [a.companyId]);
    const events = await countRows(ctx.db, "events", "company_id = $1", [a.companyId]);
    const res = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { firstName: "Bad", ...body } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(before);
    expect(await countRows(ctx.db, "events", "company_id = $1", [a.companyId])).toBe(events);
  });

  it("refuses a second member with the same e-mail, whatever its case (409 naming email)", async () => {
    const email = `${unique("dup")}@example.com`;
    await createMember(a.owner, { email });
    const res = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { email: email.toUpperCase() } });
    expect(res.statusCode).toBe(409);
    expect(res.data.error).toMatchObject({ code: "already_exists", details: [{ path: "email" }] });
  });
});

describe("card numbers", () => {
  it("generates numbers from the company's pattern with a Luhn check digit", async () => {
    const company = await createTestCompany(ctx);
    const defaults = await call(ctx, { method: "GET", url: "/api/v1/member-settings", auth: company.owner });
    expect(defaults.data).toMatchObject({ cardNumberPrefix: "", cardNumberDigits: 10, cardNumberCheckDigit: true });
    const patched = await call(ctx, {
      method: "PATCH",
      url: "/api/v1/member-settings",
      auth: company.owner,
      body: { cardNumberPrefix: "rg", cardNumberDigits: 8 },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.data).toMatchObject({ cardNumberPrefix: "RG", cardNumberDigits: 8, cardNumberCheckDigit: true });
    for (let i = 0; i < 5; i++) {
      const m = await createMember(company.owner);
      expect(m.cardNumber).toMatch(/^RG\d{8}$/);
      expect(luhnOk(m.cardNumber.slice(2))).toBe(true);
    }
    await call(ctx, {
      method: "PATCH",
      url: "/api/v1/member-settings",
      auth: company.owner,
      body: { cardNumberCheckDigit: false, cardNumberDigits: 6 },
    });
    const plain = await createMember(company.owner);
    expect(plain.cardNumber).toMatch(/^RG\d{6}$/);
    // a given number is checked only when it looks like one of the company's own
    await call(ctx, { method: "PATCH", url: "/api/v1/member-settings", auth: company.owner, body: { cardNumberCheckDigit: true } });
    const bad = await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { cardNumber: "RG123456" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details[0].path).toBe("cardNumber");
    const good = generateCardNumber({ prefix: "RG", digits: 6, checkDigit: true });
    expect((await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { cardNumber: good } })).statusCode).toBe(
      201,
    );
    expect(
      (await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { cardNumber: "old-card-77" } })).data
        .cardNumber,
    ).toBe("OLD-CARD-77");
    const audit = await countRows(ctx.db, "audit_log", "company_id = $1 and action = 'member_settings.updated'", [company.companyId]);
    expect(audit).toBe(3);
  });

  it("checks the Luhn helper against known numbers", () => {
    expect(luhnValid("79927398713")).toBe(true);
    expect(luhnValid("79927398710")).toBe(false);
    for (let i = 0; i < 50; i++) expect(luhnOk(generateCardNumber({ prefix: "", digits: 16, checkDigit: true }))).toBe(true);
  });

  it.each([
    ["cardNumberPrefix", { cardNumberPrefix: "TOO-LONG" }],
    ["cardNumberPrefix", { cardNumberPrefix: "ABCDEFGHIJK" }],
    ["cardNumberDigits", { cardNumberDigits: 5 }],
    ["cardNumberDigits", { cardNumberDigits: 17 }],
    ["cardNumberCheckDigit", { cardNumberCheckDigit: "yes" }],
  ])("refuses bad member settings (%s)", async (path, body) => {
    const res = await call(ctx, { method: "PATCH", url: "/api/v1/member-settings", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("gives a card number to exactly one of 20 parallel registrations", async () => {
    const cardNumber = `PAR-${unique().toUpperCase()}`;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { cardNumber, firstName: `P${i}` } }),
      ),
    );
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.statusCode === 409)) expect(r.data.error.details[0].path).toBe("cardNumber");
    expect(await countRows(ctx.db, "members", "company_id = $1 and card_number = $2", [a.companyId, cardNumber])).toBe(1);
  });

  it("lets two companies use the same card number", async () => {
    const company = await createTestCompany(ctx);
    const cardNumber = `SAME-${unique().toUpperCase()}`;
    await createMember(a.owner, { cardNumber });
    expect((await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { cardNumber } })).statusCode).toBe(201);
  });
});

describe("changing members", () => {
  it("updates some fields, blocks and unblocks, with events and audit without personal data", async () => {
    const m = await createMember(a.owner, { firstName: "Ewa", lastName: "Zielińska", tags: ["a"] });
    const res = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${m.id}`,
      auth: a.owner,
      body: { lastName: "Kowalczyk", phone: "+48 501 000 000", tags: ["b"], address: { city: "Kraków" } },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({ firstName: "Ewa", lastName: "Kowalczyk", phone: "+48501000000", tags: ["b"], status: "active" });
    expect(res.data.address).toEqual({ street: "", postalCode: "", city: "Kraków", country: "PL" });
    const [audit] = await ctx.db.query<{ changes: Record<string, unknown> }>(
      "select changes from audit_log where company_id = $1 and entity_id = $2 and action = 'member.updated'",
      [a.companyId, m.id],
    );
    expect(audit?.changes).toEqual({ lastName: "changed", phone: "changed", address: "changed", tags: { from: ["a"], to: ["b"] } });
    expect(JSON.stringify(audit)).not.toContain("Kowalczyk");

    const blocked = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${m.id}`,
      auth: a.owner,
      body: { status: "blocked", blockedReason: "Card abuse" },
    });
    expect(blocked.data).toMatchObject({ status: "blocked", blockedReason: "Card abuse" });
    const unblocked = await call(ctx, { method: "PATCH", url: `/api/v1/members/${m.id}`, auth: a.owner, body: { status: "active" } });
    expect(unblocked.data).toMatchObject({ status: "active", blockedReason: null });
    const types = await ctx.db.query<{ type: string }>("select type from events where company_id = $1 and entity_id = $2 order by seq", [
      a.companyId,
      m.id,
    ]);
    expect(types.map((t) => t.type)).toEqual(["member.created", "member.updated", "member.blocked", "member.unblocked"]);
  });

  it.each([
    ["email", { email: "nope" }],
    ["phone", { phone: "abc" }],
    ["birthday", { birthday: "3000-01-01" }],
    ["cardNumber", { cardNumber: "!" }],
    ["joinLocationId", { joinLocationId: "loc_nope" }],
    ["blockedReason", { blockedReason: "no reason while active" }],
    ["id", { id: "mbr_other" }],
  ])("refuses a bad %s on update and changes nothing", async (path, body) => {
    const m = await createMember(a.owner, { firstName: "Stała" });
    const res = await call(ctx, { method: "PATCH", url: `/api/v1/members/${m.id}`, auth: a.owner, body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}`, auth: a.owner })).data).toEqual(m);
  });

  it("refuses taking another member's card number or e-mail (409)", async () => {
    const email = `${unique("taken")}@example.com`;
    const first = await createMember(a.owner, { email });
    const second = await createMember(a.owner);
    const card = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${second.id}`,
      auth: a.owner,
      body: { cardNumber: first.cardNumber },
    });
    expect(card.statusCode).toBe(409);
    expect(card.data.error.details[0].path).toBe("cardNumber");
    const mail = await call(ctx, { method: "PATCH", url: `/api/v1/members/${second.id}`, auth: a.owner, body: { email } });
    expect(mail.statusCode).toBe(409);
    expect(mail.data.error.details[0].path).toBe("email");
  });

  it("answers 404 for unknown members", async () => {
    expect((await call(ctx, { method: "GET", url: "/api/v1/members/mbr_nope", auth: a.owner })).statusCode).toBe(404);
    expect((await call(ctx, { method: "PATCH", url: "/api/v1/members/mbr_nope", auth: a.owner, body: { notes: "x" } })).statusCode).toBe(
      404,
    );
    expect((await call(ctx, { method: "GET", url: "/api/v1/members/mbr_nope/referrals", auth: a.owner })).statusCode).toBe(404);
  });
});

describe("referrals", () => {
  it("lists the members a member referred and shows the referrer on their cards", async () => {
    const referrer = await createMember(a.owner, { firstName: "Polecający", lastName: "Nowak" });
    const one = await createMember(a.owner, { firstName: "Jeden", referrerId: referrer.id });
    const two = await createMember(a.owner, { firstName: "Dwa" });
    const patched = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${two.id}`,
      auth: a.owner,
      body: { referrerId: referrer.id },
    });
    expect(patched.data.referrer).toEqual({ id: referrer.id, cardNumber: referrer.cardNumber, firstName: "Polecający", lastName: "Nowak" });
    expect(one.referrer).toMatchObject({ id: referrer.id });
    const list = await call(ctx, { method: "GET", url: `/api/v1/members/${referrer.id}/referrals`, auth: a.owner });
    expect(ids(list)).toEqual([two.id, one.id]);
    const paged = await call(ctx, { method: "GET", url: `/api/v1/members/${referrer.id}/referrals?limit=1`, auth: a.owner });
    expect(ids(paged)).toEqual([two.id]);
    const next = await call(ctx, {
      method: "GET",
      url: `/api/v1/members/${referrer.id}/referrals?limit=1&cursor=${paged.data.nextCursor}`,
      auth: a.owner,
    });
    expect(next.data).toMatchObject({ data: [{ id: one.id }], nextCursor: null });
    const filtered = await call(ctx, { method: "GET", url: `/api/v1/members?referrerId=${referrer.id}`, auth: a.owner });
    expect(ids(filtered)).toEqual([two.id, one.id]);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${one.id}/referrals`, auth: a.owner })).data).toEqual({
      data: [],
      nextCursor: null,
    });
  });
});

describe("who may see and change members", () => {
  it("refuses staff without permissions; analysts read but do not write; API keys follow their scopes", async () => {
    const m = await createMember(a.owner);
    const bare = await addStaff(ctx, a, "cashier", { permissions: [] });
    for (const req of [
      { method: "GET" as const, url: "/api/v1/members" },
      { method: "GET" as const, url: `/api/v1/members/${m.id}` },
      { method: "POST" as const, url: "/api/v1/members", body: {} },
      { method: "PATCH" as const, url: `/api/v1/members/${m.id}`, body: { notes: "x" } },
      { method: "GET" as const, url: `/api/v1/members/${m.id}/referrals` },
      { method: "GET" as const, url: "/api/v1/member-settings" },
    ]) {
      expect((await call(ctx, { ...req, auth: bare.auth })).statusCode, req.url).toBe(403);
    }
    const analyst = await addStaff(ctx, a, "analyst");
    expect((await call(ctx, { method: "GET", url: "/api/v1/members", auth: analyst.auth })).statusCode).toBe(200);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}`, auth: analyst.auth })).statusCode).toBe(200);
    const before = await countRows(ctx.db, "members", "company_id = $1", [a.companyId]);
    expect((await call(ctx, { method: "POST", url: "/api/v1/members", auth: analyst.auth, body: {} })).statusCode).toBe(403);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/members/${m.id}`, auth: analyst.auth, body: { notes: "x" } })).statusCode,
    ).toBe(403);
    expect(
      (await call(ctx, { method: "PATCH", url: "/api/v1/member-settings", auth: analyst.auth, body: { cardNumberDigits: 8 } })).statusCode,
    ).toBe(403);
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(before);
    const cashier = await addStaff(ctx, a, "cashier");
    expect(
      (await call(ctx, { method: "PATCH", url: "/api/v1/member-settings", auth: cashier.auth, body: { cardNumberDigits: 8 } })).statusCode,
    ).toBe(403);

    const key = await createApiKeyVia(ctx, a.owner, ["members.read", "members.write"]);
    const byKey = await call(ctx, { method: "POST", url: "/api/v1/members", auth: { apiKey: key.secret }, body: { firstName: "Api" } });
    expect(byKey.statusCode).toBe(201);
    expect(byKey.data.createdBy).toBe(key.id);
  });

  it("keeps companies apart", async () => {
    const b = await createTestCompany(ctx);
    const aMember = await createMember(a.owner, { firstName: "Tylko", lastName: "A", email: `${unique("onlya")}@example.com` });
    const aLocation = await createLocationVia(ctx, a.owner);
    const bMember = await createMember(b.owner);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${aMember.id}`, auth: b.owner })).statusCode).toBe(404);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/members/${aMember.id}`, auth: b.owner, body: { notes: "x" } })).statusCode,
    ).toBe(404);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${aMember.id}/referrals`, auth: b.owner })).statusCode).toBe(404);
    const list = await call(ctx, { method: "GET", url: "/api/v1/members", auth: b.owner });
    expect(ids(list)).toEqual([bMember.id]);
    const search = await call(ctx, { method: "GET", url: `/api/v1/members?q=${aMember.cardNumber}`, auth: b.owner });
    expect(search.data.data).toEqual([]);
    const asReferrer = await call(ctx, { method: "POST", url: "/api/v1/members", auth: b.owner, body: { referrerId: aMember.id } });
    expect(asReferrer.statusCode).toBe(400);
    expect(asReferrer.data.error.details[0].path).toBe("referrerId");
    const atLocation = await call(ctx, { method: "POST", url: "/api/v1/members", auth: b.owner, body: { joinLocationId: aLocation } });
    expect(atLocation.statusCode).toBe(400);
    expect(atLocation.data.error.details[0].path).toBe("joinLocationId");
    // B's e-mail space is its own
    expect((await call(ctx, { method: "POST", url: "/api/v1/members", auth: b.owner, body: { email: aMember.email } })).statusCode).toBe(
      201,
    );
  });

  it("lets location-limited staff find every member but register members only at their locations", async () => {
    const company = await createTestCompany(ctx);
    const mine = await createLocationVia(ctx, company.owner, "Mine");
    const theirs = await createLocationVia(ctx, company.owner, "Theirs");
    const elsewhere = await createMember(company.owner, { firstName: "Gdzieś", joinLocationId: theirs });
    const cashier = await addStaff(ctx, company, "cashier", { locationIds: [mine] });
    expect(ids(await call(ctx, { method: "GET", url: "/api/v1/members?q=gdzies", auth: cashier.auth }))).toEqual([elsewhere.id]);
    expect((await call(ctx, { method: "GET", url: `/api/v1/members/${elsewhere.id}`, auth: cashier.auth })).statusCode).toBe(200);
    const before = await countRows(ctx.db, "members", "company_id = $1", [company.companyId]);
    const without = await call(ctx, { method: "POST", url: "/api/v1/members", auth: cashier.auth, body: { firstName: "X" } });
    expect(without.statusCode).toBe(400);
    expect(without.data.error.details[0].path).toBe("joinLocationId");
    const other = await call(ctx, { method: "POST", url: "/api/v1/members", auth: cashier.auth, body: { joinLocationId: theirs } });
    expect(other.statusCode).toBe(403);
    expect(other.data.error.details[0].path).toBe("joinLocationId");
    expect(await countRows(ctx.db, "members", "company_id = $1", [company.companyId])).toBe(before);
    const ok = await call(ctx, { method: "POST", url: "/api/v1/members", auth: cashier.auth, body: { joinLocationId: mine } });
    expect(ok.statusCode).toBe(201);
    const move = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${ok.data.id}`,
      auth: cashier.auth,
      body: { joinLocationId: theirs },
    });
    expect(move.statusCode).toBe(403);
  });
});
