import { z } from "zod";

export const REFERRAL_SOURCES = ["portal_link", "staff", "api"] as const;
export const REFERRAL_STATUSES = ["registered", "successful", "rewarded"] as const;
export const REFERRAL_REVIEWS = ["none", "flagged", "approved", "rejected"] as const;
export const FLAG_REASONS = ["same_address", "same_device"] as const;

export type ReferralSource = (typeof REFERRAL_SOURCES)[number];
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];
export type ReferralReview = (typeof REFERRAL_REVIEWS)[number];
export type FlagReason = (typeof FLAG_REASONS)[number];

const memberRef = z.object({ id: z.string(), cardNumber: z.string(), firstName: z.string(), lastName: z.string() });

export const referral = z
  .object({
    id: z.string().describe("the referred member's (the friend's) id: a member has at most one referrer"),
    friend: memberRef,
    referrer: memberRef,
    source: z.enum(REFERRAL_SOURCES).describe("portal_link: signed up through the referrer's link; staff or api: recorded on the card"),
    status: z
      .enum(REFERRAL_STATUSES)
      .describe("registered; successful: the friend reached a referral_successful scenario's threshold; rewarded: paid for that success"),
    review: z
      .enum(REFERRAL_REVIEWS)
      .describe("flagged: many referrals from one address or device in 24 h, no reward until staff approve; rejected: never rewarded"),
    flagReason: z.enum(FLAG_REASONS).nullable(),
    registeredAt: z.date(),
    successfulAt: z.date().nullable(),
    rewardedAt: z.date().nullable(),
    pointsPaid: z.number().int().describe("points automation gave the referrer for this referral"),
  })
  .meta({ id: "Referral" });

export const referralQuery = z.object({
  referrerId: z.string().max(100).optional(),
  status: z.enum(REFERRAL_STATUSES).optional(),
  review: z.enum(REFERRAL_REVIEWS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));

export const reportQuery = z.object({
  from: isoDateTime.optional().describe("referrals registered from this moment on (inclusive); all when left out"),
  to: isoDateTime.optional().describe("and before this moment (exclusive)"),
});

const figures = {
  referrals: z.number().int(),
  successful: z.number().int(),
  rewarded: z.number().int(),
  pointsPaid: z.number().int(),
};

export const referralReport = z
  .object({
    totals: z.object({
      ...figures,
      successShare: z.number().min(0).max(1).describe("successful / referrals (0 without referrals)"),
      flagged: z.number().int().describe("referrals flagged for review (whatever staff decided since)"),
    }),
    referrers: z.array(z.object({ member: memberRef, ...figures })).describe("the 100 members with the most referrals in the period"),
  })
  .meta({ id: "ReferralReport" });

export const reviewBody = z.object({ decision: z.enum(["approve", "reject"]) }).strict();

export type Referral = z.infer<typeof referral>;
export type ReferralReport = z.infer<typeof referralReport>;
