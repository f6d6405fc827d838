import { type FieldErrorCode, type FieldErrorParams, fieldErrorText } from "./field-errors.js";

/** One error model: a stable string code, a message for humans, and per-field details. */
export type ErrorCode =
  | "validation_failed"
  | "unauthenticated"
  | "forbidden"
  | "csrf_failed"
  | "password_change_required"
  | "not_found"
  | "conflict"
  | "already_exists"
  | "setup_already_done"
  | "unprocessable"
  | "program_inactive"
  | "member_blocked"
  | "member_erased"
  | "insufficient_points"
  | "currency_mismatch"
  | "reward_unavailable"
  | "out_of_stock"
  | "out_of_codes"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "not_ready"
  | "push_consent_required"
  | "origin_not_allowed"
  | "widget_token_invalid"
  | "widget_token_expired"
  | "member_not_found"
  | "webhook_signature_invalid"
  | "gone"
  | "internal";

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  password_change_required: 403,
  not_found: 404,
  conflict: 409,
  already_exists: 409,
  setup_already_done: 409,
  unprocessable: 422,
  program_inactive: 422,
  member_blocked: 422,
  member_erased: 409,
  insufficient_points: 422,
  currency_mismatch: 422,
  reward_unavailable: 422,
  out_of_stock: 409,
  out_of_codes: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  not_ready: 503,
  push_consent_required: 409,
  origin_not_allowed: 403,
  widget_token_invalid: 401,
  widget_token_expired: 401,
  member_not_found: 404,
  webhook_signature_invalid: 401,
  gone: 410,
  internal: 500,
};

/** One field's problem: a stable code from the catalog, its params, and the English message. */
/** Every top-level error code (clients translate each). */
export const ERROR_CODES = Object.keys(STATUS) as ErrorCode[];

export interface ErrorDetail {
  path: string;
  code: FieldErrorCode;
  message: string;
  params?: FieldErrorParams;
}

/** A detail whose English message comes from the catalog. */
export function detail(path: string, code: FieldErrorCode, params?: FieldErrorParams): ErrorDetail {
  const message = fieldErrorText(code, params);
  return params ? { path, code, message, params } : { path, code, message };
}

/** "path: message; path: message", the top-level message of a validation error. */
export function joinDetails(details: ErrorDetail[]): string {
  return details.map((d) => `${d.path}: ${d.message}`).join("; ");
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.details = details;
    this.headers = headers;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** A field-level validation failure, for rules a schema cannot express. */
export function invalidField(path: string, code: FieldErrorCode, params?: FieldErrorParams): AppError {
  const d = detail(path, code, params);
  return new AppError("validation_failed", `${path}: ${d.message}`, [d]);
}

/** A validation error for a list of field problems (none: nothing to throw). */
export function invalidFields(details: ErrorDetail[]): AppError {
  return new AppError("validation_failed", joinDetails(details), details);
}

export function notFound(what: string): AppError {
  return new AppError("not_found", `${what} not found`);
}

/** True when err is the database's unique-violation on the named constraint (or any, if omitted). */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e?.code !== "23505") return false;
  return !constraint || e.constraint === constraint || Boolean(e.message?.includes(constraint));
}
