import { parsePhoneNumberFromString } from "libphonenumber-js/min";
import { currentLanguage } from "./i18n";

export function locale(): string {
  return currentLanguage() === "en" ? "en-GB" : "pl-PL";
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), options).format(value);
}

export function supported(kind: "currency" | "timeZone"): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  try {
    return intl.supportedValuesOf?.(kind) ?? [];
  } catch {
    return [];
  }
}

export function currencyLabel(code: string): string {
  try {
    const name = new Intl.DisplayNames([locale()], { type: "currency" }).of(code);
    return name && name !== code ? `${code} — ${name}` : code;
  } catch {
    return code;
  }
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(new Date(value));
}

/** Money in minor units, e.g. 123456 PLN -> "1 234,56 zł" (pl) / "PLN 1,234.56" (en). */
export function formatMoney(amountMinor: number, currency = "PLN"): string {
  try {
    return new Intl.NumberFormat(locale(), { style: "currency", currency }).format(amountMinor / 100);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

/** Whole points with thousands separators; `signed` shows "+12". */
export function formatPoints(points: number, signed = false): string {
  return new Intl.NumberFormat(locale(), { signDisplay: signed ? "exceptZero" : "auto" }).format(points);
}

/** Basis points as a percentage: 250 -> "2,5 %". */
export function formatBp(bp: number): string {
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);
}

/** A multiplier in basis points: 20000 -> "×2", 15000 -> "×1,5". */
export function formatMultiplier(bp: number): string {
  return `×${new Intl.NumberFormat(locale(), { maximumFractionDigits: 2 }).format(bp / 10_000)}`;
}

/**
 * Parses what a cashier types as an amount: "123,45", "123.45", "1 234,5" -> minor units, or null.
 * At most two decimals; a lone separator is the decimal one.
 */
export function parseMoney(text: string): number | null {
  const cleaned = text.replace(/[\s\u00a0zł]/gi, "").replace(/[A-Z]{3}$/i, "");
  if (!/^\d+([.,]\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(/[.,]/);
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}

/** Minor units as an editable decimal string in the locale's style: 12345 -> "123,45". */
export function moneyInput(amountMinor: number): string {
  const text = (amountMinor / 100).toFixed(2);
  return locale() === "pl-PL" ? text.replace(".", ",") : text;
}

/** Percent (2.5) <-> basis points (250), rounded to whole basis points. */
export const percentToBp = (percent: number | string): number => Math.round(Number(percent) * 100);
export const bpToPercent = (bp: number): number => bp / 100;

/** An ISO date-time as a local "YYYY-MM-DDTHH:mm" value (the date-time fields), in the browser's time zone. */
export function toLocalInput(value: string | null | undefined): string {
  if (!value) return "";
  const d = new Date(value);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function fromLocalInput(value: string): string | null {
  return value ? new Date(value).toISOString() : null;
}

export function memberName(m: { firstName: string; lastName: string; cardNumber?: string }): string {
  const name = `${m.firstName} ${m.lastName}`.trim();
  return name || m.cardNumber || "—";
}

/** A phone number as people write it ("+48 600 139 473"); anything unparsable as given. */
export function formatPhone(value: string | null | undefined): string {
  if (!value) return "—";
  const parsed = parsePhoneNumberFromString(value, "PL");
  return parsed?.isValid() ? parsed.formatInternational() : value;
}
