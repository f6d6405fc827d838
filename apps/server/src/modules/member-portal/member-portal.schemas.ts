import { z } from "zod";
import { HISTORY_FILTERS, OPERATION_KINDS } from "./history.js";
import { BARCODE_FORMATS } from "./portal-presentation.js";

const money = z.object({ amount: z.number().int().describe("minor units (grosze)"), currency: z.string() });
const tierSummary = z.object({ id: z.string(), name: z.string(), discountBp: z.number().int(), color: z.string() });

export const operation = z
  .object({
    id: z.string(),
    programId: z.string(),
    kind: z.enum(OPERATION_KINDS).describe("what caused it: the portal phrases it in the member's language"),
    points: z.number().int(),
    at: z.date(),
    locationId: z.string().nullable(),
    locationName: z.string().nullable(),
    amount: money.nullable().describe("purchases and returns: the receipt's money (a return's is negative)"),
    rewardId: z.string().nullable(),
    rewardNamePl: z.string().nullable(),
    rewardNameEn: z.string().nullable(),
    ruleName: z.string().nullable().describe("event points: the earning rule's name"),
    pendingUntil: z.date().nullable().describe("credits not spendable yet: from when"),
    expiresAt: z.date().nullable(),
  })
  .meta({ id: "PortalOperation" });

export const tierProgress = z.object({
  basis: z.enum(["points", "spend"]),
  period: z.enum(["rolling_days", "calendar_year", "lifetime"]),
  periodDays: z.number().int().nullable(),
  since: z.date().nullable(),
  current: z.number().int().describe("points, or spend in minor units, that count so far"),
  next: tierSummary.extend({ threshold: z.number().int() }).nullable(),
  needed: z.number().int().nullable().describe("still needed for the next tier; null at the top"),
});

/** One program on the member's home (the website widget shows the default one the same way). */
export const homeProgram = z
  .object({
    programId: z.string(),
    programName: z.string(),
    primaryColor: z.string(),
    isDefault: z.boolean(),
    available: z.number().int(),
    pending: z.number().int(),
    expiringSoon: z.number().int().describe("points expiring within 30 days"),
    expiring: z.array(z.object({ points: z.number().int(), lastDay: z.string(), expiresAt: z.date() })),
    tier: tierSummary.nullable(),
    progress: tierProgress.nullable(),
  })
  .meta({ id: "PortalHomeProgram" });

export const home = z
  .object({
    currency: z.string(),
    timeZone: z.string(),
    programs: z.array(homeProgram),
    lastOperations: z.array(operation),
  })
  .meta({ id: "PortalHome" });

export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(100).optional(),
  programId: z.string().max(100).optional(),
  kind: z.enum(Object.keys(HISTORY_FILTERS) as [keyof typeof HISTORY_FILTERS]).optional(),
});

export const historyPage = z.object({ data: z.array(operation), nextCursor: z.string().nullable() });

export const rewardsQuery = z.object({
  programId: z.string().max(100).optional(),
  category: z.string().max(100).optional(),
  affordable: z.enum(["true", "false"]).optional().describe("true: only what the member's points cover"),
});

const reason = z.object({
  code: z.string(),
  message: z.string(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

export const portalReward = z
  .object({
    rewardId: z.string(),
    programId: z.string(),
    programName: z.string(),
    namePl: z.string(),
    nameEn: z.string(),
    descriptionPl: z.string(),
    descriptionEn: z.string(),
    category: z.string(),
    kind: z.string(),
    fulfilment: z.enum(["pickup", "shipping", "none"]),
    pointsPrice: z.number().int(),
    imageUrls: z.array(z.string()),
    stock: z.number().int().nullable(),
    endsAt: z.date().nullable(),
    needsLocation: z.boolean().describe("the pickup location must be chosen when redeeming"),
    locations: z.array(z.object({ id: z.string(), name: z.string(), stock: z.number().int().nullable() })),
    available: z.boolean(),
    affordable: z.boolean(),
    missingPoints: z.number().int(),
    reasons: z.array(reason).describe("why it cannot be redeemed now (code: points, tier, ended, out_of_stock, shipping_only…)"),
  })
  .meta({ id: "PortalReward" });

export const rewardsList = z.object({ data: z.array(portalReward), categories: z.array(z.string()) });

export const redeemBody = z.strictObject({
  rewardId: z.string().min(1, "is required").max(100),
  quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(10).default(1),
  locationId: z.string().min(1).max(100).nullable().default(null),
});

/**
 * Required, but checked in the handler (requireIdempotencyKey): a request without a session or
 * CSRF token is refused for that first, whatever its headers.
 */
export const idempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(8, "must be at least 8 characters")
    .max(200)
    .optional()
    .describe("required: one per attempt, a retry with it answers the first"),
});

export const myRedemption = z
  .object({
    id: z.string(),
    programId: z.string(),
    rewardId: z.string(),
    rewardNamePl: z.string(),
    rewardNameEn: z.string(),
    imageUrl: z.string().nullable(),
    kind: z.string(),
    fulfilment: z.enum(["pickup", "shipping", "none"]),
    quantity: z.number().int(),
    points: z.number().int(),
    status: z.enum(["issued", "fulfilled", "cancelled"]),
    collected: z.enum(["collected", "shipped"]).nullable(),
    locationId: z.string().nullable(),
    locationName: z.string().nullable(),
    codes: z.array(z.object({ code: z.string(), expiresAt: z.date().nullable(), status: z.string() })),
    validUntil: z.date().nullable(),
    createdAt: z.date(),
    fulfilledAt: z.date().nullable(),
    cancelledAt: z.date().nullable(),
  })
  .meta({ id: "PortalRedemption" });

export const redeemResult = z.object({
  redemption: myRedemption,
  replayed: z.boolean(),
  balance: z.object({ available: z.number().int(), pending: z.number().int() }),
});

export const myRedemptionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(30),
  cursor: z.string().max(100).optional(),
  status: z.enum(["issued", "fulfilled", "cancelled"]).optional(),
});

export const myRedemptionsPage = z.object({ data: z.array(myRedemption), nextCursor: z.string().nullable() });

export const card = z
  .object({
    cardNumber: z.string(),
    firstName: z.string(),
    lastName: z.string(),
    barcodeFormat: z.enum(BARCODE_FORMATS),
    identifierLabel: z
      .object({ pl: z.string(), en: z.string() })
      .nullable()
      .describe("the company's name for the member identifier; null: the portal's own words"),
    balance: z
      .object({
        programId: z.string(),
        programName: z.string(),
        available: z.number().int(),
        pending: z.number().int(),
        tierName: z.string().nullable(),
      })
      .nullable(),
    asOf: z.date(),
  })
  .meta({ id: "PortalCard" });
