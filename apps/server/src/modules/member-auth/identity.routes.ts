import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, authErrors, errorResponse, memberOf, portalParams } from "../../platform/http.js";
import { portalCompanyOf } from "../portal-settings/portal-company.js";
import { confirmActivation, requestActivation } from "./activation.js";
import {
  accepted,
  activateBody,
  activateConfirmBody,
  codeLoginBody,
  emailBody,
  passwordChangeBody,
  passwordLoginBody,
  resetConfirmBody,
  signupBody,
  signupForm,
  signupFormQuery,
  verifyBody,
} from "./identity.schemas.js";
import { memberSessionResponse } from "./member-auth.schemas.js";
import { describeMemberSession } from "./member-auth.service.js";
import { setMemberCookie, startMemberSession } from "./member-sessions.js";
import { changeMemberPassword, confirmPasswordReset, requestEmailCode, signInWithCode, signInWithPassword } from "./sign-in.js";
import { describeSignupForm, requestSignup, verifySignup } from "./signup.js";

const tags = ["Portal: sign-in"];
const publicErrors = { 400: errorResponse, 404: errorResponse, 429: errorResponse };
// The same answer whether or not the address has a card (no account enumeration).
const ACCEPTED_TEXT = "If the address can receive it, a message is on its way: check your e-mail";
const ACCEPTED = { status: "accepted" as const, message: ACCEPTED_TEXT };

export function registerIdentityRoutes(app: App, deps: Deps): void {
  const { db, config, clock } = deps;

  /** Opens a session for the member and answers with what GET /session answers. */
  async function signedIn(req: FastifyRequest, reply: FastifyReply, companyId: string, memberId: string) {
    const { token, session } = await startMemberSession(db, {
      companyId,
      memberId,
      ip: req.ip,
      userAgent: req.headers["user-agent"],
    });
    setMemberCookie(reply, config, (req.params as { slug: string }).slug, token);
    return describeMemberSession(db, session);
  }

  app.get(
    "/api/v1/portal/:slug/signup-form",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "What the sign-up form shows: the company's active consents with their current text and version, the custom fields a member fills in (required or visible to members), the languages, and whether `ref` is a member's referral code",
        params: portalParams,
        querystring: signupFormQuery,
        response: { 200: signupForm, ...publicErrors },
      },
    },
    async (req) => describeSignupForm(db, await portalCompanyOf(db, req.params.slug), req.query.ref),
  );

  app.post(
    "/api/v1/portal/:slug/signup",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "Sign up: checks the form (password policy, consents at their current version — a changed text is 409, required custom fields), then always answers 202 and sends either a verification e-mail (link and 6-digit code) or, when the address has a card, a note to sign in or activate it. An unknown referral code is ignored.",
        params: portalParams,
        body: signupBody,
        response: { 202: accepted, 409: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      await requestSignup({ db, config, company, body: req.body, ip: req.ip, now: clock() });
      return reply.code(202).send(ACCEPTED);
    },
  );

  app.post(
    "/api/v1/portal/:slug/signup/verify",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "Verify the sign-up's e-mail by the link's token or the e-mail and code: creates the member card (card number, welcome points, consents with source portal, the referrer) and signs in",
        params: portalParams,
        body: verifyBody,
        response: { 201: memberSessionResponse, 409: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      const { memberId } = await verifySignup({
        db,
        config,
        company,
        body: req.body,
        ip: req.ip,
        userAgent: req.headers["user-agent"] ?? "",
        requestId: req.id,
        now: clock(),
      });
      const session = await signedIn(req, reply, company.companyId, memberId);
      return reply.code(201).send(session);
    },
  );

  app.post(
    "/api/v1/portal/:slug/login",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sign in with e-mail and password (401 alike for an unknown address and a wrong password; 422 member_blocked)",
        params: portalParams,
        body: passwordLoginBody,
        response: { 200: memberSessionResponse, 401: errorResponse, 409: errorResponse, 422: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      const { memberId } = await signInWithPassword({ db, config, company, ...req.body, ip: req.ip });
      return signedIn(req, reply, company.companyId, memberId);
    },
  );

  app.post(
    "/api/v1/portal/:slug/login/code",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Send a 6-digit sign-in code to the card with this e-mail (valid 10 minutes, 5 tries); always 202",
        params: portalParams,
        body: emailBody,
        response: { 202: accepted, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      await requestEmailCode({ db, config, company, email: req.body.email, purpose: "login", ip: req.ip, now: clock() });
      return reply.code(202).send(ACCEPTED);
    },
  );

  app.post(
    "/api/v1/portal/:slug/login/code/verify",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Sign in with the e-mailed code (verifies the e-mail; a card without portal sign-in gets one)",
        params: portalParams,
        body: codeLoginBody,
        response: { 200: memberSessionResponse, 409: errorResponse, 422: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      const { memberId } = await signInWithCode({ db, config, company, ...req.body, ip: req.ip, requestId: req.id, now: clock() });
      return signedIn(req, reply, company.companyId, memberId);
    },
  );

  app.post(
    "/api/v1/portal/:slug/password-reset",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Send a password reset e-mail (link and code, valid 60 minutes) to the card with this e-mail; always 202",
        params: portalParams,
        body: emailBody,
        response: { 202: accepted, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      await requestEmailCode({ db, config, company, email: req.body.email, purpose: "reset", ip: req.ip, now: clock() });
      return reply.code(202).send(ACCEPTED);
    },
  );

  app.post(
    "/api/v1/portal/:slug/password-reset/confirm",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Set a new password with the reset link's token or the e-mail and code; ends every session of the member and signs in",
        params: portalParams,
        body: resetConfirmBody,
        response: { 200: memberSessionResponse, 409: errorResponse, 422: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      const { password, ...given } = req.body;
      const { memberId } = await confirmPasswordReset({ db, config, company, given, password, ip: req.ip, now: clock() });
      return signedIn(req, reply, company.companyId, memberId);
    },
  );

  app.post(
    "/api/v1/portal/:slug/activate",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "Claim a card staff created: by its e-mail or card number, a code goes to the card's e-mail (or by SMS to its phone when it has no e-mail); always 202",
        params: portalParams,
        body: activateBody,
        response: { 202: accepted, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      await requestActivation({ db, config, company, identifier: req.body.identifier, ip: req.ip, now: clock() });
      return reply.code(202).send(ACCEPTED);
    },
  );

  app.post(
    "/api/v1/portal/:slug/activate/confirm",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Activate the card with the code and a password (422 member_blocked, 409 member_erased); signs in",
        params: portalParams,
        body: activateConfirmBody,
        response: { 201: memberSessionResponse, 409: errorResponse, 422: errorResponse, ...publicErrors },
      },
    },
    async (req, reply) => {
      const company = await portalCompanyOf(db, req.params.slug);
      const { memberId } = await confirmActivation({ db, config, company, ...req.body, ip: req.ip, requestId: req.id, now: clock() });
      const session = await signedIn(req, reply, company.companyId, memberId);
      return reply.code(201).send(session);
    },
  );

  app.put(
    "/api/v1/portal/:slug/me/password",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary:
          "Change my password (the current one is required when one is set; a member who signs in by codes sets a first one); my other sessions end",
        params: portalParams,
        body: passwordChangeBody,
        response: { 204: z.null(), ...authErrors, 404: errorResponse },
      },
    },
    async (req, reply) => {
      await changeMemberPassword({ db, session: memberOf(req), ...req.body, now: clock() });
      return reply.code(204).send(null);
    },
  );
}
