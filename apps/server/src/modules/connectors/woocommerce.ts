import { arrayAt, idAt, type Json, type JsonObject, minorDigits, moneyAt, objectAt, quantityAt, textAt } from "./payload.js";
import type { ShopCustomer, ShopEvent, ShopLine, ShopOrder } from "./shop-event.js";

// WooCommerce webhooks (topic in X-WC-Webhook-Topic): order.created, order.updated, order.restored,
// order.deleted, customer.created, customer.updated. Refunds come inside order.updated as
// refunds[] ({ id, total: "-5.00" }); order.deleted carries only { id }.

/** Statuses of an order whose money was taken (WooCommerce's "paid statuses", with refunded). */
const PAID_STATUSES = new Set(["processing", "completed", "refunded"]);

export function wooEvent(topic: string, body: Json): ShopEvent {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { type: "ignored", externalId: null, detail: "body_not_object" };
  const id = idAt(body, "id");
  switch (topic) {
    case "order.created":
    case "order.updated":
    case "order.restored": {
      const order = wooOrder(body);
      if (!order) return { type: "ignored", externalId: id, detail: "order_without_id_or_currency" };
      const status = textAt(body, "status") ?? "";
      const refunds = arrayAt(body, "refunds").flatMap((r) => {
        const refundId = idAt(r, "id");
        const total = moneyAt(r, "total", minorDigits(order.currency));
        return refundId && total !== null ? [{ id: refundId, amountMinor: Math.abs(total) }] : [];
      });
      return { type: "order", externalId: order.id, order, paid: PAID_STATUSES.has(status), cancelled: status === "cancelled", refunds };
    }
    case "order.deleted":
      return id
        ? { type: "order_cancelled", externalId: id, orderId: id }
        : { type: "ignored", externalId: null, detail: "order_without_id" };
    case "customer.created":
    case "customer.updated": {
      const billing = objectAt(body, "billing");
      const customer: ShopCustomer = {
        id,
        email: textAt(body, "email") ?? textAt(billing, "email"),
        firstName: textAt(body, "first_name") ?? textAt(billing, "first_name") ?? "",
        lastName: textAt(body, "last_name") ?? textAt(billing, "last_name") ?? "",
        phone: textAt(billing, "phone"),
        // WooCommerce's customers carry no marketing consent: nothing is granted from the shop.
        acceptsMarketing: null,
      };
      return id ? { type: "customer", externalId: id, customer } : { type: "ignored", externalId: null, detail: "customer_without_id" };
    }
    default:
      return { type: "ignored", externalId: id, detail: `topic_not_handled: ${topic || "none"}` };
  }
}

function wooOrder(body: JsonObject): ShopOrder | null {
  const id = idAt(body, "id");
  const currency = textAt(body, "currency");
  if (!id || !currency) return null;
  const digits = minorDigits(currency);
  const lines: ShopLine[] = [];
  for (const item of arrayAt(body, "line_items")) {
    const quantity = quantityAt(item, "quantity");
    // `total` is the line after coupons, before tax; with `total_tax` it is what the customer paid.
    const total = moneyAt(item, "total", digits);
    if (!quantity || total === null) continue;
    lines.push({
      sku: textAt(item, "sku"),
      name: textAt(item, "name"),
      category: null,
      producer: null,
      quantity,
      amountMinor: Math.max(0, total + (moneyAt(item, "total_tax", digits) ?? 0)),
    });
  }
  const billing = objectAt(body, "billing");
  const email = textAt(billing, "email");
  return {
    id,
    currency,
    amountMinor: lines.reduce((n, l) => n + l.amountMinor, 0),
    lines,
    customer: email
      ? {
          id: textAt(body, "customer_id") === "0" ? null : idAt(body, "customer_id"),
          email,
          firstName: textAt(billing, "first_name") ?? "",
          lastName: textAt(billing, "last_name") ?? "",
          phone: textAt(billing, "phone"),
          acceptsMarketing: null,
        }
      : null,
    test: false,
  };
}
