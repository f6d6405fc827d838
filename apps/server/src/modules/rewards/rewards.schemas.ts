import { z } from "zod";
import { detail, type ErrorDetail } from "../../platform/errors.js";

const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));
export const rewardKind = z.enum(["physical", "coupon", "free_product", "voucher", "custom"]);
export const stockMode = z.enum(["unlimited", "global", "per_location"]);

const rewardFields = {
  programId: z.string().min(1, "is required").max(100),
  namePl: z.string().trim().min(1, "is required").max(200),
  nameEn: z.string().trim().max(200),
  descriptionPl: z.string().trim().max(5000),
  descriptionEn: z.string().trim().max(5000),
  imageMediaIds: z.array(z.string().max(100)).max(10, "at most 10 images"),
  category: z.string().trim().max(100),
  kind: rewardKind,
  pointsPrice: z.number().int("must be a whole number").min(1, "must be at least 1").max(100_000_000),
  fulfilment: z.enum(["pickup", "shipping", "none"]),
  couponKind: z.enum(["percent", "amount"]).nullable(),
  couponValue: z.number().int().min(1).max(100_000_000).nullable(),
  couponMinOrderMinor: z.number().int().min(0).nullable(),
  productSku: z.string().trim().min(1).max(100).nullable(),
  voucherPoolId: z.string().max(100).nullable(),
  stockMode,
  lowStockThreshold: z.number().int().min(0).nullable(),
  startsAt: isoDateTime.nullable(),
  endsAt: isoDateTime.nullable(),
  tierIds: z.array(z.string().max(100)).max(100),
  locationIds: z.array(z.string().max(100)).max(500),
  limitPerMember: z.number().int().min(1).nullable(),
  limitPerPeriod: z.number().int().min(1).nullable(),
  limitPeriodDays: z.number().int().min(1).max(3650).nullable(),
  visibleInPortal: z.boolean(),
  sortOrder: z.number().int().min(-100_000).max(100_000),
  active: z.boolean(),
};

type RewardShape = { [K in keyof typeof rewardFields]?: z.infer<(typeof rewardFields)[K]> | undefined };

/** Rules each kind imposes; shared by create and the merged result of an update. */
export function rewardProblems(r: RewardShape): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (r.kind === "coupon") {
    if (!r.couponKind) out.push(detail("couponKind", "required_coupon"));
    if (!r.couponValue) out.push(detail("couponValue", "required_coupon"));
    if (r.couponKind === "percent" && (r.couponValue ?? 0) > 100) out.push(detail("couponValue", "percentage_max"));
  }
  if (r.kind === "voucher" && !r.voucherPoolId) out.push(detail("voucherPoolId", "required_voucher"));
  if (r.kind === "free_product" && !r.productSku) out.push(detail("productSku", "required_free_product"));
  if ((r.limitPerPeriod == null) !== (r.limitPeriodDays == null)) out.push(detail("limitPeriodDays", "both_limit_period"));
  if (r.startsAt && r.endsAt && r.endsAt <= r.startsAt) out.push(detail("endsAt", "after_starts_at"));
  return out;
}

