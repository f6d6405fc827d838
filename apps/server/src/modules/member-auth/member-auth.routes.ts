import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, authErrors, memberOf, portalParams } from "../../platform/http.js";
import { memberSessionResponse } from "./member-auth.schemas.js";
import { describeMemberSession } from "./member-auth.service.js";
import { clearMemberCookie, endAllMemberSessions, endMemberSession } from "./member-sessions.js";

const tags = ["Portal: sign-in"];

export function registerMemberAuthRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/portal/:slug/session",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "The signed-in member and the CSRF token their writes send",
        params: portalParams,
        response: { 200: memberSessionResponse, ...authErrors, 404: authErrors[400] },
      },
    },
    async (req) => describeMemberSession(db, memberOf(req)),
  );

  app.post(
    "/api/v1/portal/:slug/logout",
    {
      config: { access: "member" },
      schema: { tags, summary: "Sign out on this device", params: portalParams, response: { 204: z.null(), ...authErrors } },
    },
    async (req, reply) => {
      const session = memberOf(req);
      await endMemberSession(db, session.companyId, session.sessionId);
      clearMemberCookie(reply, req.params.slug);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/portal/:slug/logout-everywhere",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Sign out on every device (this one too)",
        params: portalParams,
        response: { 200: z.object({ endedSessions: z.number().int() }), ...authErrors },
      },
    },
    async (req, reply) => {
      const session = memberOf(req);
      const endedSessions = await endAllMemberSessions(db, session.companyId, session.memberId);
      clearMemberCookie(reply, req.params.slug);
      return { endedSessions };
    },
  );
}
