import { AppError, detail, type ErrorDetail } from "../../platform/errors.js";
import { fieldErrorText } from "../../platform/field-errors.js";
import type { ApplyInput, Basket, CheckoutQuote, CheckoutSettings, Reservation } from "./checkout.schemas.js";

/**
 * The figures of points at checkout, pure (no database): what a basket may take for points
 * (the quote) and what one choice costs (the reservation). Both use the same rules, so a quote
 * never offers what a reservation would refuse for a limit (only the balance may move between
 * the two: the ledger decides that under the member's lock).
 *
 * Rules (docs/checkout.md, "Limits"):
 * - nothing is offered when the program's switch is off or the basket is under the minimum;
 * - a product may be taken for points when it is in the basket and active in the settings' list,
 *   at most as many as the basket holds;
 * - the items taken for points per order are at most maxProductsPerOrder; the points per order
 *   (products and discount together) at most maxPointsPerOrder and never more than the balance;
 * - each item taken for points costs feePerItemMinor of money;
 * - one discount threshold per order: its percent off the basket less the items taken for points,
 *   rounded down to the minor unit.
 */

type Products = CheckoutSettings["products"];

/** The basket's quantity and value per SKU (a shop may list one SKU on several lines). */
function basketBySku(b: Basket): Map<string, { quantity: number; unitPrices: { quantity: number; price: number }[]; name: string | null }> {
  const out = new Map<string, { quantity: number; unitPrices: { quantity: number; price: number }[]; name: string | null }>();
  for (const line of b.items) {
    if (!line.sku) continue;
    const key = line.sku.toLowerCase();
    const at = out.get(key) ?? { quantity: 0, unitPrices: [], name: line.name ?? null };
    at.quantity += line.quantity;
    at.unitPrices.push({ quantity: line.quantity, price: line.unitPriceMinor });
    out.set(key, at);
  }
  return out;
}

/** The money `quantity` items of a SKU cost in the basket: its lines in order. */
function moneyOf(lines: { quantity: number; price: number }[], quantity: number): number {
  let left = quantity;
  let value = 0;
  for (const l of lines) {
    const take = Math.min(left, l.quantity);
    value += take * l.price;
    left -= take;
  }
  return value;
}

const activeProducts = (products: Products) => new Map(products.filter((p) => p.active).map((p) => [p.sku.toLowerCase(), p]));

const discountOf = (baseMinor: number, percent: number) => Math.floor((Math.max(0, baseMinor) * percent) / 100);

/** What a basket may take for points, and why not more; `available` is the member's balance. */
export function quoteBasket(
  s: CheckoutSettings,
  b: Basket,
  available: number,
): Pick<CheckoutQuote, "pointsCap" | "notOffered" | "products" | "discounts"> {
  const basketMinor = b.amount.amount;
  const notOffered: CheckoutQuote["notOffered"] = [];
  const closed = !s.enabled ? "checkout_disabled" : basketMinor < s.minimumBasketMinor ? "basket_under_minimum" : null;
  if (!s.enabled) notOffered.push({ code: "checkout_disabled", message: fieldErrorText("checkout_disabled") });
  else if (closed)
    notOffered.push({
      code: "basket_under_minimum",
      message: fieldErrorText("basket_under_minimum", { amount: s.minimumBasketMinor }),
      params: { minimumBasketMinor: s.minimumBasketMinor, missingMinor: s.minimumBasketMinor - basketMinor },
    });
  const balance = Math.max(0, available);
  if (!closed && balance === 0) notOffered.push({ code: "no_points", message: fieldErrorText("no_points") });
  const pointsCap = closed ? 0 : Math.min(balance, s.maxPointsPerOrder ?? Number.MAX_SAFE_INTEGER);
  const offered = activeProducts(s.products);
  const products: CheckoutQuote["products"] = [];
  for (const [key, inBasket] of basketBySku(b)) {
    const p = offered.get(key);
    if (!p) continue;
    const caps: [number, NonNullable<CheckoutQuote["products"][number]["limitedBy"]>][] = [
      [Math.floor(balance / p.points), "points"],
      [s.maxPointsPerOrder === null ? Number.MAX_SAFE_INTEGER : Math.floor(s.maxPointsPerOrder / p.points), "max_points"],
      [s.maxProductsPerOrder ?? Number.MAX_SAFE_INTEGER, "max_products"],
    ];
    let maxQuantity = inBasket.quantity;
    let limitedBy: CheckoutQuote["products"][number]["limitedBy"] = closed;
    if (closed) maxQuantity = 0;
    else
      for (const [cap, why] of caps)
        if (cap < maxQuantity) {
          maxQuantity = cap;
          limitedBy = why;
        }
    products.push({
      sku: p.sku,
      name: p.name,
      quantityInBasket: inBasket.quantity,
      unitPriceMinor: inBasket.unitPrices[0]?.price ?? 0,
      pointsEach: p.points,
      feeEachMinor: s.feePerItemMinor,
      maxQuantity,
      limitedBy,
    });
  }
  const discounts = s.discountThresholds.map((t) => {
    let why: CheckoutQuote["discounts"][number]["notReachableBecause"] = closed;
    if (!why && s.maxPointsPerOrder !== null && t.points > s.maxPointsPerOrder) why = "max_points";
    else if (!why && t.points > balance) why = "points";
    return {
      points: t.points,
      percent: t.percent,
      savesMinor: discountOf(basketMinor, t.percent),
      reachable: !why,
      notReachableBecause: why,
    };
  });
  return { pointsCap, notOffered, products, discounts };
}

