import type { FastifyReply } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, authErrors, errorResponse, sessionOf } from "../../platform/http.js";
import { loginBody, passwordChangeBody, profileBody, sessionResponse, switchCompanyBody } from "./auth.schemas.js";
import {
  changePassword,
  describeSession,
  login,
  logout,
  resolveSession,
  SESSION_COOKIE,
  switchCompany,
  updateProfile,
} from "./auth.service.js";

const tags = ["Auth"];

export function setSessionCookie(reply: FastifyReply, deps: Deps, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: deps.config.publicUrl.startsWith("https://"),
    path: "/",
    maxAge: deps.config.sessionTtlHours * 3600,
  });
}

export function registerAuthRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.post(
    "/api/v1/auth/login",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sign in with e-mail and password",
        body: loginBody,
        response: { 200: sessionResponse, 400: errorResponse, 401: errorResponse, 429: errorResponse },
      },
    },
    async (req, reply) => {
      const { token, session } = await login({
        db,
        config: deps.config,
        email: req.body.email,
        password: req.body.password,
        ip: req.ip,
        userAgent: req.headers["user-agent"],
      });
      setSessionCookie(reply, deps, token);
      return describeSession(db, session);
    },
  );

  app.post(
    "/api/v1/auth/logout",
    {
      config: { access: "session", beforePasswordChange: true },
      schema: { tags, summary: "Sign out", response: { 204: z.undefined(), ...authErrors } },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await logout(db, token);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/auth/session",
    {
      config: { access: "session", beforePasswordChange: true },
      schema: {
        tags,
        summary: "The signed-in staff member, their companies and the CSRF token",
        response: { 200: sessionResponse, ...authErrors },
      },
    },
    async (req) => describeSession(db, sessionOf(req)),
  );

  app.post(
    "/api/v1/auth/switch-company",
    {
      config: { access: "session" },
      schema: {
        tags,
        summary: "Act for another of your companies",
        body: switchCompanyBody,
        response: { 200: sessionResponse, ...authErrors },
      },
    },
    async (req) => {
      const session = sessionOf(req);
      await switchCompany({ db, session, companyId: req.body.companyId });
      const token = req.cookies[SESSION_COOKIE] as string;
      return describeSession(db, (await resolveSession(db, token)) ?? session);
    },
  );

  app.post(
    "/api/v1/auth/password",
    {
      config: { access: "session", beforePasswordChange: true },
      schema: {
        tags,
        summary: "Change your password (signs out your other sessions)",
        body: passwordChangeBody,
        response: { 204: z.undefined(), ...authErrors },
      },
    },
    async (req, reply) => {
      await changePassword({ db, session: sessionOf(req), ...req.body });
      return reply.code(204).send();
    },
  );

  app.patch(
    "/api/v1/auth/profile",
    {
      config: { access: "session" },
      schema: {
        tags,
        summary: "Change your name or interface language",
        body: profileBody,
        response: { 200: sessionResponse, ...authErrors },
      },
    },
    async (req) => {
      const session = sessionOf(req);
      await updateProfile({ db, staffId: session.staffId, ...req.body });
      return describeSession(db, session);
    },
  );
}
