import { z } from "zod";
import { money, purchaseLine } from "../purchases/purchases.schemas.js";

// Points at an e-shop's checkout (docs/checkout.md): the program's settings, the quote, reservations.

const wholeNumber = (min: number, max: number) =>
  z.number().int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
const minorUnits = z
  .number()
  .int("must be a whole number of minor units (e.g. grosze)")
  .min(0, "must not be negative")
  .max(100_000_000_000);
const sku = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");

export const checkoutProduct = z
  .object({
    sku,
    name: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
    /** Points for one item. */
    points: wholeNumber(1, 10_000_000),
    active: z.boolean().default(true),
  })
  .strict()
  .meta({ id: "CheckoutProduct", description: "a product the member may take for points instead of money" });

export const discountThreshold = z
  .object({ points: wholeNumber(1, 10_000_000), percent: wholeNumber(1, 100) })
  .strict()
  .meta({ id: "CheckoutDiscountThreshold", description: "spending `points` takes `percent` % off the basket" });

/**
 * The settings as PUT sends them. Lists come whole (the form edits them whole); the ordering rule
 * of thresholds (more points buy a bigger discount) is checked here, naming the entry at fault.
 */
export const checkoutSettingsInput = z
  .object({
    enabled: z.boolean(),
    minimumBasketMinor: minorUnits.describe("the basket's amount below which nothing is offered for points (0 = any basket)"),
    maxProductsPerOrder: wholeNumber(1, 1000).nullable().describe("items taken for points per order at most (null = no limit)"),
    maxPointsPerOrder: wholeNumber(1, 100_000_000).nullable().describe("points spent per order at most (null = no limit)"),
    feePerItemMinor: minorUnits.describe("money the member still pays for each item taken for points (0 = none)"),
    reservationMinutes: wholeNumber(1, 10_080).describe("how long reserved points wait for the order to be paid before they come back"),
    products: z.array(checkoutProduct).max(500, "must have at most 500 items"),
    discountThresholds: z.array(discountThreshold).max(20, "must have at most 20 items"),
  })
  .strict()
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.products.forEach((p, i) => {
      const key = p.sku.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: ["products", i, "sku"], message: "this SKU is already in the list" });
      seen.add(key);
    });
    s.discountThresholds.forEach((t, i) => {
      const before = s.discountThresholds[i - 1];
      if (!before) return;
      if (t.points <= before.points)
        ctx.addIssue({
          code: "custom",
          path: ["discountThresholds", i, "points"],
          message: "must be above the points of the threshold before it",
        });
      if (t.percent <= before.percent)
        ctx.addIssue({
          code: "custom",
          path: ["discountThresholds", i, "percent"],
          message: "must be above the percent of the threshold before it",
        });
    });
  });
export type CheckoutSettingsInput = z.infer<typeof checkoutSettingsInput>;

export const checkoutSettings = z
  .object({
    programId: z.string(),
    enabled: z.boolean(),
    minimumBasketMinor: z.number(),
    maxProductsPerOrder: z.number().nullable(),
    maxPointsPerOrder: z.number().nullable(),
    feePerItemMinor: z.number(),
    reservationMinutes: z.number(),
    products: z.array(z.object({ sku: z.string(), name: z.string(), points: z.number(), active: z.boolean() })),
    discountThresholds: z.array(z.object({ points: z.number(), percent: z.number() })),
    currency: z.string().describe("the company's currency, in which the money fields are"),
    updatedAt: z.date().nullable().describe("null: never saved (the defaults: switched off)"),
  })
  .meta({ id: "CheckoutSettings" });
export type CheckoutSettings = z.infer<typeof checkoutSettings>;

const memberRef = {
  memberId: z.string().min(1).max(100).optional(),
  cardNumber: z.string().trim().min(1).max(64).optional(),
};

function oneMember(p: { memberId?: string; cardNumber?: string }, ctx: z.RefinementCtx) {
  if (!p.memberId === !p.cardNumber) ctx.addIssue({ code: "custom", path: ["memberId"], message: "give either memberId or cardNumber" });
}

export const basket = z
  .object({
    amount: money.strict().describe("the basket's total before points (minor units)"),
    items: z.array(purchaseLine.strict()).max(500).default([]),
  })
  .strict()
  .meta({ id: "CheckoutBasket" });
export type Basket = z.infer<typeof basket>;

