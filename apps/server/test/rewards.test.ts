import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import {
  addStaff,
  call,
  countRows,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
let programId = "";
const clock = new TestClock(new Date("2026-05-04T10:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner);
});
afterAll(() => ctx.close());

async function memberWithPoints(points: number): Promise<string> {
  const { id } = await createMemberVia(ctx, a.owner);
  await call(ctx, { method: "POST", url: `/api/v1/members/${id}/enrollments`, auth: a.owner, body: { programId } });
  if (points > 0)
    await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${id}/adjustments`,
      auth: a.owner,
      body: { programId, points, reason: "test points" },
    });
  return id;
}
async function createReward(body: Record<string, unknown>) {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/rewards",
    auth: a.owner,
    body: { programId, namePl: unique("Nagroda "), kind: "physical", pointsPrice: 100, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`reward: ${res.body}`);
  return res.data;
}
const redeem = (memberId: string, rewardId: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>) =>
  call(ctx, { method: "POST", url: "/api/v1/redemptions", auth: a.owner, body: { memberId, rewardId, ...extra }, headers });
const available = async (memberId: string) =>
  (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/balances?programId=${programId}`, auth: a.owner })).data.data[0]
    .available;

describe("no overselling", () => {
  it("64 parallel redemptions of a reward with stock 10: exactly 10 succeed, 54 are out of stock, no points lost", async () => {
    const reward = await createReward({ stockMode: "global", initialStock: 10 });
    const members = await Promise.all(Array.from({ length: 64 }, () => memberWithPoints(150)));
    const results = await Promise.all(members.map((m) => redeem(m, reward.id)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(10);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(54);
    expect(refused.every((r) => r.statusCode === 409 && r.data.error.code === "out_of_stock")).toBe(true);
    const after = await call(ctx, { method: "GET", url: `/api/v1/rewards/${reward.id}`, auth: a.owner });
    expect(after.data.stock).toBe(0);
    const balances = await Promise.all(members.map(available));
    expect(balances.filter((b) => b === 50)).toHaveLength(10);
    expect(balances.filter((b) => b === 150)).toHaveLength(54);
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  }, 120_000);

  it("64 parallel redemptions of a voucher with 10 codes: exactly 10 get a code, 54 are refused, no points lost", async () => {
    const pool = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: "Kody -20%" } });
    const csv = ["code,expires_at", ...Array.from({ length: 10 }, (_, i) => `KOD-${unique()}-${i}`)].join("\n");
    expect(
      (await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool.data.id}/import`, auth: a.owner, body: { csv } })).data
        .imported,
    ).toBe(10);
    const reward = await createReward({ kind: "voucher", voucherPoolId: pool.data.id });
    const members = await Promise.all(Array.from({ length: 64 }, () => memberWithPoints(100)));
    const results = await Promise.all(members.map((m) => redeem(m, reward.id)));
    const ok = results.filter((r) => r.statusCode === 201);
    expect(ok).toHaveLength(10);
    expect(new Set(ok.map((r) => r.data.redemption.codes[0])).size).toBe(10);
    expect(results.filter((r) => r.statusCode === 409 && r.data.error.code === "out_of_codes")).toHaveLength(54);
    const balances = await Promise.all(members.map(available));
    expect(balances.filter((b) => b === 0)).toHaveLength(10);
    expect(balances.filter((b) => b === 100)).toHaveLength(54);
    const counts = await call(ctx, { method: "GET", url: `/api/v1/voucher-pools/${pool.data.id}`, auth: a.owner });
    expect(counts.data.counts).toMatchObject({ available: 0, issued: 10 });
    expect(counts.data.low).toBe(true);
  }, 120_000);
});

describe("refusals say why and change nothing", () => {
  it("99 points cannot buy a 100-point reward; a blocked member cannot redeem", async () => {
    const reward = await createReward({ stockMode: "global", initialStock: 5 });
    const poor = await memberWithPoints(99);
    const res = await redeem(poor, reward.id);
    expect(res.statusCode).toBe(422);
    expect(res.data.error.code).toBe("insufficient_points");
    expect((await call(ctx, { method: "GET", url: `/api/v1/rewards/${reward.id}`, auth: a.owner })).data.stock).toBe(5);
    const blocked = await memberWithPoints(500);
    await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${blocked}`,
      auth: a.owner,
      body: { status: "blocked", blockedReason: "test" },
    });
    expect((await redeem(blocked, reward.id)).data.error.code).toBe("member_blocked");
    expect(await available(blocked)).toBe(500);
  });

  it("refuses a reward outside its window, for another tier, at another location, or beyond the member's limit", async () => {
    const member = await memberWithPoints(1_000);
    const later = await createReward({ startsAt: "2026-06-01T00:00:00Z" });
    const r1 = await redeem(member, later.id);
    expect(r1.statusCode).toBe(422);
    expect(r1.data.error).toMatchObject({
      code: "reward_unavailable",
      details: [{ path: "rewardId", message: expect.stringContaining("Available from") }],
    });
    const tier = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: a.owner,
      body: { name: "Platinum", threshold: 9_999_999 },
    });
    const vip = await createReward({ tierIds: [tier.data.id] });
    expect((await redeem(member, vip.id)).data.error.details[0].message).toContain("tiers");
    const loc = await createLocationVia(ctx, a.owner);
    const other = await createLocationVia(ctx, a.owner);
    const local = await createReward({ locationIds: [loc] });
    expect((await redeem(member, local.id, { locationId: other })).data.error.details[0].message).toContain("location");
    expect((await redeem(member, local.id, { locationId: loc })).statusCode).toBe(201);
    const once = await createReward({ limitPerMember: 1 });
    expect((await redeem(member, once.id)).statusCode).toBe(201);
    expect((await redeem(member, once.id)).data.error.details[0].message).toContain("At most 1");
    expect(await available(member)).toBe(800);
  });
});

