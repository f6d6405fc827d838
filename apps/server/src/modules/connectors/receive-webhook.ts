import { createHash } from "node:crypto";
import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { AppError, invalidFields } from "../../platform/errors.js";
import { decryptSecret } from "../../platform/secrets.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { applyShopEvent } from "./apply-shop-event.js";
import type { Outcome } from "./connectors.schemas.js";
import { parseShopWebhook } from "./parse-webhook.js";
import { processedDelivery, recordDelivery } from "./shop-deliveries.js";
import type { ShopRow } from "./shop-rows.js";
import { header, type InboundRequest, verifySignature } from "./verify-signature.js";

export interface InboundAnswer {
  outcome: Outcome;
  deliveryId: string | null;
  detail: string;
}

/** The connection of a public URL: its company first, through the global lookup row (DESIGN's rule). */
async function shopOfUrl(db: Db, shopId: string): Promise<ShopRow | null> {
  const [route] = await db.query<{ company_id: string }>(sql`select company_id from shop_connection_routes where shop_id = ${shopId}`);
  if (!route) return null;
  const [row] = await db.query<ShopRow>(sql`select * from shop_connections where company_id = ${route.company_id} and id = ${shopId}`);
  return row ?? null;
}

/** The platform's own id of this delivery (each names it differently), kept as sent. */
function platformDeliveryId(shop: ShopRow, req: InboundRequest): string | null {
  switch (shop.platform) {
    case "shopify":
      return header(req, "x-shopify-webhook-id") ?? header(req, "x-shopify-event-id");
    case "woocommerce":
      return header(req, "x-wc-webhook-delivery-id");
    case "shoper":
      return header(req, "x-webhook-id");
    case "generic":
      return header(req, "webhook-id");
  }
}

/**
 * One inbound webhook: find the connection, verify the platform's signature, refuse a replay by
 * its delivery key, map the payload to the domain (purchase, return, reversal, member) through
 * the owners' verbs, and write one line of the inbound log. The domain writes are idempotent by
 * the platform's own ids on their own (receipt "shopify:<order id>", return "shopify-refund:<id>"),
 * so a crash between them and the log line, or two copies at once, still changes nothing twice.
 */