export type ReservationFigures = Pick<
  Reservation,
  "points" | "productPoints" | "discountPoints" | "discountPercent" | "discountMinor" | "feesMinor" | "basketMinor" | "products"
>;

/**
 * The figures of one choice (`apply`), or a 422 naming each field at fault. The balance is not
 * checked here: the ledger's debit checks it under the member's lock.
 */
export function priceChoice(s: CheckoutSettings, b: Basket, apply: ApplyInput): ReservationFigures {
  const basketMinor = b.amount.amount;
  const refuse = (details: ErrorDetail[]) =>
    new AppError("unprocessable", details.map((d) => `${d.path}: ${d.message}`).join("; "), details);
  if (!s.enabled) throw refuse([detail("programId", "checkout_disabled")]);
  if (basketMinor < s.minimumBasketMinor)
    throw refuse([detail("basket.amount.amount", "basket_under_minimum", { amount: s.minimumBasketMinor })]);
  if (apply.products.length === 0 && !apply.discountPoints) throw refuse([detail("apply", "nothing_to_apply")]);
  const offered = activeProducts(s.products);
  const inBasket = basketBySku(b);
  const problems: ErrorDetail[] = [];
  const products: ReservationFigures["products"] = [];
  apply.products.forEach((choice, i) => {
    const p = offered.get(choice.sku.toLowerCase());
    const held = inBasket.get(choice.sku.toLowerCase());
    if (!p) problems.push(detail(`apply.products.${i}.sku`, "sku_not_for_points"));
    else if (!held || held.quantity < choice.quantity) problems.push(detail(`apply.products.${i}.quantity`, "sku_not_in_basket"));
    else
      products.push({
        sku: p.sku,
        name: p.name,
        quantity: choice.quantity,
        pointsEach: p.points,
        points: p.points * choice.quantity,
        feeMinor: s.feePerItemMinor * choice.quantity,
        valueMinor: moneyOf(held.unitPrices, choice.quantity),
      });
  });
  const threshold = apply.discountPoints ? s.discountThresholds.find((t) => t.points === apply.discountPoints) : undefined;
  if (apply.discountPoints && !threshold) problems.push(detail("apply.discountPoints", "discount_threshold_unknown"));
  if (problems.length > 0) throw refuse(problems);
  const items = products.reduce((n, p) => n + p.quantity, 0);
  if (s.maxProductsPerOrder !== null && items > s.maxProductsPerOrder)
    throw refuse([detail("apply.products", "max_products_exceeded", { max: s.maxProductsPerOrder })]);
  const productPoints = products.reduce((n, p) => n + p.points, 0);
  const discountPoints = threshold?.points ?? 0;
  const points = productPoints + discountPoints;
  if (s.maxPointsPerOrder !== null && points > s.maxPointsPerOrder)
    throw refuse([detail("apply", "max_points_exceeded", { max: s.maxPointsPerOrder })]);
  const productsValue = products.reduce((n, p) => n + p.valueMinor, 0);
  return {
    points,
    productPoints,
    discountPoints,
    discountPercent: threshold?.percent ?? 0,
    discountMinor: threshold ? discountOf(basketMinor - productsValue, threshold.percent) : 0,
    feesMinor: products.reduce((n, p) => n + p.feeMinor, 0),
    basketMinor,
    products,
  };
}