export const rewardInput = z
  .strictObject({
    programId: rewardFields.programId,
    namePl: rewardFields.namePl,
    nameEn: rewardFields.nameEn.default(""),
    descriptionPl: rewardFields.descriptionPl.default(""),
    descriptionEn: rewardFields.descriptionEn.default(""),
    imageMediaIds: rewardFields.imageMediaIds.default([]),
    category: rewardFields.category.default(""),
    kind: rewardFields.kind,
    pointsPrice: rewardFields.pointsPrice,
    fulfilment: rewardFields.fulfilment.default("pickup"),
    couponKind: rewardFields.couponKind.default(null),
    couponValue: rewardFields.couponValue.default(null),
    couponMinOrderMinor: rewardFields.couponMinOrderMinor.default(null),
    productSku: rewardFields.productSku.default(null),
    voucherPoolId: rewardFields.voucherPoolId.default(null),
    stockMode: rewardFields.stockMode.default("unlimited"),
    initialStock: z
      .number()
      .int("must be a whole number")
      .min(0)
      .max(10_000_000)
      .optional()
      .describe("for stockMode global: the first delivery (required for a single stock)"),
    lowStockThreshold: rewardFields.lowStockThreshold.default(null),
    startsAt: rewardFields.startsAt.default(null),
    endsAt: rewardFields.endsAt.default(null),
    tierIds: rewardFields.tierIds.default([]),
    locationIds: rewardFields.locationIds.default([]),
    limitPerMember: rewardFields.limitPerMember.default(null),
    limitPerPeriod: rewardFields.limitPerPeriod.default(null),
    limitPeriodDays: rewardFields.limitPeriodDays.default(null),
    visibleInPortal: rewardFields.visibleInPortal.default(true),
    sortOrder: rewardFields.sortOrder.default(0),
    active: rewardFields.active.default(true),
  })
  .superRefine((r, ctx) => {
    for (const p of rewardProblems(r)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
    // A single stock starts with the quantity on hand: without it the reward would be sold out at once.
    if (r.stockMode === "global" && r.initialStock == null)
      ctx.addIssue({ code: "custom", path: ["initialStock"], message: "is required for a single stock" });
  });

export const rewardPatch = z.object(rewardFields).omit({ programId: true, kind: true, stockMode: true }).partial().strict();

export const reward = z
  .object({
    id: z.string(),
    programId: z.string(),
    namePl: z.string(),
    nameEn: z.string(),
    descriptionPl: z.string(),
    descriptionEn: z.string(),
    imageMediaIds: z.array(z.string()),
    imageUrls: z.array(z.string()),
    category: z.string(),
    kind: rewardKind,
    pointsPrice: z.number().int(),
    fulfilment: z.enum(["pickup", "shipping", "none"]),
    couponKind: z.enum(["percent", "amount"]).nullable(),
    couponValue: z.number().int().nullable(),
    couponMinOrderMinor: z.number().int().nullable(),
    productSku: z.string().nullable(),
    voucherPoolId: z.string().nullable(),
    stockMode,
    stock: z.number().int().nullable().describe("global stock; per location see locationStock; null = unlimited"),
    locationStock: z.array(z.object({ locationId: z.string(), stock: z.number().int() })),
    poolAvailable: z
      .number()
      .int()
      .nullable()
      .describe("an e-voucher's stock: the available, unexpired codes of its pool; null for other rewards"),
    lowStockThreshold: z.number().int().nullable(),
    startsAt: z.date().nullable(),
    endsAt: z.date().nullable(),
    tierIds: z.array(z.string()),
    locationIds: z.array(z.string()),
    limitPerMember: z.number().int().nullable(),
    limitPerPeriod: z.number().int().nullable(),
    limitPeriodDays: z.number().int().nullable(),
    visibleInPortal: z.boolean(),
    sortOrder: z.number().int(),
    active: z.boolean(),
    createdAt: z.date(),
  })
  .meta({ id: "Reward" });

export const stockChangeBody = z.strictObject({
  kind: z.enum(["delivery", "correction"]),
  quantity: z
    .number()
    .int("must be a whole number")
    .refine((n) => n !== 0, "must not be 0"),
  locationId: z.string().max(100).nullable().default(null),
  reason: z.string().trim().max(500).default(""),
});

export const stockMovement = z
  .object({
    id: z.string(),
    locationId: z.string().nullable(),
    kind: z.enum(["delivery", "correction", "redemption", "cancellation"]),
    quantity: z.number().int(),
    stockAfter: z.number().int(),
    reason: z.string().nullable(),
    redemptionId: z.string().nullable(),
    actorName: z.string(),
    occurredAt: z.date(),
  })
  .meta({ id: "StockMovement" });

export const rewardQuery = z.object({
  programId: z.string().max(100).optional(),
  q: z.string().max(200).optional(),
  category: z.string().max(100).optional(),
  kind: rewardKind.optional(),
  active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export type RewardInput = z.infer<typeof rewardInput>;
export type RewardPatch = z.infer<typeof rewardPatch>;
export type Reward = z.infer<typeof reward>;
