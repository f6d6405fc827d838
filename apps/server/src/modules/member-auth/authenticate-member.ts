import type { FastifyRequest } from "fastify";
import type { Db } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import type { MemberSession } from "../../platform/http.js";
import { portalCompanyOf } from "../portal-settings/portal-company.js";
import { MEMBER_COOKIE, memberActor, resolveMemberSession } from "./member-sessions.js";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

const slugOf = (req: FastifyRequest) => (req.params as { slug?: string }).slug ?? "";

/**
 * Access "member": the portal of the route's `:slug` (404 when unknown or switched off), the member
 * session of THAT company from the cookie (another company's session is no session: 401), and the
 * session's CSRF token on every state-changing request. The actor is the member, without permissions.
 */
export async function authenticateMember(req: FastifyRequest, db: Db): Promise<void> {
  const company = await portalCompanyOf(db, slugOf(req));
  const token = req.cookies[MEMBER_COOKIE];
  const session = token ? await resolveMemberSession(db, company.companyId, token) : null;
  if (!session) throw new AppError("unauthenticated", "Sign in to the portal first");
  if (!SAFE_METHODS.has(req.method) && req.headers["x-csrf-token"] !== session.csrfToken) {
    throw new AppError("csrf_failed", "Missing or wrong X-CSRF-Token header (GET /api/v1/portal/{slug}/session gives it)");
  }
  req.memberSession = session;
  req.actor = memberActor(session, { ip: req.ip, requestId: req.id });
}

/** On a public portal route: the member's session when a valid one is sent (personalised pages), else null. */
export async function optionalMemberOf(req: FastifyRequest, db: Db, companyId: string): Promise<MemberSession | null> {
  const token = req.cookies[MEMBER_COOKIE];
  return token ? resolveMemberSession(db, companyId, token) : null;
}
