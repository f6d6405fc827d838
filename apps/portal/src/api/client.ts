import createClient, { type Middleware } from "openapi-fetch";
import { readPortalMeta } from "./portal-meta";
import type { paths } from "./schema";

const meta = readPortalMeta();
/** The company's slug: every member API path carries it (`/api/v1/portal/{slug}/…`). */
export const slug = meta.slug;
/** The portal's root path ("/p/<slug>/", or "/" on the company's own domain); ends with "/". */
export const base = meta.base;

/** One field's problem (`code`: see the fieldErrors.* translations); `message` is English. */
export interface ErrorDetail {
  path: string;
  code?: string;
  message: string;
  params?: Record<string, string | number>;
}

/** An error answer of the API: `{ error: { code, message, details }, requestId }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly requestId?: string,
  ) {
    super(message);
  }
}

// The member session's CSRF token, set when the session query answers (api/session.ts); every
// request that changes something sends it, as the member-access hook requires.
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function currentCsrfToken(): string | null {
  return csrfToken;
}

const csrf: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD" && csrfToken) request.headers.set("X-CSRF-Token", csrfToken);
    return request;
  },
};

export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "include",
});
api.use(csrf);

interface ErrorBody {
  error?: { code?: string; message?: string; details?: ErrorDetail[] };
  requestId?: string;
}

export function toApiError(error: unknown, response: Response): ApiError {
  const body = (error ?? {}) as ErrorBody;
  return new ApiError(
    response.status,
    body.error?.code ?? `http_${response.status}`,
    body.error?.message ?? response.statusText,
    body.error?.details ?? [],
    body.requestId,
  );
}

/** An openapi-fetch result's data, or an ApiError. */
export async function unwrap<T>(promise: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await promise;
  if (error !== undefined || !response.ok) throw toApiError(error, response);
  return data as T;
}

/**
 * GET of a portal path not (yet) in the generated schema, e.g. `getJson("session")` for
 * `/api/v1/portal/<slug>/session`: the shell is built before some of the routes it calls exist.
 * Prefer `api.GET` with the typed path once `npm run gen:sdk` knows it.
 */
export async function getPortalJson<T>(path: string): Promise<T> {
  const response = await fetch(`/api/v1/portal/${encodeURIComponent(slug)}/${path}`, {
    credentials: "include",
    headers: { accept: "application/json" },
  });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!response.ok) throw toApiError(body, response);
  return body as T;
}
