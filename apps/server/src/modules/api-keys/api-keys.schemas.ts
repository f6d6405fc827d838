import { z } from "zod";
import { API_KEY_SCOPES } from "../../platform/permissions.js";

export const scope = z.enum(API_KEY_SCOPES as [string, ...string[]]);

export const apiKey = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(z.string()),
    createdBy: z.string().nullable(),
    createdAt: z.date(),
    lastUsedAt: z.date().nullable(),
    revokedAt: z.date().nullable(),
    rateLimitPerMinute: z
      .number()
      .int()
      .nullable()
      .describe("The key's own limit of requests per minute; null: the installation's default (RATE_LIMIT_PER_KEY)"),
  })
  .meta({ id: "ApiKey" });

const name = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");
const rateLimitPerMinute = z
  .number()
  .int("must be a whole number")
  .min(1, "must be at least 1")
  .max(1_000_000, "must be at most 1000000")
  .nullable()
  .describe("Requests per minute this key may make (429 with Retry-After beyond it); null or left out: the installation's default");

export const createApiKeyBody = z.strictObject({
  name,
  scopes: z.array(scope).min(1, "choose at least one scope"),
  rateLimitPerMinute: rateLimitPerMinute.optional(),
});

export const updateApiKeyBody = z.strictObject({ name: name.optional(), rateLimitPerMinute: rateLimitPerMinute.optional() });

const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));

export const usageQuery = z.object({
  from: isoDateTime.optional().describe("start (inclusive); default: `to` minus 24 hours (interval hour) or 30 days (interval day)"),
  to: isoDateTime.optional().describe("end (exclusive); default: now"),
  interval: z.enum(["hour", "day"]).default("hour").describe("hour: UTC hours, up to 31 days; day: the company's days, up to 90 days"),
});

const usageFigures = {
  requests: z.number().int().describe("every answer to a request made with the key, errors and refusals included"),
  clientErrors: z.number().int().describe("answers 400-499 other than 429"),
  serverErrors: z.number().int().describe("answers 500-599"),
  refused: z.number().int().describe("429: refused by the key's rate limit"),
};

export const apiKeyUsage = z
  .object({
    keyId: z.string(),
    from: z.date(),
    to: z.date(),
    interval: z.enum(["hour", "day"]),
    timeZone: z.string().describe("the company's time zone: the days of interval=day"),
    series: z
      .array(z.object({ start: z.date(), ...usageFigures }))
      .describe("every hour or day of the period, oldest first, zeros included"),
    totals: z.object(usageFigures),
  })
  .meta({ id: "ApiKeyUsage" });

export const createdApiKey = z.object({ apiKey, secret: z.string().describe("Shown once; send as `Authorization: Bearer <secret>`") });
