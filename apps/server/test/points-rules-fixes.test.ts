import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  balanceVia,
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  pln,
  purchaseVia,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { reportReliability } from "./reliability.js";

// Issue 20, "Points and rules" 7–12: each test failed before its fix.

let ctx: TestContext;
let a: TestCompany;
const clock = new TestClock(new Date("2026-05-14T10:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
});
/** Refusals the items 10 and 11 tried, for docs/RELIABILITY.md: answered 4xx, 5xx, and rows written by them. */
const figures = {
  redemptionKeyConflictsTried: 0,
  redemptionKeyConflicts409: 0,
  returnDatesTried: 0,
  returnDates400: 0,
  fiveHundreds: 0,
  writes: 0,
};
afterAll(async () => {
  await ctx.close();
  reportReliability("points-rules-refusals", figures);
});

const post = (url: string, body: unknown, headers?: Record<string, string>) =>
  call(ctx, { method: "POST", url, auth: a.owner, body, headers });
const addRule = async (programId: string, body: Record<string, unknown>) => {
  const res = await post(`/api/v1/programs/${programId}/rules`, body);
  if (res.statusCode !== 201) throw new Error(`rule: ${res.body}`);
  return res.data;
};
const buy = (programId: string, memberId: string, amount: number, extra: Record<string, unknown> = {}) =>
  purchaseVia(ctx, a.owner, programId, memberId, amount, extra);
const enrolledEvents = (memberId: string) =>
  countRows(ctx.db, "events", "company_id = $1 and type = 'member.enrolled' and entity_id = $2", [a.companyId, memberId]);

