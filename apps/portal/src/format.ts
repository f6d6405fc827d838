import { currentLanguage } from "./i18n";

// Numbers, points, money and dates in the member's language: pl "1 234 pkt", "1 234,56 zł",
// en "1,234 pts", "PLN 1,234.56". Points are grouped from the thousands in Polish too (Intl's
// Polish default leaves "1234" ungrouped).

export function locale(): string {
  return currentLanguage() === "en" ? "en-GB" : "pl-PL";
}

export function formatNumber(value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale(), { useGrouping: "always", ...options } as Intl.NumberFormatOptions).format(value);
}

/** "1 234 pkt" / "1,234 pts"; `signed` shows "+49 pkt" / "−20 pts". */
export function formatPoints(points: number, signed = false): string {
  const n = formatNumber(points, { signDisplay: signed ? "exceptZero" : "auto" });
  const unit = currentLanguage() === "en" ? (Math.abs(points) === 1 ? "pt" : "pts") : "pkt";
  return `${n}\u00a0${unit}`;
}

/** Money in minor units: 123456 PLN -> "1 234,56 zł" / "PLN 1,234.56". */
export function formatMoney(amountMinor: number, currency = "PLN"): string {
  try {
    return new Intl.NumberFormat(locale(), { style: "currency", currency, useGrouping: "always" } as Intl.NumberFormatOptions).format(
      amountMinor / 100,
    );
  } catch {
    return `${(amountMinor / 100).toFixed(2)} ${currency}`;
  }
}

/** Basis points as a percentage: 500 -> "5%" / "5 %". */
export function formatBp(bp: number): string {
  return new Intl.NumberFormat(locale(), { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);
}

export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium" }).format(new Date(value));
}

/** A calendar day "YYYY-MM-DD" (already the company's day): formatted without any time-zone shift. */
export function formatDay(day: string): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeZone: "UTC" }).format(
    new Date(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1)),
  );
}

export function formatDateTime(value: string | Date | null | undefined): string {
  if (!value) return "—";
  return new Intl.DateTimeFormat(locale(), { dateStyle: "medium", timeStyle: "short" }).format(new Date(value));
}
