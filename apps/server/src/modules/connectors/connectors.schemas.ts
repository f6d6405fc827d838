import { z } from "zod";

// Inbound e-shop connections (docs/connectors.md): the admin's view of a connection and its log.

export const PLATFORMS = ["generic", "woocommerce", "shopify", "shoper"] as const;
export type Platform = (typeof PLATFORMS)[number];
export const SHOP_STATUSES = ["active", "paused"] as const;
export const OUTCOMES = [
  "purchase_recorded",
  "return_recorded",
  "reversed",
  "member_created",
  "member_updated",
  "ignored",
  "duplicate",
  "refused",
  "failed",
] as const;
export type Outcome = (typeof OUTCOMES)[number];

const id = z.string().min(1, "is required").max(100);
const name = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");
// A host name as the shop's admin shows it (example.myshopify.com); for the setup screen and the
// Shopify domain check, not a URL.
const shopDomain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, "must be at most 253 characters")
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, "must be a host name or IP address");
const secret = z
  .string()
  .min(16, "must be at least 16 characters")
  .max(200, "must be at most 200 characters")
  .regex(/^[\x21-\x7e]+$/, "has the wrong format");
const consentIds = z
  .array(id)
  .max(20, "at most 20")
  .refine((a) => new Set(a).size === a.length, "each consent at most once");

export const shopOptions = z
  .strictObject({
    acceptTestOrders: z.boolean().default(false).describe("record the shop's test orders (Shopify's test: true) too; for trying the setup"),
    createMembers: z
      .boolean()
      .default(true)
      .describe("an order or customer with an unknown e-mail makes a new card; off: such orders are ignored"),
  })
  .meta({ id: "ShopOptions" });
export type ShopOptions = z.infer<typeof shopOptions>;

export const shopInput = z
  .strictObject({
    platform: z.enum(PLATFORMS),
    name,
    programId: id,
    locationId: id.nullable().default(null),
    shopDomain: shopDomain.nullable().default(null),
    secret: secret
      .optional()
      .describe("Shopify: the app's client secret (required). Others: leave it out and one is generated (generic: whsec_…)"),
    consentIds: consentIds.default([]),
    status: z.enum(SHOP_STATUSES).default("active"),
    options: shopOptions.default({ acceptTestOrders: false, createMembers: true }),
  })
  .superRefine((s, ctx) => {
    if (s.platform === "shopify" && !s.secret)
      ctx.addIssue({ code: "custom", path: ["secret"], message: "is required for Shopify (the app's client secret)" });
  });
export type ShopInput = z.infer<typeof shopInput>;

export const shopPatch = z.strictObject({
  name: name.optional(),
  programId: id.optional(),
  locationId: id.nullable().optional(),
  shopDomain: shopDomain.nullable().optional(),
  consentIds: consentIds.optional(),
  status: z.enum(SHOP_STATUSES).optional(),
  secret: secret.optional().describe("a new signing secret typed in (Shopify: the app's new client secret)"),
  options: shopOptions.partial().optional(),
});
export type ShopPatch = z.infer<typeof shopPatch>;

export const shopConnection = z
  .object({
    id: z.string(),
    platform: z.enum(PLATFORMS),
    name: z.string(),
    programId: z.string(),
    locationId: z.string().nullable(),
    shopDomain: z.string().nullable(),
    consentIds: z.array(z.string()),
    status: z.enum(SHOP_STATUSES),
    options: shopOptions,
    inboundUrl: z.string().describe("paste it into the shop's webhook settings"),
    lastReceivedAt: z.date().nullable(),
    counts: z.object({ received24h: z.number().int(), refused24h: z.number().int() }),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "ShopConnection" });
export type ShopConnection = z.infer<typeof shopConnection>;

export const shopCreated = z.object({ shop: shopConnection, secret: z.string() });
export const shopSecret = z.object({ secret: z.string() });

export const inboundDelivery = z
  .object({
    id: z.string(),
    receivedAt: z.date(),
    topic: z.string(),
    platformDeliveryId: z.string().nullable(),
    externalId: z.string().nullable().describe("the order's or customer's id in the shop, as text"),
    outcome: z.enum(OUTCOMES),
    detail: z.string().describe("a code or a sentence: why it was ignored, refused or failed"),
    purchaseId: z.string().nullable(),
    memberId: z.string().nullable(),
    httpStatus: z.number().int(),
  })
  .meta({ id: "InboundDelivery" });
export type InboundDelivery = z.infer<typeof inboundDelivery>;

export const deliveriesQuery = z.object({
  outcome: z.enum(OUTCOMES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const shopsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const connectParams = z.object({ shopId: z.string().min(1).max(100) });

export const connectAnswer = z
  .object({
    outcome: z.enum(OUTCOMES),
    deliveryId: z.string().nullable(),
    detail: z.string(),
  })
  .meta({ id: "InboundAnswer" });
