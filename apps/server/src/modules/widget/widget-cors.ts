import type { FastifyReply, FastifyRequest } from "fastify";
import type { Deps } from "../../deps.js";
import { AppError } from "../../platform/errors.js";
import type { App } from "../../platform/http.js";
import { ownOrigin, widgetCompanyOf } from "./widget-company.js";

// CORS for the widget's API, written here rather than with @fastify/cors: the allowed origins are
// per company in the database (known only once the route's :key is read), a request from any
// other origin must be refused before it reaches a handler (not merely left unreadable), and the
// preflight route must declare its access like every /api/v1 route. What remains is four headers.

const WIDGET_API_PREFIX = "/api/v1/widget/";
const ALLOWED_METHODS = "GET, POST, DELETE";
const ALLOWED_HEADERS = "authorization, content-type";
/** Browsers cap it (Chrome: 2 hours); 10 minutes keeps a changed origin list from lingering. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

async function checkOrigin(req: FastifyRequest, reply: FastifyReply, deps: Deps): Promise<void> {
  const origin = req.headers.origin;
  // Without Origin it is not a browser's cross-site call (a server, curl): CORS has nothing to decide.
  if (!origin) return;
  const { settings } = await widgetCompanyOf(req, deps.db);
  reply.header("access-control-allow-origin", origin);
  reply.header("access-control-expose-headers", "retry-after, x-request-id");
  // The refusal itself is readable (it holds no data), so the widget can tell the site's owner
  // why it shows nothing instead of failing like a network error.
  if (origin !== ownOrigin(deps.config) && !settings.allowed_origins.includes(origin)) {
    throw new AppError("origin_not_allowed", `The widget is not allowed on ${origin}: add the site in Settings → Website widget`);
  }
}

export function registerWidgetCors(app: App, deps: Deps): void {
  // A callback hook, not async: every other request (purchases, balances) passes with one prefix
  // check and no promise.
  app.addHook("onRequest", (req, reply, done) => {
    if (!req.url.startsWith(WIDGET_API_PREFIX)) return done();
    // Answers differ by Origin (allowed or not): caches must keep them apart.
    reply.header("vary", "Origin");
    checkOrigin(req, reply, deps).then(() => done(), done);
  });

  app.options("/api/v1/widget/:key/*", { config: { access: "public" }, schema: { hide: true } }, async (_req, reply) =>
    reply
      .code(204)
      .header("access-control-allow-methods", ALLOWED_METHODS)
      .header("access-control-allow-headers", ALLOWED_HEADERS)
      .header("access-control-max-age", String(PREFLIGHT_MAX_AGE_SECONDS))
      .send(),
  );
}
