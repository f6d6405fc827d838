import type { Middleware } from "openapi-fetch";

/**
 * For browser sessions (cookies): every request that changes something sends the session's CSRF
 * token in X-CSRF-Token, as the API requires. `token()` answers the current token (null: none yet).
 * API keys need no such token.
 */
export function csrfMiddleware(token: () => string | null): Middleware {
  return {
    onRequest({ request }) {
      const value = token();
      if (request.method !== "GET" && request.method !== "HEAD" && value) request.headers.set("X-CSRF-Token", value);
      return request;
    },
  };
}

/** A holder of the token, for apps with one session at a time: `set` when the session is read. */
export function csrfTokenStore(): { get(): string | null; set(token: string | null): void } {
  let current: string | null = null;
  return {
    get: () => current,
    set(token) {
      current = token;
    },
  };
}
