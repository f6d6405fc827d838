import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectShop,
  createUsdCompany,
  deliver,
  deliveriesOf,
  genericHeaders,
  purchaseByReceipt,
  shoperHeaders,
} from "./connectors-fixtures.js";
import {
  balanceVia,
  call,
  countRows,
  createLocationVia,
  createProgramVia,
  startTestApp,
  type TestCompany,
  type TestContext,
} from "./harness.js";

// Shoper and the generic connector. Shoper publishes no example body: the order below is written
// from its REST API's order resource (order_id, sum, shipping_cost, currency_name, products[]),
// and signed with the scheme of its official app library (dreamcommerce/appstore-bundle):
// hex sha1(X-Webhook-Id + ":" + secret + ":" + body). The generic connector's body is the one
// docs/connectors.md documents, signed with Standard Webhooks' reference library.

let ctx: TestContext;
let a: TestCompany;
let programId: string;
let locationId: string;
let consentId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createUsdCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { welcomePoints: 0 });
  locationId = await createLocationVia(ctx, a.owner, "Online shop");
  const consents = await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner });
  consentId = consents.data.data.find((c: { channel: string }) => c.channel === "email").id;
});
afterAll(() => ctx.close());

const purchases = () => countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]);

describe("Shoper", () => {
  let shopId: string;
  let secret: string;
  const order = Buffer.from(
    JSON.stringify({
      order_id: 1201,
      user_id: 77,
      email: "ola.shoper@example.com",
      sum: "131.00",
      shipping_cost: "15.00",
      currency_name: "USD",
      paid: "131.00",
      billingAddress: { firstname: "Ola", lastname: "Nowak", phone: "+48 600 100 200" },
      // 2 × 40.00 + 1 × 40.00, less a 4.00 discount code: 116.00 for the goods
      products: [
        { product_id: 5, code: "MUG-01", name: "Mug", price: "40.00", quantity: "2" },
        { product_id: 6, code: "TEA-01", name: "Tea", price: "40.00", quantity: 1 },
      ],
    }),
  );

  beforeAll(async () => {
    const shop = await connectShop(ctx, a, { platform: "shoper", name: "Shoper shop", programId, locationId });
    shopId = shop.shop.id;
    secret = shop.secret;
  });

  it("records order.paid at the connection's location, the discount spread over the lines", async () => {
    const res = await deliver(ctx, shopId, order, shoperHeaders(secret, order, "order.paid", "sw-1"));
    expect(res.data.outcome, res.body).toBe("purchase_recorded");
    const [p] = await purchaseByReceipt(ctx, a, "shoper:1201");
    expect(p.amount).toEqual({ amount: 11600, currency: "USD" });
    expect(p.locationId).toBe(locationId);
    expect(p.items.map((l: { sku: string; quantity: number; unitPriceMinor: number }) => [l.sku, l.quantity, l.unitPriceMinor])).toEqual([
      ["MUG-01", 1, 3866],
      ["MUG-01", 1, 3867],
      ["TEA-01", 1, 3867],
    ]);
    expect((await deliver(ctx, shopId, order, shoperHeaders(secret, order, "order.paid", "sw-1"))).data.outcome).toBe("duplicate");
  });

  it("refuses a wrong X-Webhook-Sha1 (401) and an XML body (415, saying to choose JSON)", async () => {
    const before = await purchases();
    const forged = { ...shoperHeaders(secret, order, "order.paid", "sw-2"), "x-webhook-sha1": "0".repeat(40) };
    expect((await deliver(ctx, shopId, order, forged)).statusCode).toBe(401);
    const xml = Buffer.from("<?xml version='1.0'?><order><order_id>1202</order_id></order>");
    const res = await deliver(ctx, shopId, xml, shoperHeaders(secret, xml, "order.paid", "sw-3", "application/xml"));
    expect(res.statusCode).toBe(415);
    expect(res.data.error.message).toMatch(/JSON format/);
    expect(await purchases()).toBe(before);
  });

  it("reverses a deleted order", async () => {
    const body = Buffer.from('{"order_id": 1201}');
    const res = await deliver(ctx, shopId, body, shoperHeaders(secret, body, "order.delete"));
    expect(res.data.outcome, res.body).toBe("reversed");
  });
});

