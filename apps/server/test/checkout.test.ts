import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { releaseExpiredReservations } from "../src/modules/checkout/settle-release.js";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { BASKET, memberWithPoints, putSettings, quote, release, reserve, SETTINGS, settle } from "./checkout-fixtures.js";
import {
  type Auth,
  balanceVia,
  call,
  companySlug,
  countRows,
  createApiKeyVia,
  createProgramVia,
  createTestCompany,
  DATABASE_URL,
  holdLocks,
  memberSessionVia,
  onPostgres,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
let shop: Auth;
let programId: string;
const clock = new TestClock(new Date("2026-12-20T10:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  // The e-shop's API key holds checkout.write alone, as an integration would.
  shop = { apiKey: (await createApiKeyVia(ctx, a.owner, ["checkout.write"])).secret };
  programId = await createProgramVia(ctx, a.owner);
  expect((await putSettings(ctx, a.owner, programId)).statusCode).toBe(200);
});
afterAll(() => ctx.close());

const paths = (res: { data: { error: { details: { path: string; code: string }[] } } }) =>
  res.data.error.details.map((d) => `${d.path}:${d.code}`);

describe("checkout settings", () => {
  it("answers the defaults (switched off) before any save, then what was saved; every save is audited", async () => {
    const other = await createProgramVia(ctx, a.owner);
    const url = `/api/v1/programs/${other}/checkout-settings`;
    const before = await call(ctx, { method: "GET", url, auth: a.owner });
    expect(before.data).toMatchObject({ enabled: false, products: [], discountThresholds: [], reservationMinutes: 30, updatedAt: null });
    expect((await putSettings(ctx, a.owner, other)).statusCode).toBe(200);
    const after = await call(ctx, { method: "GET", url, auth: a.owner });
    expect(after.data).toMatchObject({ ...SETTINGS, currency: "PLN" });
    const [audit] = await ctx.db.query<{ changes: Record<string, unknown> }>(
      "select changes from audit_log where company_id = $1 and action = 'checkout_settings.updated' and entity_id = $2",
      [a.companyId, other],
    );
    expect(audit?.changes).toHaveProperty("enabled", { from: false, to: true });
    expect(audit?.changes).toHaveProperty("discountThresholds");
  });

  it("refuses bad settings naming each field, and writes nothing", async () => {
    const bad = await putSettings(ctx, a.owner, programId, {
      ...SETTINGS,
      feePerItemMinor: -1,
      reservationMinutes: 0,
      products: [...SETTINGS.products, { sku: "mug", name: "Again", points: 5, active: true }, { sku: "X", name: "", points: 0 }],
      discountThresholds: [
        { points: 100, percent: 10 },
        { points: 100, percent: 5 },
        { points: 300, percent: 101 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(paths(bad)).toEqual(
      expect.arrayContaining([
        "feePerItemMinor:not_negative",
        "reservationMinutes:too_small",
        "products.3.sku:sku_repeated",
        "products.4.name:required",
        "products.4.points:too_small",
        "discountThresholds.1.points:thresholds_ascending",
        "discountThresholds.1.percent:percents_ascending",
        "discountThresholds.2.percent:too_big",
      ]),
    );
    const now = await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/checkout-settings`, auth: a.owner });
    expect(now.data).toMatchObject(SETTINGS);
  });
});

describe("quote", () => {
  it("offers products and thresholds within every limit, and says why not more (500 points)", async () => {
    const before = await countRows(ctx.db, "ledger_entries", "company_id = $1", [a.companyId]);
    const m = await memberWithPoints(ctx, a.owner, programId, 500);
    const q = await quote(ctx, shop, { programId, cardNumber: m.cardNumber });
    expect(q.statusCode, q.body).toBe(200);
    expect(q.data).toMatchObject({ availablePoints: 500, pointsCap: 250, basketMinor: 10_000, notOffered: [] });
    // three mugs in the basket, 250 points allow 3, but 2 products per order
    expect(q.data.products).toEqual([
      expect.objectContaining({
        sku: "MUG",
        quantityInBasket: 3,
        pointsEach: 80,
        feeEachMinor: 199,
        maxQuantity: 2,
        limitedBy: "max_products",
      }),
      expect.objectContaining({ sku: "BAG", quantityInBasket: 1, pointsEach: 150, maxQuantity: 1, limitedBy: null }),
    ]);
    expect(q.data.discounts).toEqual([
      { points: 100, percent: 10, savesMinor: 1_000, reachable: true, notReachableBecause: null },
      { points: 200, percent: 20, savesMinor: 2_000, reachable: true, notReachableBecause: null },
      { points: 300, percent: 30, savesMinor: 3_000, reachable: false, notReachableBecause: "max_points" },
    ]);
    // the quote wrote nothing (the purchase wrote its own entry)
    expect(await countRows(ctx.db, "ledger_entries", "company_id = $1", [a.companyId])).toBe(before + 1);
  });

  it("limits by the member's balance (120 points)", async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 120);
    const q = await quote(ctx, shop, { programId, memberId: m.id });
    expect(q.data.pointsCap).toBe(120);
    expect(
      q.data.products.map((p: { sku: string; maxQuantity: number; limitedBy: string }) => [p.sku, p.maxQuantity, p.limitedBy]),
    ).toEqual([
      ["MUG", 1, "points"],
      ["BAG", 0, "points"],
    ]);
    expect(q.data.discounts.map((d: { reachable: boolean; notReachableBecause: string }) => d.notReachableBecause)).toEqual([
      null,
      "points",
      "max_points",
    ]);
  });

  it("offers nothing under the minimum basket, or with the switch off, and says so", async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 300);
    const small = {
      amount: { amount: 4_000, currency: "PLN" },
      items: [{ sku: "MUG", quantity: 2, unitPriceMinor: 2_000 }],
    };
    const q = await quote(ctx, shop, { programId, memberId: m.id, basket: small });
    expect(q.data.notOffered).toEqual([
      expect.objectContaining({ code: "basket_under_minimum", params: { minimumBasketMinor: 5_000, missingMinor: 1_000 } }),
    ]);
    expect(q.data.products[0]).toMatchObject({ maxQuantity: 0, limitedBy: "basket_under_minimum" });
    expect(q.data.discounts.every((d: { reachable: boolean }) => !d.reachable)).toBe(true);
    const off = await createProgramVia(ctx, a.owner);
    await putSettings(ctx, a.owner, off, { ...SETTINGS, enabled: false });
    const q2 = await quote(ctx, shop, { programId: off, memberId: m.id });
    expect(q2.data.notOffered.map((n: { code: string }) => n.code)).toEqual(["checkout_disabled"]);
  });
});

describe("reservations", () => {
  it("reserve -> settle: the points leave at once, stay spent, and settling again changes nothing", async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 500);
    const orderId = unique("WC-");
    const r = await reserve(ctx, shop, {
      programId,
      memberId: m.id,
      orderId,
      apply: { products: [{ sku: "mug", quantity: 1 }], discountPoints: 100 },
    });
    expect(r.statusCode, r.body).toBe(201);
    // 10 % of (100 zł - the 15 zł mug), a 1.99 zł fee for the mug
    expect(r.data).toMatchObject({ status: "reserved", points: 180, productPoints: 80, discountPoints: 100, discountPercent: 10 });
    expect(r.data).toMatchObject({ discountMinor: 850, feesMinor: 199, toPayMinor: 10_000 - 1_500 - 850 + 199, orderId });
    expect(new Date(r.data.expiresAt).getTime()).toBe(clock.now().getTime() + 30 * 60_000);
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(320);
    const s1 = await settle(ctx, shop, r.data.id);
    expect(s1.statusCode, s1.body).toBe(200);
    expect(s1.data.status).toBe("settled");
    const s2 = await settle(ctx, shop, r.data.id);
    expect(s2.statusCode).toBe(200);
    expect(s2.data.settledAt).toBe(s1.data.settledAt);
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(320);
    const late = await release(ctx, shop, r.data.id);
    expect(late.statusCode).toBe(409);
    expect(paths(late)).toEqual(["status:reservation_settled"]);
    expect(
      await countRows(ctx.db, "events", "entity_id = $1 and type = 'points.deducted' and payload->>'cause' = 'checkout'", [m.id]),
    ).toBe(1);
    // The history shows the entry with its cause; staff cannot reverse it behind the reservation's back.
    const history = await call(ctx, { method: "GET", url: `/api/v1/members/${m.id}/ledger?programId=${programId}`, auth: a.owner });
    const entry = history.data.data.find((e: { causeType: string }) => e.causeType === "checkout");
    expect(entry).toMatchObject({ points: -180, causeId: r.data.id });
    const reversal = await call(ctx, {
      method: "POST",
      url: `/api/v1/ledger-entries/${entry.id}/reverse`,
      auth: a.owner,
      body: { reason: "undo it" },
    });
    expect(reversal.statusCode).toBe(422);
    expect(paths(reversal)).toEqual(["entryId:reverse_checkout_by_release"]);
  });

  it("reserve -> release: the points come back; releasing again changes nothing; settling then is a 409", async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 300);
    const r = await reserve(ctx, shop, { programId, cardNumber: m.cardNumber, orderId: unique("WC-"), apply: { discountPoints: 200 } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.data).toMatchObject({ points: 200, discountMinor: 2_000, feesMinor: 0, toPayMinor: 8_000 });
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(100);
    const r1 = await release(ctx, shop, r.data.id);
    expect(r1.data).toMatchObject({ status: "released", releaseReason: "abandoned" });
    const r2 = await release(ctx, shop, r.data.id);
    expect(r2.statusCode).toBe(200);
    expect(r2.data.releasedAt).toBe(r1.data.releasedAt);
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(300);
    const s = await settle(ctx, shop, r.data.id);
    expect(s.statusCode).toBe(409);
    expect(s.data.error.details[0]).toMatchObject({ path: "status", code: "reservation_released", params: { reason: "abandoned" } });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
    // The member's portal history names both operations (the portal words them in pl/en by kind).
    const slug = await companySlug(ctx, a.companyId);
    const member = await memberSessionVia(ctx, a.companyId, m.id);
    const history = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/history`, auth: member });
    expect(history.data.data.slice(0, 2)).toEqual([
      expect.objectContaining({ kind: "checkout_released", points: 200 }),
      expect.objectContaining({ kind: "checkout", points: -200 }),
    ]);
    const spent = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/me/history?kind=rewards`, auth: member });
    expect(spent.data.data.map((o: { kind: string }) => o.kind)).toEqual(["checkout"]);
  });

  it("expiry: settling an expired reservation is refused, the job releases it and the points come back", async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 200);
    const r = await reserve(ctx, shop, { programId, memberId: m.id, orderId: unique("WC-"), apply: { discountPoints: 100 } });
    expect(r.statusCode).toBe(201);
    const started = clock.now();
    clock.set(new Date(started.getTime() + 31 * 60_000));
    try {
      const s = await settle(ctx, shop, r.data.id);
      expect(s.statusCode).toBe(409);
      expect(paths(s)).toEqual(["status:reservation_expired"]);
      expect(await releaseExpiredReservations(ctx.db, clock.now())).toBeGreaterThanOrEqual(1);
      const got = await call(ctx, { method: "GET", url: `/api/v1/checkout/reservations/${r.data.id}`, auth: shop });
      expect(got.data).toMatchObject({ status: "released", releaseReason: "expired" });
      expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(200);
      expect(paths(await settle(ctx, shop, r.data.id))).toEqual(["status:reservation_released"]);
      // nothing left to release
      expect(await countRows(ctx.db, "checkout_reservations", "status = 'reserved' and expires_at <= $1", [clock.now()])).toBe(0);
    } finally {
      clock.set(started);
    }
  });

  it("is idempotent by order: the same request answers the same reservation; another one for the order is a 409", async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 500);
    const body = { programId, memberId: m.id, orderId: unique("WC-"), apply: { products: [{ sku: "BAG", quantity: 1 }] } };
    const first = await reserve(ctx, shop, body);
    const again = await reserve(ctx, shop, { ...body, memberId: undefined, cardNumber: m.cardNumber.toLowerCase() });
    expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
    expect(again.data.id).toBe(first.data.id);
    expect(await countRows(ctx.db, "ledger_entries", "member_id = $1 and cause_type = 'checkout'", [m.id])).toBe(1);
    const other = await reserve(ctx, shop, { ...body, apply: { discountPoints: 100 } });
    expect(other.statusCode).toBe(409);
    expect(other.data.error.details[0]).toMatchObject({ path: "orderId", code: "order_already_reserved", params: { status: "reserved" } });
    // Once released, the order may check out again (a new reservation).
    await release(ctx, shop, first.data.id);
    const next = await reserve(ctx, shop, { ...body, apply: { discountPoints: 100 } });
    expect(next.statusCode).toBe(201);
    expect(next.data.id).not.toBe(first.data.id);
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(400);
  });

  it("refuses bad input naming the field, and writes nothing", async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 120);
    const go = (extra: Record<string, unknown>) => reserve(ctx, shop, { programId, memberId: m.id, orderId: unique("WC-"), ...extra });
    const cases: [Record<string, unknown>, number, string[]][] = [
      [{ memberId: undefined, apply: { discountPoints: 100 } }, 400, ["memberId:one_member"]],
      [{ apply: { products: [{ sku: "TEA", quantity: 1 }] } }, 422, ["apply.products.0.sku:sku_not_for_points"]],
      [{ apply: { products: [{ sku: "OLD", quantity: 1 }] } }, 422, ["apply.products.0.sku:sku_not_for_points"]],
      [{ apply: { products: [{ sku: "BAG", quantity: 2 }] } }, 422, ["apply.products.0.quantity:sku_not_in_basket"]],
      [{ apply: { products: [{ sku: "MUG", quantity: 3 }] } }, 422, ["apply.products:max_products_exceeded"]],
      [{ apply: { products: [{ sku: "MUG", quantity: 2 }], discountPoints: 100 } }, 422, ["apply:max_points_exceeded"]],
      [{ apply: { discountPoints: 150 } }, 422, ["apply.discountPoints:discount_threshold_unknown"]],
      [{ apply: {} }, 422, ["apply:nothing_to_apply"]],
      [{ apply: { products: [{ sku: "BAG", quantity: 1 }] } }, 422, ["apply:points_available"]],
      [
        { basket: { ...BASKET, amount: { amount: 10_000, currency: "EUR" } }, apply: { discountPoints: 100 } },
        422,
        ["basket.amount.currency:currency_must_be"],
      ],
      [
        { basket: { amount: { amount: 4_000, currency: "PLN" } }, apply: { discountPoints: 100 } },
        422,
        ["basket.amount.amount:basket_under_minimum"],
      ],
      [{ orderId: "", apply: { discountPoints: 100 } }, 400, ["orderId:required"]],
      [{ apply: { products: [{ sku: "MUG", quantity: 0 }] } }, 400, ["apply.products.0.quantity:too_small"]],
    ];
    for (const [extra, status, expected] of cases) {
      const res = await go(extra);
      expect(res.statusCode, JSON.stringify(extra)).toBe(status);
      expect(paths(res), JSON.stringify(extra)).toEqual(expected);
    }
    expect((await go({ apply: { products: [{ sku: "BAG", quantity: 1 }] } })).data.error.code).toBe("insufficient_points");
    expect(await countRows(ctx.db, "checkout_reservations", "member_id = $1", [m.id])).toBe(0);
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(120);
  });

  it("lists the program's reservations newest first for the admin", async () => {
    const list = await call(ctx, { method: "GET", url: `/api/v1/checkout/reservations?programId=${programId}&limit=2`, auth: a.owner });
    expect(list.statusCode).toBe(200);
    expect(list.data.data).toHaveLength(2);
    expect(list.data.nextCursor).toBe(list.data.data[1].id);
  });
});

/**
 * Until `n` sessions wait for a lock, or every request was answered (none waited: the assertions
 * then tell). It asks on a connection of its own: the app's pool is busy with the waiting requests.
 */
async function waitForLockWaiters(n: number, answered: () => boolean): Promise<void> {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    while (!answered()) {
      const { rows } = await client.query<{ n: number }>("select count(*)::int as n from pg_locks where not granted");
      if ((rows[0]?.n ?? 0) >= n) return;
      await new Promise((r) => setTimeout(r, 10));
    }
  } finally {
    await client.end();
  }
}

describe("concurrency", () => {
  it(`concurrent checkouts of one member never spend the same points twice (${onPostgres ? "PostgreSQL, real concurrency" : "PGlite, serialised"})`, async () => {
    const m = await memberWithPoints(ctx, a.owner, programId, 500);
    // 12 orders of 100 points each at once, for a balance of 500: five can be reserved. On
    // PostgreSQL another session holds the member's row until several requests wait for it
    // together (as many as the pool has connections), so they are in flight at the same moment.
    const hold = onPostgres
      ? await holdLocks(ctx.db, "select 1 from members where company_id = $1 and id = $2 for update", [a.companyId, m.id])
      : null;
    const sent = Promise.all(
      Array.from({ length: 12 }, () =>
        reserve(ctx, shop, { programId, memberId: m.id, orderId: unique("WC-"), apply: { discountPoints: 100 } }),
      ),
    );
    if (hold) {
      let answered = false;
      void sent.finally(() => {
        answered = true;
      });
      await waitForLockWaiters(3, () => answered);
      await hold();
    }
    const results = await sent;
    const ok = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(ok.reduce((n, r) => n + r.data.points, 0)).toBeLessThanOrEqual(500);
    expect(ok).toHaveLength(5);
    for (const r of refused) {
      expect(r.statusCode).toBe(422);
      expect(r.data.error.code).toBe("insufficient_points");
      expect(paths(r)).toEqual(["apply:points_available"]);
    }
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(0);
    // Releasing and settling at once, and a purchase in between: the books still add up.
    await Promise.all([
      ...ok.slice(0, 3).map((r) => release(ctx, shop, r.data.id)),
      ...ok.slice(3).map((r) => settle(ctx, shop, r.data.id)),
      ...ok.slice(0, 2).map((r) => settle(ctx, shop, r.data.id)),
    ]);
    const statuses = await ctx.db.query<{ status: string }>("select status from checkout_reservations where member_id = $1 order by id", [
      m.id,
    ]);
    expect(statuses.filter((s) => s.status === "reserved")).toHaveLength(0);
    const released = statuses.filter((s) => s.status === "released").length;
    expect((await balanceVia(ctx, a.owner, m.id, programId)).available).toBe(released * 100);
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });
});
