import { randomInt } from "node:crypto";
import { invalidField } from "../../platform/errors.js";

export interface CardNumberPattern {
  prefix: string;
  /** Digits after the prefix, the check digit included. */
  digits: number;
  checkDigit: boolean;
}

/** The Luhn (mod 10) check digit to append to a string of digits. */
export function luhnCheckDigit(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

/** True when the last digit is the Luhn check digit of the others. */
export function luhnValid(digits: string): boolean {
  return /^\d{2,}$/.test(digits) && luhnCheckDigit(digits.slice(0, -1)) === Number(digits.slice(-1));
}

export function generateCardNumber(p: CardNumberPattern): string {
  const bodyLength = p.checkDigit ? p.digits - 1 : p.digits;
  let body = "";
  for (let i = 0; i < bodyLength; i++) body += String(randomInt(10));
  return `${p.prefix}${body}${p.checkDigit ? luhnCheckDigit(body) : ""}`;
}

/**
 * A number given by staff (already upper-cased and checked for 4–32 of A–Z0–9-): when the company
 * uses check digits and the number looks like one of its own (prefix + all digits of the pattern's
 * length), the check digit must match, which catches typos.
 */
export function checkGivenCardNumber(p: CardNumberPattern, cardNumber: string): void {
  if (!p.checkDigit) return;
  const rest = cardNumber.startsWith(p.prefix) ? cardNumber.slice(p.prefix.length) : null;
  if (rest !== null && /^\d+$/.test(rest) && rest.length === p.digits && !luhnValid(rest)) {
    throw invalidField("cardNumber", "card_check_digit");
  }
}

/** Referral codes avoid characters that read alike: no 0/O, 1/I/L. */
const REFERRAL_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

export function generateReferralCode(length = 8): string {
  let code = "";
  for (let i = 0; i < length; i++) code += REFERRAL_ALPHABET[randomInt(REFERRAL_ALPHABET.length)];
  return code;
}
