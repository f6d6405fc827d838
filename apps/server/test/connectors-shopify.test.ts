import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectShop,
  createUsdCompany,
  deliver,
  deliveriesOf,
  fixture,
  purchaseByReceipt,
  shopifyHeaders,
  variant,
} from "./connectors-fixtures.js";
import { balanceVia, call, countRows, createProgramVia, startTestApp, type TestCompany, type TestContext } from "./harness.js";

// Shopify's published samples (test/fixtures/ecommerce) through the real inbound route, signed as
// Shopify signs: base64 HMAC-SHA256 of the raw body with the app's client secret.

const ORDER_ID = "820982911946154508"; // > 2^53: JSON.parse would make it 820982911946154500
const SECRET = "shpss_0123456789abcdef0123456789abcdef";
let ctx: TestContext;
let a: TestCompany;
let programId: string;
let consentId: string;
let shopId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createUsdCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { welcomePoints: 0 });
  const consents = await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner });
  consentId = consents.data.data.find((c: { channel: string }) => c.channel === "email").id;
  // The samples are test orders (test: true): this connection records them, as while setting a shop up.
  const shop = await connectShop(ctx, a, {
    platform: "shopify",
    name: "Sample shop",
    programId,
    secret: SECRET,
    shopDomain: "jsmith.myshopify.com",
    consentIds: [consentId],
    options: { acceptTestOrders: true },
  });
  shopId = shop.shop.id;
});
afterAll(() => ctx.close());

const purchases = () => countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]);

/** The published orders/paid sample as an order in another state: a new id, paid, not cancelled, not a test. */
const paidOrder = (id: string) =>
  variant("shopify-orders-paid", [
    [new RegExp(ORDER_ID, "g"), id],
    ['"financial_status": "voided"', '"financial_status": "paid"'],
    ['"cancelled_at": "2021-12-31T19:00:00-05:00"', '"cancelled_at": null'],
    ['"test": true', '"test": false'],
  ]);

describe("Shopify orders/paid, as published", () => {
  it("records the purchase with its lines and the discount spread over them, then reverses it: the sample is voided and cancelled", async () => {
    const body = fixture("shopify-orders-paid");
    const res = await deliver(ctx, shopId, body, shopifyHeaders(SECRET, body, "orders/paid"));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.outcome).toBe("reversed");
    const [p] = await purchaseByReceipt(ctx, a, `shopify:${ORDER_ID}`);
    // Lines 414.95 less the order's 20.00 discount; shipping (10.00) is not goods: 394.95.
    expect(p.amount).toEqual({ amount: 39495, currency: "USD" });
    expect(p.items.reduce((n: number, l: { quantity: number; unitPriceMinor: number }) => n + l.quantity * l.unitPriceMinor, 0)).toBe(
      39495,
    );
    expect(p.items.map((l: { sku: string }) => l.sku)).toEqual([
      "SKU2006-001",
      "LENS-PROTECT-2YR",
      "CASE-LEATHER-PREM",
      "SKU2006-020",
      "SKU2006-035",
    ]);
    expect(p.items[0]).toMatchObject({ name: "Aviator sunglasses", quantity: 1, producer: null });
    // 20.00 spread in proportion: the lounger (159.99 of 414.95) carries 7.71 of it.
    expect(p.items[3].unitPriceMinor).toBe(15999 - 771);
    expect(p.points).toBe(394);
    expect(p.returns).toHaveLength(1);
    expect(p.returns[0]).toMatchObject({
      returnNumber: `shopify-cancel:${ORDER_ID}`,
      amount: { amount: 39495, currency: "USD" },
      points: 394,
    });
    const [logged] = await deliveriesOf(ctx, a, shopId);
    expect(logged).toMatchObject({ outcome: "reversed", topic: "orders/paid", externalId: ORDER_ID, purchaseId: p.id, httpStatus: 200 });
  });

  it("makes the card of the customer account (customer.email), not of the order's contact e-mail, with the shop's consents", async () => {
    const [p] = await purchaseByReceipt(ctx, a, `shopify:${ORDER_ID}`);
    const member = await call(ctx, { method: "GET", url: `/api/v1/members/${p.memberId}`, auth: a.owner });
    expect(member.data).toMatchObject({ email: "john@example.com", firstName: "John", lastName: "Smith" });
    const byContact = await call(ctx, { method: "GET", url: "/api/v1/members?q=jon%40example.com", auth: a.owner });
    expect(byContact.data.data).toEqual([]);
    // buyer_accepts_marketing: true (the sample's customer has no consent field of its own).
    const consents = await call(ctx, { method: "GET", url: `/api/v1/members/${p.memberId}/consents`, auth: a.owner });
    const state = consents.data.current.find((c: { consentId: string }) => c.consentId === consentId);
    expect(state).toMatchObject({ granted: true, source: "api" });
  });

  it("ignores test orders on a connection that does not take them", async () => {
    const other = await connectShop(ctx, a, { platform: "shopify", name: "Live shop", programId, secret: SECRET });
    const body = fixture("shopify-orders-paid");
    const before = await purchases();
    const res = await deliver(ctx, other.shop.id, body, shopifyHeaders(SECRET, body, "orders/paid"));
    expect(res.data).toMatchObject({ outcome: "ignored", detail: "test_order" });
    expect(await purchases()).toBe(before);
  });
});

