import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectShop, createUsdCompany, deliver, deliveriesOf, genericHeaders, shopifyHeaders, wooHeaders } from "./connectors-fixtures.js";
import { call, countRows, createLocationVia, createProgramVia, startTestApp, type TestCompany, type TestContext } from "./harness.js";

// The e-shop connections' admin routes (/api/v1/shops): create per platform, bad input naming the
// fields, secrets (shown, rotated, typed in), pause and delete as the inbound URL sees them, the
// delivery log and its counts, the audit trail, and one company's secret on another's URL.

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let programA: string;
let programB: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createUsdCompany(ctx);
  b = await createUsdCompany(ctx);
  programA = await createProgramVia(ctx, a.owner);
  programB = await createProgramVia(ctx, b.owner);
});
afterAll(() => ctx.close());

const shops = (c: TestCompany) => countRows(ctx.db, "shop_connections", "company_id = $1", [c.companyId]);
const order = (id: string, email = `${id.toLowerCase()}@example.com`) =>
  Buffer.from(
    JSON.stringify({
      type: "order.paid",
      order: { id, currency: "USD", customer: { email }, lines: [{ quantity: "1", amount: "10.00" }] },
    }),
  );

describe("creating a connection", () => {
  it("answers the connection with its absolute inbound URL and the secret, generated per platform", async () => {
    const generic = await connectShop(ctx, a, { platform: "generic", name: "Own", programId: programA });
    expect(generic.secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);
    expect(generic.shop).toMatchObject({
      platform: "generic",
      name: "Own",
      programId: programA,
      locationId: null,
      shopDomain: null,
      consentIds: [],
      status: "active",
      options: { acceptTestOrders: false, createMembers: true },
      inboundUrl: `${ctx.config.publicUrl}/api/v1/connect/${generic.shop.id}`,
      lastReceivedAt: null,
      counts: { received24h: 0, refused24h: 0 },
    });
    expect(generic.shop.inboundUrl).toMatch(/^https?:\/\/[^/]+\/api\/v1\/connect\/shp_/);
    const woo = await connectShop(ctx, a, { platform: "woocommerce", name: "Woo", programId: programA, shopDomain: "Shop.Example.com" });
    expect(woo.secret.length).toBeGreaterThanOrEqual(32);
    expect(woo.shop.shopDomain).toBe("shop.example.com");
    const shopify = await connectShop(ctx, a, {
      platform: "shopify",
      name: "Shopify",
      programId: programA,
      secret: "shpss_the_apps_client_secret",
    });
    expect(shopify.secret).toBe("shpss_the_apps_client_secret");
  });

  it("refuses bad input naming each field, and writes nothing", async () => {
    const before = await shops(a);
    const location = await createLocationVia(ctx, b.owner);
    const cases: [Record<string, unknown>, string[]][] = [
      [{ platform: "shopify", name: "No secret", programId: programA }, ["secret"]],
      [{ platform: "magento", name: "X", programId: programA }, ["platform"]],
      [{ platform: "generic", name: " ", programId: programA }, ["name"]],
      [{ platform: "generic", name: "X", programId: programB }, ["programId"]],
      [{ platform: "generic", name: "X", programId: programA, locationId: location }, ["locationId"]],
      [{ platform: "generic", name: "X", programId: programA, consentIds: ["cns_none", "cns_none"] }, ["consentIds"]],
      [{ platform: "generic", name: "X", programId: programA, consentIds: ["cns_none"] }, ["consentIds.0"]],
      [{ platform: "generic", name: "X", programId: programA, shopDomain: "https://shop.example.com/" }, ["shopDomain"]],
      [{ platform: "generic", name: "X", programId: programA, secret: "not-a-standard-webhooks-key" }, ["secret"]],
      [{ platform: "woocommerce", name: "X", programId: programA, secret: "short" }, ["secret"]],
      [{ platform: "generic", name: "X", programId: programA, options: { acceptTestOrders: "yes" } }, ["options.acceptTestOrders"]],
      [{ platform: "generic", name: "X", programId: programA, url: "https://x" }, ["url"]],
    ];
    for (const [body, paths] of cases) {
      const res = await call(ctx, { method: "POST", url: "/api/v1/shops", auth: a.owner, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toEqual(paths);
    }
    const shopify = await call(ctx, { method: "POST", url: "/api/v1/shops", auth: a.owner, body: cases[0]?.[0] });
    expect(shopify.data.error.details[0].code).toBe("shopify_secret_required");
    expect(await shops(a)).toBe(before);
  });
});

describe("secrets", () => {
  it("shows the secret to integrations.write, rotates it (the old one stops verifying), refuses rotating Shopify's", async () => {
    const { shop, secret } = await connectShop(ctx, a, { platform: "generic", name: "Rotating", programId: programA });
    const shown = await call(ctx, { method: "GET", url: `/api/v1/shops/${shop.id}/secret`, auth: a.owner });
    expect(shown.data).toEqual({ secret });
    const rotated = await call(ctx, { method: "POST", url: `/api/v1/shops/${shop.id}/rotate-secret`, auth: a.owner });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.data.secret).toMatch(/^whsec_/);
    expect(rotated.data.secret).not.toBe(secret);
    const body = order("ROT-1");
    expect((await deliver(ctx, shop.id, body, genericHeaders(secret, body))).statusCode).toBe(401);
    expect((await deliver(ctx, shop.id, body, genericHeaders(rotated.data.secret, body))).data.outcome).toBe("purchase_recorded");

    const shopify = await connectShop(ctx, a, {
      platform: "shopify",
      name: "App",
      programId: programA,
      secret: "shpss_first_client_secret",
    });
    const refused = await call(ctx, { method: "POST", url: `/api/v1/shops/${shopify.shop.id}/rotate-secret`, auth: a.owner });
    expect(refused.statusCode).toBe(422);
    expect(refused.data.error.details[0]).toMatchObject({ path: "platform", code: "shopify_secret_from_app" });
    // The app's new client secret is typed in instead.
    const typed = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/shops/${shopify.shop.id}`,
      auth: a.owner,
      body: { secret: "shpss_second_client_secret" },
    });
    expect(typed.statusCode).toBe(200);
    const paid = Buffer.from(
      `{"id": 5001, "currency": "USD", "email": "typed@example.com", "line_items": [{"price": "5.00", "quantity": 1}]}`,
    );
    expect((await deliver(ctx, shopify.shop.id, paid, shopifyHeaders("shpss_first_client_secret", paid, "orders/paid"))).statusCode).toBe(
      401,
    );
    expect(
      (await deliver(ctx, shopify.shop.id, paid, shopifyHeaders("shpss_second_client_secret", paid, "orders/paid"))).data.outcome,
    ).toBe("purchase_recorded");

    const log = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${shop.id}`, auth: a.owner });
    const actions = log.data.data.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(["shop_connection.created", "shop_connection.secret_revealed", "shop_connection.secret_rotated"]),
    );
    expect(log.body).not.toContain(secret);
    const patchLog = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${shopify.shop.id}`, auth: a.owner });
    expect(patchLog.body).not.toContain("shpss_second_client_secret");
  });
});

describe("pausing, deleting, the log", () => {
  it("a paused connection's URL answers 404 (logged as refused), a resumed one works, a deleted one answers 410", async () => {
    const { shop, secret } = await connectShop(ctx, a, { platform: "generic", name: "Pausing", programId: programA, status: "paused" });
    const body = order("P-1");
    const paused = await deliver(ctx, shop.id, body, genericHeaders(secret, body));
    expect(paused.statusCode).toBe(404);
    expect((await deliveriesOf(ctx, a, shop.id))[0]).toMatchObject({ outcome: "refused", detail: "connection_paused", httpStatus: 404 });
    await call(ctx, { method: "PATCH", url: `/api/v1/shops/${shop.id}`, auth: a.owner, body: { status: "active" } });
    expect((await deliver(ctx, shop.id, body, genericHeaders(secret, body))).data.outcome).toBe("purchase_recorded");

    const got = await call(ctx, { method: "GET", url: `/api/v1/shops/${shop.id}`, auth: a.owner });
    expect(got.data.counts).toEqual({ received24h: 2, refused24h: 1 });
    expect(got.data.lastReceivedAt).not.toBeNull();

    const removed = await call(ctx, { method: "DELETE", url: `/api/v1/shops/${shop.id}`, auth: a.owner });
    expect(removed.statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: `/api/v1/shops/${shop.id}`, auth: a.owner })).statusCode).toBe(404);
    const list = await call(ctx, { method: "GET", url: "/api/v1/shops?limit=200", auth: a.owner });
    expect(list.data.data.map((s: { id: string }) => s.id)).not.toContain(shop.id);
    const gone = await deliver(ctx, shop.id, order("P-2"), genericHeaders(secret, order("P-2")));
    expect(gone.statusCode).toBe(410);
    expect(gone.data.error.code).toBe("gone");
    const unknown = await deliver(ctx, "shp_00000000000000000000000000", body, genericHeaders(secret, body));
    expect(unknown.statusCode).toBe(404);
  });

  it("lists deliveries newest first, filtered by outcome, page by page", async () => {
    const { shop, secret } = await connectShop(ctx, a, { platform: "woocommerce", name: "Log", programId: programA });
    const ping = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/connect/${shop.id}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "webhook_id=7",
    });
    expect(ping.statusCode).toBe(200);
    const body = Buffer.from('{"id": 88}');
    await deliver(ctx, shop.id, body, wooHeaders("wrong-secret-wrong-secret", body, "order.deleted"));
    await deliver(ctx, shop.id, body, wooHeaders(secret, body, "coupon.created"));
    const all = await deliveriesOf(ctx, a, shop.id);
    expect(all.map((d) => [d.outcome, d.detail])).toEqual([
      ["ignored", "topic_not_handled: coupon.created"],
      ["refused", "signature_invalid"],
      ["ignored", "woocommerce_ping"],
    ]);
    expect((await deliveriesOf(ctx, a, shop.id, "?outcome=refused")).length).toBe(1);
    const first = await call(ctx, { method: "GET", url: `/api/v1/shops/${shop.id}/deliveries?limit=2`, auth: a.owner });
    expect(first.data.data).toHaveLength(2);
    const second = await call(ctx, {
      method: "GET",
      url: `/api/v1/shops/${shop.id}/deliveries?limit=2&cursor=${first.data.nextCursor}`,
      auth: a.owner,
    });
    expect(second.data.data.map((d: { detail: string }) => d.detail)).toEqual(["woocommerce_ping"]);
    expect(second.data.nextCursor).toBeNull();
    const bad = await call(ctx, { method: "GET", url: `/api/v1/shops/${shop.id}/deliveries?outcome=lost`, auth: a.owner });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details[0].path).toBe("query.outcome");
  });
});

describe("replays at once", () => {
  it("two copies of one webhook at the same moment record one purchase; the second is logged as a duplicate", async () => {
    const { shop, secret } = await connectShop(ctx, a, { platform: "generic", name: "Twice", programId: programA });
    const body = order("TWICE-1");
    const headers = genericHeaders(secret, body, "msg_twice");
    const answers = await Promise.all([deliver(ctx, shop.id, body, headers), deliver(ctx, shop.id, body, headers)]);
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    expect(answers.map((r) => r.data.outcome).sort()).toEqual(["duplicate", "purchase_recorded"]);
    expect(await countRows(ctx.db, "purchases", "company_id = $1 and receipt_number = $2", [a.companyId, "generic:TWICE-1"])).toBe(1);
    const [p] = await ctx.db.query<{ member_id: string }>("select member_id from purchases where company_id = $1 and receipt_number = $2", [
      a.companyId,
      "generic:TWICE-1",
    ]);
    const balance = await call(ctx, {
      method: "GET",
      url: `/api/v1/members/${p?.member_id}/balances?programId=${programA}`,
      auth: a.owner,
    });
    expect(balance.data.data[0].available).toBe(10);
  });

  it("answers a body without a content type as a refusal, not an error", async () => {
    const { shop } = await connectShop(ctx, a, { platform: "generic", name: "Bare", programId: programA });
    const res = await ctx.app.inject({ method: "POST", url: `/api/v1/connect/${shop.id}`, payload: Buffer.from("{}") });
    expect(res.statusCode).toBe(401);
  });
});

describe("isolation", () => {
  it("refuses a webhook to company A's URL signed with company B's secret, and B's secrets never open A's log", async () => {
    const shopA = await connectShop(ctx, a, { platform: "generic", name: "A's shop", programId: programA });
    const shopB = await connectShop(ctx, b, { platform: "generic", name: "B's shop", programId: programB });
    const body = order("ISO-1");
    const purchasesA = await countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]);
    const res = await deliver(ctx, shopA.shop.id, body, genericHeaders(shopB.secret, body));
    expect(res.statusCode).toBe(401);
    expect(await countRows(ctx.db, "purchases", "company_id = $1", [a.companyId])).toBe(purchasesA);
    expect(await countRows(ctx.db, "purchases", "company_id = $1", [b.companyId])).toBe(0);
    for (const url of [
      `/api/v1/shops/${shopA.shop.id}`,
      `/api/v1/shops/${shopA.shop.id}/deliveries`,
      `/api/v1/shops/${shopA.shop.id}/secret`,
    ]) {
      const foreign = await call(ctx, { method: "GET", url, auth: b.owner });
      expect(foreign.statusCode, url).toBe(404);
      expect(foreign.body).not.toContain(shopA.secret);
    }
    // B's own URL with B's secret works, into B's program only.
    expect((await deliver(ctx, shopB.shop.id, body, genericHeaders(shopB.secret, body))).data.outcome).toBe("purchase_recorded");
    expect(await countRows(ctx.db, "purchases", "company_id = $1", [b.companyId])).toBe(1);
  });
});
