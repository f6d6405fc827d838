import type { FastifyRequest } from "fastify";
import type { Db } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { memberActor, resolveMemberSession } from "../member-auth/member-sessions.js";
import { widgetCompanyOf } from "./widget-company.js";

/** The widget's bearer token (never an API key: those are refused on widget routes as unknown sessions). */
export const bearerOf = (req: FastifyRequest) => req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;

/**
 * Access "widget": the widget of the route's `:key` (404 when unknown or switched off) and a widget
 * session of THAT company from the bearer token (a portal cookie or another company's token is no
 * session: 401). No CSRF token: a bearer header is never sent by the browser on its own.
 */
export async function authenticateWidget(req: FastifyRequest, db: Db): Promise<void> {
  const { company } = await widgetCompanyOf(req, db);
  const token = bearerOf(req);
  const session = token ? await resolveMemberSession(db, company.companyId, token, "widget") : null;
  if (!session) throw new AppError("unauthenticated", "Sign in to the widget first (Authorization: Bearer <sessionToken>)");
  req.memberSession = session;
  req.actor = memberActor(session, { ip: req.ip, requestId: req.id });
}
