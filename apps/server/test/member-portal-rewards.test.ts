import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Auth,
  balanceVia,
  call,
  companySlug,
  countRows,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  memberSessionVia,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// What a member may redeem in the portal and the redemption itself: the counter's guarantees
// (no oversell, idempotent, points checked in the same transaction) with the member as the actor.

let ctx: TestContext;
let a: TestCompany;
let slug = "";
let programId = "";
const clock = new TestClock(new Date("2026-06-10T10:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  slug = await companySlug(ctx, a.companyId);
  programId = await createProgramVia(ctx, a.owner);
});
afterAll(() => ctx.close());

async function memberWithPoints(points: number): Promise<{ id: string; auth: Auth }> {
  const { id } = await createMemberVia(ctx, a.owner);
  await call(ctx, { method: "POST", url: `/api/v1/members/${id}/enrollments`, auth: a.owner, body: { programId } });
  if (points > 0)
    await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${id}/adjustments`,
      auth: a.owner,
      body: { programId, points, reason: "test" },
    });
  return { id, auth: await memberSessionVia(ctx, a.companyId, id) };
}

async function createReward(body: Record<string, unknown>) {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/rewards",
    auth: a.owner,
    body: { programId, namePl: unique("Nagroda "), kind: "physical", pointsPrice: 100, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`reward: ${res.body}`);
  return res.data as { id: string };
}

async function voucherReward(codes: number, extra: Record<string, unknown> = {}) {
  const pool = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Pula ") } });
  await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool.data.id}/generate`, auth: a.owner, body: { count: codes } });
  return createReward({ kind: "voucher", voucherPoolId: pool.data.id, fulfilment: "none", ...extra });
}

