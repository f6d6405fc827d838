import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../../deps.js";
import { type App, portalParams } from "../../platform/http.js";
import { portalCompanyOf } from "./portal-company.js";
import { buildManifest, ICON_SIZES, portalIcon } from "./portal-manifest.js";

/**
 * The manifest and icons of each company's portal at `/p/<slug>/…` (on its own domain at `/…`,
 * forwarded by platform/static-portal.ts). These are exact paths, so they win over the portal's
 * SPA fallback (`/p/:slug/*`) in Fastify's router. An hour of caching: a changed colour or icon reaches installed apps soon.
 */
export function registerPortalManifestRoutes(app: App, deps: Deps): void {
  const { db, config } = deps;

  /**
   * The company of `/p/<slug>/…`. On the company's own domain platform/static-portal.ts forwards
   * `/manifest.webmanifest` and the icons here with the request's Host: the portal then lives at `/`.
   */
  async function portalOf(req: FastifyRequest, slug: string): Promise<{ companyId: string; base: string }> {
    const company = await portalCompanyOf(db, slug);
    const host = req.hostname.toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "");
    const ownDomain = company.customDomain !== null && company.customDomain.toLowerCase() === host;
    return { companyId: company.companyId, base: ownDomain ? "/" : `/p/${encodeURIComponent(company.slug)}/` };
  }

  async function sendManifest(req: FastifyRequest, reply: FastifyReply, slug: string) {
    const portal = await portalOf(req, slug);
    const manifest = await buildManifest(db, { ...portal, config });
    return reply.header("cache-control", "public, max-age=3600").type("application/manifest+json").send(JSON.stringify(manifest));
  }

  async function sendIcon(req: FastifyRequest, reply: FastifyReply, slug: string, size: (typeof ICON_SIZES)[number]) {
    const portal = await portalOf(req, slug);
    const png = await portalIcon(db, { companyId: portal.companyId, size, config });
    return reply.header("cache-control", "public, max-age=3600").type("image/png").send(png);
  }

  const hidden = { config: { access: "public" as const }, schema: { hide: true } };
  app.get("/p/:slug/manifest.webmanifest", { ...hidden, schema: { hide: true, params: portalParams } }, (req, reply) =>
    sendManifest(req, reply, req.params.slug),
  );
  for (const size of ICON_SIZES) {
    app.get(`/p/:slug/icon-${size}.png`, { ...hidden, schema: { hide: true, params: portalParams } }, (req, reply) =>
      sendIcon(req, reply, req.params.slug, size),
    );
  }
}
