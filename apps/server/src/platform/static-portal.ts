import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { App } from "./http.js";
import { contentSecurityPolicy } from "./security-headers.js";

export const PORTAL_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../portal/dist");
/** The built assets, on every host (Vite `base`); `_app` can never be a company's slug. */
export const PORTAL_ASSETS = "/p/_app/";

/** What the portal page of a company needs before its JavaScript runs (the <head>). */
export interface PortalSite {
  slug: string;
  /** The name in the title: the program's name from the portal layout, else the company's. */
  name: string;
  language: "pl" | "en";
  /** The accent colour (`<meta name="theme-color">`), `#rrggbb`, or null for the default. */
  themeColor: string | null;
  faviconUrl: string | null;
}

/**
 * Finds the company whose portal a request asks for: by the slug in `/p/<slug>/`, or by the Host
 * of a request to a company's own domain. Null: no such company, or its portal is switched off.
 * Given by app.ts (modules/portal-settings), so this platform file imports no module.
 */
export interface PortalSites {
  bySlug(slug: string): Promise<PortalSite | null>;
  byHost(host: string): Promise<PortalSite | null>;
}

const DEFAULT_THEME_COLOR = "#1c7ed6";
const COLOR = /^#[0-9a-f]{6}$/i;

// The worker fetches the app shell, the portal page and the member's answers from its own origin;
// the policy delivered with a worker script governs the worker itself.
const WORKER_POLICY = contentSecurityPolicy({
  "default-src": ["'none'"],
  "script-src": ["'self'"],
  "connect-src": ["'self'"],
  "img-src": ["'self'"],
});

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");

/** The tags index.html gets per company: which portal this is, its manifest, colour, title, icon. */
export function portalHead(site: PortalSite, base: string): string {
  const meta = JSON.stringify({ slug: site.slug, base });
  const color = site.themeColor && COLOR.test(site.themeColor) ? site.themeColor : DEFAULT_THEME_COLOR;
  return [
    `<meta name="regulars-portal" content='${escapeHtml(meta)}'>`,
    `<link rel="manifest" href="${escapeHtml(base)}manifest.webmanifest">`,
    `<meta name="theme-color" content="${escapeHtml(color)}">`,
    `<title>${escapeHtml(site.name)}</title>`,
    site.faviconUrl
      ? `<link rel="icon" href="${escapeHtml(site.faviconUrl)}">`
      : `<link rel="icon" href="${escapeHtml(base)}icon-192.png">`,
    `<link rel="apple-touch-icon" href="${escapeHtml(base)}icon-192.png">`,
  ].join("\n    ");
}

/** index.html of the build with the company's head: its own <title> replaces the build's. */
export function renderPortalPage(template: string, site: PortalSite, base: string): string {
  return template
    .replace(/<title>[^<]*<\/title>\s*/i, "")
    .replace(/<html lang="[a-z]+"/i, `<html lang="${site.language}"`)
    .replace("</head>", `  ${portalHead(site, base)}\n  </head>`);
}

const NOT_FOUND_PAGE = `<!doctype html>
<html lang="pl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nie znaleziono / Not found</title></head>
<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem">
<h1>Nie ma takiego portalu</h1><p>Sprawdź adres, który dostałeś od sklepu.</p>
<h2 lang="en">There is no such portal</h2><p lang="en">Check the address the shop gave you.</p>
</body></html>`;

/** Paths that mean the same on every host; everything else on a company's own domain is its portal. */
const SHARED_PATHS = /^\/(api|media|p|admin)(\/|$|\?)/;
/** The per-company files the portal-settings module serves at `/p/<slug>/<file>` (manifest, icons). */
const FORWARDED_FILES = /^\/(manifest\.webmanifest|icon-192\.png|icon-512\.png)(\?|$)/;

const FILE_NAME = /\.[a-z0-9]{1,12}$/i;

interface Options {
  sites: PortalSites;
  /** PUBLIC_URL: its host is the platform's own, never a company's domain. */
  publicUrl: string;
}

/**
 * The member portal's pages: assets at /p/_app/ (hashed files cached for good), the page of a
 * company at /p/<slug>/… (client-side routes fall back to it), its service worker at
 * /p/<slug>/sw.js; the same at / on a company's own domain. The manifest and icons are routes of
 * modules/portal-settings (more specific than the wildcard here, so they win).
 */
