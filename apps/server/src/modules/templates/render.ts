import { htmlToText } from "html-to-text";
import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { getCompany } from "../companies/companies.service.js";
import { listExpiringPoints } from "../ledger/read-entries.js";
import { findMember } from "../members/members.service.js";
import { describeBalances } from "../points/points.service.js";
import { getProgramRow } from "../programs/programs.service.js";

/**
 * Personal fields of messages, written `{name}` in subjects, bodies and SMS texts. The substitution
 * is hand-written: no template library uses this single-brace syntax, and a dozen lines that only
 * ever replace known names (never evaluate anything) are easier to trust than a configured engine.
 */
export const PLACEHOLDERS = [
  "first_name",
  "last_name",
  "card_number",
  "points",
  "pending_points",
  "tier",
  "discount",
  "program_name",
  "company_name",
  "member_ref_link",
  "portal_link",
  "reward_name",
  "voucher_code",
  "points_change",
  "expiring_points",
  "expiry_date",
] as const;

export type Placeholder = (typeof PLACEHOLDERS)[number];
export type MessageLanguage = "pl" | "en";

const KNOWN = new Set<string>(PLACEHOLDERS);

/** `{name}`, tolerating spaces inside the braces; CSS blocks (`a { color: red }`) never match. */
const FIELD = /\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/g;

/** The `{fields}` of a text that are not personal fields, each once, in order of appearance. */
export function findUnknownPlaceholders(text: string): string[] {
  const unknown = new Set<string>();
  for (const m of text.matchAll(FIELD)) if (!KNOWN.has(m[1] as string)) unknown.add(m[1] as string);
  return [...unknown];
}

/** The addresses of the member portal (it comes in a later issue and will serve exactly these). */
export function portalLink(config: Config, companySlug: string): string {
  return `${config.publicUrl}/p/${encodeURIComponent(companySlug)}`;
}

export function memberRefLink(config: Config, companySlug: string, referralCode: string): string {
  return `${portalLink(config, companySlug)}/join?ref=${encodeURIComponent(referralCode)}`;
}

// ---- formatting in the company's language ------------------------------------------------------

export interface MessageFormat {
  /** 1234 -> "1 234" (pl, non-breaking space) / "1,234" (en). */
  number(n: number): string;
  /** Basis points -> "5%" / "2,5%". */
  percent(bp: number): string;
  /** A calendar day YYYY-MM-DD -> "31.12.2026" (pl) / "31 December 2026" (en). */
  day(isoDay: string): string;
}

