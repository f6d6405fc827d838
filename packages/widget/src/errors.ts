import { byCode, fill, messages } from "./messages";
import type { Lang, WidgetError } from "./types";
import type { FormField } from "./view-state";

/** An API error in the member's words; `context` tells a refused password from an ended session (both 401 unauthenticated). */
export function errorText(lang: Lang, error: WidgetError, context: "sign-in" | "session" = "session"): string {
  const e = messages[lang].errors;
  if (context === "sign-in" && error.code === "unauthenticated") return e.wrongCredentials;
  if (error.status === 429) return e.rate_limited;
  return byCode(e, error.code) ?? e.generic;
}

/** A 422's `details` on the sign-in form's fields, in the member's words (the server's text for a code we do not know). */
export function fieldErrors(lang: Lang, error: WidgetError): Partial<Record<FormField, string>> {
  const e = messages[lang].errors;
  const found: Partial<Record<FormField, string>> = {};
  for (const d of error.details) {
    const field = d.path as FormField;
    if (field !== "email" && field !== "password" && field !== "code") continue;
    found[field] = (d.code && byCode(e, d.code)) || d.message || e.generic;
  }
  return found;
}

/** The form's own checks before anything is sent; the server checks the same again. */
export function checkForm(lang: Lang, values: Record<FormField, string>, fields: FormField[]): Partial<Record<FormField, string>> {
  const m = messages[lang];
  const found: Partial<Record<FormField, string>> = {};
  const labels: Record<FormField, string> = { email: m.email, password: m.password, code: m.code };
  for (const f of fields) {
    const v = values[f].trim();
    if (!v) found[f] = fill(m.errors.required, { field: labels[f] });
    else if (f === "email" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) found[f] = m.errors.email;
    else if (f === "code" && !/^\d{6}$/.test(v)) found[f] = m.errors.codeFormat;
  }
  return found;
}
