import { z } from "zod";

export const CHECKLIST_STEPS = ["converter", "consents", "outbox", "staff", "tiers", "customFields", "locations", "rewards"] as const;

const day = z.object({
  day: z.string().describe("YYYY-MM-DD in the company's time zone"),
  purchases: z.number().int(),
  amountMinor: z.number().int().describe("the purchases' value in minor units of the company's currency"),
  pointsIssued: z.number().int().describe("points earned: purchases, rules, welcome points, events"),
  pointsRedeemed: z.number().int().describe("points spent on rewards"),
});

export const startOverview = z
  .object({
    timeZone: z.string(),
    currency: z.string(),
    today: z.string().describe("YYYY-MM-DD in the company's time zone"),
    members: z
      .object({
        total: z.number().int(),
        newThisMonth: z.number().int().describe("joined since the first day of this calendar month in the company's time zone"),
      })
      .nullable()
      .describe("null without members.read, or for an account with counter permissions only"),
    activity: z
      .object({
        days: z.array(day).describe("the last 30 days, oldest first, today last; days without activity are zeros"),
        totals: day.omit({ day: true }),
      })
      .nullable()
      .describe("null without purchases.read, or for an account with counter permissions only"),
    lowStockRewards: z
      .array(
        z.object({
          id: z.string(),
          namePl: z.string(),
          nameEn: z.string(),
          stock: z.number().int().describe("left in stock (per location: the lowest location's)"),
          threshold: z.number().int(),
        }),
      )
      .nullable()
      .describe("active rewards at or below their low-stock threshold; null without rewards.read or for counter-only accounts"),
    failedMessages: z.number().int().nullable().describe("messages that failed for good in the last 30 days; null without messages.read"),
    checklist: z
      .array(z.object({ step: z.enum(CHECKLIST_STEPS), done: z.boolean() }))
      .nullable()
      .describe("a new company's first steps, in order; null without company.write"),
  })
  .meta({ id: "StartOverview" });

export type StartOverview = z.infer<typeof startOverview>;
export type ChecklistStep = (typeof CHECKLIST_STEPS)[number];