export async function receiveWebhook(opts: {
  db: Db;
  config: Config;
  shopId: string;
  request: InboundRequest;
  now: Date;
}): Promise<InboundAnswer> {
  const { db, config, request: req, now } = opts;
  const shop = await shopOfUrl(db, opts.shopId);
  if (!shop) throw new AppError("not_found", "No shop connection at this address");
  if (shop.status === "deleted") throw new AppError("gone", "This shop connection was deleted: remove the webhook from the shop");
  const deliveryId = platformDeliveryId(shop, req);
  const base = { companyId: shop.company_id, shopId: shop.id, receivedAt: now, platformDeliveryId: deliveryId };
  let topic = topicOf(shop, req);

  if (shop.status === "paused") {
    await recordDelivery(db, {
      ...base,
      topic,
      deliveryKey: null,
      externalId: null,
      outcome: "refused",
      detail: "connection_paused",
      httpStatus: 404,
    });
    throw new AppError("not_found", "This shop connection is paused: resume it in Regulars to receive orders again");
  }

  // WooCommerce's first call to a new webhook: a form-encoded "webhook_id=<id>" with no signature.
  // It only proves the address answers; nothing else may be sent unsigned.
  if (shop.platform === "woocommerce" && isWooPing(req)) {
    const written = await recordDelivery(db, {
      ...base,
      topic: "ping",
      deliveryKey: null,
      externalId: null,
      outcome: "ignored",
      detail: "woocommerce_ping",
      httpStatus: 200,
    });
    return { outcome: "ignored", deliveryId: written.id, detail: "woocommerce_ping" };
  }

  const verdict = verifySignature(shop.platform, decryptSecret(config.secretKey, shop.secret_enc), req);
  if (!verdict.ok) {
    await recordDelivery(db, {
      ...base,
      topic,
      deliveryKey: null,
      externalId: null,
      outcome: "refused",
      detail: verdict.detail,
      httpStatus: 401,
    });
    throw new AppError(
      "webhook_signature_invalid",
      `The webhook's signature does not verify with this connection's secret (${verdict.detail})`,
    );
  }

  const parsed = parseShopWebhook(shop.platform, topic, req, (await getCompany(db, shop.company_id)).currency);
  if (parsed.kind === "unsupported_media_type") {
    await recordDelivery(db, {
      ...base,
      topic,
      deliveryKey: null,
      externalId: null,
      outcome: "refused",
      detail: parsed.detail,
      httpStatus: 415,
    });
    throw new AppError("unsupported_media_type", parsed.message);
  }
  if (parsed.kind === "event" && parsed.topic) topic = parsed.topic;
  const deliveryKey = deliveryId ?? `sha256:${createHash("sha256").update(topic).update("\n").update(req.raw).digest("hex")}`;
  const earlier = await processedDelivery(db, shop.company_id, shop.id, deliveryKey);
  if (earlier) {
    const written = await recordDelivery(db, {
      ...base,
      topic,
      deliveryKey,
      externalId: parsed.kind === "event" ? parsed.event.externalId : null,
      outcome: "duplicate",
      detail: `same delivery as ${earlier.id}`,
      purchaseId: earlier.purchase_id,
      memberId: earlier.member_id,
      httpStatus: 200,
    });
    return { outcome: "duplicate", deliveryId: written.id, detail: `same delivery as ${earlier.id}` };
  }
  if (parsed.kind === "invalid") {
    // Only the generic connector's body has a schema to break: its sender is told which fields.
    await recordDelivery(db, {
      ...base,
      topic,
      deliveryKey: null,
      externalId: null,
      outcome: "failed",
      detail: parsed.detail,
      httpStatus: 400,
    });
    throw invalidFields(parsed.details);
  }

  let result: Awaited<ReturnType<typeof applyShopEvent>>;
  try {
    result = await applyShopEvent({ db, shop, event: parsed.event, now });
  } catch (err) {
    // Not the content's fault (the database went away): the platform's retry may succeed. The
    // log line is best effort, the error is answered as such (500) so that the platform retries.
    await recordDelivery(db, {
      ...base,
      topic,
      deliveryKey: null,
      externalId: parsed.event.externalId,
      outcome: "failed",
      detail: "internal_error",
      httpStatus: 500,
    }).catch(() => undefined);
    throw err;
  }
  // A content the shop will send the same way again (another currency, a blocked card) is
  // answered 200 and logged as failed: a 4xx/5xx would only make the platform retry it, and
  // WooCommerce disables a webhook after five failures in a row, losing every later order.
  const written = await recordDelivery(db, {
    ...base,
    topic,
    deliveryKey: result.outcome === "failed" ? null : deliveryKey,
    externalId: parsed.event.externalId,
    outcome: result.outcome,
    detail: result.detail,
    purchaseId: result.purchaseId ?? null,
    memberId: result.memberId ?? null,
    httpStatus: 200,
  });
  return {
    outcome: written.outcome,
    deliveryId: written.id,
    detail: written.outcome === result.outcome ? result.detail : "delivery_already_processed",
  };
}

function topicOf(shop: ShopRow, req: InboundRequest): string {
  switch (shop.platform) {
    case "shopify":
      return header(req, "x-shopify-topic") ?? "";
    case "woocommerce":
      return header(req, "x-wc-webhook-topic") ?? "";
    case "shoper":
      return header(req, "x-webhook-name") ?? "";
    case "generic":
      // in the body (its `type`), read once it is verified
      return "";
  }
}

function isWooPing(req: InboundRequest): boolean {
  const type = header(req, "content-type")?.split(";")[0]?.trim().toLowerCase();
  return type === "application/x-www-form-urlencoded" && /^webhook_id=\d+$/.test(req.raw.toString("latin1").trim());
}
