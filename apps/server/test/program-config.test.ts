import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// Purchases and redemptions use the program configuration this process read last while the
// company's config_version is unchanged (modules/program-config/program-config.ts). These tests change
// the configuration with plain SQL, as another process or psql would, so nothing in this process
// hears of the change but the version.

let ctx: TestContext;
let a: TestCompany;
let programId: string;
let memberId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 100, rounding: "down" });
  memberId = (await createMemberVia(ctx, a.owner)).id;
});
afterAll(() => ctx.close());

const purchase = (amount: number, currency = "PLN") =>
  call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth: a.owner,
    body: { programId, memberId, receiptNumber: unique("C-"), amount: { amount, currency } },
  });

async function pointsFor(amount: number): Promise<number> {
  const res = await purchase(amount);
  expect(res.statusCode, res.body).toBe(201);
  return res.data.purchase.points;
}

const version = async () =>
  (await ctx.db.query<{ v: number }>("select config_version as v from companies where id = $1", [a.companyId]))[0]?.v;

describe("the program configuration a process keeps", () => {
  it("follows every change made outside it on the very next purchase", async () => {
    expect(await pointsFor(10_000)).toBe(100);
    expect(await pointsFor(10_000)).toBe(100);

    await ctx.db.query("update programs set converter_points = 3 where company_id = $1 and id = $2", [a.companyId, programId]);
    expect(await pointsFor(10_000)).toBe(300);

    const rule = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Bonus", kind: "bonus", bonusPoints: 7 },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    expect(await pointsFor(10_000)).toBe(307);
    await ctx.db.query("update earning_rules set bonus_points = 11 where company_id = $1 and id = $2", [a.companyId, rule.data.id]);
    expect(await pointsFor(10_000)).toBe(311);
    await ctx.db.query("delete from earning_rules where company_id = $1 and id = $2", [a.companyId, rule.data.id]);
    expect(await pointsFor(10_000)).toBe(300);

    // The member reaches a tier whose multiplier then changes.
    const tier = await createTierVia(ctx, a.owner, programId, { name: "Gold", threshold: 1, multiplierBp: 20_000 });
    expect(await pointsFor(10_000)).toBe(300); // this purchase lifts the member into Gold
    expect(await pointsFor(10_000)).toBe(600);
    await ctx.db.query("update tiers set multiplier_bp = 15000 where company_id = $1 and id = $2", [a.companyId, tier.id]);
    expect(await pointsFor(10_000)).toBe(450);

    await ctx.db.query("update companies set currency = 'EUR' where id = $1", [a.companyId]);
    const refused = await purchase(10_000);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.data.error.details).toEqual([
      { path: "amount.currency", code: "currency_must_be", message: "must be EUR", params: { currency: "EUR" } },
    ]);
    await ctx.db.query("update companies set currency = 'PLN' where id = $1", [a.companyId]);
    expect(await pointsFor(10_000)).toBe(450);
  });

  it("never reuses a version, also when the change rolls back", async () => {
    const before = await version();
    let inside: number | undefined;
    await expect(
      ctx.db.transaction(async (tx) => {
        await tx.query("update programs set converter_points = 5 where company_id = $1 and id = $2", [a.companyId, programId]);
        inside = (await tx.query<{ v: number }>("select config_version as v from companies where id = $1", [a.companyId]))[0]?.v;
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(inside).not.toBe(before);
    expect(await version()).toBe(before);
    await ctx.db.query("update programs set converter_points = 2 where company_id = $1 and id = $2", [a.companyId, programId]);
    const after = await version();
    expect([before, inside]).not.toContain(after);
    // 2 per 1.00 at Gold ×1.5.
    expect(await pointsFor(10_000)).toBe(300);
  });

  it("leaves other companies' versions alone", async () => {
    const b = await createTestCompany(ctx);
    const bVersion = async () =>
      (await ctx.db.query<{ v: number }>("select config_version as v from companies where id = $1", [b.companyId]))[0]?.v;
    const bBefore = await bVersion();
    await ctx.db.query("update programs set converter_points = 1 where company_id = $1 and id = $2", [a.companyId, programId]);
    expect(await bVersion()).toBe(bBefore);
  });
});
