import fastifyCookie from "@fastify/cookie";
import fastifyMultipart from "@fastify/multipart";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyError, type FastifyRequest } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import { type Clock, type Deps, systemClock } from "./deps.js";
import { registerApiKeyRoutes } from "./modules/api-keys/api-keys.routes.js";
import { actorForApiKey } from "./modules/api-keys/api-keys.service.js";
import { registerAuditRoutes } from "./modules/audit/audit.routes.js";
import { registerAuthRoutes } from "./modules/auth/auth.routes.js";
import { actorForSession, resolveSession, SESSION_COOKIE } from "./modules/auth/auth.service.js";
import { registerAutomationRoutes } from "./modules/automation/automation.routes.js";
import { registerCampaignRoutes } from "./modules/campaigns/campaigns.routes.js";
import { registerCompanyRoutes } from "./modules/companies/companies.routes.js";
import { registerConnectorRoutes } from "./modules/connectors/connectors.routes.js";
import { registerConsentRoutes } from "./modules/consents/consents.routes.js";
import { registerCustomFieldRoutes } from "./modules/custom-fields/custom-fields.routes.js";
import { registerHealthRoutes } from "./modules/health/health.routes.js";
import { registerLocationRoutes } from "./modules/locations/locations.routes.js";
import { registerMediaRoutes } from "./modules/media/media.routes.js";
import { authenticateMember, optionalMemberOf } from "./modules/member-auth/authenticate-member.js";
import { registerIdentityRoutes } from "./modules/member-auth/identity.routes.js";
import { registerMemberAuthRoutes } from "./modules/member-auth/member-auth.routes.js";
import { MEMBER_COOKIE } from "./modules/member-auth/member-sessions.js";
import { registerMemberPortalRoutes } from "./modules/member-portal/member-portal.routes.js";
import { registerMemberPortalProfileRoutes } from "./modules/member-portal/member-portal-profile.routes.js";
import { registerMemberConsentRoutes } from "./modules/members/member-consents.routes.js";
import { registerMemberRoutes } from "./modules/members/members.routes.js";
import { registerMessagingRoutes } from "./modules/messaging/messaging.routes.js";
import { registerNotificationRoutes } from "./modules/notifications/notifications.routes.js";
import { registerPointsRoutes } from "./modules/points/points.routes.js";
import { portalCompanyOf } from "./modules/portal-settings/portal-company.js";
import { registerPortalManifestRoutes } from "./modules/portal-settings/portal-manifest.routes.js";
import { registerPortalPageRoutes } from "./modules/portal-settings/portal-pages.routes.js";
import { registerPortalSettingsRoutes } from "./modules/portal-settings/portal-settings.routes.js";
import { portalSites } from "./modules/portal-settings/portal-site.js";
import { registerPrivacyRoutes } from "./modules/privacy/privacy.routes.js";
import { registerProgramConfigRoutes } from "./modules/program-config/program-config.routes.js";
import { registerProgramRoutes } from "./modules/programs/programs.routes.js";
import { registerPurchaseRoutes } from "./modules/purchases/purchases.routes.js";
import { registerPushRoutes } from "./modules/push/push.routes.js";
import { registerRedemptionRoutes } from "./modules/redemptions/redemptions.routes.js";
import { registerVoucherCodeRoutes } from "./modules/redemptions/voucher-codes.routes.js";
import { registerReferralRoutes } from "./modules/referrals/referrals.routes.js";
import { registerRewardRoutes } from "./modules/rewards/rewards.routes.js";
import { registerRuleRoutes } from "./modules/rules/rules.routes.js";
import { registerSetupRoutes } from "./modules/setup/setup.routes.js";
import { registerStaffRoutes } from "./modules/staff/staff.routes.js";
import { registerStartRoutes } from "./modules/start/start.routes.js";
import { registerTemplateRoutes } from "./modules/templates/templates.routes.js";
import { registerTierRoutes } from "./modules/tiers/tiers.routes.js";
import { registerVoucherRoutes } from "./modules/vouchers/vouchers.routes.js";
import { registerWebhookRoutes } from "./modules/webhooks/webhooks.routes.js";
import { authenticateWidget } from "./modules/widget/authenticate-widget.js";
import { registerWidgetRoutes } from "./modules/widget/widget.routes.js";
import { registerWidgetSettingsRoutes } from "./modules/widget/widget-settings.routes.js";
import { AppError, detail, type ErrorDetail, invalidFields } from "./platform/errors.js";
import { type FieldErrorCode, type FieldErrorParams, matchFieldError } from "./platform/field-errors.js";
import type { App } from "./platform/http.js";
import { newId } from "./platform/ids.js";
import { registerRateLimits } from "./platform/rate-limit.js";
import { registerRequestGuards } from "./platform/request-guards.js";
import { registerSecurityHeaders } from "./platform/security-headers.js";
import { registerAdminUi } from "./platform/static-admin.js";
import { registerPortalUi } from "./platform/static-portal.js";
import { registerWidgetScript } from "./platform/static-widget.js";

