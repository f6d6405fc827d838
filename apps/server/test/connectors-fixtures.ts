import { createHash, createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Webhook } from "standardwebhooks";
import { createCompany } from "../src/modules/companies/companies.service.js";
import { insertStaffAccount } from "../src/modules/staff/staff.service.js";
import { call, login, PASSWORD, type TestCompany, type TestContext, unique } from "./harness.js";

// Helpers of the connectors' tests: the platforms' published payloads (copied unchanged from the
// shared fixtures: CI runs on a clean clone) and their documented signature schemes, computed here
// as each platform computes them (no platform publishes a secret/body/signature triple).

export type Fixture = "shopify-orders-paid" | "shopify-refunds-create" | "woocommerce-order.created" | "woocommerce-order.updated";

/** The fixture's bytes exactly as published: the signature covers them as they are. */
export const fixture = (name: Fixture): Buffer => readFileSync(new URL(`./fixtures/ecommerce/${name}.json`, import.meta.url));

/**
 * A fixture with some of its text replaced (a variant the platform would send in another state),
 * by string replacement so the big ids stay as published (JSON.parse would round them).
 */
export function variant(name: Fixture, replacements: [string | RegExp, string][]): Buffer {
  let text = fixture(name).toString("utf8");
  for (const [from, to] of replacements) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`variant of ${name}: ${String(from)} not found`);
    text = next;
  }
  return Buffer.from(text, "utf8");
}

/** Shopify: X-Shopify-Hmac-Sha256 = base64(HMAC-SHA256(app client secret, raw body)). */
export function shopifyHeaders(secret: string, body: Buffer, topic: string, webhookId = randomBytes(8).toString("hex")) {
  return {
    "content-type": "application/json",
    "x-shopify-topic": topic,
    "x-shopify-hmac-sha256": createHmac("sha256", secret).update(body).digest("base64"),
    "x-shopify-shop-domain": "jsmith.myshopify.com",
    "x-shopify-api-version": "2026-07",
    "x-shopify-webhook-id": webhookId,
    "x-shopify-triggered-at": new Date().toISOString(),
  };
}

/** WooCommerce: X-WC-Webhook-Signature = base64(HMAC-SHA256(webhook secret, JSON body)). */
export function wooHeaders(secret: string, body: Buffer, topic: string, deliveryId = randomBytes(8).toString("hex")) {
  const [resource, event] = topic.split(".");
  return {
    "content-type": "application/json",
    "x-wc-webhook-source": "https://shop.example.com/",
    "x-wc-webhook-topic": topic,
    "x-wc-webhook-resource": resource ?? "",
    "x-wc-webhook-event": event ?? "",
    "x-wc-webhook-signature": createHmac("sha256", secret).update(body).digest("base64"),
    "x-wc-webhook-id": "42",
    "x-wc-webhook-delivery-id": deliveryId,
  };
}

/**
 * Shoper (dreamcommerce/appstore-bundle, ValidatorAbstract.php): X-Webhook-Sha1 =
 * lowercase hex sha1(X-Webhook-Id + ":" + secret + ":" + raw body); event in X-Webhook-Name.
 */
export function shoperHeaders(
  secret: string,
  body: Buffer,
  event: string,
  webhookId = randomBytes(8).toString("hex"),
  contentType = "application/json",
) {
  return {
    "content-type": contentType,
    "x-webhook-id": webhookId,
    "x-webhook-name": event,
    "x-webhook-sha1": createHash("sha1").update(`${webhookId}:${secret}:`).update(body).digest("hex"),
  };
}

/** The generic connector: Standard Webhooks, signed by the reference library with the whsec_ secret. */
export function genericHeaders(secret: string, body: Buffer, id = `msg_${randomBytes(8).toString("hex")}`, at = new Date()) {
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(Math.floor(at.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(id, at, body.toString("utf8")),
  };
}

/** POSTs raw bytes to a shop's inbound URL through the real app. */
export async function deliver(ctx: TestContext, shopId: string, body: Buffer | string, headers: Record<string, string>) {
  const res = await ctx.app.inject({ method: "POST", url: `/api/v1/connect/${shopId}`, headers, payload: body });
  return Object.assign(res, { data: res.body ? JSON.parse(res.body) : null });
}

/** A company counting US dollars (the fixtures' currency), with a signed-in owner. */
export async function createUsdCompany(ctx: TestContext): Promise<TestCompany> {
  const ownerEmail = `${unique("owner")}@example.com`;
  const ownerId = await ctx.db.transaction((tx) => insertStaffAccount(tx, { email: ownerEmail, name: "Owner Test", password: PASSWORD }));
  const company = await createCompany({
    db: ctx.db,
    staffId: ownerId,
    staffName: "Owner Test",
    ip: "127.0.0.1",
    requestId: "test",
    input: { name: `Shop company ${unique()}`, currency: "USD", language: "en" },
  });
  return { companyId: company.id, ownerId, ownerEmail, owner: await login(ctx, ownerEmail, PASSWORD) };
}

export async function connectShop(ctx: TestContext, company: TestCompany, body: Record<string, unknown>) {
  const res = await call(ctx, { method: "POST", url: "/api/v1/shops", auth: company.owner, body });
  if (res.statusCode !== 201) throw new Error(`connect shop: ${res.statusCode} ${res.body}`);
  return res.data as { shop: { id: string; inboundUrl: string; [field: string]: any }; secret: string };
}

export async function deliveriesOf(ctx: TestContext, company: TestCompany, shopId: string, query = ""): Promise<any[]> {
  const res = await call(ctx, { method: "GET", url: `/api/v1/shops/${shopId}/deliveries${query}`, auth: company.owner });
  return res.data.data;
}

export async function purchaseByReceipt(ctx: TestContext, company: TestCompany, receiptNumber: string) {
  const res = await call(ctx, {
    method: "GET",
    url: `/api/v1/purchases?receiptNumber=${encodeURIComponent(receiptNumber)}`,
    auth: company.owner,
  });
  return res.data.data as any[];
}
