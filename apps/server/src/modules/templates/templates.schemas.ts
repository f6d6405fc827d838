import { z } from "zod";
import { detail, type ErrorDetail } from "../../platform/errors.js";
import { findUnknownPlaceholders, PUSH_BODY_MAX, PUSH_TITLE_MAX } from "./render.js";

export const MESSAGE_CHANNELS = ["email", "sms", "push"] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];
export const TEXT_MODES = ["auto", "custom"] as const;

/** Content limits shared by templates, notifications and previews. */
export const contentField = {
  subject: z.string().max(500, "must be at most 500 characters"),
  html: z.string().max(200_000, "must be at most 200000 characters"),
  text: z.string().max(20_000, "must be at most 20000 characters"),
  /** Ten SMS parts of GSM-7 and then some: longer texts are a mistake, not a message. */
  smsText: z.string().max(1600, "must be at most 1600 characters"),
  /** push: the address the notification opens (a portal path, an https address or a {field}) */
  url: z.string().max(1000, "must be at most 1000 characters"),
};

/** A push notification's link: empty (the portal), a portal path, an https address, or starting with a {field}. */
export function pushUrlOk(url: string): boolean {
  const u = url.trim();
  return u === "" || (u.startsWith("/") && !u.startsWith("//")) || /^https:\/\/[^\s]+$/.test(u) || /^\{[a-z_]+\}/.test(u);
}

/** One detail per unknown `{field}`, at the path of the text it is in. */
export function placeholderProblems(texts: Record<string, string | undefined>): ErrorDetail[] {
  return Object.entries(texts).flatMap(([path, text]) =>
    findUnknownPlaceholders(text ?? "").map((name) => detail(path, "unknown_placeholder", { placeholder: `{${name}}` })),
  );
}

interface ContentShape {
  channel: MessageChannel;
  subject: string;
  html: string;
  text: string;
  textMode: (typeof TEXT_MODES)[number];
  url?: string;
}

/**
 * What each channel needs (an e-mail a subject and a body, its own text only when written by hand;
 * an SMS a text and nothing else; a push notification a title (subject) of at most 60 characters,
 * a text of at most 180 and optionally a link), and no unknown fields. Prefix names the object the fields are in.
 */
export function contentProblems(c: ContentShape, prefix = ""): ErrorDetail[] {
  const at = (field: string) => `${prefix}${field}`;
  const out: ErrorDetail[] = [];
  if (c.channel === "email") {
    if (!c.subject.trim()) out.push(detail(at("subject"), "required_email"));
    if (!c.html.trim()) out.push(detail(at("html"), "required_email"));
    if (c.textMode === "custom" && !c.text.trim()) out.push(detail(at("text"), "required_text_custom"));
    out.push(
      ...placeholderProblems({ [at("subject")]: c.subject, [at("html")]: c.html, [at("text")]: c.textMode === "custom" ? c.text : "" }),
    );
  } else if (c.channel === "push") {
    const url = c.url ?? "";
    if (!c.subject.trim()) out.push(detail(at("subject"), "required_push"));
    else if ([...c.subject].length > PUSH_TITLE_MAX) out.push(detail(at("subject"), "too_long", { max: PUSH_TITLE_MAX }));
    if (c.html) out.push(detail(at("html"), "push_no_html"));
    if (!c.text.trim()) out.push(detail(at("text"), "required_push"));
    else if ([...c.text].length > PUSH_BODY_MAX) out.push(detail(at("text"), "too_long", { max: PUSH_BODY_MAX }));
    if (!pushUrlOk(url)) out.push(detail(at("url"), "push_url"));
    out.push(...placeholderProblems({ [at("subject")]: c.subject, [at("text")]: c.text, [at("url")]: url }));
  } else {
    if (c.subject) out.push(detail(at("subject"), "sms_no_subject"));
    if (c.html) out.push(detail(at("html"), "sms_no_html"));
    if (!c.text.trim()) out.push(detail(at("text"), "required_sms"));
    else if (c.text.length > 1600) out.push(detail(at("text"), "too_long", { max: 1600 }));
    out.push(...placeholderProblems({ [at("text")]: c.text }));
  }
  return out;
}

const name = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");

export const templateInput = z
  .object({
    name,
    channel: z.enum(MESSAGE_CHANNELS),
    subject: contentField.subject.default(""),
    html: contentField.html.default(""),
    text: contentField.text.default(""),
    textMode: z.enum(TEXT_MODES).default("auto").describe("e-mail: auto = plain text generated from the HTML; custom = written"),
    url: contentField.url.default("").describe("push: the address the notification opens (empty = the portal)"),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const p of contentProblems(t)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  });

/** The channel is what the template is; create another one for the other channel. */
export const templatePatch = z
  .object({
    name: name.optional(),
    subject: contentField.subject.optional(),
    html: contentField.html.optional(),
    text: contentField.text.optional(),
    textMode: z.enum(TEXT_MODES).optional(),
    url: contentField.url.optional(),
  })
  .strict();

export const messageTemplate = z
  .object({
    id: z.string(),
    name: z.string(),
    channel: z.enum(MESSAGE_CHANNELS),
    subject: z.string(),
    html: z.string(),
    text: z.string().describe("with textMode auto: the plain text generated from the HTML"),
    textMode: z.enum(TEXT_MODES),
    url: z.string().describe("push: the address the notification opens (empty = the portal)"),
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "MessageTemplate" });

export const templateQuery = z.object({
  channel: z.enum(MESSAGE_CHANNELS).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const placeholderList = z
  .object({ data: z.array(z.object({ name: z.string(), example: z.string() })) })
  .meta({ id: "MessagePlaceholders" });

const id = z.string().min(1).max(100);

export const previewBody = z
  .object({
    channel: z.enum(MESSAGE_CHANNELS),
    subject: contentField.subject.optional(),
    html: contentField.html.optional(),
    text: contentField.text.optional(),
    url: contentField.url.optional(),
    memberId: id.optional().describe("whose personal fields to use; omitted = example values; push test: whose devices receive it"),
    programId: id.optional().describe("the program for balances and branding; omitted = the member's first program"),
  })
  .strict();

export const previewResult = z
  .object({
    subject: z.string(),
    html: z.string().describe("the whole e-mail as it will be sent: branding layout and footer around the body"),
    text: z.string(),
    sms: z.object({ characters: z.number().int(), segments: z.number().int(), encoding: z.enum(["gsm7", "ucs2"]) }).nullable(),
    push: z
      .object({ title: z.string(), body: z.string(), url: z.string().describe("absolute; the portal when the template has none") })
      .nullable(),
  })
  .meta({ id: "MessagePreview" });

export const testSendBody = previewBody
  .extend({
    to: z
      .string()
      .trim()
      .min(1, "must not be empty")
      .max(254)
      .optional()
      .describe("e-mail: default your own address; SMS: required; push: ignored (memberId's devices)"),
  })
  .strict();

export type TemplateInput = z.infer<typeof templateInput>;
export type TemplatePatch = z.infer<typeof templatePatch>;
export type MessageTemplate = z.infer<typeof messageTemplate>;
export type PreviewBody = z.infer<typeof previewBody>;
export type TestSendBody = z.infer<typeof testSendBody>;
