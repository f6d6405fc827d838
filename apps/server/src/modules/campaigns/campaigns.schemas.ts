import { z } from "zod";
import { CONSENT_PURPOSES } from "../consents/consents.schemas.js";
import { channel } from "../messaging/messaging.schemas.js";

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "sent", "cancelled"] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

const ids = (max: number) =>
  z
    .array(z.string().min(1).max(100))
    .max(max, `at most ${max}`)
    .refine((a) => new Set(a).size === a.length, "each id at most once");

export const audience = z
  .object({
    programId: z.string().min(1).max(100).nullable().default(null).describe("members enrolled in this program"),
    tierIds: ids(100).default([]).describe("…in one of these tiers of that program (needs programId)"),
    tags: z.array(z.string().trim().min(1).max(100)).max(50, "at most 50").default([]).describe("members with any of these tags"),
    locationIds: ids(500).default([]).describe("members who joined at one of these locations"),
    consentIds: ids(20).default([]).describe("members who currently grant every one of these consents"),
  })
  .strict()
  .meta({ id: "CampaignAudience" });

const name = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");
const throttle = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(100_000, "must be at most 100000")
  .nullable()
  .describe("messages per minute at most; null = as fast as the outbox sends");

export const campaignInput = z
  .object({
    name,
    channel,
    purpose: z
      .enum(CONSENT_PURPOSES)
      .optional()
      .describe("the consent recipients must grant; default newsletter for e-mail, sms_marketing for SMS, push_notifications for push"),
    subject: z.string().max(500, "must be at most 500 characters").default(""),
    html: z.string().max(200_000, "must be at most 200000 characters").default(""),
    text: z.string().max(20_000, "must be at most 20000 characters").default(""),
    url: z.string().max(1000, "must be at most 1000 characters").default("").describe("push: the address the notification opens"),
    audience: audience.default({ programId: null, tierIds: [], tags: [], locationIds: [], consentIds: [] }),
    throttlePerMinute: throttle.default(null),
  })
  .strict();

export const campaignPatch = z
  .object({
    name: name.optional(),
    purpose: z.enum(CONSENT_PURPOSES).optional(),
    subject: z.string().max(500, "must be at most 500 characters").optional(),
    html: z.string().max(200_000, "must be at most 200000 characters").optional(),
    text: z.string().max(20_000, "must be at most 20000 characters").optional(),
    url: z.string().max(1000, "must be at most 1000 characters").optional(),
    audience: audience.optional(),
    throttlePerMinute: throttle.optional(),
  })
  .strict();

export const audienceCountBody = z
  .object({
    channel,
    purpose: z.enum(CONSENT_PURPOSES),
    audience: audience.default({ programId: null, tierIds: [], tags: [], locationIds: [], consentIds: [] }),
  })
  .strict();

export const audienceCount = z
  .object({
    members: z.number().int().describe("members the filters select"),
    reachable: z.number().int().describe("…who grant the consent and have an address on the channel"),
    noConsent: z.number().int(),
    noAddress: z.number().int().describe("…who grant the consent but have no e-mail / phone / subscribed device"),
  })
  .meta({ id: "AudienceCount" });

export const sendBody = z
  .object({
    scheduledAt: z.iso
      .datetime({ offset: true, message: "must be an ISO 8601 date-time" })
      .transform((s) => new Date(s))
      .optional()
      .describe("omitted = now"),
  })
  .strict();

export const campaignResults = z
  .object({
    total: z.number().int().describe("recipients queued so far (one delivery record each)"),
    queued: z.number().int().describe("waiting to be sent (throttling, retries)"),
    sent: z.number().int(),
    failed: z.number().int(),
    noConsent: z.number().int(),
    noAddress: z.number().int(),
    cancelled: z.number().int(),
  })
  .meta({ id: "CampaignResults" });

export const campaign = z
  .object({
    id: z.string(),
    name: z.string(),
    channel,
    purpose: z.enum(CONSENT_PURPOSES),
    subject: z.string(),
    html: z.string(),
    text: z.string(),
    url: z.string().describe("push: the address the notification opens (empty = the portal)"),
    audience: z.object({
      programId: z.string().nullable(),
      tierIds: z.array(z.string()),
      tags: z.array(z.string()),
      locationIds: z.array(z.string()),
      consentIds: z.array(z.string()),
    }),
    throttlePerMinute: z.number().int().nullable(),
    status: z.enum(CAMPAIGN_STATUSES),
    scheduledAt: z.date().nullable(),
    startedAt: z.date().nullable(),
    finishedAt: z.date().nullable(),
    results: campaignResults,
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Campaign" });

export const campaignQuery = z.object({
  status: z.enum(CAMPAIGN_STATUSES).optional(),
  channel: channel.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export type Audience = z.infer<typeof audience>;
export type CampaignInput = z.infer<typeof campaignInput>;
export type CampaignPatch = z.infer<typeof campaignPatch>;
export type Campaign = z.infer<typeof campaign>;
export type AudienceCount = z.infer<typeof audienceCount>;