describe("cancel and fulfil", () => {
  it("cancelling returns points and stock exactly once, even when sent twice at the same time", async () => {
    const reward = await createReward({ stockMode: "global", initialStock: 3 });
    const member = await memberWithPoints(300);
    const r = await redeem(member, reward.id, { quantity: 2 });
    expect(r.data).toMatchObject({ redemption: { points: 200, quantity: 2, status: "issued" }, balance: { available: 100 } });
    const [c1, c2] = await Promise.all([
      call(ctx, {
        method: "POST",
        url: `/api/v1/redemptions/${r.data.redemption.id}/cancel`,
        auth: a.owner,
        body: { reason: "changed mind" },
      }),
      call(ctx, {
        method: "POST",
        url: `/api/v1/redemptions/${r.data.redemption.id}/cancel`,
        auth: a.owner,
        body: { reason: "changed mind" },
      }),
    ]);
    expect([c1?.data.alreadyCancelled, c2?.data.alreadyCancelled].sort()).toEqual([false, true]);
    expect(await available(member)).toBe(300);
    expect((await call(ctx, { method: "GET", url: `/api/v1/rewards/${reward.id}`, auth: a.owner })).data.stock).toBe(3);
    const history = await call(ctx, { method: "GET", url: `/api/v1/rewards/${reward.id}/stock`, auth: a.owner });
    expect(
      history.data.data.map((m: { kind: string; quantity: number; stockAfter: number }) => [m.kind, m.quantity, m.stockAfter]),
    ).toEqual([
      ["cancellation", 2, 3],
      ["redemption", -2, 1],
      ["delivery", 3, 3],
    ]);
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });

  it("voids the code of a cancelled voucher redemption, and cannot cancel what was collected", async () => {
    const pool = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Pula ") } });
    await call(ctx, {
      method: "POST",
      url: `/api/v1/voucher-pools/${pool.data.id}/generate`,
      auth: a.owner,
      body: { count: 5, prefix: "KAWA" },
    });
    const reward = await createReward({ kind: "voucher", voucherPoolId: pool.data.id });
    const member = await memberWithPoints(300);
    const r = await redeem(member, reward.id);
    const code = r.data.redemption.codes[0];
    expect(code).toMatch(/^KAWA[2-9A-HJKMNP-Z]{10}$/);
    await call(ctx, { method: "POST", url: `/api/v1/redemptions/${r.data.redemption.id}/cancel`, auth: a.owner, body: { reason: "oops" } });
    const check = await call(ctx, { method: "GET", url: `/api/v1/voucher-codes/${code}`, auth: a.owner });
    expect(check.data).toMatchObject({ status: "void", valid: false });
    const physical = await createReward({});
    const r2 = await redeem(member, physical.id);
    const fulfilled = await call(ctx, {
      method: "POST",
      url: `/api/v1/redemptions/${r2.data.redemption.id}/fulfil`,
      auth: a.owner,
      body: { method: "collected" },
    });
    expect(fulfilled.data).toMatchObject({ status: "fulfilled", fulfilment: "collected" });
    const cancel = await call(ctx, {
      method: "POST",
      url: `/api/v1/redemptions/${r2.data.redemption.id}/cancel`,
      auth: a.owner,
      body: { reason: "too late" },
    });
    expect(cancel.statusCode).toBe(409);
  });

  it("answers a retried redemption with the same Idempotency-Key without spending twice", async () => {
    const reward = await createReward({});
    const member = await memberWithPoints(300);
    const key = unique("idem-");
    const first = await redeem(member, reward.id, {}, { "idempotency-key": key });
    const again = await redeem(member, reward.id, {}, { "idempotency-key": key });
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(200);
    expect(again.data.redemption.id).toBe(first.data.redemption.id);
    expect(await available(member)).toBe(200);
  });

  it("answers retries sent while the first redemption is still running with that redemption, spending once", async () => {
    const reward = await createReward({});
    const member = await memberWithPoints(300);
    const key = unique("idem-");
    // On PostgreSQL the retries read "no redemption with this key" before the first commits, then
    // wait for the member's lock; the unique index refuses their own redemption afterwards.
    const results = await Promise.all(Array.from({ length: 8 }, () => redeem(member, reward.id, {}, { "idempotency-key": key })));
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.data.redemption.id)).size).toBe(1);
    expect(await available(member)).toBe(200);
    expect(await countRows(ctx.db, "redemptions", "idempotency_key = $1", [key])).toBe(1);
  });
});

