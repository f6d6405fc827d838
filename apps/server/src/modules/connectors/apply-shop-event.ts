import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { programsOfCompany } from "../programs/programs.service.js";
import { listPurchases } from "../purchases/purchase-reads.js";
import { type Purchase, purchaseInput } from "../purchases/purchases.schemas.js";
import { recordPurchase } from "../purchases/record-purchase.js";
import { recordReturn } from "../purchases/record-return.js";
import { releaseReservationOfCancelledOrder, settleReservationOfPaidOrder } from "./checkout-hooks.js";
import type { Outcome } from "./connectors.schemas.js";
import { toPurchaseItems } from "./lines.js";
import type { ShopEvent, ShopOrder, ShopRefund } from "./shop-event.js";
import { memberOfCustomer } from "./shop-members.js";
import type { ShopRow } from "./shop-rows.js";

export interface Applied {
  outcome: Outcome;
  detail: string;
  purchaseId?: string | null;
  memberId?: string | null;
}

/** The actor of a shop's writes: the connection, for the audit log, the ledger and consent records. */
export function shopActor(shop: ShopRow): Actor {
  return {
    type: "system",
    id: shop.id,
    name: `E-shop: ${shop.name}`,
    companyId: shop.company_id,
    permissions: new Set(),
    locationIds: null,
    ip: "",
    requestId: `shop:${shop.id}`,
  };
}

// The domain keys of a shop's writes: the platform and its own ids. A purchase's receipt number is
// unique per program, a return's number per purchase: the same order, refund or cancellation
// again is a replay there, whatever the delivery log says.
const receiptOf = (shop: ShopRow, orderId: string) => `${shop.platform}:${orderId}`.slice(0, 100);
const refundNumberOf = (shop: ShopRow, refundId: string) => `${shop.platform}-refund:${refundId}`.slice(0, 100);
const cancelNumberOf = (shop: ShopRow, orderId: string) => `${shop.platform}-cancel:${orderId}`.slice(0, 100);

/** A refusal of the domain (another currency, a blocked card, a closed program) as the log's detail. */
function refusal(err: unknown, ids: { purchaseId?: string | null; memberId?: string | null } = {}): Applied {
  if (!(err instanceof AppError) || err.status >= 500) throw err;
  return { outcome: "failed", detail: `${err.code}: ${err.message}`, ...ids };
}

/**
 * The purchase of the shop's order: in the connection's program first, then in the company's other
 * programs (the connection's program may have changed since it was recorded). Each look is one hit
 * of the receipt's unique index (company, program, receipt); a company has a handful of programs.
 */
async function purchaseOfOrder(db: Db, actor: Actor, shop: ShopRow, orderId: string): Promise<Purchase | null> {
  const receiptNumber = receiptOf(shop, orderId);
  const find = async (programId: string) => (await listPurchases({ db, actor, limit: 1, programId, receiptNumber }))[0] ?? null;
  const found = await find(shop.program_id);
  if (found) return found;
  for (const program of await programsOfCompany(db, shop.company_id)) {
    if (program.id === shop.program_id) continue;
    const elsewhere = await find(program.id);
    if (elsewhere) return elsewhere;
  }
  return null;
}

export async function applyShopEvent(opts: { db: Db; shop: ShopRow; event: ShopEvent; now: Date }): Promise<Applied> {
  const { db, shop, event, now } = opts;
  const actor = shopActor(shop);
  switch (event.type) {
    case "ignored":
      return { outcome: "ignored", detail: event.detail };
    case "customer": {
      try {
        const m = await memberOfCustomer({ db, actor, shop, customer: event.customer });
        if (m.memberId === null) return { outcome: "ignored", detail: m.detail };
        const detail =
          m.consentsGranted > 0 ? `consents_granted: ${m.consentsGranted}` : m.created ? "card_created" : "card_found_by_email";
        return { outcome: m.created ? "member_created" : "member_updated", detail, memberId: m.memberId };
      } catch (err) {
        return refusal(err);
      }
    }
    case "refund": {
      const purchase = await purchaseOfOrder(db, actor, shop, event.orderId);
      if (!purchase) return { outcome: "ignored", detail: "no_purchase_for_order" };
      try {
        const done = await returnRefund(db, actor, shop, purchase, event.refund, now);
        return done
          ? { outcome: "return_recorded", detail: done, purchaseId: purchase.id, memberId: purchase.memberId }
          : { outcome: "ignored", detail: "refund_already_recorded_or_nothing_left", purchaseId: purchase.id, memberId: purchase.memberId };
      } catch (err) {
        return refusal(err, { purchaseId: purchase.id, memberId: purchase.memberId });
      }
    }
    case "order_cancelled": {
      const purchase = await purchaseOfOrder(db, actor, shop, event.orderId);
      await releaseReservationOfCancelledOrder({ db, companyId: shop.company_id, programId: shop.program_id, orderId: event.orderId });
      if (!purchase) return { outcome: "ignored", detail: "no_purchase_for_order" };
      try {
        const reversed = await reverse(db, actor, shop, purchase, event.orderId, now);
        return {
          outcome: reversed ? "reversed" : "ignored",
          detail: reversed ?? "already_reversed",
          purchaseId: purchase.id,
          memberId: purchase.memberId,
        };
      } catch (err) {
        return refusal(err, { purchaseId: purchase.id, memberId: purchase.memberId });
      }
    }
    case "order":
      return applyOrder(db, actor, shop, event, now);
  }
}

