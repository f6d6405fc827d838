import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import {
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

describe("concurrency", () => {
  it("20 parallel submissions of one receipt produce exactly one purchase and one ledger entry", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const body = { programId, memberId, receiptNumber: unique("R-"), amount: { amount: 10_000, currency: "PLN" } };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => call(ctx, { method: "POST", url: "/api/v1/purchases", auth: a.owner, body })),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 200 && r.data.replayed)).toHaveLength(19);
    expect(new Set(results.map((r) => r.data.purchase.id)).size).toBe(1);
    expect(await countRows(ctx.db, "purchases", "member_id = $1", [memberId])).toBe(1);
    expect(await countRows(ctx.db, "ledger_entries", "member_id = $1 and cause_type = 'purchase'", [memberId])).toBe(1);
    const balance = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/balances`, auth: a.owner });
    expect(balance.data.data[0].available).toBe(100);
  });

  it("parallel purchases and spends of one member never leave a negative available balance", async () => {
    const programId = await createProgramVia(ctx, a.owner, { negativePolicy: "record_debt" });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId, receiptNumber: unique("R-"), amount: { amount: 30_000, currency: "PLN" } },
    });
    const spend = () =>
      call(ctx, {
        method: "POST",
        url: `/api/v1/members/${memberId}/adjustments`,
        auth: a.owner,
        body: { programId, points: -70, reason: "parallel spend" },
      });
    const buy = () =>
      call(ctx, {
        method: "POST",
        url: "/api/v1/purchases",
        auth: a.owner,
        body: { programId, memberId, receiptNumber: unique("R-"), amount: { amount: 1_000, currency: "PLN" } },
      });
    const results = await Promise.all([...Array.from({ length: 12 }, spend), ...Array.from({ length: 8 }, buy)]);
    const spends = results.slice(0, 12);
    expect(spends.every((r) => r.statusCode === 201 || (r.statusCode === 422 && r.data.error.code === "insufficient_points"))).toBe(true);
    const succeeded = spends.filter((r) => r.statusCode === 201).length;
    const balance = (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/balances`, auth: a.owner })).data.data[0];
    expect(balance.available).toBe(300 + 8 * 10 - succeeded * 70);
    expect(balance.available).toBeGreaterThanOrEqual(0);
    expect(succeeded).toBeGreaterThanOrEqual(4);
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });
});