describe("Shopify: paid, replayed, refunded, cancelled", () => {
  const id = "820982911946154777";
  let memberId: string;

  it("records a paid order once: the same delivery again is a duplicate, the same order again changes nothing", async () => {
    const body = paidOrder(id);
    const headers = shopifyHeaders(SECRET, body, "orders/paid", "wh-paid-1");
    const first = await deliver(ctx, shopId, body, headers);
    expect(first.data.outcome).toBe("purchase_recorded");
    const [p] = await purchaseByReceipt(ctx, a, `shopify:${id}`);
    memberId = p.memberId;
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(394);
    const count = await purchases();

    const again = await deliver(ctx, shopId, body, headers);
    expect(again.data).toMatchObject({ outcome: "duplicate" });
    // Shopify may also send the order again under another delivery id (orders/updated): the receipt holds.
    const resent = await deliver(ctx, shopId, body, shopifyHeaders(SECRET, body, "orders/updated", "wh-paid-2"));
    expect(resent.data).toMatchObject({ outcome: "ignored", detail: "purchase_already_recorded" });
    expect(await purchases()).toBe(count);
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(394);
  });

  it("takes a partial refund back by its transactions' amount (75.00 + 10.00), once", async () => {
    const body = variant("shopify-refunds-create", [[new RegExp(ORDER_ID, "g"), id]]);
    const headers = shopifyHeaders(SECRET, body, "refunds/create", "wh-refund-1");
    const res = await deliver(ctx, shopId, body, headers);
    expect(res.data.outcome, res.body).toBe("return_recorded");
    const [p] = await purchaseByReceipt(ctx, a, `shopify:${id}`);
    expect(p.returns).toHaveLength(1);
    expect(p.returns[0]).toMatchObject({ returnNumber: "shopify-refund:890088186047892319", amount: { amount: 8500, currency: "USD" } });
    const taken = p.returns[0].points as number;
    expect(taken).toBeGreaterThan(0);
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(394 - taken);

    expect((await deliver(ctx, shopId, body, headers)).data.outcome).toBe("duplicate");
    const resent = await deliver(ctx, shopId, body, shopifyHeaders(SECRET, body, "refunds/create", "wh-refund-2"));
    expect(resent.data.outcome).toBe("ignored");
    expect((await purchaseByReceipt(ctx, a, `shopify:${id}`))[0].returns).toHaveLength(1);
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(394 - taken);
  });

  it("reverses the rest of a cancelled order", async () => {
    const body = paidOrder(id);
    const res = await deliver(ctx, shopId, body, shopifyHeaders(SECRET, body, "orders/cancelled", "wh-cancel-1"));
    expect(res.data.outcome, res.body).toBe("reversed");
    const [p] = await purchaseByReceipt(ctx, a, `shopify:${id}`);
    expect(p.refunded.amount).toBe(39495);
    expect(p.returns[1]).toMatchObject({ returnNumber: `shopify-cancel:${id}`, amount: { amount: 39495 - 8500, currency: "USD" } });
    expect((await balanceVia(ctx, a.owner, memberId, programId)).available).toBe(0);
  });
});

