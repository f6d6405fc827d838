import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markReferralRewarded, markReferralSuccessful } from "../src/modules/referrals/referral-progress.js";
import { sql } from "../src/platform/sql.js";
import {
  call,
  companySlug,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  memberSessionVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { drainReferrals } from "./referral-fixtures.js";

// The portal's program page (public) and the member's referrals.
let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let slug = "";

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  slug = await companySlug(ctx, a.companyId);
});
afterAll(() => ctx.close());

const rule = async (programId: string, body: Record<string, unknown>) => {
  const res = await call(ctx, { method: "POST", url: `/api/v1/programs/${programId}/rules`, auth: a.owner, body });
  expect(res.statusCode, res.body).toBe(201);
  return res.data;
};

describe("GET /portal/:slug/program", () => {
  let programId = "";
  beforeAll(async () => {
    // 1 point per 1 zł, a point worth 1 grosz: the points cost 1 % of the price; the budget is 1 %.
    programId = await createProgramVia(ctx, a.owner, {
      name: "Klub Kawowy",
      slogan: "Kawa, która się opłaca",
      description: "Zbieraj punkty za każdą kawę.",
      primaryColor: "#7a4b2a",
      budgetBp: 100,
      welcomePoints: 50,
      converterPoints: 1,
      converterAmountMinor: 100,
    });
    await createProgramVia(ctx, a.owner, { name: unique("Draft "), status: "draft" });
    await rule(programId, {
      name: "Podwójne punkty",
      description: "W weekendy ×2",
      icon: "bolt",
      kind: "multiplier",
      multiplierBp: 20_000,
    });
    await rule(programId, { name: "Lekko więcej", kind: "multiplier", multiplierBp: 11_000 });
    await rule(programId, { name: "Urodziny", icon: "cake", kind: "event", eventType: "birthday", bonusPoints: 100 });
    await rule(programId, { name: "Tylko dla Ewy", kind: "bonus", bonusPoints: 5, memberIds: [(await createMemberVia(ctx, a.owner)).id] });
    await rule(programId, { name: "Wyłączona", kind: "bonus", bonusPoints: 5, active: false });
    await createTierVia(ctx, a.owner, programId, { name: "Złoty", threshold: 1000, discountBp: 500, color: "#d4a017" });
    const loc = (body: Record<string, unknown>) => call(ctx, { method: "POST", url: "/api/v1/locations", auth: a.owner, body });
    expect(
      (
        await loc({
          name: "Kraków, Kazimierz",
          address: { street: "ul. Szeroka 1", postalCode: "31-053", city: "Kraków" },
          coordinates: { latitude: 50.0519, longitude: 19.9485 },
          openingHours: [{ day: "mon", opens: "08:00", closes: "18:00" }],
        })
      ).statusCode,
    ).toBe(201);
    expect((await loc({ name: "Warszawa", address: { street: "ul. Marszałkowska 10", city: "Warszawa" } })).statusCode).toBe(201);
    expect((await loc({ name: "Zamknięty punkt", active: false })).statusCode).toBe(201);
  });

  it("shows open programs' branding, their ways to earn with icons and promotions, tiers and active points of sale, to anyone", async () => {
    const res = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/program` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.currency).toBe("PLN");
    expect(res.data.programs.map((p: { name: string }) => p.name)).toEqual(["Klub Kawowy"]);
    const p = res.data.programs[0];
    expect(p).toMatchObject({
      slogan: "Kawa, która się opłaca",
      color: "#7a4b2a",
      welcomePoints: 50,
      converter: { points: 1, amountMinor: 100 },
      converterPromotion: false,
    });
    const rules = Object.fromEntries(p.earningRules.map((r: { name: string }) => [r.name, r]));
    expect(Object.keys(rules).sort()).toEqual(["Lekko więcej", "Podwójne punkty", "Urodziny"]);
    // ×2 doubles the cost to 2 % of a 1 % budget: a promotion; ×1.1 is within 120 % of it; events never are.
    expect(rules["Podwójne punkty"]).toMatchObject({ icon: "bolt", description: "W weekendy ×2", promotion: true, multiplierBp: 20_000 });
    expect(rules["Lekko więcej"]).toMatchObject({ icon: "star", promotion: false });
    expect(rules.Urodziny).toMatchObject({ icon: "cake", kind: "event", eventType: "birthday", bonusPoints: 100, promotion: false });
    expect(p.tiers).toEqual([expect.objectContaining({ name: "Złoty", threshold: 1000, discountBp: 500 })]);
    const locations = Object.fromEntries(res.data.locations.map((l: { name: string }) => [l.name, l]));
    expect(Object.keys(locations).sort()).toEqual(["Kraków, Kazimierz", "Warszawa"]);
    expect(locations["Kraków, Kazimierz"].mapUrl).toBe("https://www.openstreetmap.org/?mlat=50.0519&mlon=19.9485#map=17/50.0519/19.9485");
    expect(locations["Kraków, Kazimierz"].openingHours).toEqual([{ day: "mon", opens: "08:00", closes: "18:00" }]);
    expect(locations.Warszawa.mapUrl).toBe(
      `https://www.openstreetmap.org/search?query=${encodeURIComponent("ul. Marszałkowska 10, Warszawa, PL")}`,
    );
    // Nothing that targets chosen members leaks (no member ids at all).
    expect(res.body).not.toMatch(/mbr_/);
  });

  it("answers each company's own page only, and 404 for an unknown slug or a switched-off portal", async () => {
    const other = await call(ctx, { method: "GET", url: `/api/v1/portal/${await companySlug(ctx, b.companyId)}/program` });
    expect(other.statusCode).toBe(200);
    expect(other.body).not.toContain("Klub Kawowy");
    expect(other.body).not.toContain("Kazimierz");
    expect((await call(ctx, { method: "GET", url: "/api/v1/portal/no-such-company/program" })).statusCode).toBe(404);
    await ctx.db.query(sql`insert into portal_settings (company_id, enabled) values (${b.companyId}, false)`);
    const off = await call(ctx, { method: "GET", url: `/api/v1/portal/${await companySlug(ctx, b.companyId)}/program` });
    expect(off.statusCode).toBe(404);
  });

  it("refuses a rule icon outside the set, naming the field", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Zła ikona", icon: "skull", kind: "bonus", bonusPoints: 1 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain("icon");
  });
});

