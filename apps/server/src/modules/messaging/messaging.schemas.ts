import { z } from "zod";
import { CONSENT_PURPOSES } from "../consents/consents.schemas.js";

export const CHANNELS = ["email", "sms", "push"] as const;
export type Channel = (typeof CHANNELS)[number];
export const channel = z.enum(CHANNELS);

export const SMTP_SECURITY = ["tls", "starttls", "none"] as const;
export const SMS_PROVIDERS = ["none", "log", "smsapi", "http"] as const;
export const DELIVERY_STATUSES = ["queued", "sending", "sent", "failed", "skipped"] as const;
export const SKIP_REASONS = ["no_consent", "no_address", "channel_not_configured", "cancelled"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];
export type SkipReason = (typeof SKIP_REASONS)[number];

const hhmm = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "must be a time HH:MM (00:00-23:59)");
const emailAddress = z.email("must be an e-mail address").max(254);
const optionalText = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

// ---- settings ---------------------------------------------------------------------------------

export const emailSettings = z
  .object({
    enabled: z.boolean(),
    host: z.string(),
    port: z.number().int(),
    security: z.enum(SMTP_SECURITY),
    username: z.string(),
    passwordSet: z.boolean(),
    fromName: z.string(),
    fromEmail: z.string().nullable(),
    replyTo: z.string().nullable(),
  })
  .meta({ id: "EmailSettings" });

export const smsSettings = z
  .object({
    provider: z.enum(SMS_PROVIDERS),
    senderName: z.string(),
    tokenSet: z.boolean(),
    smsapiBaseUrl: z.string(),
    httpUrl: z.string().nullable(),
    httpAuthHeader: z.string().nullable().describe("the header's name only; its value is the secret token"),
    httpBodyTemplate: z.string().nullable(),
    quietHoursStart: z.string().nullable().describe("quiet hours hold SMS and push messages until quietHoursEnd"),
    quietHoursEnd: z.string().nullable(),
    normalizePolish: z.boolean(),
  })
  .meta({ id: "SmsSettings" });

/** Whether messages can go out on each channel: what a campaign's send and the dispatcher check. */
export const channelReadiness = z
  .object({
    email: z.boolean().describe("e-mail sending is enabled with a server and a sender address"),
    sms: z.boolean().describe("an SMS provider is chosen"),
    push: z.boolean().describe("always true: Web Push needs no provider (members subscribe their devices in the portal)"),
  })
  .meta({
    id: "ChannelReadiness",
    description: "whether each channel can send now; a campaign on a channel that is not ready is refused when sent",
  });

export const messageSettings = z
  .object({
    email: emailSettings,
    sms: smsSettings,
    ready: channelReadiness,
  })
  .meta({ id: "MessageSettings" });

export const emailSettingsInput = z
  .object({
    enabled: z.boolean(),
    host: z
      .string()
      .trim()
      .max(253)
      .regex(/^[A-Za-z0-9.-]*$/, "must be a host name or IP address")
      .default(""),
    port: z.number().int("must be a whole number").min(1, "must be 1-65535").max(65535, "must be 1-65535").default(587),
    security: z.enum(SMTP_SECURITY).default("starttls"),
    username: optionalText(254).default(""),
    password: z.string().max(1000).nullable().optional().describe("omitted = keep the stored password, null = remove it"),
    fromName: optionalText(200).default(""),
    fromEmail: emailAddress.nullable().default(null),
    replyTo: emailAddress.nullable().default(null),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (!s.enabled) return;
    if (!s.host) ctx.addIssue({ code: "custom", path: ["host"], message: "is required when sending is enabled" });
    if (!s.fromEmail) ctx.addIssue({ code: "custom", path: ["fromEmail"], message: "is required when sending is enabled" });
  });

const BODY_PLACEHOLDERS = ["{to}", "{message}"];

