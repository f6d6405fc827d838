import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

/**
 * The low-pool event (issue 20, item 14): once per crossing of the pool's threshold, however many
 * redemptions race (real concurrency on PostgreSQL; PGlite serializes them), counting only codes
 * that can still be issued (unexpired, not issued).
 */
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
  await call(ctx, { method: "POST", url: `/api/v1/members/${id}/adjustments`, auth: a.owner, body: { programId, points, reason: "test" } });
  return id;
}

async function poolWithCodes(usable: number, expired: number, lowThreshold: number) {
  const pool = await call(ctx, {
    method: "POST",
    url: "/api/v1/voucher-pools",
    auth: a.owner,
    body: { name: unique("Pula "), lowThreshold },
  });
  const csv = [
    "code,expires_at",
    ...Array.from({ length: usable }, (_, i) => `OK-${unique()}-${i}`),
    ...Array.from({ length: expired }, (_, i) => `OLD-${unique()}-${i},2026-05-01T00:00:00Z`),
  ].join("\n");
  const imported = await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool.data.id}/import`, auth: a.owner, body: { csv } });
  expect(imported.data.imported).toBe(usable + expired);
  const reward = await call(ctx, {
    method: "POST",
    url: "/api/v1/rewards",
    auth: a.owner,
    body: { programId, namePl: unique("Kupon "), kind: "voucher", pointsPrice: 10, voucherPoolId: pool.data.id },
  });
  expect(reward.statusCode).toBe(201);
  return { poolId: pool.data.id as string, rewardId: reward.data.id as string };
}

const redeemAll = async (rewardId: string, n: number) => {
  const members = await Promise.all(Array.from({ length: n }, () => memberWithPoints(10)));
  const results = await Promise.all(
    members.map((memberId) => call(ctx, { method: "POST", url: "/api/v1/redemptions", auth: a.owner, body: { memberId, rewardId } })),
  );
  return results.filter((r) => r.statusCode === 201).length;
};
const lowEvents = (poolId: string) => countRows(ctx.db, "events", "type = 'voucher_pool.low' and entity_id = $1", [poolId]);

describe("the low-pool event", () => {
  it("fires exactly once when 12 parallel redemptions take a pool of 20 usable codes (and 5 expired ones) below its threshold of 10", async () => {
    const { poolId, rewardId } = await poolWithCodes(20, 5, 10);
    expect(await redeemAll(rewardId, 12)).toBe(12);
    expect(await lowEvents(poolId)).toBe(1);
    const [event] = await ctx.db.query<{ payload: { available: number; threshold: number } }>(
      "select payload from events where type = 'voucher_pool.low' and entity_id = $1",
      [poolId],
    );
    expect(event?.payload.threshold).toBe(10);
    expect(event?.payload.available).toBeLessThanOrEqual(10);
    const pool = await call(ctx, { method: "GET", url: `/api/v1/voucher-pools/${poolId}`, auth: a.owner });
    expect(pool.data.counts).toMatchObject({ available: 8, issued: 12, expired: 5 });
  }, 60_000);

  it("fires once more after the pool is refilled above the threshold and crosses it again, never while it stays low", async () => {
    const { poolId, rewardId } = await poolWithCodes(14, 0, 10);
    expect(await redeemAll(rewardId, 8)).toBe(8);
    expect(await lowEvents(poolId)).toBe(1);
    expect(await redeemAll(rewardId, 3)).toBe(3);
    expect(await lowEvents(poolId)).toBe(1);
    await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${poolId}/generate`, auth: a.owner, body: { count: 20 } });
    expect(await redeemAll(rewardId, 16)).toBe(16);
    expect(await lowEvents(poolId)).toBe(2);
  }, 60_000);
});