describe("Shopify customers/create", () => {
  // Only order and refund samples are in the fixtures; this body follows the documented customer
  // resource (ids above 2^53, email_marketing_consent.state).
  const customer = (email: string, state: string) =>
    Buffer.from(
      `{"id": 706405506930370084, "email": "${email}", "first_name": "Bob", "last_name": "Norman", "phone": null, "email_marketing_consent": {"state": "${state}", "opt_in_level": "single_opt_in", "consent_updated_at": null}}`,
    );

  it("makes a card with the connection's consents when the customer subscribed", async () => {
    const body = customer("bob.norman@example.com", "subscribed");
    const res = await deliver(ctx, shopId, body, shopifyHeaders(SECRET, body, "customers/create"));
    expect(res.data.outcome, res.body).toBe("member_created");
    const [logged] = await deliveriesOf(ctx, a, shopId);
    expect(logged.externalId).toBe("706405506930370084");
    const consents = await call(ctx, { method: "GET", url: `/api/v1/members/${logged.memberId}/consents`, auth: a.owner });
    expect(consents.data.current.find((c: { consentId: string }) => c.consentId === consentId).granted).toBe(true);
  });

  it("grants nothing to a customer who did not subscribe", async () => {
    const body = customer("not.subscribed@example.com", "not_subscribed");
    const res = await deliver(ctx, shopId, body, shopifyHeaders(SECRET, body, "customers/create"));
    expect(res.data.outcome).toBe("member_created");
    const [logged] = await deliveriesOf(ctx, a, shopId);
    const consents = await call(ctx, { method: "GET", url: `/api/v1/members/${logged.memberId}/consents`, auth: a.owner });
    expect(consents.data.current.every((c: { granted: boolean }) => !c.granted)).toBe(true);
  });
});

describe("Shopify signatures", () => {
  it("refuses a forged or missing signature with 401 and writes nothing but the refusal", async () => {
    const body = paidOrder("820982911946150001");
    const forged = {
      ...shopifyHeaders(SECRET, body, "orders/paid"),
      "x-shopify-hmac-sha256": shopifyHeaders("not-the-secret-at-all", body, "orders/paid")["x-shopify-hmac-sha256"],
    };
    const before = { purchases: await purchases(), members: await countRows(ctx.db, "members", "company_id = $1", [a.companyId]) };
    const res = await deliver(ctx, shopId, body, forged);
    expect(res.statusCode).toBe(401);
    expect(res.data.error.code).toBe("webhook_signature_invalid");
    const { "x-shopify-hmac-sha256": _, ...unsigned } = shopifyHeaders(SECRET, body, "orders/paid");
    expect((await deliver(ctx, shopId, body, unsigned)).statusCode).toBe(401);
    // A body changed after signing (one cent more) fails too.
    const signed = shopifyHeaders(SECRET, body, "orders/paid");
    expect((await deliver(ctx, shopId, Buffer.from(body.toString().replace('"89.99"', '"89.98"')), signed)).statusCode).toBe(401);
    expect(await purchases()).toBe(before.purchases);
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(before.members);
    const refused = await deliveriesOf(ctx, a, shopId, "?outcome=refused");
    expect(refused.slice(0, 3).map((d) => [d.detail, d.httpStatus])).toEqual([
      ["signature_invalid", 401],
      ["signature_missing", 401],
      ["signature_invalid", 401],
    ]);
  });
});
