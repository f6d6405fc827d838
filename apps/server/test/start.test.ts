import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { newId } from "../src/platform/ids.js";
import {
  type Auth,
  addStaff,
  call,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  purchaseVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// GET /api/v1/start: the start page's figures, in the company's time zone (Europe/Warsaw here),
// what each permission shows, the first-steps checklist, and that no other company's data counts.

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const start = async (auth: Auth) => {
  const res = await call(ctx, { method: "GET", url: "/api/v1/start", auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
};
const DAY = 86_400_000;
const warsawDay = (d: Date) => new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Warsaw" }).format(d);

describe("GET /api/v1/start", () => {
  it("answers the figures seeded: members, purchases and points per day, low stock, failed messages; never another company's", async () => {
    const programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 100, rounding: "down" });
    const members = [await createMemberVia(ctx, a.owner), await createMemberVia(ctx, a.owner), await createMemberVia(ctx, a.owner)];
    // One member joined 40 days ago: before this calendar month, whatever today is.
    await ctx.db.query("update members set created_at = now() - interval '40 days' where company_id = $1 and id = $2", [
      a.companyId,
      members[2]?.id,
    ]);
    const [ann, bob, old] = members.map((m) => m.id) as [string, string, string];
    const now = new Date();
    const twoDaysAgo = new Date(now.getTime() - 2 * DAY);
    for (const [memberId, amount, at] of [
      [ann, 10_000, now],
      [bob, 5_000, now],
      [ann, 20_000, twoDaysAgo],
      [old, 70_000, new Date(now.getTime() - 35 * DAY)], // outside the 30 days
    ] as const) {
      const res = await purchaseVia(ctx, a.owner, programId, memberId, amount, { occurredAt: at.toISOString() });
      expect(res.statusCode, res.body).toBe(201);
    }
    // A reward low on stock, redeemed once today (80 points), and one with plenty.
    const reward = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: {
        programId,
        namePl: "Kubek",
        nameEn: "Mug",
        kind: "physical",
        pointsPrice: 80,
        stockMode: "global",
        initialStock: 3,
        lowStockThreshold: 2,
      },
    });
    expect(reward.statusCode, reward.body).toBe(201);
    const plenty = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: "Torba", kind: "physical", pointsPrice: 10, stockMode: "global", initialStock: 50, lowStockThreshold: 2 },
    });
    expect(plenty.statusCode, plenty.body).toBe(201);
    const redeemed = await call(ctx, {
      method: "POST",
      url: "/api/v1/redemptions",
      auth: a.owner,
      body: { memberId: ann, rewardId: reward.data.id },
    });
    expect(redeemed.statusCode, redeemed.body).toBe(201);
    // Two messages failed for good (as the dispatcher leaves them after their retries), one sent.
    for (const status of ["failed", "failed", "sent"])
      await ctx.db.query(
        "insert into message_deliveries (company_id, id, member_id, channel, kind, to_address, dedupe_key, status) values ($1, $2, $3, 'email', 'test', 'x@example.com', $4, $5)",
        [a.companyId, newId("msg"), ann, unique("k"), status],
      );

    // Company B has its own member and purchase, which A never counts.
    const bProgram = await createProgramVia(ctx, b.owner);
    const bMember = await createMemberVia(ctx, b.owner);
    expect((await purchaseVia(ctx, b.owner, bProgram, bMember.id, 99_900)).statusCode).toBe(201);

    const s = await start(a.owner);
    expect(s).toMatchObject({ timeZone: "Europe/Warsaw", currency: "PLN", today: warsawDay(now) });
    expect(s.members).toEqual({ total: 3, newThisMonth: 2 });
    expect(s.activity.days).toHaveLength(30);
    expect(s.activity.days[29].day).toBe(warsawDay(now));
    expect(s.activity.days[0].day).toBe(warsawDay(new Date(now.getTime() - 29 * DAY)));
    const day = (d: Date) => s.activity.days.find((x: { day: string }) => x.day === warsawDay(d));
    expect(day(now)).toEqual({ day: warsawDay(now), purchases: 2, amountMinor: 15_000, pointsIssued: 150, pointsRedeemed: 80 });
    expect(day(twoDaysAgo)).toEqual({
      day: warsawDay(twoDaysAgo),
      purchases: 1,
      amountMinor: 20_000,
      pointsIssued: 200,
      pointsRedeemed: 0,
    });
    expect(s.activity.totals).toEqual({ purchases: 3, amountMinor: 35_000, pointsIssued: 350, pointsRedeemed: 80 });
    expect(s.lowStockRewards).toEqual([{ id: reward.data.id, namePl: "Kubek", nameEn: "Mug", stock: 2, threshold: 2 }]);
    expect(s.failedMessages).toBe(2);

    const other = await start(b.owner);
    expect(other.members).toEqual({ total: 1, newThisMonth: 1 });
    expect(other.activity.totals).toEqual({ purchases: 1, amountMinor: 99_900, pointsIssued: 999, pointsRedeemed: 0 });
    expect(other.lowStockRewards).toEqual([]);
    expect(other.failedMessages).toBe(0);
  });

  it("shows only what the account's permissions allow: a cashier sees no figures", async () => {
    const cashier = await addStaff(ctx, a, "cashier");
    const c = await start(cashier.auth);
    expect(c).toMatchObject({ members: null, activity: null, lowStockRewards: null, failedMessages: null, checklist: null });
    const analyst = await addStaff(ctx, a, "analyst");
    const an = await start(analyst.auth);
    expect(an.members).not.toBeNull();
    expect(an.activity).not.toBeNull();
    expect(an.failedMessages).not.toBeNull();
    expect(an.checklist).toBeNull();
    const marketer = await addStaff(ctx, a, "marketer");
    const m = await start(marketer.auth);
    expect(m.lowStockRewards).toBeNull(); // no rewards.read
    expect(m.members).not.toBeNull();
    const bare = await addStaff(ctx, a, "cashier", { permissions: [] });
    expect((await call(ctx, { method: "GET", url: "/api/v1/start", auth: bare.auth })).statusCode).toBe(403);
  });

  it("ticks each first step off as it is done", async () => {
    const c = await createTestCompany(ctx);
    const steps = async () =>
      Object.fromEntries(((await start(c.owner)).checklist as { step: string; done: boolean }[]).map((x) => [x.step, x.done]));
    const all = ["converter", "consents", "outbox", "staff", "tiers", "customFields", "locations", "rewards"];
    expect(Object.keys(await steps())).toEqual(all);
    expect(Object.values(await steps()).every((d) => d === false)).toBe(true);
    const expectDone = async (...done: string[]) => {
      const s = await steps();
      for (const step of all) expect(s[step], step).toBe(done.includes(step));
    };

    const programId = await createProgramVia(ctx, c.owner, { converterPoints: 1, converterAmountMinor: 100 });
    await expectDone("converter");
    const consents = await call(ctx, { method: "GET", url: "/api/v1/consents", auth: c.owner });
    const edit = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/consents/${consents.data.data[0].id}`,
      auth: c.owner,
      body: { text: "Zgoda na newsletter, nasza własna treść." },
    });
    expect(edit.statusCode, edit.body).toBe(200);
    await expectDone("converter", "consents");
    const email = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/email",
      auth: c.owner,
      body: { enabled: true, host: "smtp.example.com", port: 587, fromName: "Sklep", fromEmail: "sklep@example.com" },
    });
    expect(email.statusCode, email.body).toBe(200);
    await expectDone("converter", "consents", "outbox");
    await addStaff(ctx, c, "cashier");
    await expectDone("converter", "consents", "outbox", "staff");
    const tier = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: c.owner,
      body: { name: "Gold", threshold: 100 },
    });
    expect(tier.statusCode, tier.body).toBe(201);
    const field = await call(ctx, {
      method: "POST",
      url: "/api/v1/custom-fields",
      auth: c.owner,
      body: { key: unique("f_"), label: "Pole", type: "text" },
    });
    expect(field.statusCode, field.body).toBe(201);
    await createLocationVia(ctx, c.owner);
    await expectDone("converter", "consents", "outbox", "staff", "tiers", "customFields", "locations");
    const reward = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: c.owner,
      body: { programId, namePl: "Kawa", kind: "physical", pointsPrice: 10 },
    });
    expect(reward.statusCode, reward.body).toBe(201);
    await expectDone(...all);
    // Company A's setup never ticks C's steps off, nor the other way round (A has no outbox).
    expect((await start(a.owner)).checklist.find((x: { step: string }) => x.step === "outbox").done).toBe(false);
  });
});
