import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connectShop,
  createUsdCompany,
  deliver,
  deliveriesOf,
  fixture,
  purchaseByReceipt,
  variant,
  wooHeaders,
} from "./connectors-fixtures.js";
import { balanceVia, countRows, createProgramVia, startTestApp, type TestCompany, type TestContext } from "./harness.js";

// WooCommerce's published order samples (test/fixtures/ecommerce) through the real inbound route,
// signed as WooCommerce signs: base64 HMAC-SHA256 of the JSON body with the webhook's secret.

let ctx: TestContext;
let a: TestCompany;
let programId: string;
let shopId: string;
let secret: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createUsdCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { welcomePoints: 0 });
  // No secret given: Regulars generates the one to paste into WooCommerce's webhook form.
  const shop = await connectShop(ctx, a, { platform: "woocommerce", name: "Woo shop", programId });
  shopId = shop.shop.id;
  secret = shop.secret;
});
afterAll(() => ctx.close());

const purchases = () => countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]);
const deliveries = () => countRows(ctx.db, "shop_deliveries", "company_id = $1", [a.companyId]);

describe("WooCommerce", () => {
  it("answers the new webhook's unsigned ping (webhook_id=<id>) with 200 and does nothing else", async () => {
    const before = await purchases();
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/connect/${shopId}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "webhook_id=42",
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ outcome: "ignored", detail: "woocommerce_ping" });
    expect(await purchases()).toBe(before);
    // Any other unsigned form body is no ping: refused.
    const other = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/connect/${shopId}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "webhook_id=42&status=completed",
    });
    expect(other.statusCode).toBe(401);
  });

  it("records order.created (processing: paid) with its lines; tax in, shipping out; the odd line split to whole unit prices", async () => {
    const body = fixture("woocommerce-order.created");
    const res = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.created", "d-created"));
    expect(res.data.outcome, res.body).toBe("purchase_recorded");
    const [p] = await purchaseByReceipt(ctx, a, "woocommerce:727");
    // 29.35 total less 10.00 shipping: 6.00 + 0.45 tax and 12.00 + 0.90 tax.
    expect(p.amount).toEqual({ amount: 1935, currency: "USD" });
    expect(p.items).toEqual([
      { sku: null, name: "Woo Single #1", category: null, producer: null, quantity: 1, unitPriceMinor: 322 },
      { sku: null, name: "Woo Single #1", category: null, producer: null, quantity: 1, unitPriceMinor: 323 },
      {
        sku: "Bar3",
        name: "Ship Your Idea &ndash; Color: Black, Size: M Test",
        category: null,
        producer: null,
        quantity: 1,
        unitPriceMinor: 1290,
      },
    ]);
    expect(p.points).toBe(19);
    expect(p.locationId).toBeNull();
    const [logged] = await deliveriesOf(ctx, a, shopId);
    expect(logged).toMatchObject({
      outcome: "purchase_recorded",
      topic: "order.created",
      externalId: "727",
      platformDeliveryId: "d-created",
    });
  });

  it("changes nothing on order.updated (completed) of the same order, nor on the same delivery again", async () => {
    const [before] = await purchaseByReceipt(ctx, a, "woocommerce:727");
    const body = fixture("woocommerce-order.updated");
    const res = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.updated", "d-updated"));
    expect(res.data).toMatchObject({ outcome: "ignored", detail: "purchase_already_recorded" });
    const again = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.updated", "d-updated"));
    expect(again.data.outcome).toBe("duplicate");
    const count = await purchases();
    const created = fixture("woocommerce-order.created");
    expect((await deliver(ctx, shopId, created, wooHeaders(secret, created, "order.created", "d-created"))).data.outcome).toBe("duplicate");
    expect(await purchases()).toBe(count);
    expect((await balanceVia(ctx, a.owner, before.memberId, programId)).available).toBe(19);
  });

  it("takes partial refunds sent inside order.updated (refunds[]) by amount, each once", async () => {
    // The published order.updated has no refund yet; WooCommerce lists refunds in the same order
    // resource as { id, reason, total: "-5.00" }.
    const body = variant("woocommerce-order.updated", [
      ['"refunds": []', '"refunds": [{"id": 730, "reason": "damaged", "total": "-5.00"}]'],
    ]);
    const res = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.updated", "d-refund-1"));
    expect(res.data.outcome, res.body).toBe("return_recorded");
    const two = variant("woocommerce-order.updated", [
      ['"refunds": []', '"refunds": [{"id": 731, "reason": "", "total": "-2.35"}, {"id": 730, "reason": "damaged", "total": "-5.00"}]'],
      ['"status": "completed"', '"status": "refunded"'],
    ]);
    expect((await deliver(ctx, shopId, two, wooHeaders(secret, two, "order.updated", "d-refund-2"))).data.outcome).toBe("return_recorded");
    const [p] = await purchaseByReceipt(ctx, a, "woocommerce:727");
    expect(p.returns.map((r: { returnNumber: string; amount: { amount: number } }) => [r.returnNumber, r.amount.amount])).toEqual([
      ["woocommerce-refund:730", 500],
      ["woocommerce-refund:731", 235],
    ]);
    expect(p.refunded.amount).toBe(735);
  });

  it("reverses the rest when the order is cancelled, once", async () => {
    const body = variant("woocommerce-order.updated", [['"status": "completed"', '"status": "cancelled"']]);
    const res = await deliver(ctx, shopId, body, wooHeaders(secret, body, "order.updated", "d-cancel"));
    expect(res.data.outcome, res.body).toBe("reversed");
    const [p] = await purchaseByReceipt(ctx, a, "woocommerce:727");
    expect(p.refunded.amount).toBe(1935);
    expect((await balanceVia(ctx, a.owner, p.memberId, programId)).available).toBe(0);
    const deleted = Buffer.from('{"id": 727}');
    const again = await deliver(ctx, shopId, deleted, wooHeaders(secret, deleted, "order.deleted"));
    expect(again.data).toMatchObject({ outcome: "ignored", detail: "already_reversed" });
  });

  it("takes a webhook over real HTTP on loopback, as WooCommerce's server sends it", async () => {
    const address = await ctx.app.listen({ host: "127.0.0.1", port: 0 });
    try {
      const body = variant("woocommerce-order.created", [[/"id": 727/, '"id": 728']]);
      const res = await fetch(`${address}/api/v1/connect/${shopId}`, {
        method: "POST",
        headers: wooHeaders(secret, body, "order.created", "d-http"),
        body,
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ outcome: "purchase_recorded" });
      expect((await purchaseByReceipt(ctx, a, "woocommerce:728"))[0].amount.amount).toBe(1935);
    } finally {
      await ctx.app.server.close();
    }
  });

  it("refuses a body signed with another secret (401), writing only the refusal", async () => {
    const body = variant("woocommerce-order.created", [[/"id": 727/, '"id": 999']]);
    const before = { purchases: await purchases(), deliveries: await deliveries() };
    const res = await deliver(ctx, shopId, body, wooHeaders(`${secret}x`, body, "order.created"));
    expect(res.statusCode).toBe(401);
    expect(await purchases()).toBe(before.purchases);
    expect(await deliveries()).toBe(before.deliveries + 1);
    expect((await deliveriesOf(ctx, a, shopId, "?outcome=refused"))[0]).toMatchObject({ detail: "signature_invalid", httpStatus: 401 });
  });
});