describe("GET /portal/:slug/me/referrals", () => {
  it("gives my link, my friends by first name and initial with their referral's status, and the points referrals paid me", async () => {
    const me = await createMemberVia(ctx, a.owner, { firstName: "Ola" });
    const rewarded = await createMemberVia(ctx, a.owner, { firstName: "Zofia", lastName: "kowalska", referrerId: me.id });
    const blocked = await createMemberVia(ctx, a.owner, { firstName: "Piotr", lastName: "Nowak", referrerId: me.id });
    const successful = await createMemberVia(ctx, a.owner, { firstName: "Ewa", lastName: "Lis", referrerId: me.id });
    await createMemberVia(ctx, a.owner, { firstName: "Jan", lastName: "Wiśniewski", referrerId: me.id });
    const blockedRes = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${blocked.id}`,
      auth: a.owner,
      body: { status: "blocked", blockedReason: "x" },
    });
    expect(blockedRes.statusCode).toBe(200);
    const auth = await memberSessionVia(ctx, a.companyId, me.id);
    // Before the worker recorded the referrals, every active friend is registered.
    const before = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/referrals`, auth });
    expect(before.statusCode, before.body).toBe(200);
    expect(before.data.pointsEarned).toBe(0);
    expect(new Set(before.data.friends.map((f: { status: string }) => f.status))).toEqual(new Set(["registered", "inactive"]));

    // What automation does: +10 on registration, +20 once a friend succeeds.
    await drainReferrals(ctx.db, a.companyId);
    const at = new Date();
    await ctx.db.transaction(async (tx) => {
      await markReferralRewarded(tx, { companyId: a.companyId, friendId: rewarded.id, points: 10, at });
      await markReferralSuccessful(tx, { companyId: a.companyId, friendId: rewarded.id, at });
      await markReferralRewarded(tx, { companyId: a.companyId, friendId: rewarded.id, points: 20, at });
      await markReferralSuccessful(tx, { companyId: a.companyId, friendId: successful.id, at });
    });
    const res = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/referrals`, auth });
    const [row] = await ctx.db.query<{ referral_code: string }>(
      sql`select referral_code from members where company_id = ${a.companyId} and id = ${me.id}`,
    );
    expect(res.data.link).toBe(`${ctx.config.publicUrl}/p/${slug}/join?ref=${row?.referral_code}`);
    expect(res.data.pointsEarned).toBe(30);
    const friends = Object.fromEntries(res.data.friends.map((f: { name: string; status: string }) => [f.name, f.status]));
    expect(friends).toEqual({ "Zofia K.": "rewarded", "Piotr N.": "inactive", "Ewa L.": "successful", "Jan W.": "registered" });
    expect(res.body).not.toContain("Nowak");
  });
});