export const quoteRequest = z
  .object({ programId: z.string().min(1, "is required").max(100), ...memberRef, basket })
  .strict()
  .superRefine(oneMember);

const notOffered = z.object({ code: z.string(), message: z.string(), params: z.record(z.string(), z.number()).optional() });

export const checkoutQuote = z
  .object({
    programId: z.string(),
    memberId: z.string(),
    cardNumber: z.string(),
    availablePoints: z.number(),
    pointsCap: z.number().describe("points this order may take at most: the smaller of the balance and maxPointsPerOrder"),
    basketMinor: z.number(),
    currency: z.string(),
    limits: z.object({
      enabled: z.boolean(),
      minimumBasketMinor: z.number(),
      maxProductsPerOrder: z.number().nullable(),
      maxPointsPerOrder: z.number().nullable(),
      feePerItemMinor: z.number(),
      reservationMinutes: z.number(),
    }),
    notOffered: z.array(notOffered).describe("why nothing (checkout_disabled, basket_under_minimum) or little (no_points) is offered"),
    products: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        quantityInBasket: z.number(),
        unitPriceMinor: z.number(),
        pointsEach: z.number(),
        feeEachMinor: z.number(),
        maxQuantity: z.number().describe("how many of it may be taken for points, alone"),
        limitedBy: z
          .enum(["checkout_disabled", "basket_under_minimum", "points", "max_points", "max_products"])
          .nullable()
          .describe("why maxQuantity is under quantityInBasket"),
      }),
    ),
    discounts: z.array(
      z.object({
        points: z.number(),
        percent: z.number(),
        savesMinor: z.number().describe("the discount on this basket with no products taken for points"),
        reachable: z.boolean(),
        notReachableBecause: z.enum(["checkout_disabled", "basket_under_minimum", "points", "max_points"]).nullable(),
      }),
    ),
  })
  .meta({ id: "CheckoutQuote" });
export type CheckoutQuote = z.infer<typeof checkoutQuote>;

export const applyInput = z
  .object({
    products: z
      .array(z.object({ sku, quantity: wholeNumber(1, 1000) }).strict())
      .max(100)
      .default([])
      .superRefine((list, ctx) => {
        const seen = new Set<string>();
        list.forEach((p, i) => {
          if (seen.has(p.sku.toLowerCase())) ctx.addIssue({ code: "custom", path: [i, "sku"], message: "this SKU is already in the list" });
          seen.add(p.sku.toLowerCase());
        });
      }),
    discountPoints: wholeNumber(1, 100_000_000).nullable().optional().describe("the points of one of the program's discount thresholds"),
  })
  .strict();
export type ApplyInput = z.infer<typeof applyInput>;

export const reservationRequest = z
  .object({
    programId: z.string().min(1, "is required").max(100),
    ...memberRef,
    orderId: z.string().trim().min(1, "is required").max(200, "must be at most 200 characters"),
    basket,
    apply: applyInput,
  })
  .strict()
  .superRefine(oneMember);

export const reservation = z
  .object({
    id: z.string(),
    programId: z.string(),
    memberId: z.string(),
    orderId: z.string(),
    status: z.enum(["reserved", "settled", "released"]),
    releaseReason: z.enum(["abandoned", "expired"]).nullable(),
    points: z.number().describe("all points reserved: products + discount"),
    productPoints: z.number(),
    discountPoints: z.number(),
    discountPercent: z.number(),
    discountMinor: z.number().describe("money off: percent of the basket less the products taken for points, rounded down"),
    feesMinor: z.number(),
    basketMinor: z.number(),
    currency: z.string(),
    products: z.array(
      z.object({
        sku: z.string(),
        name: z.string(),
        quantity: z.number(),
        pointsEach: z.number(),
        points: z.number(),
        feeMinor: z.number(),
        valueMinor: z.number().describe("the basket money these items no longer cost"),
      }),
    ),
    toPayMinor: z.number().describe("what the member still pays: basket - products' value - discount + fees"),
    ledgerEntryId: z.string(),
    expiresAt: z.date(),
    createdAt: z.date(),
    settledAt: z.date().nullable(),
    releasedAt: z.date().nullable(),
  })
  .meta({ id: "CheckoutReservation" });
export type Reservation = z.infer<typeof reservation>;

export const reservationQuery = z.object({
  programId: z.string().max(100).optional(),
  memberId: z.string().max(100).optional(),
  status: z.enum(["reserved", "settled", "released"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});
