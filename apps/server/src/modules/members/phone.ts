/**
 * Phone numbers are stored in E.164 ("+48600100200"). Numbers without a country prefix are Polish
 * (9 digits). Accepts spaces, dashes, dots, slashes and parentheses; "00" works like "+".
 * Returns null for anything that is not a plausible number. (Per-country length rules beyond
 * Poland would need libphonenumber.)
 */
export function normalizePhone(input: string, defaultCountryCode = "48"): string | null {
  const s = input.trim();
  if (!/^\+?[0-9\s().\-/]+$/.test(s)) return null;
  let digits = s.replace(/[^0-9]/g, "");
  let international = s.startsWith("+");
  if (!international && digits.startsWith("00")) {
    digits = digits.slice(2);
    international = true;
  }
  if (!international) {
    if (digits.length === 9 && !digits.startsWith("0")) digits = `${defaultCountryCode}${digits}`;
    else if (digits.length === 11 && digits.startsWith("48")) {
      // 48 600 100 200 typed without the plus
    } else return null;
  }
  if (digits.startsWith("0") || digits.length < 8 || digits.length > 15) return null;
  if (digits.startsWith("48") && digits.length !== 11) return null;
  return `+${digits}`;
}

/**
 * Prefix patterns for searching phones by what staff type ("600 1", "+48 600", "0048600"): digits
 * only; without a country prefix both the default country and any country are tried.
 */
export function phoneSearchPrefixes(q: string, defaultCountryCode = "48"): string[] {
  const s = q.trim();
  if (!/^\+?[0-9\s().\-/]+$/.test(s)) return [];
  let digits = s.replace(/[^0-9]/g, "");
  if (digits.length < 3) return [];
  if (s.startsWith("+")) return [`+${digits}`];
  if (digits.startsWith("00")) return [`+${digits.slice(2)}`];
  digits = digits.replace(/^0+/, "");
  return [`+${defaultCountryCode}${digits}`, `+${digits}`];
}
