import { z } from "zod";
import type { ErrorDetail } from "../../platform/errors.js";
import { CONSENT_PURPOSES } from "../consents/consents.schemas.js";
import { contentField, contentProblems, placeholderProblems, TEXT_MODES } from "../templates/templates.schemas.js";

export const NOTIFICATION_KINDS = [
  "welcome",
  "points_earned",
  "points_spent",
  "points_returned",
  "points_expiring",
  "tier_changed",
  "reward_issued",
  "redemption_cancelled",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

const emailPart = z
  .object({
    enabled: z.boolean(),
    purpose: z.enum(CONSENT_PURPOSES).describe("the consent an e-mail needs; default commercial_information"),
    subject: contentField.subject,
    html: contentField.html,
    text: contentField.text.describe("with textMode auto: generated from the HTML"),
    textMode: z.enum(TEXT_MODES),
  })
  .strict();

const smsPart = z
  .object({
    enabled: z.boolean(),
    purpose: z.enum(CONSENT_PURPOSES).describe("the consent an SMS needs; default sms_marketing"),
    text: contentField.smsText,
  })
  .strict();

const pushPart = z
  .object({
    enabled: z.boolean(),
    purpose: z.enum(CONSENT_PURPOSES).describe("the consent a push notification needs; default push_notifications"),
    title: contentField.subject.describe("at most 60 characters when switched on"),
    body: contentField.text.describe("at most 180 characters when switched on"),
    url: contentField.url.describe(
      "the address the notification opens: a portal path (/rewards), https://… or a {field}; empty = the portal",
    ),
  })
  .strict();

/** Texts of a channel that is switched off may be unfinished; unknown fields are refused anyway. */
export function notificationProblems(n: {
  email: z.infer<typeof emailPart>;
  sms: z.infer<typeof smsPart>;
  push?: z.infer<typeof pushPart>;
}): ErrorDetail[] {
  const email = n.email.enabled
    ? contentProblems({ channel: "email", ...n.email }, "email.")
    : placeholderProblems({ "email.subject": n.email.subject, "email.html": n.email.html, "email.text": n.email.text });
  const sms = n.sms.enabled
    ? contentProblems({ channel: "sms", subject: "", html: "", textMode: "custom", text: n.sms.text }, "sms.")
    : placeholderProblems({ "sms.text": n.sms.text });
  const p = n.push;
  const push = !p
    ? []
    : p.enabled
      ? contentProblems({ channel: "push", subject: p.title, html: "", textMode: "custom", text: p.body, url: p.url }, "push.").map(
          (d) => ({
            ...d,
            path: d.path.replace(/^push\.subject$/, "push.title").replace(/^push\.text$/, "push.body"),
          }),
        )
      : placeholderProblems({ "push.title": p.title, "push.body": p.body, "push.url": p.url });
  return [...email, ...sms, ...push];
}

export const notificationInput = z
  .object({
    enabled: z.boolean(),
    daysBefore: z
      .number()
      .int("must be a whole number")
      .min(1, "must be 1-365")
      .max(365, "must be 1-365")
      .nullable()
      .optional()
      .describe("points_expiring only: how many days before the expiry date to remind (other kinds: ignored)"),
    email: emailPart,
    sms: smsPart,
    push: pushPart.optional().describe("omitted = kept as saved (switched off when never saved)"),
  })
  .strict()
  .superRefine((n, ctx) => {
    for (const p of notificationProblems(n)) ctx.addIssue({ code: "custom", path: p.path.split("."), message: p.message });
  });

export const notification = z
  .object({
    kind: z.enum(NOTIFICATION_KINDS),
    enabled: z.boolean(),
    daysBefore: z.number().int().nullable().describe("points_expiring only"),
    email: emailPart,
    sms: smsPart,
    push: pushPart,
    updatedAt: z.date().nullable().describe("null = never saved: the defaults in the company's language"),
  })
  .meta({ id: "Notification" });

export const notificationParams = z.object({ id: z.string().min(1).max(100), kind: z.enum(NOTIFICATION_KINDS) });

export type NotificationInput = z.infer<typeof notificationInput>;
export type Notification = z.infer<typeof notification>;
