import { type Auth, balanceVia, call, createMemberVia, type TestContext, unique } from "./harness.js";

/** The brief's example: 10 % for 100 points, 20 % for 200; limits that each show in a quote. */
export const SETTINGS = {
  enabled: true,
  minimumBasketMinor: 5_000,
  maxProductsPerOrder: 2,
  maxPointsPerOrder: 250,
  feePerItemMinor: 199,
  reservationMinutes: 30,
  products: [
    { sku: "MUG", name: "Kubek", points: 80, active: true },
    { sku: "BAG", name: "Torba", points: 150, active: true },
    { sku: "OLD", name: "Wycofany", points: 10, active: false },
  ],
  discountThresholds: [
    { points: 100, percent: 10 },
    { points: 200, percent: 20 },
    { points: 300, percent: 30 },
  ],
};

/** 100.00 zł: three mugs at 15 zł, a bag at 40 zł, something not for points at 15 zł. */
export const BASKET = {
  amount: { amount: 10_000, currency: "PLN" },
  items: [
    { sku: "MUG", name: "Kubek", quantity: 3, unitPriceMinor: 1_500 },
    { sku: "BAG", name: "Torba", quantity: 1, unitPriceMinor: 4_000 },
    { sku: "TEA", name: "Herbata", quantity: 1, unitPriceMinor: 1_500 },
  ],
};

export async function putSettings(ctx: TestContext, auth: Auth, programId: string, body: Record<string, unknown> = SETTINGS) {
  return call(ctx, { method: "PUT", url: `/api/v1/programs/${programId}/checkout-settings`, auth, body });
}

/** A member with exactly `points` available in the program (a purchase at 1 point per 1 zł). */
export async function memberWithPoints(ctx: TestContext, auth: Auth, programId: string, points: number) {
  const member = await createMemberVia(ctx, auth);
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth,
    body: { programId, memberId: member.id, receiptNumber: unique("R-"), amount: { amount: points * 100, currency: "PLN" } },
  });
  if (res.statusCode !== 201) throw new Error(`purchase failed: ${res.statusCode} ${res.body}`);
  const balance = await balanceVia(ctx, auth, member.id, programId);
  if (balance.available !== points) throw new Error(`expected ${points} points, got ${balance.available}`);
  return member;
}

export function reserve(ctx: TestContext, auth: Auth, body: Record<string, unknown>) {
  return call(ctx, { method: "POST", url: "/api/v1/checkout/reservations", auth, body: { basket: BASKET, ...body } });
}

export function quote(ctx: TestContext, auth: Auth, body: Record<string, unknown>) {
  return call(ctx, { method: "POST", url: "/api/v1/checkout/quote", auth, body: { basket: BASKET, ...body } });
}

export function settle(ctx: TestContext, auth: Auth, id: string) {
  return call(ctx, { method: "POST", url: `/api/v1/checkout/reservations/${id}/settle`, auth });
}

export function release(ctx: TestContext, auth: Auth, id: string) {
  return call(ctx, { method: "POST", url: `/api/v1/checkout/reservations/${id}/release`, auth });
}
