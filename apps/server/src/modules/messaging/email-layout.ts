import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import type { ConsentPurpose } from "../consents/consents.schemas.js";
import { getProgramRow } from "../programs/programs.service.js";
import { unsubscribeUrl } from "./unsubscribe-token.js";

export function escapeHtml(s: string): string {
  return s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");
}

const DEFAULT_ACCENT = "#2f9e44";

/** Black or white, whichever reads better on the accent colour. */
function textOn(hex: string): string {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex.slice(0, 7);
  const [r, g, b] = [1, 3, 5].map((i) => Number.parseInt(full.slice(i, i + 2), 16) / 255) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.6 ? "#1a1a1a" : "#ffffff";
}

const FOOTER = {
  pl: {
    why: "Otrzymujesz tę wiadomość, ponieważ wyraziłeś(-aś) zgodę na jej otrzymywanie.",
    unsubscribe: "Wypisz się",
    unsubscribeText: "Aby wypisać się z tych wiadomości, otwórz",
  },
  en: {
    why: "You are receiving this message because you agreed to receive it.",
    unsubscribe: "Unsubscribe",
    unsubscribeText: "To unsubscribe from these messages, open",
  },
} as const;

export interface Branding {
  companyName: string;
  programName: string | null;
  language: "pl" | "en";
  logoUrl: string | null;
  accentColor: string;
}

export async function loadBranding(db: Queryable, config: Config, companyId: string, programId: string | null): Promise<Branding> {
  const company = await getCompany(db, companyId);
  const program = programId ? await getProgramRow(db, companyId, programId).catch(() => null) : null;
  const color =
    program?.primary_color && /^#[0-9a-fA-F]{6}$|^#[0-9a-fA-F]{3}$/.test(program.primary_color) ? program.primary_color : DEFAULT_ACCENT;
  return {
    companyName: company.name,
    programName: program?.name ?? null,
    language: company.language,
    logoUrl: company.logoMediaId ? `${config.publicUrl}/media/${company.logoMediaId}` : null,
    accentColor: color,
  };
}

export interface BrandedEmail {
  html: string;
  text: string;
  unsubscribeUrl: string | null;
}

/**
 * Wraps a rendered body in the company's layout: logo, company/program name on the program's
 * colour, and a footer with the unsubscribe link when the message rests on a consent. Used for
 * sending and for previews (`sampleUnsubscribe`: a link that shows where it would be).
 */
export async function brandedEmail(
  db: Queryable,
  opts: {
    config: Config;
    companyId: string;
    programId: string | null;
    memberId: string | null;
    channel?: "email";
    purpose: ConsentPurpose | null;
    subject: string;
    html: string;
    text: string;
    sampleUnsubscribe?: boolean;
    /** The recipient's language (the footer's texts); default: the company's. */
    language?: "pl" | "en";
  },
): Promise<BrandedEmail> {
  const loaded = await loadBranding(db, opts.config, opts.companyId, opts.programId);
  const b = opts.language ? { ...loaded, language: opts.language } : loaded;
  let link: string | null = null;
  if (opts.purpose && opts.memberId)
    link = unsubscribeUrl(opts.config, { companyId: opts.companyId, memberId: opts.memberId, channel: "email", purpose: opts.purpose });
  else if (opts.purpose && opts.sampleUnsubscribe) link = `${opts.config.publicUrl}/unsubscribe/example`;
  return { html: layoutHtml(b, opts.subject, opts.html, link), text: layoutText(b, opts.text, link), unsubscribeUrl: link };
}

export function layoutHtml(b: Branding, subject: string, body: string, unsubscribe: string | null): string {
  const t = FOOTER[b.language];
  const title = b.programName ?? b.companyName;
  const fg = textOn(b.accentColor);
  const logo = b.logoUrl
    ? `<img src="${escapeHtml(b.logoUrl)}" alt="${escapeHtml(b.companyName)}" height="40" style="display:block;max-height:40px;border:0;margin:0 0 8px 0">`
    : "";
  const subtitle = b.programName ? `<div style="font-size:13px;opacity:.85">${escapeHtml(b.companyName)}</div>` : "";
  const footerLink = unsubscribe
    ? `<p style="margin:8px 0 0 0">${escapeHtml(t.why)} <a href="${escapeHtml(unsubscribe)}" style="color:#555555">${escapeHtml(t.unsubscribe)}</a></p>`
    : "";
  return `<!doctype html>
<html lang="${b.language}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;color:#1a1a1a">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f3f4f6"><tr><td align="center" style="padding:16px 8px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px;overflow:hidden">
<tr><td style="background:${b.accentColor};color:${fg};padding:16px 24px">${logo}<div style="font-size:20px;font-weight:bold">${escapeHtml(title)}</div>${subtitle}</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5">${body}</td></tr>
<tr><td style="padding:16px 24px;border-top:1px solid #e5e7eb;font-size:12px;color:#555555"><p style="margin:0">${escapeHtml(b.companyName)}</p>${footerLink}</td></tr>
</table></td></tr></table>
</body>
</html>`;
}

export function layoutText(b: Branding, text: string, unsubscribe: string | null): string {
  const t = FOOTER[b.language];
  const lines = [text.trimEnd(), "", "--", b.companyName];
  if (unsubscribe) lines.push(`${t.why} ${t.unsubscribeText} ${unsubscribe}`);
  return lines.join("\n");
}