const VERSION = "0.1.0";
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export async function buildApp(input: Omit<Deps, "clock"> & { clock?: Clock }, opts: { logger?: boolean } = {}): Promise<App> {
  const deps: Deps = { ...input, clock: input.clock ?? systemClock };
  const app = Fastify({
    logger: opts.logger === false ? false : { level: deps.config.logLevel },
    genReqId: () => newId("req"),
    trustProxy: deps.config.trustProxy,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler((err: FastifyError, req, reply) => sendError(err, req, reply));
  app.setNotFoundHandler((req, reply) =>
    sendError(new AppError("not_found", `No route ${req.method} ${req.url.split("?")[0]}`), req, reply),
  );
  registerRequestGuards(app);
  app.addHook("onSend", async (req, reply) => {
    reply.header("x-request-id", req.id);
  });

  // Every API route must say who may call it; one without a declaration fails at boot. Plugin
  // routes outside /api/v1 (docs UI, static files) are public.
  app.addHook("onRoute", (route) => {
    if (!route.config?.access && route.url.startsWith("/api/v1")) throw new Error(`Route ${route.method} ${route.url} declares no access`);
    if (!route.config?.access) return;
    if (route.config.access === "member" && !route.url.startsWith("/api/v1/portal/:slug/"))
      throw new Error(`Route ${route.method} ${route.url}: member routes live under /api/v1/portal/:slug/`);
    if (route.config.access === "widget" && !route.url.startsWith("/api/v1/widget/:key/"))
      throw new Error(`Route ${route.method} ${route.url}: widget routes live under /api/v1/widget/:key/`);
    if (route.config.access !== "public" && route.schema && !route.schema.hide) {
      route.schema.security =
        route.config.access === "member"
          ? [{ memberCookie: [] }]
          : route.config.access === "widget"
            ? [{ widgetSession: [] }]
            : [{ sessionCookie: [] }, { bearerAuth: [] }];
    }
  });

  await registerSecurityHeaders(app, { https: deps.config.publicUrl.startsWith("https://") });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: 5 * 1024 * 1024, files: 1 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "Regulars API",
        version: VERSION,
        description:
          "The loyalty platform's HTTP API. The admin panel uses it too. Authenticate with an API key (`Authorization: Bearer rgl_…`) or a staff session cookie; state-changing requests with a session must send its CSRF token in `X-CSRF-Token`.",
        license: { name: "Apache-2.0", identifier: "Apache-2.0" },
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: "http", scheme: "bearer", description: "API key" },
          sessionCookie: { type: "apiKey", in: "cookie", name: SESSION_COOKIE },
          memberCookie: {
            type: "apiKey",
            in: "cookie",
            name: MEMBER_COOKIE,
            description: "A member's portal session (routes under /api/v1/portal/{slug}/); writes send its CSRF token in X-CSRF-Token",
          },
          widgetSession: {
            type: "http",
            scheme: "bearer",
            description: "A member's website widget session (routes under /api/v1/widget/{key}/): the sessionToken a /sessions route gave",
          },
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs" });
  app.get("/api/openapi.json", { config: { access: "public" }, schema: { hide: true } }, async () => app.swagger());

  app.addHook("preHandler", async (req) => authenticate(req, deps));
  // Before the rate limits: a widget's 429 must carry its CORS headers, or the page cannot read it.
  registerWidgetRoutes(app, deps);
  registerConnectorRoutes(app, deps);
  registerRateLimits(app, deps.db, deps.config.rateLimit);

  registerHealthRoutes(app, deps);
  registerSetupRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerCompanyRoutes(app, deps);
  registerLocationRoutes(app, deps);
  registerStaffRoutes(app, deps);
  registerApiKeyRoutes(app, deps);
  registerAuditRoutes(app, deps);
  registerMediaRoutes(app, deps);
  registerMemberRoutes(app, deps);
  registerPrivacyRoutes(app, deps);
  registerReferralRoutes(app, deps);
  registerCustomFieldRoutes(app, deps);
  registerConsentRoutes(app, deps);
  registerMemberConsentRoutes(app, deps);
  registerProgramRoutes(app, deps);
  registerProgramConfigRoutes(app, deps);
  registerTierRoutes(app, deps);
  registerRuleRoutes(app, deps);
  registerPointsRoutes(app, deps);
  registerPurchaseRoutes(app, deps);
  registerRewardRoutes(app, deps);
  registerVoucherRoutes(app, deps);
  registerVoucherCodeRoutes(app, deps);
  registerRedemptionRoutes(app, deps);
  registerMessagingRoutes(app, deps);
  registerCampaignRoutes(app, deps);
  registerAutomationRoutes(app, deps);
  registerWebhookRoutes(app, deps);
  registerTemplateRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerStartRoutes(app, deps);
  registerMemberPortalProfileRoutes(app, deps);
  registerMemberAuthRoutes(app, deps);
  registerPortalSettingsRoutes(app, deps);
  registerPortalPageRoutes(app, deps, optionalMemberOf);
  registerPortalManifestRoutes(app, deps);
  registerMemberPortalRoutes(app, deps);
  registerIdentityRoutes(app, deps);
  registerPushRoutes(app, deps, portalCompanyOf);
  registerWidgetSettingsRoutes(app, deps);
  registerWidgetScript(app);
  await registerAdminUi(app);
  await registerPortalUi(app, { sites: portalSites(deps.db), publicUrl: deps.config.publicUrl });
  return app;
}

/** Resolves credentials and enforces the route's access declaration, before any handler runs. */
async function authenticate(req: FastifyRequest, deps: Deps): Promise<void> {
  const access = req.routeOptions.config?.access;
  if (!access || access === "public") return;
  if (access === "member") return authenticateMember(req, deps.db);
  if (access === "widget") return authenticateWidget(req, deps.db);
  const request = { ip: req.ip, requestId: req.id };
  const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  if (bearer) {
    if (access === "session") throw new AppError("forbidden", "This endpoint needs a staff session, not an API key");
    const actor = await actorForApiKey(deps.db, bearer, request);
    if (!actor) throw new AppError("unauthenticated", "Unknown or revoked API key");
    req.actor = actor;
  } else {
    const token = req.cookies[SESSION_COOKIE];
    const session = token ? await resolveSession(deps.db, token) : null;
    if (!session) throw new AppError("unauthenticated", "Sign in or send an API key");
    if (!SAFE_METHODS.has(req.method) && req.headers["x-csrf-token"] !== session.csrfToken) {
      throw new AppError("csrf_failed", "Missing or wrong X-CSRF-Token header (GET /api/v1/auth/session gives it)");
    }
    req.staffSession = session;
    if (session.mustChangePassword && !req.routeOptions.config?.beforePasswordChange)
      throw new AppError("password_change_required", "Change the password you were given first (POST /api/v1/auth/password)");
    if (access === "session") return;
    const actor = await actorForSession(deps.db, session, request);
    if (!actor) throw new AppError("forbidden", "Choose a company you belong to first");
    req.actor = actor;
  }
  if (!req.actor.permissions.has(access)) {
    throw new AppError("forbidden", `Missing permission ${access}`);
  }
}

function sendError(err: FastifyError | AppError, req: FastifyRequest, reply: import("fastify").FastifyReply) {
  const appError = toAppError(err, req);
  if (appError.status >= 500) req.log.error({ err }, "request failed");
  for (const [k, v] of Object.entries(appError.headers)) reply.header(k, v);
  return reply.code(appError.status).send({
    error: { code: appError.code, message: appError.message, details: appError.details },
    requestId: req.id,
  });
}

/** The value at a dotted path of the request part a schema checked (undefined: not sent). */
function sentValue(root: unknown, path: string): unknown {
  let current = root;
  for (const part of path.split(".").filter(Boolean)) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

interface ZodIssueParams {
  origin?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  expected?: string;
  format?: string;
  values?: unknown[];
  keys?: string[];
  divisor?: number;
}

/** The catalog code of a zod issue: the schema's own English text if the catalog knows it, else its kind. */
function zodIssueCode(keyword: string, text: string | undefined, p: ZodIssueParams): { code: FieldErrorCode; params?: FieldErrorParams } {
  const known = text ? matchFieldError(text) : null;
  if (known) return known;
  const bound = (n: number | bigint | undefined) => Number(n);
  switch (keyword) {
    case "invalid_type":
      return p.expected === "int" ? { code: "whole_number" } : { code: "invalid_type", params: { expected: p.expected ?? "value" } };
    case "too_small": {
      const min = bound(p.minimum);
      if (p.origin === "string") return { code: "too_short", params: { min } };
      if (p.origin === "array" || p.origin === "set") return { code: "too_few", params: { min } };
      return p.inclusive === false ? { code: "greater_than", params: { min } } : { code: "too_small", params: { min } };
    }
    case "too_big": {
      const max = bound(p.maximum);
      if (p.origin === "string") return { code: "too_long", params: { max } };
      if (p.origin === "array" || p.origin === "set") return { code: "too_many", params: { max } };
      return p.inclusive === false ? { code: "less_than", params: { max } } : { code: "too_big", params: { max } };
    }
    case "invalid_format":
      if (p.format === "email") return { code: "email" };
      if (p.format === "url") return { code: "url" };
      if (p.format === "datetime") return { code: "datetime" };
      if (p.format === "date") return { code: "date" };
      if (p.format === "time") return { code: "time" };
      return { code: "invalid_format" };
    case "invalid_value":
      return { code: "invalid_option", params: { options: (p.values ?? []).map(String).join(", ") } };
    case "not_multiple_of":
      return { code: "not_multiple_of", params: { divisor: Number(p.divisor) } };
    default:
      return { code: "invalid" };
  }
}

function toAppError(err: FastifyError | AppError, req: FastifyRequest): AppError {
  if (err instanceof AppError) return err;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = err.validationContext ?? "body";
    const where = context === "body" ? "" : `${context === "querystring" ? "query" : context}.`;
    const sent = context === "body" ? req.body : context === "querystring" ? req.query : context === "params" ? req.params : req.headers;
    const details: ErrorDetail[] = err.validation.map((v) => {
      const relative = v.instancePath.replace(/^\//, "").replaceAll("/", ".").replace(/\.$/, "");
      const path = `${where}${relative}`.replace(/\.$/, "") || "body";
      const params = v.params as ZodIssueParams;
      if (v.keyword === "unrecognized_keys") {
        // Name the unknown key under its parent object: "audience.segmentId", not "segmentId".
        const parent = relative ? `${path}.` : where;
        return detail((params.keys ?? []).map((k) => `${parent}${k}`).join(", ") || path, "unknown_field");
      }
      if (v.keyword === "invalid_type") {
        const value = sentValue(sent, relative);
        if (value === undefined) return detail(path, "required");
        if (value === null) return detail(path, "not_null");
      }
      const { code, params: values } = zodIssueCode(v.keyword, v.message, params);
      return detail(path, code, values);
    });
    return invalidFields(details);
  }
  const status = err.statusCode ?? 500;
  if (status === 413) return new AppError("payload_too_large", "The request body is too large");
  if (status === 415) return new AppError("unsupported_media_type", err.message);
  if (status === 404) return new AppError("not_found", err.message);
  if (status >= 400 && status < 500) return new AppError("validation_failed", err.message, [detail("body", "body")]);
  return new AppError("internal", "Something went wrong on our side. Quote the request id when you report it.");
}
