import { z } from "zod";
import { minorDigits, toMinor } from "./payload.js";
import type { ShopCustomer, ShopEvent, ShopLine } from "./shop-event.js";

// The generic connector's JSON (docs/connectors.md has the reference and examples). Ids and money
// are strings ("1001", "12.30"); numbers are accepted too, kept exactly as sent (the body is read
// with lossless-json, numbers as their text), never through a float.

const text = (max: number) => z.string().trim().min(1, "is required").max(max, `must be at most ${max} characters`);
const optionalText = z.string().trim().max(200, "must be at most 200 characters").nullable().optional();
const decimal = z.string().regex(/^\d{1,15}(\.\d{1,12})?$/, "must be a decimal number as text, e.g. 12.30");
const currency = z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code in capitals, e.g. PLN");

const customer = z.strictObject({
  id: text(100).nullable().optional(),
  email: z.email("must be a valid e-mail address").max(254).nullable().optional(),
  firstName: optionalText,
  lastName: optionalText,
  phone: z.string().trim().max(40).nullable().optional(),
  acceptsMarketing: z.boolean().nullable().optional(),
});

const line = z.strictObject({
  sku: optionalText,
  name: optionalText,
  category: optionalText,
  producer: optionalText,
  quantity: z.string().regex(/^[1-9]\d{0,5}$/, "must be a whole number from 1"),
  amount: decimal.describe("what the customer paid for the line: all its units, after discounts, with tax"),
});

const order = z.strictObject({
  id: text(100),
  currency,
  lines: z.array(line).min(1, "must not be empty").max(500, "at most 500"),
  customer,
  test: z.boolean().optional(),
});

export const genericBody = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("order.paid"), order }),
  z.strictObject({ type: z.literal("order.cancelled"), orderId: text(100) }),
  z.strictObject({
    type: z.literal("order.refunded"),
    refund: z.strictObject({ id: text(100), orderId: text(100), amount: decimal, currency: currency.optional() }),
  }),
  z.strictObject({ type: z.enum(["customer.created", "customer.updated"]), customer: customer.extend({ id: text(100) }) }),
]);
export type GenericBody = z.infer<typeof genericBody>;

function toCustomer(c: z.infer<typeof customer>): ShopCustomer {
  return {
    id: c.id ?? null,
    email: c.email ?? null,
    firstName: c.firstName ?? "",
    lastName: c.lastName ?? "",
    phone: c.phone ?? null,
    acceptsMarketing: c.acceptsMarketing ?? null,
  };
}

/** The event of a body the schema accepted. */
export function genericEvent(body: GenericBody, shopCurrency: string): ShopEvent {
  switch (body.type) {
    case "order.paid": {
      const digits = minorDigits(body.order.currency);
      const lines: ShopLine[] = body.order.lines.map((l) => ({
        sku: l.sku ?? null,
        name: l.name ?? null,
        category: l.category ?? null,
        producer: l.producer ?? null,
        quantity: Number(l.quantity),
        amountMinor: toMinor(l.amount, digits) ?? 0,
      }));
      const o = body.order;
      return {
        type: "order",
        externalId: o.id,
        order: {
          id: o.id,
          currency: o.currency,
          amountMinor: lines.reduce((n, l) => n + l.amountMinor, 0),
          lines,
          customer: toCustomer(o.customer),
          test: o.test === true,
        },
        paid: true,
        cancelled: false,
        refunds: [],
      };
    }
    case "order.cancelled":
      return { type: "order_cancelled", externalId: body.orderId, orderId: body.orderId };
    case "order.refunded": {
      const { refund } = body;
      const amountMinor = toMinor(refund.amount, minorDigits(refund.currency ?? shopCurrency)) ?? 0;
      return {
        type: "refund",
        externalId: refund.orderId,
        orderId: refund.orderId,
        currency: refund.currency ?? null,
        refund: { id: refund.id, amountMinor },
      };
    }
    case "customer.created":
    case "customer.updated":
      return { type: "customer", externalId: body.customer.id, customer: toCustomer(body.customer) };
  }
}