const rewards = (auth: Auth, query = "") => call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/rewards${query}`, auth });
const redeem = (auth: Auth, body: Record<string, unknown>, key: string | null = unique("attempt-")) =>
  call(ctx, {
    method: "POST",
    url: `/api/v1/portal/${slug}/me/redemptions`,
    auth,
    body,
    headers: key === null ? {} : { "idempotency-key": key },
  });
const find = (list: { rewardId: string }[], id: string) => list.find((r) => r.rewardId === id) as Record<string, unknown> | undefined;
const codesOf = (r: Record<string, unknown> | undefined) => ((r?.reasons ?? []) as { code: string }[]).map((x) => x.code);

describe("what this member may redeem", () => {
  it("says why each reward is out of reach: points, tier, dates, stock, member limits; hides what the portal must not show", async () => {
    const member = await memberWithPoints(300);
    const gold = await createTierVia(ctx, a.owner, programId, { name: unique("Gold "), threshold: 1_000_000 });
    const cheap = await createReward({ pointsPrice: 50, category: "Kawa" });
    const dear = await createReward({ pointsPrice: 420 });
    const goldOnly = await createReward({ tierIds: [gold.id] });
    const ended = await createReward({ startsAt: "2026-01-01T00:00:00Z", endsAt: "2026-02-01T00:00:00Z" });
    const soldOut = await createReward({ stockMode: "global", initialStock: 0 });
    const oncePerMember = await createReward({ pointsPrice: 10, limitPerMember: 1 });
    const hidden = await createReward({ visibleInPortal: false });
    const shipped = await createReward({ fulfilment: "shipping" });
    expect((await redeem(member.auth, { rewardId: oncePerMember.id })).statusCode).toBe(201);

    const res = await rewards(member.auth);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.data.data;
    expect(find(list, cheap.id)).toMatchObject({ available: true, affordable: true, reasons: [] });
    expect(find(list, dear.id)).toMatchObject({ available: false, affordable: false, missingPoints: 130 });
    expect(find(list, dear.id)?.reasons).toEqual([expect.objectContaining({ code: "points", params: { missing: 130 } })]);
    expect(codesOf(find(list, goldOnly.id))).toEqual(["tier"]);
    expect(codesOf(find(list, ended.id))).toEqual(["ended"]);
    expect(codesOf(find(list, soldOut.id))).toEqual(["out_of_stock"]);
    expect(codesOf(find(list, oncePerMember.id))).toEqual(["limit_total"]);
    expect(codesOf(find(list, shipped.id))).toEqual(["shipping_only"]);
    expect(find(list, hidden.id)).toBeUndefined();
    expect(res.data.categories).toContain("Kawa");

    const filtered = await rewards(member.auth, "?category=Kawa&affordable=true");
    expect(filtered.data.data.map((r: { rewardId: string }) => r.rewardId)).toEqual([cheap.id]);
    const affordable = await rewards(member.auth, "?affordable=true");
    expect(find(affordable.data.data, dear.id)).toBeUndefined();
    const otherProgram = await createProgramVia(ctx, a.owner);
    expect((await rewards(member.auth, `?programId=${otherProgram}`)).data.data).toEqual([]);
  });

  it("a reward limited to locations lists where it can be picked up; one with stock per location only where some is left", async () => {
    const member = await memberWithPoints(300);
    const kazimierz = await createLocationVia(ctx, a.owner, "Kraków, Kazimierz");
    const podgorze = await createLocationVia(ctx, a.owner, "Kraków, Podgórze");
    const limited = await createReward({ locationIds: [kazimierz] });
    const perLocation = await createReward({ stockMode: "per_location" });
    const stocked = await call(ctx, {
      method: "POST",
      url: `/api/v1/rewards/${perLocation.id}/stock`,
      auth: a.owner,
      body: { locationId: podgorze, kind: "delivery", quantity: 2 },
    });
    expect(stocked.statusCode, stocked.body).toBe(200);
    const list = (await rewards(member.auth)).data.data;
    expect(find(list, limited.id)).toMatchObject({
      available: true,
      needsLocation: true,
      locations: [{ id: kazimierz, name: "Kraków, Kazimierz" }],
    });
    expect(find(list, perLocation.id)).toMatchObject({ available: true, locations: [{ id: podgorze, stock: 2 }] });

    const noPlace = await redeem(member.auth, { rewardId: limited.id });
    expect(noPlace.statusCode).toBe(400);
    expect(noPlace.data.error.details[0].path).toBe("locationId");
    const wrongPlace = await redeem(member.auth, { rewardId: limited.id, locationId: podgorze });
    expect(wrongPlace.statusCode).toBe(422);
    expect(wrongPlace.data.error.details[0]).toMatchObject({ path: "rewardId", code: "reward_location" });
    const reserved = await redeem(member.auth, { rewardId: perLocation.id, locationId: podgorze });
    expect(reserved.statusCode, reserved.body).toBe(201);
    expect(reserved.data.redemption).toMatchObject({ status: "issued", fulfilment: "pickup", locationName: "Kraków, Podgórze" });
  });
});

describe("redeeming", () => {
  it("a voucher: points spent once, the code shown at once and in My rewards; a retry with the key answers the first", async () => {
    const member = await memberWithPoints(250);
    const reward = await voucherReward(3, { pointsPrice: 100 });
    const key = unique("attempt-");
    const first = await redeem(member.auth, { rewardId: reward.id }, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.data).toMatchObject({ replayed: false, balance: { available: 150 } });
    expect(first.data.redemption.codes).toHaveLength(1);
    const again = await redeem(member.auth, { rewardId: reward.id }, key);
    expect(again.statusCode).toBe(200);
    expect(again.data).toMatchObject({ replayed: true, redemption: { id: first.data.redemption.id } });
    expect((await balanceVia(ctx, a.owner, member.id, programId)).available).toBe(150);

    const mine = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/redemptions`, auth: member.auth });
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.data.data).toHaveLength(1);
    expect(mine.data.data[0]).toMatchObject({
      id: first.data.redemption.id,
      points: 100,
      status: "issued",
      codes: [{ code: first.data.redemption.codes[0].code }],
    });
    const one = await call(ctx, {
      method: "GET",
      url: `/api/v1/portal/${slug}/me/redemptions/${first.data.redemption.id}`,
      auth: member.auth,
    });
    expect(one.data.id).toBe(first.data.redemption.id);

    const reused = await redeem(member.auth, { rewardId: (await voucherReward(1)).id }, key);
    expect(reused.statusCode).toBe(409);
    expect(reused.data.error.details[0]).toMatchObject({ path: "Idempotency-Key", code: "idempotency_key_used" });
  });

  it("two members racing for the last item: one gets it, the other is refused and keeps their points", async () => {
    const reward = await createReward({ stockMode: "global", initialStock: 1 });
    const [m1, m2] = await Promise.all([memberWithPoints(100), memberWithPoints(100)]);
    const results = await Promise.all([redeem(m1.auth, { rewardId: reward.id }), redeem(m2.auth, { rewardId: reward.id })]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.statusCode === 409)?.data.error.code).toBe("out_of_stock");
    const balances = await Promise.all([m1, m2].map((m) => balanceVia(ctx, a.owner, m.id, programId)));
    expect(balances.map((b) => b.available).sort()).toEqual([0, 100]);
    expect(await countRows(ctx.db, "redemptions", "company_id = $1 and reward_id = $2", [a.companyId, reward.id])).toBe(1);
  });

  it("too few points: refused naming the points, nothing written", async () => {
    const member = await memberWithPoints(40);
    const reward = await createReward({ pointsPrice: 100 });
    const res = await redeem(member.auth, { rewardId: reward.id });
    expect(res.statusCode).toBe(422);
    expect(res.data.error).toMatchObject({ code: "insufficient_points", details: [{ path: "points", params: { available: 40 } }] });
    expect(await countRows(ctx.db, "redemptions", "company_id = $1 and member_id = $2", [a.companyId, member.id])).toBe(0);
  });

  it("refuses bad input naming the field, rewards hidden from the portal and shipped ones", async () => {
    const member = await memberWithPoints(500);
    const reward = await createReward({});
    const noKey = await redeem(member.auth, { rewardId: reward.id }, null);
    expect(noKey.statusCode).toBe(400);
    expect(noKey.data.error.details).toEqual([expect.objectContaining({ path: "Idempotency-Key", code: "required" })]);
    const shortKey = await redeem(member.auth, { rewardId: reward.id }, "abc");
    expect(shortKey.statusCode).toBe(400);
    expect(JSON.stringify(shortKey.data.error.details)).toContain("idempotency-key");
    for (const [body, path] of [
      [{}, "rewardId"],
      [{ rewardId: reward.id, quantity: 0 }, "quantity"],
      [{ rewardId: reward.id, quantity: 1.5 }, "quantity"],
      [{ rewardId: reward.id, memberId: "mem_someone_else" }, "memberId"],
    ] as const) {
      const res = await redeem(member.auth, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect((await redeem(member.auth, { rewardId: "rwd_unknown" })).statusCode).toBe(404);
    expect((await redeem(member.auth, { rewardId: (await createReward({ visibleInPortal: false })).id })).statusCode).toBe(404);
    const shipped = await redeem(member.auth, { rewardId: (await createReward({ fulfilment: "shipping" })).id });
    expect(shipped.statusCode).toBe(422);
    expect(shipped.data.error.details[0]).toMatchObject({ path: "rewardId", code: "reward_shipping_only" });
    expect(await countRows(ctx.db, "redemptions", "company_id = $1 and member_id = $2", [a.companyId, member.id])).toBe(0);
  });

  it("the history names the reward of a redemption and of its cancellation; the points come back", async () => {
    const member = await memberWithPoints(150);
    const reward = await createReward({ namePl: "Ciastko", nameEn: "Cookie", pointsPrice: 100 });
    const done = await redeem(member.auth, { rewardId: reward.id });
    expect(done.statusCode).toBe(201);
    const cancelled = await call(ctx, {
      method: "POST",
      url: `/api/v1/redemptions/${done.data.redemption.id}/cancel`,
      auth: a.owner,
      body: { reason: "out of cookies" },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const history = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/history?kind=rewards`, auth: member.auth });
    expect(history.data.data).toEqual([
      expect.objectContaining({ kind: "redemption", points: -100, rewardNamePl: "Ciastko", rewardNameEn: "Cookie" }),
    ]);
    const all = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/history`, auth: member.auth });
    expect(all.data.data[0]).toMatchObject({ kind: "redemption_cancelled", points: 100, rewardNameEn: "Cookie" });
    const mine = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/redemptions`, auth: member.auth });
    expect(mine.data.data[0]).toMatchObject({ status: "cancelled", codes: [] });
    expect((await balanceVia(ctx, a.owner, member.id, programId)).available).toBe(150);
  });

  it("another member's redemption does not exist for me", async () => {
    const [m1, m2] = await Promise.all([memberWithPoints(100), memberWithPoints(0)]);
    const done = await redeem(m1.auth, { rewardId: (await createReward({})).id });
    expect(done.statusCode).toBe(201);
    const res = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/redemptions/${done.data.redemption.id}`, auth: m2.auth });
    expect(res.statusCode).toBe(404);
    expect((await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/redemptions`, auth: m2.auth })).data.data).toEqual([]);
  });
});
