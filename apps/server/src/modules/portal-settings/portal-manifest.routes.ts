import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.js";
import { notFound } from "../../platform/errors.js";
import type { App } from "../../platform/http.js";
import { findPortalCompanyByHost, portalCompanyOf } from "./portal-company.js";
import { buildManifest, ICON_SIZES, portalIcon } from "./portal-manifest.js";

/**
 * The manifest and icons of each company's portal, at `/p/<slug>/…` and, on a company's own domain,
 * at `/…`. These are exact paths, so they win over the portal's SPA fallback (`/p/:slug/*`) in
 * Fastify's router. An hour of caching: a changed colour or icon reaches installed apps soon.
 */
export function registerPortalManifestRoutes(app: App, deps: Deps): void {
  const { db, config } = deps;
  const slugParams = z.object({ slug: z.string().min(1).max(100) });

  /** The company of `/p/<slug>/…`, or of the request's host when it is a company's own domain. */
  async function portalOf(req: FastifyRequest, slug: string | null): Promise<{ companyId: string; base: string }> {
    if (slug !== null) {
      const company = await portalCompanyOf(db, slug);
      return { companyId: company.companyId, base: `/p/${encodeURIComponent(company.slug)}/` };
    }
    const company = await findPortalCompanyByHost(db, req.hostname.replace(/:\d+$/, "").replace(/\.$/, ""));
    if (!company) throw notFound("Portal");
    return { companyId: company.companyId, base: "/" };
  }

  async function sendManifest(req: FastifyRequest, reply: FastifyReply, slug: string | null) {
    const portal = await portalOf(req, slug);
    const manifest = await buildManifest(db, { ...portal, config });
    return reply.header("cache-control", "public, max-age=3600").type("application/manifest+json").send(JSON.stringify(manifest));
  }

  async function sendIcon(req: FastifyRequest, reply: FastifyReply, slug: string | null, size: (typeof ICON_SIZES)[number]) {
    const portal = await portalOf(req, slug);
    const png = await portalIcon(db, { companyId: portal.companyId, size, config });
    return reply.header("cache-control", "public, max-age=3600").type("image/png").send(png);
  }

  const hidden = { config: { access: "public" as const }, schema: { hide: true } };
  app.get("/p/:slug/manifest.webmanifest", { ...hidden, schema: { hide: true, params: slugParams } }, (req, reply) =>
    sendManifest(req, reply, req.params.slug),
  );
  app.get("/manifest.webmanifest", hidden, (req, reply) => sendManifest(req, reply, null));
  for (const size of ICON_SIZES) {
    app.get(`/p/:slug/icon-${size}.png`, { ...hidden, schema: { hide: true, params: slugParams } }, (req, reply) =>
      sendIcon(req, reply, req.params.slug, size),
    );
    app.get(`/icon-${size}.png`, hidden, (req, reply) => sendIcon(req, reply, null, size));
  }
}