export async function registerPortalUi(app: App, opts: Options): Promise<void> {
  const built = existsSync(path.join(PORTAL_DIST, "index.html"));
  if (!built) {
    app.get("/p/*", { config: { access: "public" }, schema: { hide: true } }, (_req, reply) =>
      reply
        .code(503)
        .type("text/plain; charset=utf-8")
        .send("The member portal is not built. Run `npm run build` (npm start does this for you)."),
    );
    return;
  }
  const template = readFileSync(path.join(PORTAL_DIST, "index.html"), "utf8");
  const worker = readFileSync(path.join(PORTAL_DIST, "sw.js"), "utf8");

  await app.register(fastifyStatic, {
    root: PORTAL_DIST,
    prefix: PORTAL_ASSETS,
    wildcard: false,
    index: false,
    // The page and the worker are served per company (below), never as the bare build files.
    globIgnore: ["index.html", "sw.js"],
    decorateReply: false,
    cacheControl: false,
    setHeaders(res, file) {
      // Vite names the files under assets/ by their content: a changed file is a new name.
      res.header("cache-control", file.includes(`${path.sep}assets${path.sep}`) ? "public, max-age=31536000, immutable" : "no-cache");
    },
  });

  const sendPage = (reply: FastifyReply, site: PortalSite, base: string) =>
    reply
      .header("cache-control", "no-cache")
      .type("text/html; charset=utf-8")
      .send(renderPortalPage(template, site, base));
  const sendWorker = (reply: FastifyReply, base: string) =>
    reply
      .header("cache-control", "no-cache")
      .header("service-worker-allowed", base)
      .header("content-security-policy", WORKER_POLICY)
      .type("text/javascript; charset=utf-8")
      .send(worker);
  const notFound = (reply: FastifyReply) =>
    reply.code(404).header("cache-control", "no-cache").type("text/html; charset=utf-8").send(NOT_FOUND_PAGE);

  const site = async (slug: string) => (slug === "_app" ? null : opts.sites.bySlug(slug));
  const route = { config: { access: "public" as const }, schema: { hide: true } };
  app.get<{ Params: { slug: string } }>("/p/:slug", route, async (req, reply) => {
    const found = await site(req.params.slug);
    return found ? reply.redirect(`/p/${encodeURIComponent(found.slug)}/`) : notFound(reply);
  });
  app.get<{ Params: { slug: string } }>("/p/:slug/sw.js", route, async (req, reply) => {
    const found = await site(req.params.slug);
    return found ? sendWorker(reply, `/p/${encodeURIComponent(found.slug)}/`) : notFound(reply);
  });
  app.get<{ Params: { slug: string; "*": string } }>("/p/:slug/*", route, async (req, reply) => {
    // A file that is not there (a name with an extension) is a 404, not the page: a missing icon or
    // script must not arrive as HTML. Screens' addresses have no extension.
    if (FILE_NAME.test(req.params["*"])) return notFound(reply);
    const found = await site(req.params.slug);
    return found ? sendPage(reply, found, `/p/${encodeURIComponent(found.slug)}/`) : notFound(reply);
  });

  // A company's own domain: any host but the platform's own (and bare addresses) may be one. Only
  // page addresses are looked up (assets, API and media are shared paths), so this costs one
  // indexed query per page load on such a host and nothing elsewhere.
  const ownHost = new URL(opts.publicUrl).hostname.toLowerCase();
  app.addHook("onRequest", async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.method !== "GET" && req.method !== "HEAD") return;
    const host = req.hostname.toLowerCase().replace(/\.$/, "");
    if (!host || host === ownHost || host === "localhost" || isIP(host.replace(/^\[|\]$/g, "")) || SHARED_PATHS.test(req.url)) return;
    const found = await opts.sites.byHost(host);
    if (!found) return;
    if (req.url === "/sw.js" || req.url.startsWith("/sw.js?")) return sendWorker(reply, "/");
    const file = FORWARDED_FILES.exec(req.url)?.[1];
    if (file) {
      // The portal-settings route answers for the company (its manifest's start_url and scope
      // follow the Host, which is passed on).
      const res = await app.inject({
        method: "GET",
        url: `/p/${encodeURIComponent(found.slug)}/${file}`,
        headers: { host: req.headers.host ?? host },
      });
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined && !["content-length", "transfer-encoding", "connection"].includes(name)) reply.header(name, value);
      }
      return reply.code(res.statusCode).send(res.rawPayload);
    }
    if (FILE_NAME.test(req.url.split("?")[0] ?? "")) return notFound(reply);
    return sendPage(reply, found, "/");
  });
}
