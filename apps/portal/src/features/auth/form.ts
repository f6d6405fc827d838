import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, type ErrorDetail } from "../../api/client";

export const MIN_PASSWORD = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A rule: the translation key of the problem, or null. Same rules as the API's (length, format). */
export type Rule<V> = (value: V[keyof V], values: V) => string | null;

export const rules = {
  required: (v: unknown) => (typeof v === "string" ? v.trim() === "" : v === null || v === undefined) && "auth.errors.required",
  email: (v: unknown) => (typeof v === "string" && !EMAIL.test(v.trim()) ? "auth.errors.email" : null),
  password: (v: unknown) => (typeof v === "string" && v.length < MIN_PASSWORD ? "auth.errors.passwordShort" : null),
  code: (v: unknown) => (typeof v === "string" && !/^\d{6}$/.test(v.trim()) ? "auth.errors.code" : null),
};

/** The API's problem with a field in the member's language (its English text when the code is new). */
export function useFieldErrorText() {
  const { t, i18n } = useTranslation();
  return (d: ErrorDetail): string => {
    const key = `auth.fieldErrors.${d.code}`;
    return d.code && i18n.exists(key) ? t(key, d.params ?? {}) : d.message;
  };
}

/**
 * A small form: values, inline errors (checked on submit and on blur of a touched field), and the
 * API's field errors shown under the field they name; problems with no field of the form (or a 429)
 * become the form's message.
 */
export function useAuthForm<V extends Record<string, unknown>>(
  initial: V,
  validate: Partial<Record<keyof V, ((v: unknown) => string | null | false)[]>>,
) {
  const { t } = useTranslation();
  const errorText = useFieldErrorText();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<string, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const check = (key: keyof V, value: unknown): string | null => {
    for (const rule of validate[key] ?? []) {
      const problem = rule(value);
      if (problem) return t(problem, { min: MIN_PASSWORD });
    }
    return null;
  };

  const set = <K extends keyof V>(key: K, value: V[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    if (errors[key as string]) setErrors((e) => ({ ...e, [key as string]: undefined }));
  };

  const field = <K extends keyof V>(key: K) => ({
    value: values[key] as never,
    error: errors[key as string],
    onBlur: () => {
      const problem = values[key] === initial[key] ? null : check(key, values[key]);
      setErrors((e) => ({ ...e, [key as string]: problem ?? undefined }));
    },
  });

  /** Validates, runs `send`, maps an ApiError onto the fields; true when `send` succeeded. */
  const submit = (send: (values: V) => Promise<void>) => async (event?: FormEvent) => {
    event?.preventDefault();
    setFormError(null);
    const found: Record<string, string> = {};
    for (const key of Object.keys(validate) as (keyof V)[]) {
      const problem = check(key, values[key]);
      if (problem) found[key as string] = problem;
    }
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setSubmitting(true);
    try {
      await send(values);
    } catch (err) {
      if (!(err instanceof ApiError)) {
        setFormError(t("auth.errors.network"));
        return;
      }
      const onFields: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const d of err.details) {
        if (d.path in values || d.path.startsWith("customFields.") || d.path.startsWith("consents.")) onFields[d.path] = errorText(d);
        else elsewhere.push(errorText(d));
      }
      setErrors(onFields);
      if (err.status === 429) setFormError(t("auth.errors.rateLimited"));
      else if (err.status === 401) setFormError(t("auth.errors.wrongCredentials"));
      else if (err.code === "member_blocked") setFormError(t("auth.errors.blocked"));
      else if (err.code === "member_erased") setFormError(t("auth.errors.erased"));
      else if (err.status === 409 && err.details.some((d) => d.code === "consent_version_stale"))
        setFormError(t("auth.errors.consentChanged"));
      else if (elsewhere.length > 0 || Object.keys(onFields).length === 0) setFormError(elsewhere.join(" ") || t("auth.errors.generic"));
    } finally {
      setSubmitting(false);
    }
  };

  return { values, set, field, errors, setErrors, formError, setFormError, submitting, submit };
}