describe("the generic connector", () => {
  let shopId: string;
  let secret: string;
  const paid = (orderId: string, email: string, acceptsMarketing = true) =>
    Buffer.from(
      JSON.stringify({
        type: "order.paid",
        order: {
          id: orderId,
          currency: "USD",
          customer: { id: "c-1", email, firstName: "Gene", lastName: "Ric", acceptsMarketing },
          lines: [
            { sku: "BOOK-1", name: "Book", category: "Books", producer: "Acme", quantity: "3", amount: "30.00" },
            { sku: "PEN-1", name: "Pen", quantity: 1, amount: "2.50" },
          ],
        },
      }),
    );

  beforeAll(async () => {
    const shop = await connectShop(ctx, a, { platform: "generic", name: "Own shop", programId, consentIds: [consentId] });
    shopId = shop.shop.id;
    secret = shop.secret;
    expect(secret).toMatch(/^whsec_/);
  });

  it("records order.paid with categories and producers, and grants the consents", async () => {
    const body = paid("G-1", "gene@example.com");
    const res = await deliver(ctx, shopId, body, genericHeaders(secret, body, "msg_1"));
    expect(res.data.outcome, res.body).toBe("purchase_recorded");
    const [p] = await purchaseByReceipt(ctx, a, "generic:G-1");
    expect(p.amount.amount).toBe(3250);
    expect(p.items[0]).toEqual({ sku: "BOOK-1", name: "Book", category: "Books", producer: "Acme", quantity: 3, unitPriceMinor: 1000 });
    expect(p.points).toBe(32);
    const consents = await call(ctx, { method: "GET", url: `/api/v1/members/${p.memberId}/consents`, auth: a.owner });
    expect(consents.data.current.find((c: { consentId: string }) => c.consentId === consentId).granted).toBe(true);
    expect((await deliver(ctx, shopId, body, genericHeaders(secret, body, "msg_1"))).data.outcome).toBe("duplicate");
    const [dup, first] = await deliveriesOf(ctx, a, shopId);
    expect([dup.topic, dup.platformDeliveryId, first.topic, first.externalId]).toEqual(["order.paid", "msg_1", "order.paid", "G-1"]);
  });

  it("finds the card of a known e-mail (any case) instead of making another", async () => {
    const members = await countRows(ctx.db, "members", "company_id = $1", [a.companyId]);
    const body = paid("G-2", "GENE@example.com");
    expect((await deliver(ctx, shopId, body, genericHeaders(secret, body))).data.outcome).toBe("purchase_recorded");
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(members);
    const [p] = await purchaseByReceipt(ctx, a, "generic:G-2");
    expect((await balanceVia(ctx, a.owner, p.memberId, programId)).available).toBe(64);
  });

  it("takes refunds and cancellations", async () => {
    const refund = Buffer.from(JSON.stringify({ type: "order.refunded", refund: { id: "R-1", orderId: "G-2", amount: "10.00" } }));
    expect((await deliver(ctx, shopId, refund, genericHeaders(secret, refund))).data.outcome).toBe("return_recorded");
    const cancel = Buffer.from(JSON.stringify({ type: "order.cancelled", orderId: "G-2" }));
    expect((await deliver(ctx, shopId, cancel, genericHeaders(secret, cancel))).data.outcome).toBe("reversed");
    const [p] = await purchaseByReceipt(ctx, a, "generic:G-2");
    expect(p.returns.map((r: { returnNumber: string; amount: { amount: number } }) => [r.returnNumber, r.amount.amount])).toEqual([
      ["generic-refund:R-1", 1000],
      ["generic-cancel:G-2", 2250],
    ]);
  });

  it("answers a body that breaks the schema with 400 naming the fields, and records nothing", async () => {
    const before = await purchases();
    const body = Buffer.from(
      JSON.stringify({
        type: "order.paid",
        order: { id: "G-3", currency: "usd", customer: {}, lines: [{ quantity: "0", amount: "1,50" }], extra: 1 },
      }),
    );
    const res = await deliver(ctx, shopId, body, genericHeaders(secret, body));
    expect(res.statusCode, res.body).toBe(400);
    const paths = res.data.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(["order.currency", "order.lines.0.quantity", "order.lines.0.amount", "order.extra"]));
    expect(await purchases()).toBe(before);
    const unknown = Buffer.from(JSON.stringify({ type: "order.shipped" }));
    const refused = await deliver(ctx, shopId, unknown, genericHeaders(secret, unknown));
    expect(refused.statusCode).toBe(400);
    expect(refused.data.error.details[0].path).toBe("type");
  });

  it("refuses an old timestamp, another secret and a missing header (401)", async () => {
    const body = paid("G-4", "late@example.com");
    const old = genericHeaders(secret, body, "msg_old", new Date(Date.now() - 10 * 60_000));
    expect((await deliver(ctx, shopId, body, old)).statusCode).toBe(401);
    const other = genericHeaders(`whsec_${Buffer.from("another key of 24 bytes!").toString("base64")}`, body);
    expect((await deliver(ctx, shopId, body, other)).statusCode).toBe(401);
    const { "webhook-id": _, ...noId } = genericHeaders(secret, body);
    expect((await deliver(ctx, shopId, body, noId)).statusCode).toBe(401);
    const details = (await deliveriesOf(ctx, a, shopId, "?outcome=refused")).slice(0, 3).map((d) => d.detail);
    expect(details).toEqual(["signature_missing", "signature_invalid", "timestamp_out_of_tolerance"]);
    expect(await purchaseByReceipt(ctx, a, "generic:G-4")).toEqual([]);
  });

  it("holds the shop's lines to the purchases' own limits: a quantity over 100,000 fails, nothing recorded", async () => {
    const body = Buffer.from(paid("G-6", "many@example.com").toString().replace('"quantity":"3"', '"quantity":"200000"'));
    const res = await deliver(ctx, shopId, body, genericHeaders(secret, body));
    expect(res.data.outcome, res.body).toBe("failed");
    expect(res.data.detail).toMatch(/^purchase_invalid: items\.0\.quantity/);
    expect(await purchaseByReceipt(ctx, a, "generic:G-6")).toEqual([]);
  });

  it("fails an order in another currency than the program's, logged, answered 200 (a retry would fail alike)", async () => {
    const body = Buffer.from(paid("G-5", "eur@example.com").toString().replace('"USD"', '"EUR"'));
    const res = await deliver(ctx, shopId, body, genericHeaders(secret, body));
    expect(res.statusCode).toBe(200);
    expect(res.data.outcome).toBe("failed");
    expect(res.data.detail).toMatch(/^currency_mismatch/);
    expect(await purchaseByReceipt(ctx, a, "generic:G-5")).toEqual([]);
  });
});

