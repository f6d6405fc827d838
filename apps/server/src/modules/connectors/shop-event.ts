/**
 * What a webhook means, whatever the platform: the adapters (shopify.ts, woocommerce.ts,
 * shoper.ts, generic.ts) turn payloads into these, and apply-shop-event.ts turns these into
 * purchases, returns, reversals and members. Ids are the shop's own, as text; money is in minor
 * units of `currency`, parsed from decimal strings without floats.
 */
export interface ShopCustomer {
  id: string | null;
  email: string | null;
  firstName: string;
  lastName: string;
  phone: string | null;
  /** true: the shop says the customer accepts marketing; false: says not; null: says nothing. */
  acceptsMarketing: boolean | null;
}

export interface ShopLine {
  sku: string | null;
  name: string | null;
  category: string | null;
  producer: string | null;
  quantity: number;
  /** What the customer paid for the line (after its discounts, with tax), in minor units. */
  amountMinor: number;
}

export interface ShopRefund {
  id: string;
  amountMinor: number;
}

export interface ShopOrder {
  id: string;
  currency: string;
  /** The goods' total: the lines' sum (shipping, fees and tips are not bought goods). */
  amountMinor: number;
  lines: ShopLine[];
  customer: ShopCustomer | null;
  test: boolean;
}

export type ShopEvent =
  | {
      type: "order";
      externalId: string;
      order: ShopOrder;
      /** Money was taken: the order is a purchase. */
      paid: boolean;
      /** Cancelled (or voided, deleted): what is left of its purchase is returned. */
      cancelled: boolean;
      refunds: ShopRefund[];
    }
  | { type: "refund"; externalId: string; orderId: string; currency: string | null; refund: ShopRefund }
  | { type: "order_cancelled"; externalId: string; orderId: string }
  | { type: "customer"; externalId: string; customer: ShopCustomer }
  | { type: "ignored"; externalId: string | null; detail: string };
