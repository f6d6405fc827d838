import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, authErrors, errorResponse, memberOf, widgetParams } from "../../platform/http.js";
import { codeLoginBody, emailBody, passwordLoginBody } from "../member-auth/identity.schemas.js";
import { endMemberSession } from "../member-auth/member-sessions.js";
import { requestEmailCode, signInWithCode, signInWithPassword } from "../member-auth/sign-in.js";
import {
  widgetConfig as configSchema,
  widgetSummary as summarySchema,
  tokenSessionBody,
  widgetAccepted,
  widgetSession,
} from "./widget.schemas.js";
import { widgetCompanyOf } from "./widget-company.js";
import { registerWidgetCors } from "./widget-cors.js";
import { openSignInSession, openTokenSession } from "./widget-sessions.js";
import { widgetConfig, widgetSummary } from "./widget-summary.js";

// The website widget's API: called by widget.js from the company's own sites (CORS, allowed
// origins only), signed in by the host's token or the portal's sign-in, with a bearer session.

const tags = ["Website widget: member"];
const publicErrors = { 400: errorResponse, 403: errorResponse, 404: errorResponse, 429: errorResponse };
// The same answer whether or not the address has a card (no account enumeration).
const CODE_SENT = "If the address has a card, a code is on its way";
const client = (req: FastifyRequest) => ({ ip: req.ip, userAgent: req.headers["user-agent"] });

export function registerWidgetRoutes(app: App, deps: Deps): void {
  const { db, config, clock } = deps;
  registerWidgetCors(app, deps);

  app.get(
    "/api/v1/widget/:key/config",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "What the widget shows before sign-in: names, logo, colours, texts, the portal's links",
        params: widgetParams,
        response: { 200: configSchema, ...publicErrors },
      },
    },
    async (req) => widgetConfig(db, config, await widgetCompanyOf(req, db)),
  );

  app.post(
    "/api/v1/widget/:key/sessions/token",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "Sign the customer the host site knows in with its signed member token (JWT HS256 with the widget secret: sub, exp ≤ 10 minutes)",
        description:
          "401 widget_token_invalid (malformed, wrong signature, exp too far) or widget_token_expired; 404 member_not_found when sub names no card (e-mail, card number or mbr_ id).",
        params: widgetParams,
        body: tokenSessionBody,
        response: { 201: widgetSession, 401: errorResponse, 409: errorResponse, 422: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const widget = await widgetCompanyOf(req, db);
      const session = await openTokenSession({ db, config, widget, token: req.body.token, client: client(req), now: clock() });
      return reply.code(201).send(session);
    },
  );

  app.post(
    "/api/v1/widget/:key/sessions/password",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sign in inside the widget with the portal's e-mail and password (the portal's throttling applies)",
        params: widgetParams,
        body: passwordLoginBody,
        response: { 201: widgetSession, 401: errorResponse, 409: errorResponse, 422: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const { company } = await widgetCompanyOf(req, db);
      const { memberId } = await signInWithPassword({ db, config, company, ...req.body, ip: req.ip });
      return reply.code(201).send(await openSignInSession(db, company.companyId, memberId, client(req)));
    },
  );

  app.post(
    "/api/v1/widget/:key/sessions/code/send",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "E-mail a 6-digit sign-in code to the card with this address (valid 10 minutes); always 202",
        params: widgetParams,
        body: emailBody,
        response: { 202: widgetAccepted, ...publicErrors },
      },
    },
    async (req, reply) => {
      const { company } = await widgetCompanyOf(req, db);
      await requestEmailCode({ db, config, company, email: req.body.email, purpose: "login", ip: req.ip, now: clock() });
      return reply.code(202).send({ status: "accepted" as const, message: CODE_SENT });
    },
  );

  app.post(
    "/api/v1/widget/:key/sessions/code",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sign in inside the widget with the e-mailed code",
        params: widgetParams,
        body: codeLoginBody,
        response: { 201: widgetSession, 409: errorResponse, 422: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const { company } = await widgetCompanyOf(req, db);
      const { memberId } = await signInWithCode({ db, config, company, ...req.body, ip: req.ip, requestId: req.id, now: clock() });
      return reply.code(201).send(await openSignInSession(db, company.companyId, memberId, client(req)));
    },
  );

  app.get(
    "/api/v1/widget/:key/me",
    {
      config: { access: "widget" },
      schema: {
        tags,
        summary: "The signed-in member's points, tier and progress, last operations, rewards within reach and referral link",
        params: widgetParams,
        response: { 200: summarySchema, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const { memberId } = memberOf(req);
      return widgetSummary({ db, config, widget: await widgetCompanyOf(req, db), memberId, now: clock() });
    },
  );

  app.delete(
    "/api/v1/widget/:key/session",
    {
      config: { access: "widget" },
      schema: {
        tags,
        summary: "Sign this widget out (the member's other sessions stay)",
        params: widgetParams,
        response: { 204: z.null(), 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const { companyId, sessionId } = memberOf(req);
      await endMemberSession(db, companyId, sessionId);
      return reply.code(204).send(null);
    },
  );
}