/**
 * An order's state as the shop sends it (WooCommerce's order.updated carries all of it): a paid
 * order becomes a purchase once, each refund in it a return once, a cancelled one is reversed.
 */
async function applyOrder(db: Db, actor: Actor, shop: ShopRow, event: Extract<ShopEvent, { type: "order" }>, now: Date): Promise<Applied> {
  const { order } = event;
  // Shopify's test orders (its Bogus gateway) are the merchant trying the shop: no points, unless
  // the connection says so (while setting the shop up).
  if (order.test && shop.options.acceptTestOrders !== true) return { outcome: "ignored", detail: "test_order" };
  // A cancelled order (paid or abandoned) gives back the points reserved at its checkout; a paid
  // one that is cancelled already is not settled first.
  if (event.cancelled)
    await releaseReservationOfCancelledOrder({ db, companyId: shop.company_id, programId: shop.program_id, orderId: order.id });
  let purchase = await purchaseOfOrder(db, actor, shop, order.id);
  let outcome: Applied = {
    outcome: "ignored",
    detail: purchase ? "purchase_already_recorded" : event.cancelled ? "no_purchase_for_order" : "order_not_paid",
  };
  if (!purchase && event.paid) {
    const recorded = await recordOrder(db, actor, shop, order, now);
    if ("outcome" in recorded) return recorded;
    purchase = recorded.purchase;
    outcome = { outcome: "purchase_recorded", detail: `points: ${purchase.points}` };
  }
  if (!purchase) return outcome;
  const ids = { purchaseId: purchase.id, memberId: purchase.memberId };
  try {
    // THE place where a paid order settles the points reserved at its checkout (checkout-hooks.ts).
    // On every paid delivery, not only the first: settling is idempotent, and a settle that failed
    // after the purchase was recorded is retried with the shop's retry.
    if (event.paid && !event.cancelled)
      await settleReservationOfPaidOrder({ db, companyId: shop.company_id, programId: purchase.programId, orderId: order.id });
    for (const refund of event.refunds) {
      const done = await returnRefund(db, actor, shop, purchase, refund, now);
      if (done) outcome = { outcome: "return_recorded", detail: done };
      purchase = (await purchaseOfOrder(db, actor, shop, order.id)) ?? purchase;
    }
    if (event.cancelled) {
      const reversed = await reverse(db, actor, shop, purchase, order.id, now);
      if (reversed) outcome = { outcome: "reversed", detail: reversed };
    }
  } catch (err) {
    return refusal(err, ids);
  }
  return { ...outcome, ...ids };
}

async function recordOrder(db: Db, actor: Actor, shop: ShopRow, order: ShopOrder, now: Date): Promise<{ purchase: Purchase } | Applied> {
  let memberId: string | null = null;
  try {
    const m = await memberOfCustomer({ db, actor, shop, customer: order.customer });
    if (m.memberId === null) return { outcome: "ignored", detail: m.detail };
    memberId = m.memberId;
    // The purchases module's own request schema, as a till's purchase meets it: the shop's lines
    // get the same limits (500 lines, quantities, label lengths, the sum) and are refused alike.
    const input = purchaseInput.safeParse({
      programId: shop.program_id,
      memberId,
      receiptNumber: receiptOf(shop, order.id),
      // The goods' money: shipping, fees and tips are not bought goods (docs/connectors.md).
      amount: { amount: order.amountMinor, currency: order.currency },
      items: toPurchaseItems(order.lines),
      locationId: shop.location_id,
    });
    if (!input.success) {
      const problem = input.error.issues[0];
      return { outcome: "failed", detail: `purchase_invalid: ${problem?.path.join(".")}: ${problem?.message}`, memberId };
    }
    const { purchase } = await recordPurchase({ db, actor, input: input.data, now });
    return { purchase };
  } catch (err) {
    return refusal(err, { memberId });
  }
}

/** A refund by amount (partial refunds too), at most what is left of the purchase; null when nothing was written. */
async function returnRefund(
  db: Db,
  actor: Actor,
  shop: ShopRow,
  purchase: Purchase,
  refund: ShopRefund,
  now: Date,
): Promise<string | null> {
  const returnNumber = refundNumberOf(shop, refund.id);
  if (purchase.returns.some((r) => r.returnNumber === returnNumber)) return null;
  // A refund of more than the goods (shipping refunded with them) takes back at most the rest.
  const amount = Math.min(refund.amountMinor, purchase.amount.amount - purchase.refunded.amount);
  if (amount <= 0) return null;
  const { return: ret } = await recordReturn({
    db,
    actor,
    purchaseId: purchase.id,
    input: { returnNumber, amount: { amount, currency: purchase.amount.currency } },
    now,
  });
  return `refunded: ${amount}, points: ${ret.points}`;
}

/** A cancelled order: what is left of its purchase is returned (once: the cancellation's return number). */
async function reverse(db: Db, actor: Actor, shop: ShopRow, purchase: Purchase, orderId: string, now: Date): Promise<string | null> {
  const returnNumber = cancelNumberOf(shop, orderId);
  if (purchase.returns.some((r) => r.returnNumber === returnNumber)) return null;
  const rest = purchase.amount.amount - purchase.refunded.amount;
  if (rest <= 0) return null;
  const { return: ret } = await recordReturn({
    db,
    actor,
    purchaseId: purchase.id,
    input: { returnNumber, amount: { amount: rest, currency: purchase.amount.currency } },
    now,
  });
  return `reversed: ${rest}, points: ${ret.points}`;
}
