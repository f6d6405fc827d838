/// <reference lib="webworker" />
/**
 * The portal's service worker, served per company at `<base>sw.js` with scope `<base>`
 * (platform/static-portal.ts). It keeps, for opening the portal offline:
 * - the app shell: every built asset, precached at install (the list is injected at build time);
 * - the portal page of this company (per-company HTML: the server puts the slug, manifest and
 *   colour into it), network first, any path of the portal falling back to the last copy;
 * - the member's card and last known balance (and the session and configuration the shell needs
 *   to show them), network first: online the member always sees fresh data;
 * - and shows the member's push messages (push.ts).
 */
import { clientsClaim } from "workbox-core";
import { cleanupOutdatedCaches, type PrecacheEntry, precacheAndRoute } from "workbox-precaching";
import { registerRoute } from "workbox-routing";
import { NetworkFirst } from "workbox-strategies";
import { registerPushHandlers } from "./push";

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (PrecacheEntry | string)[] };

export const ASSET_BASE = "/p/_app/";
export const PAGE_CACHE = "portal-pages";
export const MEMBER_API_CACHE = "portal-member-api";
export const PUBLIC_API_CACHE = "portal-public-api";

// The injected entries are relative to the build output, which the server serves at /p/_app/ on
// every host; resolved against the worker's own address they would point into the portal's path.
const entries = self.__WB_MANIFEST.map((e) => {
  const entry = typeof e === "string" ? { url: e, revision: null } : e;
  return { ...entry, url: entry.url.startsWith("/") ? entry.url : `${ASSET_BASE}${entry.url}` };
});
precacheAndRoute(entries);
cleanupOutdatedCaches();
void self.skipWaiting();
clientsClaim();

const scope = new URL(self.registration.scope);

// The portal page: one HTML for every path of the portal, so each answer is kept under the
// scope's own address too; offline, any path opens with it and the router shows the screen.
// On an own domain (scope "/") the platform's shared paths stay the server's (static-portal.ts).
const SHARED_PATHS = /^\/(api|media|p|admin)(\/|$)/;
registerRoute(
  ({ request, url }) =>
    request.mode === "navigate" &&
    url.origin === scope.origin &&
    url.pathname.startsWith(scope.pathname) &&
    !(scope.pathname === "/" && SHARED_PATHS.test(url.pathname)),
  async ({ request }) => {
    const cache = await caches.open(PAGE_CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && (response.headers.get("content-type") ?? "").startsWith("text/html")) {
        await cache.put(scope.href, response.clone());
      }
      return response;
    } catch (err) {
      const cached = await cache.match(scope.href);
      if (cached) return cached;
      throw err;
    }
  },
);

// What must open offline: the member's card (number, barcode), home (balance, tier) and session,
// and the portal's configuration the shell draws them with. Only this portal's slug (the scope),
// only GET, only successful answers are kept. The member's answers have a cache of their own,
// which signing out deletes (api/session.ts); the configuration is public.
const MEMBER_API = /^\/api\/v1\/portal\/[^/]+\/(session|me\/card|me\/home)$/;
const PUBLIC_API = /^\/api\/v1\/portal\/[^/]+\/config$/;
const ownSlug = (pathname: string) => {
  const slug = /^\/p\/([^/]+)\//.exec(scope.pathname)?.[1];
  // On an own domain the scope is "/", and the one company's slug is whatever the page calls.
  return slug === undefined || pathname.startsWith(`/api/v1/portal/${slug}/`);
};
const portalGet =
  (pattern: RegExp) =>
  ({ request, url }: { request: Request; url: URL }) =>
    request.method === "GET" && url.origin === scope.origin && pattern.test(url.pathname) && ownSlug(url.pathname);
registerRoute(portalGet(MEMBER_API), new NetworkFirst({ cacheName: MEMBER_API_CACHE, networkTimeoutSeconds: 6 }));
registerRoute(portalGet(PUBLIC_API), new NetworkFirst({ cacheName: PUBLIC_API_CACHE, networkTimeoutSeconds: 6 }));

registerPushHandlers();
