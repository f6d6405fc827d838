/** One field's problem: `path` (dotted, e.g. `lines.0.amount`), a stable `code`, its `params`; `message` is English. */
export interface ErrorDetail {
  path: string;
  code?: string;
  message: string;
  params?: Record<string, string | number>;
}

/**
 * An error answer of the API, `{ error: { code, message, details }, requestId }`, or a failure
 * without such a body (`http_<status>`). `retryAfterSeconds`: from the Retry-After header of a
 * 429 (`rate_limited`) or 503 answer, when it carries one.
 */
export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The detail naming a field (`path`), if the API named it. */
  detailFor(path: string): ErrorDetail | undefined {
    return this.details.find((d) => d.path === path);
  }
}

interface ErrorBody {
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
  requestId?: string;
}

/** Retry-After in seconds: a number of seconds, or an HTTP date (undefined when absent or unreadable). */
export function retryAfterSeconds(response: Response, nowMs = Date.now()): number | undefined {
  const value = response.headers.get("retry-after");
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** The ApiError of a failed answer; `error` is its parsed body (openapi-fetch's `error`), if any. */
export function toApiError(error: unknown, response: Response): ApiError {
  const body = (error ?? {}) as ErrorBody;
  return new ApiError(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? (response.statusText || `HTTP ${response.status}`),
    body.error?.details ?? [],
    body.requestId,
    retryAfterSeconds(response),
  );
}

/** An openapi-fetch answer's data, or its ApiError thrown. Works on the promise or on the answer. */
export async function unwrap<T>(
  result: Promise<{ data?: T; error?: unknown; response: Response }> | { data?: T; error?: unknown; response: Response },
): Promise<T> {
  const { data, error, response } = await result;
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return data as T;
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
