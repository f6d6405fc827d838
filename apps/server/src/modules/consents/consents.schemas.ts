import { z } from "zod";

export const CONSENT_PURPOSES = [
  "direct_marketing",
  "newsletter",
  "commercial_information",
  "profiling",
  "sms_marketing",
  "push_notifications",
  "other",
] as const;
export const CONSENT_CHANNELS = ["email", "sms", "push", "phone", "any"] as const;
export const CONSENT_SOURCES = ["admin", "portal", "api", "import", "unsubscribe"] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

const name = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");
const text = z.string().trim().min(1, "is required").max(5000, "must be at most 5000 characters");

export const consentInput = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,49}$/, "must be snake_case: a lowercase letter, then lowercase letters, digits or _ (at most 50)"),
  name,
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  text,
  active: z.boolean().default(true),
});

/** Purpose, channel and key are what a member agreed to; a new text becomes a new version. */
export const consentPatch = z.object({ name: name.optional(), active: z.boolean().optional(), text: text.optional() }).strict();

export const consentVersion = z.object({ version: z.number().int(), text: z.string(), createdAt: z.date() });

export const consent = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    purpose: z.enum(CONSENT_PURPOSES),
    channel: z.enum(CONSENT_CHANNELS),
    active: z.boolean(),
    currentVersion: z.number().int(),
    text: z.string(),
    versions: z.array(consentVersion),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "Consent" });

export const consentQuery = z.object({
  active: z
    .enum(["true", "false"])
    .transform((v) => v === "true")
    .optional(),
});

export const consentChange = z.strictObject({ consentId: z.string().min(1).max(100), granted: z.boolean() });
export const consentChanges = z
  .array(consentChange)
  .max(50, "at most 50 changes")
  .refine((c) => new Set(c.map((x) => x.consentId)).size === c.length, "each consent at most once");

export const memberConsentsInput = z
  .object({
    changes: consentChanges.refine((c) => c.length > 0, "give at least one change"),
    source: z.enum(CONSENT_SOURCES).optional(),
  })
  .strict();

export const memberConsentState = z.object({
  consentId: z.string(),
  key: z.string(),
  name: z.string(),
  purpose: z.enum(CONSENT_PURPOSES),
  channel: z.enum(CONSENT_CHANNELS),
  active: z.boolean(),
  currentVersion: z.number().int(),
  granted: z.boolean(),
  /** The text version the last decision was made against; null = never asked. */
  version: z.number().int().nullable(),
  changedAt: z.date().nullable(),
  source: z.enum(CONSENT_SOURCES).nullable(),
});

export const memberConsentEvent = z.object({
  id: z.string(),
  consentId: z.string(),
  key: z.string(),
  version: z.number().int(),
  granted: z.boolean(),
  source: z.enum(CONSENT_SOURCES),
  actorType: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  ip: z.string().nullable(),
  occurredAt: z.date(),
});

export const memberConsents = z
  .object({ current: z.array(memberConsentState), history: z.array(memberConsentEvent) })
  .meta({ id: "MemberConsents" });

export type ConsentInput = z.infer<typeof consentInput>;
export type ConsentPatch = z.infer<typeof consentPatch>;
export type Consent = z.infer<typeof consent>;
export type ConsentChange = z.infer<typeof consentChange>;
export type MemberConsents = z.infer<typeof memberConsents>;