describe("the earning rules see the shop's lines", () => {
  it("pays category and producer rules on a shop's order as on a till's", async () => {
    const rulesProgram = await createProgramVia(ctx, a.owner);
    for (const body of [
      { name: "Books ×2", kind: "multiplier", multiplierBp: 20_000, categories: ["books"] },
      { name: "Acme +10", kind: "bonus", bonusPoints: 10, producers: ["ACME"] },
    ]) {
      const res = await call(ctx, { method: "POST", url: `/api/v1/programs/${rulesProgram}/rules`, auth: a.owner, body });
      expect(res.statusCode, res.body).toBe(201);
    }
    const { shop, secret } = await connectShop(ctx, a, { platform: "generic", name: "Book shop", programId: rulesProgram });
    const body = Buffer.from(
      JSON.stringify({
        type: "order.paid",
        order: {
          id: "B-1",
          currency: "USD",
          customer: { email: "reader@example.com" },
          lines: [
            { sku: "BOOK-1", name: "Book", category: "Books", producer: "Acme", quantity: "3", amount: "30.00" },
            { sku: "PEN-1", name: "Pen", quantity: "1", amount: "2.50" },
          ],
        },
      }),
    );
    expect((await deliver(ctx, shop.id, body, genericHeaders(secret, body))).data.outcome).toBe("purchase_recorded");
    const [p] = await purchaseByReceipt(ctx, a, "generic:B-1");
    // 32 for 32.50, 30 more for the doubled books, 10 for the producer.
    expect(p.points).toBe(72);
  });
});
