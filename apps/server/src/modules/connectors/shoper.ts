import { spreadDiscount } from "./lines.js";
import { arrayAt, boolAt, idAt, type Json, type JsonObject, minorDigits, moneyAt, objectAt, quantityAt, textAt } from "./payload.js";
import type { ShopCustomer, ShopEvent, ShopLine, ShopOrder } from "./shop-event.js";

// Shoper webhooks (event in X-Webhook-Name; JSON chosen as the format in the shop's webhook
// settings). Shoper publishes no example body: the fields read here are those of its REST API's
// order and user resources (order_id, sum, shipping_cost, currency_name, email, billingAddress,
// products[] with code, name, price, quantity; user_id, email, firstname, lastname, newsletter).
// order.paid → purchase; order.delete → reversal; client.create / client.edit → member. Shoper
// sends no refund event: a refund is recorded by hand in Regulars (or through the generic connector).

export function shoperEvent(topic: string, body: Json, shopCurrency: string): ShopEvent {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { type: "ignored", externalId: null, detail: "body_not_object" };
  const orderId = idAt(body, "order_id") ?? idAt(body, "id");
  switch (topic) {
    case "order.paid": {
      const order = shoperOrder(body, shopCurrency);
      if (!order) return { type: "ignored", externalId: orderId, detail: "order_without_id" };
      return { type: "order", externalId: order.id, order, paid: true, cancelled: false, refunds: [] };
    }
    case "order.delete":
      return orderId
        ? { type: "order_cancelled", externalId: orderId, orderId }
        : { type: "ignored", externalId: null, detail: "order_without_id" };
    case "client.create":
    case "client.edit": {
      const id = idAt(body, "user_id") ?? idAt(body, "client_id") ?? idAt(body, "id");
      const address = objectAt(body, "billingAddress") ?? objectAt(body, "address");
      const customer: ShopCustomer = {
        id,
        email: textAt(body, "email"),
        firstName: textAt(body, "firstname") ?? textAt(address, "firstname") ?? "",
        lastName: textAt(body, "lastname") ?? textAt(address, "lastname") ?? "",
        phone: textAt(body, "phone") ?? textAt(address, "phone"),
        acceptsMarketing: boolAt(body, "newsletter"),
      };
      return id ? { type: "customer", externalId: id, customer } : { type: "ignored", externalId: null, detail: "customer_without_id" };
    }
    default:
      return { type: "ignored", externalId: orderId, detail: `topic_not_handled: ${topic || "none"}` };
  }
}

function shoperOrder(body: JsonObject, shopCurrency: string): ShopOrder | null {
  const id = idAt(body, "order_id") ?? idAt(body, "id");
  if (!id) return null;
  // currency_name when the shop sells in several currencies; otherwise the shop's own, taken to be the program's.
  const named = textAt(body, "currency_name");
  const currency = named && /^[A-Z]{3}$/.test(named) ? named : shopCurrency;
  const digits = minorDigits(currency);
  const lines: ShopLine[] = [];
  for (const item of arrayAt(body, "products")) {
    const quantity = quantityAt(item, "quantity");
    const price = moneyAt(item, "price", digits);
    if (!quantity || price === null) continue;
    lines.push({
      sku: textAt(item, "code"),
      name: textAt(item, "name"),
      category: null,
      producer: null,
      quantity,
      amountMinor: price * quantity,
    });
  }
  // `sum` is what the customer pays, shipping included: the goods' part is sum - shipping_cost;
  // a discount code lowers it below the lines, and is spread over them.
  const sum = moneyAt(body, "sum", digits);
  const shipping = moneyAt(body, "shipping_cost", digits) ?? 0;
  const linesTotal = lines.reduce((n, l) => n + l.amountMinor, 0);
  const spread = sum === null ? lines : spreadDiscount(lines, linesTotal - (sum - shipping));
  const billing = objectAt(body, "billingAddress");
  const email = textAt(body, "email");
  return {
    id,
    currency,
    amountMinor: spread.reduce((n, l) => n + l.amountMinor, 0),
    lines: spread,
    customer: email
      ? {
          id: idAt(body, "user_id"),
          email,
          firstName: textAt(billing, "firstname") ?? "",
          lastName: textAt(billing, "lastname") ?? "",
          phone: textAt(billing, "phone"),
          acceptsMarketing: null,
        }
      : null,
    test: false,
  };
}
