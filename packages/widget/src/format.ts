import type { Lang } from "./types";

// Numbers, points, money and dates as the portal writes them (apps/portal/src/format.ts):
// pl "1 234 pkt", "1 234,56 zł"; en "1,234 pts", "PLN 1,234.56". Points are grouped from
// the thousands in Polish too (Intl's Polish default leaves "1234" ungrouped).

const locale = (lang: Lang) => (lang === "en" ? "en-GB" : "pl-PL");

export function formatNumber(lang: Lang, value: number, signed = false): string {
  return new Intl.NumberFormat(locale(lang), {
    useGrouping: "always",
    signDisplay: signed ? "exceptZero" : "auto",
  } as Intl.NumberFormatOptions).format(value);
}

/** "1 234 pkt" / "1,234 pts"; `signed`: "+49 pkt" / "−20 pts". */
export function formatPoints(lang: Lang, points: number, signed = false): string {
  const unit = lang === "en" ? (Math.abs(points) === 1 ? "pt" : "pts") : "pkt";
  return `${formatNumber(lang, points, signed)}\u00a0${unit}`;
}

/** Money in minor units: 123456 PLN -> "1 234,56 zł" / "PLN 1,234.56". */
export function formatMoney(lang: Lang, amountMinor: number, currency: string): string {
  try {
    return new Intl.NumberFormat(locale(lang), {
      style: "currency",
      currency,
      useGrouping: "always",
    } as Intl.NumberFormatOptions).format(amountMinor / 100);
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

/** Basis points as a percentage: 500 -> "5%". */
export function formatBp(lang: Lang, bp: number): string {
  return new Intl.NumberFormat(locale(lang), { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);
}

/** A calendar day "YYYY-MM-DD" (already the company's day), without any time-zone shift. */
export function formatDay(lang: Lang, day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)),
  );
}

export function formatDateTime(lang: Lang, value: string): string {
  return new Intl.DateTimeFormat(locale(lang), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}