describe("stock a reward starts with", () => {
  it("refuses a single-stock reward without a quantity, naming the field, and creates nothing", async () => {
    const before = await countRows(ctx.db, "rewards", "company_id = $1", [a.companyId]);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: unique("Kubek "), kind: "physical", pointsPrice: 100, stockMode: "global" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toEqual(["initialStock"]);
    expect(await countRows(ctx.db, "rewards", "company_id = $1", [a.companyId])).toBe(before);
    expect((await createReward({ stockMode: "global", initialStock: 7 })).stock).toBe(7);
  });

  it("an e-voucher's stock is its pool's available codes", async () => {
    const pool = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Stan ") } });
    await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool.data.id}/generate`, auth: a.owner, body: { count: 50 } });
    const reward = await createReward({ kind: "voucher", voucherPoolId: pool.data.id, fulfilment: "none" });
    expect(reward).toMatchObject({ stockMode: "unlimited", stock: null, poolAvailable: 50 });
    const memberId = await memberWithPoints(100);
    expect((await redeem(memberId, reward.id)).statusCode).toBe(201);
    const one = await call(ctx, { method: "GET", url: `/api/v1/rewards/${reward.id}`, auth: a.owner });
    expect(one.data.poolAvailable).toBe(49);
    const list = await call(ctx, { method: "GET", url: `/api/v1/rewards?programId=${programId}`, auth: a.owner });
    const listed = list.data.data.find((r: { id: string }) => r.id === reward.id);
    expect(listed.poolAvailable).toBe(49);
    expect(list.data.data.find((r: { kind: string }) => r.kind === "physical").poolAvailable).toBeNull();
  });
});

describe("voucher codes", () => {
  it("lists a pool's codes in pages and finds them by part of the code", async () => {
    const pool = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Strony ") } });
    const csv = ["code", ...Array.from({ length: 25 }, (_, i) => `PAGE${String(i).padStart(2, "0")}`)].join("\n");
    await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool.data.id}/import`, auth: a.owner, body: { csv } });
    const url = `/api/v1/voucher-pools/${pool.data.id}/codes`;
    const first = await call(ctx, { method: "GET", url: `${url}?limit=10`, auth: a.owner });
    expect(first.data.data.map((c: { code: string }) => c.code)).toEqual(Array.from({ length: 10 }, (_, i) => `PAGE0${i}`));
    expect(first.data.nextCursor).toBe("PAGE09");
    const second = await call(ctx, { method: "GET", url: `${url}?limit=10&cursor=PAGE09`, auth: a.owner });
    expect(second.data.data[0].code).toBe("PAGE10");
    const third = await call(ctx, { method: "GET", url: `${url}?limit=10&cursor=PAGE19`, auth: a.owner });
    expect(third.data.data).toHaveLength(5);
    expect(third.data.nextCursor).toBeNull();
    const found = await call(ctx, { method: "GET", url: `${url}?q=ge2`, auth: a.owner });
    expect(found.data.data.map((c: { code: string }) => c.code)).toEqual(["PAGE20", "PAGE21", "PAGE22", "PAGE23", "PAGE24"]);
  });

  it("imports a CSV: refuses invalid lines naming them, reports duplicates, and re-imports idempotently", async () => {
    const pool = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Import ") } });
    const url = `/api/v1/voucher-pools/${pool.data.id}/import`;
    const bad = await call(ctx, { method: "POST", url, auth: a.owner, body: { csv: "GOOD-CODE-1\nbad code!\nGOOD-2,not-a-date" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details.map((d: { path: string }) => d.path)).toEqual(["csv.line 2", "csv.line 3"]);
    expect(await countRows(ctx.db, "voucher_codes", "company_id = $1 and pool_id = $2", [a.companyId, pool.data.id])).toBe(0);
    const tag = unique().toUpperCase();
    const csv = `A-${tag},2027-01-01T00:00:00Z\nB-${tag}\nA-${tag}`;
    expect((await call(ctx, { method: "POST", url, auth: a.owner, body: { csv } })).data).toEqual({
      imported: 2,
      alreadyInPool: 0,
      duplicatesInFile: [`A-${tag}`],
      skipped: [{ line: 3, reason: "duplicate_in_file" }],
    });
    expect((await call(ctx, { method: "POST", url, auth: a.owner, body: { csv } })).data).toEqual({
      imported: 0,
      alreadyInPool: 2,
      duplicatesInFile: [`A-${tag}`],
      skipped: [
        { line: 1, reason: "already_in_pool" },
        { line: 2, reason: "already_in_pool" },
        { line: 3, reason: "duplicate_in_file" },
      ],
    });
    const other = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Other ") } });
    const clash = await call(ctx, {
      method: "POST",
      url: `/api/v1/voucher-pools/${other.data.id}/import`,
      auth: a.owner,
      body: { csv: `B-${tag}` },
    });
    expect(clash.statusCode).toBe(409);
    const exported = await ctx.app.inject({
      method: "GET",
      url: `/api/v1/voucher-pools/${pool.data.id}/codes?format=csv`,
      headers: { cookie: a.owner.cookie },
    });
    expect(exported.headers["content-type"]).toContain("text/csv");
    expect(exported.body.split("\n")).toEqual([
      "code,status,expires_at,member_id,issued_at,used_at",
      `A-${tag},available,2027-01-01T00:00:00.000Z,,,`,
      `B-${tag},available,,,,`,
    ]);
  });

  it("checks and uses an issued code by API key, idempotently; unissued and foreign codes are refused", async () => {
    const pool = await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Use ") } });
    await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool.data.id}/generate`, auth: a.owner, body: { count: 3 } });
    const reward = await createReward({ kind: "voucher", voucherPoolId: pool.data.id });
    const member = await memberWithPoints(100);
    const code = (await redeem(member, reward.id)).data.redemption.codes[0];
    const keyRes = await call(ctx, {
      method: "POST",
      url: "/api/v1/api-keys",
      auth: a.owner,
      body: { name: "e-shop", scopes: ["vouchers.use"] },
    });
    const shop = { apiKey: keyRes.data.secret };
    const check = await call(ctx, { method: "GET", url: `/api/v1/voucher-codes/${code.toLowerCase()}`, auth: shop });
    expect(check.data).toMatchObject({ code, status: "issued", valid: true, memberId: member, reward: { id: reward.id } });
    const used = await call(ctx, { method: "POST", url: `/api/v1/voucher-codes/${code}/use`, auth: shop, body: {} });
    expect(used.data).toMatchObject({ status: "used", valid: false, alreadyUsed: false });
    const usedAgain = await call(ctx, { method: "POST", url: `/api/v1/voucher-codes/${code}/use`, auth: shop, body: {} });
    expect(usedAgain.data).toMatchObject({ status: "used", alreadyUsed: true });
    const unissued = (
      await call(ctx, { method: "GET", url: `/api/v1/voucher-pools/${pool.data.id}/codes?status=available`, auth: a.owner })
    ).data.data[0].code;
    expect((await call(ctx, { method: "POST", url: `/api/v1/voucher-codes/${unissued}/use`, auth: shop, body: {} })).statusCode).toBe(422);
    const b = await createTestCompany(ctx);
    expect((await call(ctx, { method: "GET", url: `/api/v1/voucher-codes/${code}`, auth: b.owner })).statusCode).toBe(404);
  });
});

describe("stock", () => {
  it("keeps stock per location with deliveries and corrections, and raises a low-stock event once", async () => {
    const loc = await createLocationVia(ctx, a.owner);
    const reward = await createReward({ stockMode: "per_location", lowStockThreshold: 1 });
    const url = `/api/v1/rewards/${reward.id}/stock`;
    expect(
      (await call(ctx, { method: "POST", url, auth: a.owner, body: { kind: "delivery", quantity: 3 } })).data.error.details[0].path,
    ).toBe("locationId");
    await call(ctx, { method: "POST", url, auth: a.owner, body: { kind: "delivery", quantity: 3, locationId: loc } });
    const noReason = await call(ctx, { method: "POST", url, auth: a.owner, body: { kind: "correction", quantity: -1, locationId: loc } });
    expect(noReason.data.error.details[0].path).toBe("reason");
    const tooMuch = await call(ctx, {
      method: "POST",
      url,
      auth: a.owner,
      body: { kind: "correction", quantity: -9, locationId: loc, reason: "broken" },
    });
    expect(tooMuch.statusCode).toBe(422);
    const fixed = await call(ctx, {
      method: "POST",
      url,
      auth: a.owner,
      body: { kind: "correction", quantity: -1, locationId: loc, reason: "broken mug" },
    });
    expect(fixed.data.locationStock).toEqual([{ locationId: loc, stock: 2 }]);
    const member = await memberWithPoints(500);
    await redeem(member, reward.id, { locationId: loc });
    await redeem(member, reward.id, { locationId: loc });
    expect((await redeem(member, reward.id, { locationId: loc })).data.error.code).toBe("out_of_stock");
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and type = 'reward.low_stock' and entity_id = $2", [a.companyId, reward.id]),
    ).toBe(1);
  });

  it("shows the tier discount with a redemption at the counter, and lets a location-limited cashier redeem only there", async () => {
    const tier = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: a.owner,
      body: { name: "Złoty", threshold: 9_000_000, discountBp: 1_000 },
    });
    const member = await memberWithPoints(500);
    await call(ctx, {
      method: "PUT",
      url: `/api/v1/members/${member}/programs/${programId}/tier`,
      auth: a.owner,
      body: { tierId: tier.data.id, locked: true },
    });
    const mine = await createLocationVia(ctx, a.owner);
    const cashier = await addStaff(ctx, a, "cashier", { locationIds: [mine] });
    const reward = await createReward({});
    const redeemOnce = {
      method: "POST" as const,
      url: "/api/v1/redemptions",
      auth: cashier.auth,
      body: { memberId: member, rewardId: reward.id },
      headers: { "idempotency-key": unique("k") },
    };
    const r = await call(ctx, redeemOnce);
    expect(r.data.redemption).toMatchObject({ discountBp: 1_000, locationId: mine });
    const replay = await call(ctx, redeemOnce);
    expect(replay.data).toMatchObject({ replayed: true, redemption: { id: r.data.redemption.id, discountBp: 1_000 } });
    const other = await createLocationVia(ctx, a.owner);
    const elsewhere = await call(ctx, {
      method: "POST",
      url: "/api/v1/redemptions",
      auth: cashier.auth,
      body: { memberId: member, rewardId: reward.id, locationId: other },
    });
    expect(elsewhere.data.error.details[0].path).toBe("locationId");
    const catalog = await call(ctx, { method: "GET", url: `/api/v1/members/${member}/rewards`, auth: cashier.auth });
    expect(catalog.data.data.find((x: { rewardId: string }) => x.rewardId === reward.id)).toMatchObject({
      available: true,
      affordable: true,
    });
  });

  it.each([
    ["namePl", { namePl: "" }],
    ["pointsPrice", { pointsPrice: 0 }],
    ["couponKind", { kind: "coupon", couponValue: 10 }],
    ["couponValue", { kind: "coupon", couponKind: "percent", couponValue: 150 }],
    ["voucherPoolId", { kind: "voucher" }],
    ["productSku", { kind: "free_product" }],
    ["limitPeriodDays", { limitPerPeriod: 2 }],
    ["imageMediaIds.0", { imageMediaIds: ["med_foreign"] }],
    ["programId", { programId: "prg_nope" }],
  ])("refuses a reward with a bad %s and creates nothing", async (path, body) => {
    const before = await countRows(ctx.db, "rewards", "company_id = $1", [a.companyId]);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: "X", kind: "physical", pointsPrice: 10, ...body },
    });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "rewards", "company_id = $1", [a.companyId])).toBe(before);
  });
});
