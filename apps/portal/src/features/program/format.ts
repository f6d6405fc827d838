// Numbers and money for the chosen language (pl: "1 234,56 zł").

export const formatNumber = (n: number, language: string) => new Intl.NumberFormat(language === "en" ? "en-GB" : "pl-PL").format(n);

/** Minor units as money; whole amounts without decimals ("1 zł", "100 zł"). */
export function formatMoney(minor: number, currency: string, language: string): string {
  const whole = minor % 100 === 0;
  return new Intl.NumberFormat(language === "en" ? "en-GB" : "pl-PL", {
    style: "currency",
    currency,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(minor / 100);
}

/** Basis points as a percentage: 500 -> "5%", 250 -> "2,5%". */
export const formatPercent = (bp: number, language: string) =>
  new Intl.NumberFormat(language === "en" ? "en-GB" : "pl-PL", { style: "percent", maximumFractionDigits: 2 }).format(bp / 10_000);

/** A multiplier in basis points: 15000 -> "×1,5". */
export const formatMultiplier = (bp: number, language: string) =>
  `×${new Intl.NumberFormat(language === "en" ? "en-GB" : "pl-PL", { maximumFractionDigits: 2 }).format(bp / 10_000)}`;

export const formatDate = (value: string | Date, language: string) =>
  new Intl.DateTimeFormat(language === "en" ? "en-GB" : "pl-PL", { day: "numeric", month: "long", year: "numeric" }).format(
    new Date(value),
  );
