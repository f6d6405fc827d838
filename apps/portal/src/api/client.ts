import { createRegularsClient, csrfMiddleware, csrfTokenStore, toApiError } from "@regulars/sdk";
import { readPortalMeta } from "./portal-meta";

const meta = readPortalMeta();
/** The company's slug: every member API path carries it (`/api/v1/portal/{slug}/…`). */
export const slug = meta.slug;
/** The portal's root path ("/p/<slug>/", or "/" on the company's own domain); ends with "/". */
export const base = meta.base;

// The client, its errors and the CSRF middleware are the SDK's (packages/sdk): one copy for the
// admin, the portal and integrators. Re-exported here so the screens keep their imports.
export { ApiError, type ErrorDetail, toApiError, unwrap } from "@regulars/sdk";

// The member session's CSRF token, set when the session query answers (api/session.ts); every
// request that changes something sends it, as the member-access hook requires.
const csrfToken = csrfTokenStore();

export const setCsrfToken = csrfToken.set;
export const currentCsrfToken = csrfToken.get;

export const api = createRegularsClient({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "include",
});
api.use(csrfMiddleware(csrfToken.get));

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
