import { createHash } from "node:crypto";
import type { FastifyReply } from "fastify";
import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import type { MemberSession } from "../../platform/http.js";
import { newId, randomToken } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";

/** The portal's cookie; its path is the company's portal API, so each company's portal has its own. */
export const MEMBER_COOKIE = "regulars_member";
/** Sliding: a member who opens the app at least once a month stays signed in, like a shop's app. */
export const MEMBER_SESSION_DAYS = 30;
/** How often a used session's expiry moves on (not every request: that would be a write per read). */
const REFRESH_AFTER_MINUTES = 60;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export const memberCookiePath = (slug: string) => `/api/v1/portal/${slug}`;

/**
 * Where a session was opened: the portal (its cookie) or the website widget (a bearer token the
 * widget keeps on the company's site). A token opens only sessions of its own channel.
 */
export type SessionChannel = "portal" | "widget";

export async function startMemberSession(
  db: Queryable,
  opts: {
    companyId: string;
    memberId: string;
    ip: string | null;
    userAgent: string | null | undefined;
    channel?: SessionChannel;
    /** A fixed lifetime instead of the sliding 30 days (the widget's sessions from a host's signed token). */
    fixedMinutes?: number;
  },
): Promise<{ token: string; session: MemberSession; expiresAt: Date }> {
  const token = randomToken();
  const id = newId("mse");
  const csrfToken = randomToken(24);
  const minutes = opts.fixedMinutes ?? MEMBER_SESSION_DAYS * 24 * 60;
  const [row] = await db.query<{ expires_at: Date }>(
    sql`insert into member_sessions (company_id, id, member_id, token_hash, csrf_token, ip, user_agent, expires_at, channel, renews)
        values (${opts.companyId}, ${id}, ${opts.memberId}, ${hashToken(token)}, ${csrfToken}, ${opts.ip}, ${opts.userAgent ?? null},
                now() + make_interval(mins => ${minutes}), ${opts.channel ?? "portal"}, ${opts.fixedMinutes === undefined})
        returning expires_at`,
  );
  return {
    token,
    session: { sessionId: id, companyId: opts.companyId, memberId: opts.memberId, csrfToken },
    expiresAt: new Date((row as { expires_at: Date }).expires_at),
  };
}

/** The session of this company's portal (or widget) the token opens; a blocked or erased member has none. */
export async function resolveMemberSession(
  db: Queryable,
  companyId: string,
  token: string,
  channel: SessionChannel = "portal",
): Promise<MemberSession | null> {
  const [row] = await db.query<{ id: string; member_id: string; csrf_token: string; stale: boolean }>(
    sql`select s.id, s.member_id, s.csrf_token,
               s.renews and s.last_seen_at < now() - make_interval(mins => ${REFRESH_AFTER_MINUTES}) as stale
          from member_sessions s join members m on m.company_id = s.company_id and m.id = s.member_id
         where s.company_id = ${companyId} and s.token_hash = ${hashToken(token)} and s.expires_at > now()
           and s.channel = ${channel} and m.status = 'active' and m.erased_at is null`,
  );
  if (!row) return null;
  if (row.stale) {
    await db.query(
      sql`update member_sessions set last_seen_at = now(), expires_at = now() + make_interval(days => ${MEMBER_SESSION_DAYS})
           where company_id = ${companyId} and id = ${row.id}`,
    );
  }
  return { sessionId: row.id, companyId, memberId: row.member_id, csrfToken: row.csrf_token };
}

export async function endMemberSession(db: Queryable, companyId: string, sessionId: string): Promise<void> {
  await db.query(sql`delete from member_sessions where company_id = ${companyId} and id = ${sessionId}`);
}

/** Sign out everywhere; also after a password reset, a block or an erasure. Returns how many ended. */
export async function endAllMemberSessions(db: Queryable, companyId: string, memberId: string, exceptSessionId?: string): Promise<number> {
  const rows = await db.query(
    sql`delete from member_sessions where company_id = ${companyId} and member_id = ${memberId}
          and id <> ${exceptSessionId ?? ""} returning id`,
  );
  return rows.length;
}

export function setMemberCookie(reply: FastifyReply, config: Config, slug: string, token: string): void {
  reply.setCookie(MEMBER_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: config.publicUrl.startsWith("https://"),
    path: memberCookiePath(slug),
    maxAge: MEMBER_SESSION_DAYS * 24 * 3600,
  });
}

export function clearMemberCookie(reply: FastifyReply, slug: string): void {
  reply.clearCookie(MEMBER_COOKIE, { path: memberCookiePath(slug) });
}

/** The actor a member's requests act as: their own card only, no staff permission. */
export function memberActor(session: MemberSession, request: { ip: string; requestId: string }): Actor {
  return {
    type: "member",
    id: session.memberId,
    name: "member",
    companyId: session.companyId,
    permissions: new Set(),
    locationIds: null,
    ip: request.ip,
    requestId: request.requestId,
  };
}