describe("7. every way into a program enrols the same way", () => {
  it("points for an event enrol with welcome points, registration rules and member.enrolled, once", async () => {
    const programId = await createProgramVia(ctx, a.owner, { welcomePoints: 50 });
    await addRule(programId, { name: "Rejestracja", kind: "event", eventType: "registration", bonusPoints: 20 });
    await addRule(programId, { name: "Opinia", kind: "event", eventType: "review_approved", bonusPoints: 10 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const event = await post(`/api/v1/members/${memberId}/events`, { programId, type: "review_approved", key: "r1" });
    expect(event.statusCode, event.body).toBe(200);
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(80);
    expect(await enrolledEvents(memberId)).toBe(1);
    // Enrolling afterwards (or any later path) pays nothing again.
    await post(`/api/v1/members/${memberId}/enrollments`, { programId });
    const registration = await post(`/api/v1/members/${memberId}/events`, { programId, type: "registration", key: "signup-2" });
    expect(registration.data.awards).toEqual([expect.objectContaining({ points: 20, alreadyAwarded: true })]);
    await buy(programId, memberId, 1_000);
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(90);
    expect(await enrolledEvents(memberId)).toBe(1);
  });

  it("a redemption by a member not yet enrolled enrols them with their welcome points first", async () => {
    const programId = await createProgramVia(ctx, a.owner, { welcomePoints: 50 });
    const reward = await post("/api/v1/rewards", { programId, namePl: unique("Nagroda "), kind: "physical", pointsPrice: 40 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const res = await post("/api/v1/redemptions", { memberId, rewardId: reward.data.id });
    expect(res.statusCode, res.body).toBe(201);
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(10);
    expect(await enrolledEvents(memberId)).toBe(1);
  });
});

describe("8. a reversed credit that was no purchase stops counting towards the tier", () => {
  it("a reversed welcome credit no longer qualifies; a reversed manual credit changes nothing", async () => {
    const programId = await createProgramVia(ctx, a.owner, { welcomePoints: 80, tierBasis: "points", tierPeriod: "calendar_year" });
    const silver = await createTierVia(ctx, a.owner, programId, { name: "Silver", threshold: 100 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await post(`/api/v1/members/${memberId}/enrollments`, { programId });
    const ledger = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/ledger?programId=${programId}`, auth: a.owner });
    const welcome = ledger.data.data.find((e: { causeType: string }) => e.causeType === "welcome");
    expect((await post(`/api/v1/ledger-entries/${welcome.id}/reverse`, { reason: "enrolled by mistake" })).statusCode).toBe(201);
    expect((await buy(programId, memberId, 3_000)).statusCode).toBe(201);
    // Before the fix the 80 reversed points still counted: 80 + 30 ≥ 100 made the member Silver.
    expect((await balanceVia(ctx, a.owner, memberId, programId)).tier).toBeNull();
    const adjusted = await post(`/api/v1/members/${memberId}/adjustments`, { programId, points: 500, reason: "goodwill" });
    await post(`/api/v1/ledger-entries/${adjusted.data.id}/reverse`, { reason: "wrong member" });
    await buy(programId, memberId, 7_000);
    expect((await balanceVia(ctx, a.owner, memberId, programId)).tier?.id).toBe(silver.id);
  });
});

describe("9. a rule's day and month caps of a back-dated purchase are that day's and month's", () => {
  it("a purchase back-dated to yesterday is capped by yesterday's awards only, not today's", async () => {
    clock.set("2026-05-14T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { startsAt: "2026-01-01T00:00:00Z" });
    await addRule(programId, { name: "Bonus", kind: "bonus", bonusPoints: 30, capPerDay: 50 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    expect((await buy(programId, memberId, 1_000)).data.purchase.points).toBe(40);
    expect((await buy(programId, memberId, 1_000)).data.purchase.points).toBe(30);
    // 13 May in Warsaw (its last minute): nothing was awarded that day yet.
    const back = await buy(programId, memberId, 1_000, { occurredAt: "2026-05-13T21:59:00Z" });
    expect(back.data.purchase.points).toBe(40);
  });

  it("a purchase back-dated to last month is capped by last month's awards only", async () => {
    clock.set("2026-05-14T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { startsAt: "2026-01-01T00:00:00Z" });
    await addRule(programId, { name: "Bonus", kind: "bonus", bonusPoints: 30, capPerMonth: 40 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    expect((await buy(programId, memberId, 1_000)).data.purchase.points).toBe(40);
    const back = await buy(programId, memberId, 1_000, { occurredAt: "2026-04-30T12:00:00Z" });
    expect(back.data.purchase.points).toBe(40);
    // And the May purchase did not use April's cap: a second April purchase gets the 10 left.
    expect((await buy(programId, memberId, 1_000, { occurredAt: "2026-04-29T12:00:00Z" })).data.purchase.points).toBe(20);
  });
});

describe("10. a redemption's Idempotency-Key reused with other content is a conflict", () => {
  it("answers 409 naming the header for another member, reward, quantity or location; replays the same content", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const reward = (await post("/api/v1/rewards", { programId, namePl: unique("Nagroda "), kind: "physical", pointsPrice: 10 })).data;
    const other = (await post("/api/v1/rewards", { programId, namePl: unique("Nagroda "), kind: "physical", pointsPrice: 10 })).data;
    const memberWithPoints = async () => {
      const { id } = await createMemberVia(ctx, a.owner);
      await post(`/api/v1/members/${id}/enrollments`, { programId });
      await post(`/api/v1/members/${id}/adjustments`, { programId, points: 100, reason: "test points" });
      return id;
    };
    const m1 = await memberWithPoints();
    const m2 = await memberWithPoints();
    const key = { "idempotency-key": unique("redeem-") };
    const first = await post("/api/v1/redemptions", { memberId: m1, rewardId: reward.id }, key);
    expect(first.statusCode).toBe(201);
    const location = await post("/api/v1/locations", { name: unique("Loc ") });
    for (const body of [
      { memberId: m2, rewardId: reward.id },
      { memberId: m1, rewardId: other.id },
      { memberId: m1, rewardId: reward.id, quantity: 2 },
      { memberId: m1, rewardId: reward.id, locationId: location.data.id },
    ]) {
      const res = await post("/api/v1/redemptions", body, key);
      figures.redemptionKeyConflictsTried++;
      if (res.statusCode === 409) figures.redemptionKeyConflicts409++;
      if (res.statusCode >= 500) figures.fiveHundreds++;
      expect(res.statusCode, JSON.stringify(body)).toBe(409);
      expect(res.data.error).toMatchObject({ code: "conflict", details: [{ path: "Idempotency-Key", code: "idempotency_key_used" }] });
    }
    const again = await post("/api/v1/redemptions", { memberId: m1, rewardId: reward.id, quantity: 1 }, key);
    expect(again.statusCode).toBe(200);
    expect(again.data).toMatchObject({ replayed: true, redemption: { id: first.data.redemption.id } });
    const redemptions = await countRows(ctx.db, "redemptions", "company_id = $1 and member_id = any($2)", [a.companyId, [m1, m2]]);
    figures.writes += redemptions - 1;
    expect(redemptions).toBe(1);
    expect((await balanceVia(ctx, a.owner, m2, programId)).available).toBe(100);
  });
});

describe("11. a return is dated neither in the future nor before its purchase", () => {
  it("refuses both with a 400 naming occurredAt and writes nothing; a few seconds of clock skew pass", async () => {
    clock.set("2026-05-14T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { startsAt: "2026-01-01T00:00:00Z" });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const purchase = await buy(programId, memberId, 10_000, { occurredAt: "2026-05-10T12:00:00Z" });
    const ret = (occurredAt: string) =>
      post(`/api/v1/purchases/${purchase.data.purchase.id}/returns`, { returnNumber: unique("Z-"), amount: pln(1_000), occurredAt });
    for (const [when, code] of [
      ["2026-05-15T10:00:00Z", "not_in_future"],
      ["2026-05-10T11:59:59Z", "not_before_purchase"],
    ] as const) {
      const res = await ret(when);
      figures.returnDatesTried++;
      if (res.statusCode === 400) figures.returnDates400++;
      if (res.statusCode >= 500) figures.fiveHundreds++;
      expect(res.statusCode, when).toBe(400);
      expect(res.data.error.details).toEqual([expect.objectContaining({ path: "occurredAt", code })]);
    }
    const returns = await countRows(ctx.db, "purchase_returns", "company_id = $1 and purchase_id = $2", [
      a.companyId,
      purchase.data.purchase.id,
    ]);
    figures.writes += returns;
    expect(returns).toBe(0);
    expect((await ret("2026-05-14T10:01:00Z")).statusCode).toBe(201);
    expect((await ret("2026-05-10T12:00:00Z")).statusCode).toBe(201);
  });
});

describe("12. the program cost counts fixed bonuses, in integers", () => {
  it("adds the bonus per purchase at the reference purchase, and names the fixed costs per purchase and per member", async () => {
    const programId = await createProgramVia(ctx, a.owner, {
      budgetBp: 300,
      converterPoints: 1,
      converterAmountMinor: 300,
      welcomePoints: 100,
      minPurchaseMinor: 5_000,
    });
    const cost = async () => (await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/cost`, auth: a.owner })).data;
    // 1 point per 3,00 zł at 0,01 zł a point: 33,33 bp (exactly 33⅓, rounded once).
    expect(await cost()).toMatchObject({ baseCostBp: 33.33, maxCostBp: 33.33, overBudget: false, fixedCosts: { perPurchaseMinor: 0 } });
    await addRule(programId, { name: "Stała premia", kind: "bonus", bonusPoints: 100 });
    await addRule(programId, { name: "Urodziny", kind: "event", eventType: "birthday", bonusPoints: 30 });
    // 100 points = 1,00 zł on the smallest purchase that earns (50,00 zł) is 200 bp more.
    expect(await cost()).toMatchObject({
      baseCostBp: 33.33,
      maxCostBp: 233.33,
      overBudget: false,
      fixedCosts: { perPurchaseMinor: 100, perMemberMinor: 130, referencePurchaseMinor: 5_000 },
    });
    await addRule(programId, { name: "Druga premia", kind: "bonus", bonusPoints: 50 });
    expect(await cost()).toMatchObject({ maxCostBp: 333.33, overBudget: true, fixedCosts: { perPurchaseMinor: 150 } });
  });
});
