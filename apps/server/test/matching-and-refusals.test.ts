import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStaff,
  call,
  countRows,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  pln,
  purchaseVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { reportReliability } from "./reliability.js";

let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

describe("category and producer names in any letter case", () => {
  it("gives a shop feed's `Kawa` / `LAVAZZA` the rules for `kawa` / `Lavazza`, in the preview and in the purchase", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const rules = [
      { name: "Kawa ×2", kind: "multiplier", multiplierBp: 20_000, categories: ["kawa"] },
      { name: "Lavazza +10", kind: "bonus", bonusPoints: 10, producers: ["Lavazza"] },
    ];
    for (const body of rules) {
      const res = await call(ctx, { method: "POST", url: `/api/v1/programs/${programId}/rules`, auth: a.owner, body });
      expect(res.statusCode, res.body).toBe(201);
    }
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const items = [{ sku: "LAV-1", name: "Lavazza Oro 1 kg", category: "Kawa", producer: "LAVAZZA", quantity: 1, unitPriceMinor: 5_000 }];
    const preview = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases/preview",
      auth: a.owner,
      body: { programId, memberId, amount: pln(5_000), items },
    });
    expect(preview.statusCode, preview.body).toBe(200);
    const bought = await purchaseVia(ctx, a.owner, programId, memberId, 5_000, { items });
    expect(bought.statusCode, bought.body).toBe(201);
    // 50 base + 50 for the doubled coffee + 10 for the producer.
    expect(bought.data.purchase.points).toBe(110);
    expect(preview.data.breakdown.totalPoints).toBe(110);
  });
});

describe("location-limited accounts at another location", () => {
  let programId: string;
  let memberId: string;
  let mine: string;
  let other: string;
  let cashier: Awaited<ReturnType<typeof addStaff>>;

  beforeAll(async () => {
    programId = await createProgramVia(ctx, a.owner);
    mine = await createLocationVia(ctx, a.owner, unique("Mine "));
    other = await createLocationVia(ctx, a.owner, unique("Other "));
    cashier = await addStaff(ctx, a, "cashier", { locationIds: [mine] });
    memberId = (await createMemberVia(ctx, a.owner)).id;
    await purchaseVia(ctx, a.owner, programId, memberId, 50_000);
  });

  const refusals: string[] = [];
  afterAll(() =>
    reportReliability("location-refusals", { refused403: refusals.length, routes: refusals, purchasesOrEntriesWrittenByRefusals: 0 }),
  );
  const refusedAt = (
    res: { statusCode: number; data: any; raw: { req: { method?: string; url?: string } } },
    location: string,
    path = "locationId",
  ) => {
    refusals.push(`${res.raw.req.method} ${res.raw.req.url}`.replace(/(prg|pur|rwd|mbr)_\w+/g, ":id"));
    expect(res.statusCode, JSON.stringify(res.data)).toBe(403);
    expect(res.data.error.code).toBe("forbidden");
    expect(res.data.error.details).toEqual([expect.objectContaining({ path, code: "location_not_yours", params: { location } })]);
    expect(res.data.error.message).toContain(location);
  };

  it("refuses purchases, batch purchases, previews, returns and redemptions with 403 naming locationId, writing nothing", async () => {
    const before = {
      purchases: await countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]),
      entries: await countRows(ctx.db, "ledger_entries", "company_id = $1", [a.companyId]),
    };
    refusedAt(await purchaseVia(ctx, cashier.auth, programId, memberId, 1_000, { locationId: other }), other);
    refusedAt(await purchaseVia(ctx, cashier.auth, programId, memberId, 1_000, { locationId: "loc_does_not_exist" }), "loc_does_not_exist");
    const batch = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases/batch",
      auth: cashier.auth,
      body: { purchases: [{ programId, memberId, receiptNumber: unique("R-"), amount: pln(1_000), locationId: other }] },
    });
    expect(batch.data.results[0]).toMatchObject({ status: "failed", error: { code: "forbidden" } });
    expect(batch.data.results[0].error.details[0]).toMatchObject({ path: "purchases.0.locationId", code: "location_not_yours" });
    refusedAt(
      await call(ctx, {
        method: "POST",
        url: "/api/v1/purchases/preview",
        auth: cashier.auth,
        body: { programId, memberId, amount: pln(1_000), locationId: other },
      }),
      other,
    );
    const atMine = await purchaseVia(ctx, cashier.auth, programId, memberId, 2_000);
    expect(atMine.statusCode).toBe(201);
    const afterMine = {
      purchases: await countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]),
      entries: await countRows(ctx.db, "ledger_entries", "company_id = $1", [a.companyId]),
    };
    expect(afterMine).toEqual({ purchases: before.purchases + 1, entries: before.entries + 1 });
    refusedAt(
      await call(ctx, {
        method: "POST",
        url: `/api/v1/purchases/${atMine.data.purchase.id}/returns`,
        auth: cashier.auth,
        body: { returnNumber: unique("Z-"), amount: pln(500), locationId: other },
      }),
      other,
    );
    const reward = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: "Kubek", pointsPrice: 10, kind: "physical" },
    });
    expect(reward.statusCode, reward.body).toBe(201);
    refusedAt(
      await call(ctx, {
        method: "POST",
        url: "/api/v1/redemptions",
        auth: cashier.auth,
        body: { memberId, rewardId: reward.data.id, locationId: other },
      }),
      other,
    );
    expect({
      purchases: await countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]),
      entries: await countRows(ctx.db, "ledger_entries", "company_id = $1", [a.companyId]),
    }).toEqual(afterMine);
  });

  it("refuses stock movements and members registered at another location with 403 naming the field", async () => {
    const keeper = await addStaff(ctx, a, "cashier", { locationIds: [mine], permissions: ["rewards.read", "rewards.write"] });
    const reward = await call(ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth: a.owner,
      body: { programId, namePl: "Torba", pointsPrice: 10, kind: "physical", stockMode: "per_location" },
    });
    expect(reward.statusCode, reward.body).toBe(201);
    const stock = (locationId: string) =>
      call(ctx, {
        method: "POST",
        url: `/api/v1/rewards/${reward.data.id}/stock`,
        auth: keeper.auth,
        body: { kind: "delivery", quantity: 5, locationId },
      });
    refusedAt(await stock(other), other);
    expect((await stock(mine)).statusCode).toBe(200);
    refusedAt(
      await call(ctx, { method: "POST", url: "/api/v1/members", auth: cashier.auth, body: { firstName: "Ewa", joinLocationId: other } }),
      other,
      "joinLocationId",
    );
  });
});

describe("custom events", () => {
  it("refuses a custom event without a name, naming the field, and pays one with its name", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const rule = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Warsztaty", kind: "event", eventType: "custom", eventName: "warsztaty", bonusPoints: 15 },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const before = await countRows(ctx.db, "ledger_entries", "company_id = $1 and member_id = $2", [a.companyId, memberId]);
    const nameless = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/events`,
      auth: a.owner,
      body: { programId, type: "custom", key: unique("k") },
    });
    expect(nameless.statusCode).toBe(400);
    expect(nameless.data.error.details).toEqual([expect.objectContaining({ path: "name", code: "required_custom_event" })]);
    expect(await countRows(ctx.db, "ledger_entries", "company_id = $1 and member_id = $2", [a.companyId, memberId])).toBe(before);
    const named = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/events`,
      auth: a.owner,
      body: { programId, type: "custom", name: "warsztaty", key: unique("k") },
    });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.data.awards).toEqual([expect.objectContaining({ points: 15, alreadyAwarded: false })]);
  });
});