export function messageFormat(language: MessageLanguage): MessageFormat {
  const locale = language === "pl" ? "pl-PL" : "en-GB";
  // Polish groups four-digit numbers too in prose about points ("1 234 pkt"); Intl's default for pl
  // only starts at five digits.
  const number = new Intl.NumberFormat(locale, { useGrouping: "always", maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 2 });
  const day = new Intl.DateTimeFormat(
    locale,
    language === "pl"
      ? { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" }
      : { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" },
  );
  return {
    number: (n) => number.format(n),
    percent: (bp) => percent.format(bp / 10_000),
    day: (isoDay) => day.format(new Date(`${isoDay}T12:00:00Z`)),
  };
}

/** A calendar day in a time zone, as YYYY-MM-DD. */
export function dayIn(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

// ---- context -----------------------------------------------------------------------------------

const SAMPLE: Record<MessageLanguage, Record<Placeholder, string>> = {
  pl: {
    first_name: "Anna",
    last_name: "Kowalska",
    card_number: "RG00012345",
    points: "1234",
    pending_points: "120",
    tier: "Złoty",
    discount: "5",
    program_name: "Program lojalnościowy",
    company_name: "Firma",
    member_ref_link: "",
    portal_link: "",
    reward_name: "Kawa gratis",
    voucher_code: "KAWA-7K3M",
    points_change: "246",
    expiring_points: "300",
    expiry_date: "2026-12-31",
  },
  en: {
    first_name: "Anna",
    last_name: "Smith",
    card_number: "RG00012345",
    points: "1234",
    pending_points: "120",
    tier: "Gold",
    discount: "5",
    program_name: "Loyalty program",
    company_name: "Company",
    member_ref_link: "",
    portal_link: "",
    reward_name: "Free coffee",
    voucher_code: "COFFEE-7K3M",
    points_change: "246",
    expiring_points: "300",
    expiry_date: "2026-12-31",
  },
};

const SAMPLE_REFERRAL_CODE = "K7M3XQ2P";

/**
 * Example values of every personal field (previews without a member, the placeholder list), with
 * the company's real name and portal addresses, formatted like real messages.
 */
export function sampleMessageContext(opts: {
  language: MessageLanguage;
  companyName: string;
  companySlug: string;
  programName?: string | null;
  config: Config;
}): Record<Placeholder, string> {
  const s = SAMPLE[opts.language];
  const f = messageFormat(opts.language);
  return {
    ...s,
    points: f.number(Number(s.points)),
    pending_points: f.number(Number(s.pending_points)),
    discount: f.percent(Number(s.discount) * 100),
    points_change: f.number(Number(s.points_change)),
    expiring_points: f.number(Number(s.expiring_points)),
    expiry_date: f.day(s.expiry_date),
    company_name: opts.companyName,
    program_name: opts.programName ?? s.program_name,
    portal_link: portalLink(opts.config, opts.companySlug),
    member_ref_link: memberRefLink(opts.config, opts.companySlug, SAMPLE_REFERRAL_CODE),
  };
}

/**
 * The values of every personal field for one member, read through the owning modules' services and
 * formatted in the member's language (numbers, dates in its time zone). Without a program the
 * member's first enrolment is used. `extra` (reward_name, voucher_code, points_change,
 * expiring_points, expiry_date of the occasion) overrides what is read. Fields that do not apply
 * are empty strings.
 */
export async function buildMessageContext(
  db: Queryable,
  opts: {
    companyId: string;
    memberId: string | null;
    programId: string | null;
    config: Config;
    extra?: Partial<Record<string, string>>;
    /** For balances (pending vs available) and the next expiry; default: the current time. */
    now?: Date;
  },
): Promise<Record<string, string>> {
  const now = opts.now ?? new Date();
  const company = await getCompany(db, opts.companyId);
  // Numbers and dates as the recipient reads them: the member's language, else the company's.
  let f = messageFormat(company.language);
  const ctx: Record<string, string> = Object.fromEntries(PLACEHOLDERS.map((p) => [p, ""]));
  ctx.company_name = company.name;
  ctx.portal_link = portalLink(opts.config, company.slug);
  let programId = opts.programId;
  if (opts.memberId) {
    const member = await findMember(db, opts.companyId, opts.memberId);
    if (!member) throw notFound("Member");
    f = messageFormat(member.language);
    ctx.first_name = member.firstName;
    ctx.last_name = member.lastName;
    ctx.card_number = member.cardNumber;
    ctx.member_ref_link = memberRefLink(opts.config, company.slug, member.referralCode);
    const [balance] = await describeBalances(db, opts.companyId, member.id, now, programId ?? undefined);
    programId ??= balance?.programId ?? null;
    if (programId) {
      ctx.points = f.number(balance?.available ?? 0);
      ctx.pending_points = f.number(balance?.pending ?? 0);
      ctx.tier = balance?.tier?.name ?? "";
      ctx.discount = balance?.tier ? f.percent(balance.tier.discountBp) : "";
      const [next] = await listExpiringPoints(db, {
        companyId: opts.companyId,
        programId,
        memberId: member.id,
        from: now,
        to: null,
        timeZone: company.timeZone,
      });
      if (next) {
        ctx.expiring_points = f.number(next.points);
        ctx.expiry_date = f.day(next.lastDay);
      }
    }
  }
  if (programId) ctx.program_name = (await getProgramRow(db, opts.companyId, programId)).name;
  for (const [k, v] of Object.entries(opts.extra ?? {})) if (v !== undefined) ctx[k] = v;
  return ctx;
}

// ---- rendering ---------------------------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/** Known fields without a value become empty; anything else in braces is left as written. */
function fill(template: string, ctx: Record<string, string>, encode: (value: string) => string): string {
  return template.replace(FIELD, (whole, name: string) => {
    const value = ctx[name];
    if (value !== undefined) return encode(value);
    return KNOWN.has(name) ? "" : whole;
  });
}

/** The plain-text alternative of an HTML body: paragraphs and lists kept, links as "text [url]". */
export function htmlToPlainText(html: string): string {
  return htmlToText(html, {
    wordwrap: false,
    selectors: [
      { selector: "a", options: { hideLinkHrefIfSameAsText: true } },
      { selector: "img", format: "skip" },
      // Headings stay as written: an upper-cased greeting with the member's name reads as shouting.
      ...["h1", "h2", "h3", "h4", "h5", "h6"].map((selector) => ({ selector, options: { uppercase: false } })),
    ],
  }).trim();
}

/**
 * Fills the personal fields. In HTML the values are escaped (a name like `<b>Ann & Co</b>` stays
 * text); subjects and plain text take them as they are. An e-mail without its own text gets one
 * generated from the HTML. SMS texts get ordinary spaces instead of the non-breaking ones of
 * formatted numbers, which GSM-7 does not have (they would make every SMS a shorter UCS-2 one).
 */
export function renderContent(
  content: { subject?: string; html?: string; text?: string; url?: string },
  ctx: Record<string, string>,
  channel: "email" | "sms" | "push",
): { subject: string; html: string; text: string; url: string } {
  if (channel === "sms") {
    const text = fill(content.text ?? "", ctx, (v) => v.replace(/[\u00a0\u202f]/g, " "));
    return { subject: "", html: "", text, url: "" };
  }
  if (channel === "push") return renderPush(content, ctx);
  const subject = fill(content.subject ?? "", ctx, (v) => v.replace(/[\r\n\t\v\f\u2028\u2029]+/g, " ")).trim();
  const html = fill(content.html ?? "", ctx, escapeHtml);
  const text = content.text?.trim() ? fill(content.text, ctx, (v) => v) : html ? htmlToPlainText(html) : "";
  return { subject, html, text, url: "" };
}

/** What a push notification shows: the limits hold after the fields are filled (a long name is cut). */
export const PUSH_TITLE_MAX = 60;
export const PUSH_BODY_MAX = 180;

function cut(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max
    ? s
    : `${chars
        .slice(0, max - 1)
        .join("")
        .trimEnd()}…`;
}

/**
 * A push notification: title (the subject), body (the text) on one line each as far as the
 * system allows, and the address it opens: a path of the portal ("/rewards"), an https address
 * or a field such as {member_ref_link}; empty = the portal's start page (filled in when sending).
 */
function renderPush(content: { subject?: string; text?: string; url?: string }, ctx: Record<string, string>) {
  const oneLine = (v: string) => v.replace(/[\r\n\t\v\f\u2028\u2029]+/g, " ");
  const subject = cut(fill(content.subject ?? "", ctx, oneLine).trim(), PUSH_TITLE_MAX);
  const text = cut(fill(content.text ?? "", ctx, (v) => v).trim(), PUSH_BODY_MAX);
  let url = fill(content.url ?? "", ctx, (v) => v).trim();
  if (url.startsWith("/") && !url.startsWith("//")) url = `${ctx.portal_link ?? ""}${url}`;
  return { subject, html: "", text, url };
}

// ---- SMS length --------------------------------------------------------------------------------

/*
 * GSM 03.38 by hand: the two alphabets are fixed by the standard and fit in two strings, and the
 * counting rules (160/153, 70/67, escaped characters and surrogate pairs never split between parts)
 * are a few lines; the npm counters either miss the split rule or pull in a phone-number library.
 */
const GSM7_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
/** Sent as ESC + character: two septets each. */
const GSM7_EXTENSION = new Set("\f^{}\\[~]|€");

/** How many parts of `perPart` units the units fill, a multi-unit character never split between parts. */
function parts(units: number[], single: number, perPart: number): number {
  const total = units.reduce((n, u) => n + u, 0);
  if (total === 0) return 0;
  if (total <= single) return 1;
  let count = 1;
  let used = 0;
  for (const u of units) {
    if (used + u > perPart) {
      count++;
      used = 0;
    }
    used += u;
  }
  return count;
}

/**
 * Length and parts of an SMS: GSM-7 while every character is in the GSM alphabet (extension
 * characters such as € count twice), otherwise UCS-2 counted in UTF-16 code units (Polish
 * ą ć ę ł ń ó ś ź ż are not in GSM-7). `characters` is the length the limits apply to.
 */
export function smsSegments(text: string): { characters: number; segments: number; encoding: "gsm7" | "ucs2" } {
  const chars = [...text];
  if (chars.every((c) => GSM7_BASIC.has(c) || GSM7_EXTENSION.has(c))) {
    const units = chars.map((c) => (GSM7_EXTENSION.has(c) ? 2 : 1));
    return { characters: units.reduce((n, u) => n + u, 0), segments: parts(units, 160, 153), encoding: "gsm7" };
  }
  const units = chars.map((c) => c.length);
  return { characters: text.length, segments: parts(units, 70, 67), encoding: "ucs2" };
}
