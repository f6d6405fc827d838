import { z } from "zod";

// Outgoing webhooks: endpoints, their deliveries and the public event catalogue (docs/webhooks.md).

export const ENDPOINT_STATUSES = ["enabled", "disabled"] as const;
export const DISABLED_REASONS = ["manual", "gone", "failing"] as const;
export const DELIVERY_STATUSES = ["pending", "retrying", "delivered", "dead"] as const;

const url = z.string().trim().min(1, "is required").max(2000, "must be at most 2000 characters");
const description = z.string().trim().max(500, "must be at most 500 characters");
const eventTypesField = z
  .array(z.string().min(1, "is required").max(100, "must be at most 100 characters"))
  .max(50, "at most 50")
  .refine((a) => new Set(a).size === a.length, "each id at most once")
  .describe("public event types (GET /webhooks/event-types); empty = every type, including types added later");

export const endpointInput = z
  .object({
    url: url.describe("https:// address of the receiver (http:// only where the operator allows private hosts)"),
    description: description.default(""),
    eventTypes: eventTypesField.default([]),
    status: z.enum(ENDPOINT_STATUSES).default("enabled"),
  })
  .strict();

export const endpointPatch = z
  .object({
    url: url.optional(),
    description: description.optional(),
    eventTypes: eventTypesField.optional(),
    status: z.enum(ENDPOINT_STATUSES).optional().describe("enabled again: the disabled reason is cleared and waiting deliveries resume"),
  })
  .strict();

export const endpoint = z
  .object({
    id: z.string(),
    url: z.string(),
    description: z.string(),
    eventTypes: z.array(z.string()),
    status: z.enum(ENDPOINT_STATUSES),
    disabledReason: z
      .enum(DISABLED_REASONS)
      .nullable()
      .describe("manual: by staff; gone: the receiver answered 410; failing: every attempt failed for 5 days"),
    disabledAt: z.date().nullable(),
    failingSince: z.date().nullable().describe("the first failed attempt since the last delivered one"),
    lastDeliveryAt: z.date().nullable().describe("the last attempt, whatever its outcome"),
    lastResponseStatus: z.number().int().nullable(),
    counts: z.object({
      delivered24h: z.number().int(),
      failed24h: z.number().int().describe("deliveries whose last attempt within 24 h failed"),
      pending: z.number().int().describe("pending or retrying"),
    }),
    previousSecretExpiresAt: z.date().nullable().describe("while set and in the future, the previous secret signs too"),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "WebhookEndpoint" });

export const endpointCreated = z.object({ endpoint, secret: z.string().describe("whsec_<base64>") }).meta({ id: "WebhookEndpointCreated" });

export const endpointSecret = z
  .object({ secret: z.string().describe("whsec_<base64>"), previousSecretExpiresAt: z.date().nullable() })
  .meta({ id: "WebhookEndpointSecret" });

export const delivery = z
  .object({
    id: z.string(),
    endpointId: z.string(),
    eventId: z.string().describe("the webhook-id header: the same on every retry and replay"),
    eventType: z.string(),
    memberId: z.string().nullable(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.date().nullable(),
    lastAttemptAt: z.date().nullable(),
    lastResponseStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.date(),
    deliveredAt: z.date().nullable(),
  })
  .meta({ id: "WebhookDelivery" });

export const attempt = z
  .object({
    at: z.date(),
    responseStatus: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
    responseHeaders: z.record(z.string(), z.string()),
    responseBody: z.string().describe("the first 4 KB"),
  })
  .meta({ id: "WebhookAttempt" });

export const deliveryDetail = delivery
  .omit({ attempts: true })
  .extend({
    request: z.object({
      url: z.string(),
      headers: z.record(z.string(), z.string()).describe("as of the last attempt (signatures and timestamp change per attempt)"),
      body: z.string(),
    }),
    attemptCount: z.number().int().describe("every attempt made (`attempts` keeps the last 10)"),
    attempts: z.array(attempt).describe("the last 10 attempts, oldest first"),
  })
  .meta({ id: "WebhookDeliveryDetail" });

export const deliveryQuery = z.object({
  endpointId: z.string().max(100).optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  eventType: z.string().max(100).optional(),
  memberId: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const eventType = z
  .object({
    type: z.string(),
    group: z.string().describe("members, points, purchases, rewards, referrals, messages, webhooks"),
    description: z.string().describe("English; the admin shows its own translation by type"),
  })
  .meta({ id: "WebhookEventType" });

export type EndpointInput = z.infer<typeof endpointInput>;
export type EndpointPatch = z.infer<typeof endpointPatch>;
export type WebhookEndpoint = z.infer<typeof endpoint>;
export type WebhookDelivery = z.infer<typeof delivery>;
export type WebhookDeliveryDetail = z.infer<typeof deliveryDetail>;
export type WebhookAttempt = z.infer<typeof attempt>;