export const smsSettingsInput = z
  .object({
    provider: z.enum(SMS_PROVIDERS),
    senderName: z
      .string()
      .trim()
      .max(11, "must be at most 11 characters")
      .regex(/^[A-Za-z0-9 .\-&]*$/, "may hold letters, digits, spaces and . - &")
      .default(""),
    token: z.string().max(2000).nullable().optional().describe("omitted = keep the stored token, null = remove it"),
    smsapiBaseUrl: z.url("must be an absolute URL").max(500).default("https://api.smsapi.pl"),
    httpUrl: z.url("must be an absolute URL").max(1000).nullable().default(null),
    httpAuthHeader: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name")
      .max(100)
      .nullable()
      .default(null),
    httpBodyTemplate: z.string().max(5000).nullable().default(null),
    quietHoursStart: hhmm.nullable().default(null),
    quietHoursEnd: hhmm.nullable().default(null),
    normalizePolish: z.boolean().default(false),
  })
  .strict()
  .superRefine((s, ctx) => {
    if ((s.quietHoursStart === null) !== (s.quietHoursEnd === null))
      ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: "set quietHoursStart and quietHoursEnd together" });
    if (s.quietHoursStart !== null && s.quietHoursStart === s.quietHoursEnd)
      ctx.addIssue({ code: "custom", path: ["quietHoursEnd"], message: "must differ from quietHoursStart" });
    if (s.provider === "http") {
      if (!s.httpUrl) ctx.addIssue({ code: "custom", path: ["httpUrl"], message: "is required for the HTTP provider" });
      if (!s.httpBodyTemplate) ctx.addIssue({ code: "custom", path: ["httpBodyTemplate"], message: "is required for the HTTP provider" });
    }
    if (s.httpBodyTemplate) {
      const missing = BODY_PLACEHOLDERS.filter((p) => !s.httpBodyTemplate?.includes(p));
      if (missing.length > 0)
        ctx.addIssue({ code: "custom", path: ["httpBodyTemplate"], message: `must contain ${missing.join(" and ")}` });
      else {
        try {
          JSON.parse(s.httpBodyTemplate.replaceAll(/\{(to|message|sender)\}/g, "x"));
        } catch {
          ctx.addIssue({ code: "custom", path: ["httpBodyTemplate"], message: "must be JSON (placeholders inside strings)" });
        }
      }
    }
  });

export const emailTestBody = z.object({ to: emailAddress.optional() }).strict();
export const smsTestBody = z.object({ to: z.string().trim().min(1, "is required").max(30) }).strict();

export const sendReport = z
  .object({
    ok: z.boolean(),
    deliveryId: z.string(),
    response: z.string().describe("the SMTP server's or SMS provider's answer, or the error"),
  })
  .meta({ id: "SendReport" });

// ---- deliveries -------------------------------------------------------------------------------

export const messageDelivery = z
  .object({
    id: z.string(),
    memberId: z.string().nullable(),
    channel,
    kind: z.string(),
    purpose: z.enum(CONSENT_PURPOSES).nullable(),
    to: z.string().nullable(),
    subject: z.string(),
    textPreview: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    skipReason: z.enum(SKIP_REASONS).nullable(),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    providerMessageId: z.string().nullable(),
    providerResponse: z.string().nullable(),
    campaignId: z.string().nullable(),
    programId: z.string().nullable(),
    createdAt: z.date(),
    sentAt: z.date().nullable(),
    nextAttemptAt: z.date().nullable(),
  })
  .meta({ id: "MessageDelivery" });

export const messageDeliveryDetail = messageDelivery
  .extend({ html: z.string(), text: z.string(), url: z.string().nullable().describe("push: the address the notification opens") })
  .meta({ id: "MessageDeliveryDetail" });

export const deliveryQuery = z.object({
  memberId: z.string().max(100).optional(),
  campaignId: z.string().max(100).optional(),
  channel: channel.optional(),
  status: z.enum(DELIVERY_STATUSES).optional(),
  kind: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export type EmailSettingsInput = z.infer<typeof emailSettingsInput>;
export type SmsSettingsInput = z.infer<typeof smsSettingsInput>;
export type MessageSettings = z.infer<typeof messageSettings>;
export type MessageDelivery = z.infer<typeof messageDelivery>;
export type MessageDeliveryDetail = z.infer<typeof messageDeliveryDetail>;
export type SendReport = z.infer<typeof sendReport>;
