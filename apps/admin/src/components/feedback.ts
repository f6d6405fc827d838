import { notifications } from "@mantine/notifications";
import type { TFunction } from "i18next";
import { ApiError, type ErrorDetail } from "../api/client";
import { formatDateTime, formatNumber } from "../format";
import type { TKey } from "../i18n";

/*
 * The API speaks English; the admin shows none of it. Every error has a code (`serverErrors.<code>`)
 * and every field problem a code with params (`fieldErrors.<code>`, shown next to its input), and
 * a problem with no input on the form is told as "<field label>: <message>" (`fields.<name>`).
 */

/** A field problem as the API sends it; a bare string is an old-style English message. */
type DetailLike = Pick<ErrorDetail, "message"> & Partial<Pick<ErrorDetail, "code" | "params" | "path">>;

/** Params that are amounts in minor units (grosze): shown as money, not as a count of grosze. */
const MONEY_PARAMS: Record<string, string[]> = { refund_at_most: ["max"], lines_sum: ["sum", "amount"], basket_under_minimum: ["amount"] };

/** A translation, or "" when the key is missing (a code newer than this admin). */
function maybe(t: TFunction, key: string, params: Record<string, unknown> = {}): string {
  return t(key as TKey, { ...params, defaultValue: "" }) as string;
}

function shownParams(code: string, params: Record<string, string | number> = {}): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    if (MONEY_PARAMS[code]?.includes(name) && typeof value === "number")
      out[name] = formatNumber(value / 100, { minimumFractionDigits: 2 });
    else if (name === "date" && typeof value === "string") out[name] = formatDateTime(value);
    else if (typeof value === "number") out[name] = formatNumber(value);
    else out[name] = value;
  }
  return out;
}

/** A field problem in the interface language (the English message only for a code this admin does not know). */
export function fieldMessage(t: TFunction, detail: DetailLike | string): string {
  if (typeof detail === "string") return detail;
  if (!detail.code) return detail.message;
  return maybe(t, `fieldErrors.${detail.code}`, shownParams(detail.code, detail.params)) || detail.message;
}

function humanize(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * What a person calls the field at an API path: "amount.currency" -> "Currency", "lines.0.quantity"
 * -> "Quantity", "query.from" -> "From"; a name without a label reads as words ("city_zone" -> "City zone").
 */
export function fieldLabel(t: TFunction, path: string): string {
  const csvLine = /^csv\.line (\d+)$/.exec(path);
  if (csvLine) return t("fields.csvLine", { line: csvLine[1] });
  const segments = path
    .replace(/^(query|params|headers)\./, "")
    .split(".")
    .filter((s) => s !== "" && !/^\d+$/.test(s));
  const last = segments[segments.length - 1] ?? path;
  if (segments[0] === "customFields" && segments.length > 1) return humanize(last);
  return maybe(t, `fields.${last}`) || humanize(last);
}

/** The top-level message of an error without field details. */
function serverMessage(t: TFunction, err: ApiError): string {
  const known = maybe(t, `serverErrors.${err.code}`);
  if (known) return known;
  if (err.status === 404) return t("serverErrors.not_found");
  if (err.status >= 500) return t("errors.server");
  return err.message;
}

/** Toasts do not pile up: a new outcome replaces the ones still shown (the latest is what counts). */
function showOnly(notification: Parameters<typeof notifications.show>[0]): void {
  notifications.clean();
  notifications.show(notification);
}

export function notifySaved(t: TFunction, message?: string): void {
  showOnly({ color: "green", title: t("common.saved"), message: message ?? t("common.savedMessage") });
}

export function errorMessage(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status >= 500 && err.code !== "not_ready") return t("errors.server");
    if (err.details.length > 0) return err.details.map((d) => `${fieldLabel(t, d.path)}: ${fieldMessage(t, d)}`).join("; ");
    return serverMessage(t, err);
  }
  return t("errors.network");
}

export function notifyError(t: TFunction, err: unknown): void {
  showOnly({ color: "red", title: t("errors.title"), message: errorMessage(t, err) });
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
      if (hasPath(values, path)) form.setFieldError(path, fieldMessage(t, detail));
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
