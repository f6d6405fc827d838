import fastifyHelmet from "@fastify/helmet";
import type { App } from "./http.js";

/**
 * Security headers on every answer (helmet: nosniff, no framing, referrer policy, HSTS on https,
 * …) and a content security policy chosen by what the answer is: an HTML page (the admin panel,
 * the member portal to come, the API reference, the unsubscribe page) gets PAGE_POLICY; anything
 * else (JSON, files) gets API_POLICY, which allows nothing, so a JSON answer opened as a document
 * can run nothing.
 */

type Directives = Record<string, string[]>;

/** The policy of the React pages served by this server (admin, portal): only their own bundles run. */
export const PAGE_DIRECTIVES: Directives = {
  "default-src": ["'self'"],
  "script-src": ["'self'"],
  // Mantine (and Swagger UI) add <style> elements at run time with CSS variables and their
  // components' styles; a nonce would need index.html templated per request. Styles cannot run
  // code, so this is the usual trade: scripts stay strict, inline styles are allowed.
  "style-src": ["'self'", "'unsafe-inline'"],
  // Uploaded logos are same-origin; e-mail previews may show a template's images from anywhere.
  "img-src": ["'self'", "data:", "blob:", "https:"],
  "font-src": ["'self'", "data:"],
  "connect-src": ["'self'"],
  "worker-src": ["'self'"],
  "manifest-src": ["'self'"],
  "object-src": ["'none'"],
  "base-uri": ["'self'"],
  "form-action": ["'self'"],
  "frame-ancestors": ["'none'"],
};

export const API_DIRECTIVES: Directives = {
  "default-src": ["'none'"],
  "frame-ancestors": ["'none'"],
  "base-uri": ["'none'"],
  "form-action": ["'none'"],
};

/** A policy header value; `extra` adds sources per directive (a page that needs one more origin). */
export function contentSecurityPolicy(directives: Directives, extra: Directives = {}): string {
  const merged: Directives = { ...directives };
  for (const [name, sources] of Object.entries(extra)) merged[name] = [...(merged[name] ?? []), ...sources];
  return Object.entries(merged)
    .map(([name, sources]) => `${name} ${sources.join(" ")}`)
    .join("; ");
}

export const PAGE_POLICY = contentSecurityPolicy(PAGE_DIRECTIVES);
export const API_POLICY = contentSecurityPolicy(API_DIRECTIVES);

export async function registerSecurityHeaders(app: App, opts: { https: boolean }): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: false,
    frameguard: { action: "deny" },
    // Only meaningful over https; over plain http browsers ignore it anyway.
    strictTransportSecurity: opts.https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  app.addHook("onSend", async (_req, reply, payload) => {
    // A 304 has no content type; the browser keeps the policy it stored with the page.
    if (reply.statusCode === 304 || reply.hasHeader("content-security-policy")) return payload;
    const type = String(reply.getHeader("content-type") ?? "");
    reply.header("content-security-policy", type.startsWith("text/html") ? PAGE_POLICY : API_POLICY);
    return payload;
  });
}
