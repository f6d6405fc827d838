import { spreadDiscount } from "./lines.js";
import { arrayAt, boolAt, idAt, type Json, type JsonObject, minorDigits, moneyAt, objectAt, quantityAt, textAt } from "./payload.js";
import type { ShopCustomer, ShopEvent, ShopLine, ShopOrder } from "./shop-event.js";

// Shopify webhooks (topic in X-Shopify-Topic): orders/paid, orders/create, orders/updated,
// orders/cancelled, refunds/create, customers/create, customers/update. Amounts are the shop's
// money (`price`, `total_discounts`: the shop's currency, `currency`), not the presentment money.

const PAID_STATUSES = new Set(["paid", "partially_refunded", "refunded"]);

export function shopifyEvent(topic: string, body: Json, shopCurrency: string): ShopEvent {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { type: "ignored", externalId: null, detail: "body_not_object" };
  const id = idAt(body, "id");
  switch (topic) {
    case "orders/paid":
    case "orders/create":
    case "orders/updated":
    case "orders/cancelled": {
      const order = shopifyOrder(body);
      if (!order) return { type: "ignored", externalId: id, detail: "order_without_id_or_currency" };
      const status = textAt(body, "financial_status");
      // The sample of orders/paid says "voided" and carries a cancellation: the topic says money
      // was taken, the payload that the order was cancelled since; both hold (record, then reverse).
      const cancelled = textAt(body, "cancelled_at") !== null || status === "voided";
      if (topic === "orders/cancelled") return { type: "order_cancelled", externalId: order.id, orderId: order.id };
      const paid = topic === "orders/paid" || (status !== null && PAID_STATUSES.has(status));
      return { type: "order", externalId: order.id, order, paid, cancelled, refunds: refundsOf(body, order.currency) };
    }
    case "refunds/create": {
      const orderId = idAt(body, "order_id");
      if (!id || !orderId) return { type: "ignored", externalId: id, detail: "refund_without_ids" };
      return {
        type: "refund",
        externalId: orderId,
        orderId,
        currency: null,
        refund: { id, amountMinor: refundAmount(body, shopCurrency) },
      };
    }
    case "customers/create":
    case "customers/update": {
      const customer = shopifyCustomer(body, null);
      return customer.id
        ? { type: "customer", externalId: customer.id, customer }
        : { type: "ignored", externalId: null, detail: "customer_without_id" };
    }
    default:
      return { type: "ignored", externalId: id, detail: `topic_not_handled: ${topic || "none"}` };
  }
}

/**
 * Shopify's marketing consent: email_marketing_consent.state ("subscribed", "not_subscribed",
 * "unsubscribed", "pending"…) where given, else the older accepts_marketing flag, else the order's
 * buyer_accepts_marketing.
 */
function acceptsMarketing(customer: JsonObject | null, order: JsonObject | null): boolean | null {
  const state = textAt(objectAt(customer, "email_marketing_consent"), "state");
  if (state) return state === "subscribed";
  return boolAt(customer, "accepts_marketing") ?? boolAt(order, "buyer_accepts_marketing");
}

/**
 * The customer of an order is its customer account (customer.email), not the order's contact
 * e-mail (the sample's root `email` differs): the account is who collects the points; a guest
 * checkout without an account falls back to the order's e-mail.
 */
function shopifyCustomer(customer: JsonObject, order: JsonObject | null): ShopCustomer {
  const address = objectAt(customer, "default_address");
  return {
    id: idAt(customer, "id"),
    email: textAt(customer, "email") ?? textAt(order, "email") ?? textAt(order, "contact_email"),
    firstName: textAt(customer, "first_name") ?? "",
    lastName: textAt(customer, "last_name") ?? "",
    phone: textAt(customer, "phone") ?? textAt(address, "phone"),
    acceptsMarketing: acceptsMarketing(customer, order),
  };
}

function shopifyOrder(body: JsonObject): ShopOrder | null {
  const id = idAt(body, "id");
  const currency = textAt(body, "currency");
  if (!id || !currency) return null;
  const digits = minorDigits(currency);
  const taxesIncluded = boolAt(body, "taxes_included") === true;
  const sum = (items: JsonObject[], key: string) => items.reduce((n, x) => n + (moneyAt(x, key, digits) ?? 0), 0);
  let allocated = 0;
  const lines: ShopLine[] = [];
  for (const item of arrayAt(body, "line_items")) {
    const quantity = quantityAt(item, "quantity");
    const price = moneyAt(item, "price", digits);
    // A gift card sold is money paid in advance: its points come when the card is spent.
    if (!quantity || price === null || boolAt(item, "gift_card") === true) continue;
    const discount = sum(arrayAt(item, "discount_allocations"), "amount");
    allocated += discount;
    const tax = taxesIncluded ? 0 : sum(arrayAt(item, "tax_lines"), "price");
    lines.push({
      sku: textAt(item, "sku"),
      name: textAt(item, "name") ?? textAt(item, "title"),
      category: null,
      producer: textAt(item, "vendor"),
      quantity,
      amountMinor: Math.max(0, price * quantity - discount + tax),
    });
  }
  // Discounts not allocated to lines (the sample's total_discounts has no allocations) are spread
  // over the lines; those on shipping are the shipping's, left out with it.
  const onShipping = arrayAt(body, "shipping_lines").reduce((n, s) => n + sum(arrayAt(s, "discount_allocations"), "amount"), 0);
  const unallocated = (moneyAt(body, "total_discounts", digits) ?? 0) - allocated - onShipping;
  const spread = spreadDiscount(lines, unallocated);
  const customerBody = objectAt(body, "customer");
  return {
    id,
    currency,
    amountMinor: spread.reduce((n, l) => n + l.amountMinor, 0),
    lines: spread,
    customer: customerBody ? shopifyCustomer(customerBody, body) : guest(body),
    test: boolAt(body, "test") === true,
  };
}

function guest(order: JsonObject): ShopCustomer | null {
  const email = textAt(order, "email") ?? textAt(order, "contact_email");
  if (!email) return null;
  const billing = objectAt(order, "billing_address");
  return {
    id: null,
    email,
    firstName: textAt(billing, "first_name") ?? "",
    lastName: textAt(billing, "last_name") ?? "",
    phone: textAt(order, "phone"),
    acceptsMarketing: boolAt(order, "buyer_accepts_marketing"),
  };
}

/**
 * A refund's money: its successful refund transactions (`transactions[].amount`, whose currency the
 * sample leaves null: the shop's, taken to be the program's), less what refunded shipping (not goods, not in the purchase).
 */
function refundAmount(refund: JsonObject, currency: string): number {
  const digits = minorDigits(currency);
  const paid = arrayAt(refund, "transactions")
    .filter((t) => textAt(t, "kind") === "refund" && (textAt(t, "status") ?? "success") === "success")
    .reduce((n, t) => n + (moneyAt(t, "amount", digits) ?? 0), 0);
  const shipping = arrayAt(refund, "refund_shipping_lines").reduce(
    (n, s) => n + (moneyAt(objectAt(objectAt(s, "subtotal_amount_set"), "shop_money"), "amount", digits) ?? 0),
    0,
  );
  return Math.max(0, paid - shipping);
}

function refundsOf(order: JsonObject, currency: string) {
  return arrayAt(order, "refunds").flatMap((r) => {
    const id = idAt(r, "id");
    return id ? [{ id, amountMinor: refundAmount(r, currency) }] : [];
  });
}
