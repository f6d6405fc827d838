import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectShop, createUsdCompany, deliver, deliveriesOf, variant, wooHeaders } from "./connectors-fixtures.js";
import {
  balanceVia,
  call,
  createMemberVia,
  createProgramVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// The two halves of an e-shop order that used points: the shop reserves them at its checkout
// (checkout API), then its webhook says "paid" or "cancelled" (connectors), which settles or
// releases the reservation. WooCommerce's published sample, signed as WooCommerce signs.

let ctx: TestContext;
let a: TestCompany;
let programId: string;
let shopId: string;
let secret: string;
let memberId: string;

const wooOrder = (id: string, status = "processing") =>
  variant("woocommerce-order.created", [
    [/"id": 727,/, `"id": ${id},`],
    ...(status === "processing" ? [] : ([[/"status": "processing"/, `"status": "${status}"`]] as [RegExp, string][])),
  ]);
const reservation = async (id: string) =>
  (await call(ctx, { method: "GET", url: `/api/v1/checkout/reservations/${id}`, auth: a.owner })).data as {
    status: string;
    points: number;
  };
const available = async () => (await balanceVia(ctx, a.owner, memberId, programId)).available as number;

async function reserveFor(orderId: string) {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/checkout/reservations",
    auth: a.owner,
    body: {
      programId,
      memberId,
      orderId,
      basket: {
        amount: { amount: 2935, currency: "USD" },
        items: [{ sku: "Bar3", name: "Ship Your Idea", quantity: 1, unitPriceMinor: 2935 }],
      },
      apply: { discountPoints: 100 },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.data.id as string;
}

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createUsdCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { welcomePoints: 0, converterPoints: 1, converterAmountMinor: 100 });
  const settings = await call(ctx, {
    method: "PUT",
    url: `/api/v1/programs/${programId}/checkout-settings`,
    auth: a.owner,
    body: {
      enabled: true,
      minimumBasketMinor: 0,
      maxProductsPerOrder: 5,
      maxPointsPerOrder: 1000,
      feePerItemMinor: 0,
      reservationMinutes: 30,
      products: [],
      discountThresholds: [{ points: 100, percent: 10 }],
    },
  });
  expect(settings.statusCode, settings.body).toBe(200);
  // The sample's customer, known by e-mail, with 500 points.
  memberId = (await createMemberVia(ctx, a.owner, { email: "john.doe@example.com" })).id;
  const bought = await call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth: a.owner,
    body: { programId, memberId, receiptNumber: unique("R-"), amount: { amount: 50_000, currency: "USD" } },
  });
  expect(bought.statusCode, bought.body).toBe(201);
  const shop = await connectShop(ctx, a, { platform: "woocommerce", name: "Woo shop", programId });
  shopId = shop.shop.id;
  secret = shop.secret;
});
afterAll(() => ctx.close());

describe("an e-shop order with points reserved at its checkout", () => {
  it("is settled when the shop says paid, once however often it says so", async () => {
    const rsv = await reserveFor("9001");
    expect(await available()).toBe(400);
    const body = wooOrder("9001");
    const paid = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.created", unique("d-")));
    expect(paid.data.outcome, paid.body).toBe("purchase_recorded");
    expect(await reservation(rsv)).toMatchObject({ status: "settled", points: 100 });
    const again = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.updated", unique("d-")));
    expect(again.statusCode, again.body).toBe(200);
    expect(await reservation(rsv)).toMatchObject({ status: "settled" });
    // 400 left after the reservation, plus the order's own points (19.35 USD less nothing: 19).
    expect(await available()).toBe(419);
  });

  it("is released when the shop says cancelled, before it was ever paid", async () => {
    const before = await available();
    const rsv = await reserveFor("9002");
    expect(await available()).toBe(before - 100);
    const body = wooOrder("9002", "cancelled");
    const res = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.updated", unique("d-")));
    expect(res.statusCode, res.body).toBe(200);
    expect(await reservation(rsv)).toMatchObject({ status: "released" });
    expect(await available()).toBe(before);
  });

  it("records the purchase of a paid order whose reservation lapsed, naming the lapse in the log", async () => {
    const rsv = await reserveFor("9003");
    const released = await call(ctx, { method: "POST", url: `/api/v1/checkout/reservations/${rsv}/release`, auth: a.owner });
    expect(released.statusCode, released.body).toBe(200);
    const body = wooOrder("9003");
    const res = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.created", unique("d-")));
    expect(res.data.outcome, res.body).toBe("purchase_recorded");
    const [logged] = await deliveriesOf(ctx, a, shopId);
    expect(logged).toMatchObject({ outcome: "purchase_recorded", externalId: "9003" });
    expect(logged.detail).toContain("checkout_reservation_released");
    expect(await reservation(rsv)).toMatchObject({ status: "released" });
  });
});
