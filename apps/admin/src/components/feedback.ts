import { notifications } from "@mantine/notifications";
import type { TFunction } from "i18next";
import { ApiError } from "../api/client";
import type { TKey } from "../i18n";

/** Server validation messages we know, shown in the interface language. */
const FIELD_MESSAGES: Record<string, TKey> = {
  "is required": "validation.required",
  "must be a valid e-mail address": "validation.email",
  "must be at least 10 characters": "validation.passwordMin",
  "must close after it opens": "validation.closesAfterOpens",
  "must be a time HH:MM": "validation.time",
  "must be a phone number": "validation.phone",
  "must be a two-letter country code, e.g. PL": "validation.country",
  "must be between -90 and 90": "validation.latitude",
  "must be between -180 and 180": "validation.longitude",
  "choose at least one scope": "validation.scopes",
  "is not your current password": "validation.wrongCurrentPassword",
  "is already used by another account": "validation.emailTaken",
  "is already a member of this company": "validation.alreadyMember",
  "is required for a new account": "validation.requiredForNewAccount",
  "is already taken": "validation.taken",
  "is required for an e-mail": "validation.required",
  "is required for an SMS": "validation.required",
  "is required when sending is enabled": "validation.required",
  "is required for the HTTP provider": "validation.required",
  "must be an e-mail address": "validation.email",
  "must be a time HH:MM (00:00-23:59)": "validation.time",
  "must be an absolute URL": "validation.url",
  "set quietHoursStart and quietHoursEnd together": "validation.bothTimes",
  "E-mail sending is not enabled in the outbox settings": "validation.emailNotConfigured",
  "No SMS provider is chosen in the outbox settings": "validation.smsNotConfigured",
};

/** Server messages that name something (a field, a placeholder): pattern -> key with {{name}}. */
const FIELD_PATTERNS: [RegExp, TKey][] = [[/^unknown fields? (.+)$/, "validation.unknownField"]];

export function fieldMessage(t: TFunction, message: string): string {
  const key = FIELD_MESSAGES[message];
  if (key) return t(key);
  for (const [re, patternKey] of FIELD_PATTERNS) {
    const match = re.exec(message);
    if (match) return t(patternKey, { name: match[1] });
  }
  return message;
}

export function notifySaved(t: TFunction, message?: string): void {
  notifications.show({ color: "green", title: t("common.saved"), message: message ?? t("common.savedMessage") });
}

export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 403 && err.details.length === 0) return `${t("errors.forbidden")} (${err.message})`;
    if (err.status === 404) return t("errors.notFound");
    if (err.status === 413) return t("errors.tooLarge");
    if (err.status === 415) return t("errors.unsupportedType");
    if (err.status >= 500) return t("errors.server");
    if (err.details.length > 0) return err.details.map((d) => `${d.path}: ${fieldMessage(t, d.message)}`).join("; ");
    return err.message;
  }
  return t("errors.network");
}

export function notifyError(t: TFunction, err: unknown): void {
  notifications.show({ color: "red", title: t("errors.title"), message: errorMessage(t, err) });
}

interface FormLike {
  getValues(): unknown;
  setFieldError(path: string, error: string): void;
}

function hasPath(values: unknown, path: string): boolean {
  let current: unknown = values;
  for (const part of path.split(".")) {
    if (current === null || typeof current !== "object" || !(part in current)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

/**
 * Shows the API's field errors next to the matching inputs (paths are dotted, e.g.
 * "address.city"); anything that has no input on this form becomes a notification.
 * `mapPath` renames server paths to form paths when the form is shaped differently.
 */
export function showFormError(t: TFunction, form: FormLike, err: unknown, mapPath: (path: string) => string = (p) => p): void {
  if (err instanceof ApiError && err.details.length > 0) {
    const values = form.getValues();
    const rest = [];
    for (const detail of err.details) {
      const path = mapPath(detail.path);
      if (hasPath(values, path)) form.setFieldError(path, fieldMessage(t, detail.message));
      else rest.push(detail);
    }
    if (rest.length === 0) return;
    notifyError(t, new ApiError(err.status, err.code, err.message, rest, err.requestId));
    return;
  }
  notifyError(t, err);
}

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
export const TIME_RE = /^([01]\d|2[0-3]):[0-5]\d$/;
export const SLUG_RE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
