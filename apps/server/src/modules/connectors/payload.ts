import { parse } from "lossless-json";

/**
 * Reading the shops' JSON. Every number is kept as the text it was sent as (lossless-json, told
 * to parse numbers into strings): Shopify's ids exceed 2^53 and a JSON.parse would round them,
 * and money must never pass through a float. The helpers below read fields of unknown payloads
 * without trusting their types.
 */
export type Json = string | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export class PayloadError extends Error {}

export function parseJson(raw: Buffer): Json {
  try {
    return parse(raw.toString("utf8"), null, (text: string) => text) as Json;
  } catch (err) {
    throw new PayloadError(`body_not_json: ${(err as Error).message}`.slice(0, 300));
  }
}

export const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
export const objectAt = (o: JsonObject | null | undefined, key: string): JsonObject | null => {
  const v = o?.[key];
  return isObject(v) ? v : null;
};
export const arrayAt = (o: JsonObject | null | undefined, key: string): JsonObject[] => {
  const v = o?.[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
};

// biome-ignore lint/suspicious/noControlCharactersInRegex: the API stores no control characters (request-guards.ts says why)
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** A text field (or a number sent where text was expected, e.g. an id), trimmed; null when absent or empty. */
export function textAt(o: JsonObject | null | undefined, key: string, max = 200): string | null {
  const v = o?.[key];
  if (typeof v !== "string") return null;
  const s = v.replace(CONTROL, "").trim();
  return s === "" ? null : s.slice(0, max);
}

/** An id as text, as sent (123, "123", "gid://…" all fine); null when absent. */
export const idAt = (o: JsonObject | null | undefined, key: string) => textAt(o, key, 100);

export function boolAt(o: JsonObject | null | undefined, key: string): boolean | null {
  const v = o?.[key];
  if (typeof v === "boolean") return v;
  if (v === "1" || v === "true") return true;
  if (v === "0" || v === "false") return false;
  return null;
}

/** A whole quantity (2, "2"); null when it is not a positive whole number. */
export function quantityAt(o: JsonObject | null | undefined, key: string): number | null {
  const v = o?.[key];
  if (typeof v !== "string" || !/^\d{1,6}$/.test(v)) return null;
  const n = Number(v);
  return n > 0 ? n : null;
}

/** Decimals of a currency's minor unit (USD 2, JPY 0, KWD 3), by the runtime's ISO 4217 data. */
export function minorDigits(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/**
 * "404.95" → 40495 for a 2-digit currency, in integers only. More decimals than the currency has
 * (WooCommerce's "0.4500" or a tax of "1.005") round half away from zero. Null when the text is not
 * a plain decimal number.
 */
export function toMinor(value: Json | undefined, digits: number): number | null {
  if (typeof value !== "string") return null;
  const m = /^(-)?(\d{1,15})(?:\.(\d{1,12}))?$/.exec(value.trim());
  if (!m) return null;
  const [, minus, whole = "0", fraction = ""] = m;
  const kept = fraction.padEnd(digits, "0").slice(0, digits);
  const roundUp = (fraction[digits] ?? "0") >= "5";
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(kept || "0") + (roundUp ? 1n : 0n);
  const n = Number(minor);
  return minus && n !== 0 ? -n : n;
}

export const moneyAt = (o: JsonObject | null | undefined, key: string, digits: number) => toMinor(o?.[key], digits);
