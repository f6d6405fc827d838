import { z } from "zod";

export const redeemBody = z.strictObject({
  memberId: z.string().min(1, "is required").max(100),
  rewardId: z.string().min(1, "is required").max(100),
  quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(100).default(1),
  locationId: z.string().max(100).nullable().default(null),
  note: z.string().trim().max(500).default(""),
});

export const redemption = z
  .object({
    id: z.string(),
    programId: z.string(),
    memberId: z.string(),
    rewardId: z.string(),
    rewardName: z.string(),
    quantity: z.number().int(),
    points: z.number().int(),
    status: z.enum(["issued", "fulfilled", "cancelled"]),
    fulfilment: z.enum(["collected", "shipped"]).nullable(),
    locationId: z.string().nullable(),
    note: z.string(),
    codes: z.array(z.string()).describe("electronic voucher codes issued with it"),
    discountBp: z.number().int().describe("the member's tier discount at the moment of redemption, for the counter"),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    fulfilledAt: z.date().nullable(),
    cancelledAt: z.date().nullable(),
    cancelReason: z.string().nullable(),
  })
  .meta({ id: "Redemption" });

export const redeemResult = z.object({
  redemption,
  replayed: z.boolean(),
  balance: z.object({ available: z.number().int(), pending: z.number().int() }),
});

export const fulfilBody = z.strictObject({ method: z.enum(["collected", "shipped"]) });
export const cancelBody = z.strictObject({ reason: z.string().trim().min(3, "is required (at least 3 characters)").max(500) });

export const redemptionQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  memberId: z.string().max(100).optional(),
  rewardId: z.string().max(100).optional(),
  status: z.enum(["issued", "fulfilled", "cancelled"]).optional(),
  locationId: z.string().max(100).optional(),
});

export const memberReward = z
  .object({
    rewardId: z.string(),
    namePl: z.string(),
    nameEn: z.string(),
    kind: z.string(),
    pointsPrice: z.number().int(),
    imageUrls: z.array(z.string()),
    available: z.boolean(),
    affordable: z.boolean(),
    reasons: z.array(z.object({ code: z.string(), message: z.string() })),
  })
  .meta({ id: "MemberReward" });
