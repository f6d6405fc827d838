import { createHash } from "node:crypto";
import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField } from "../../platform/errors.js";
import type { StaffSession } from "../../platform/http.js";
import { newId, randomToken } from "../../platform/ids.js";
import { type Permission, permissionsOf, type Role, worksAtCounter } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";
import { assertPasswordPolicy } from "./password-policy.js";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./passwords.js";

export const SESSION_COOKIE = "regulars_session";

/** Failed logins allowed in the window before further tries are refused. */
const ACCOUNT_FAILURE_LIMIT = 5;
const IP_FAILURE_LIMIT = 30;
const FAILURE_WINDOW_MINUTES = 15;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function login(opts: {
  db: Db;
  config: Config;
  email: string;
  password: string;
  ip: string;
  userAgent: string | undefined;
}): Promise<{ token: string; session: StaffSession }> {
  const staffId = await checkCredentials(opts.db, opts.email, opts.password, opts.ip);
  if (!staffId) throw new AppError("unauthenticated", "Wrong e-mail or password");
  return createSession({ db: opts.db, config: opts.config, staffId, ip: opts.ip, userAgent: opts.userAgent });
}

/**
 * The account's id when the password is right, else null; throttled and recorded like every
 * sign-in (accepting an invitation into an existing account signs in with it too).
 */
export async function checkCredentials(db: Db, email: string, password: string, ip: string): Promise<string | null> {
  await assertLoginAllowed(db, email, ip);
  const [account] = await db.query<{ id: string; password_hash: string }>(
    sql`select id, password_hash from staff_accounts where lower(email) = lower(${email.trim()})`,
  );
  const ok = account ? await verifyPassword(account.password_hash, password) : await burnPasswordCheck(password).then(() => false);
  await db.query(sql`insert into login_attempts (email, ip, succeeded) values (${email.trim()}, ${ip}, ${ok})`);
  return account && ok ? account.id : null;
}

async function assertLoginAllowed(db: Db, email: string, ip: string): Promise<void> {
  const trimmed = email.trim();
  const [row] = await db.query<{ by_account: number; by_ip: number }>(
    sql`with window_start as (select now() - make_interval(mins => ${FAILURE_WINDOW_MINUTES}) as t)
        select
          (select count(*) from login_attempts a, window_start w
            where lower(a.email) = lower(${trimmed}) and not a.succeeded and a.attempted_at > w.t
              and a.attempted_at > coalesce((select max(attempted_at) from login_attempts s
                                              where lower(s.email) = lower(${trimmed}) and s.succeeded), '-infinity')) as by_account,
          (select count(*) from login_attempts a, window_start w
            where a.ip = ${ip} and not a.succeeded and a.attempted_at > w.t) as by_ip`,
  );
  if ((row?.by_account ?? 0) >= ACCOUNT_FAILURE_LIMIT || (row?.by_ip ?? 0) >= IP_FAILURE_LIMIT) {
    throw new AppError("rate_limited", `Too many failed sign-in attempts. Try again in ${FAILURE_WINDOW_MINUTES} minutes.`, [], {
      "retry-after": String(FAILURE_WINDOW_MINUTES * 60),
    });
  }
}

/** Opens a session; the first company the account belongs to becomes the active one. */
export async function createSession(opts: {
  db: Queryable;
  config: Config;
  staffId: string;
  ip: string;
  userAgent: string | undefined;
  companyId?: string;
}): Promise<{ token: string; session: StaffSession }> {
  const token = randomToken();
  const id = newId("ses");
  const csrfToken = randomToken(24);
  const { staffId } = opts;
  const [row] = await opts.db.query<{ company_id: string | null; name: string; is_operator: boolean; must_change_password: boolean }>(
    sql`insert into sessions (token_hash, id, staff_id, company_id, csrf_token, ip, user_agent, expires_at)
        select ${hashToken(token)}, ${id}, s.id,
               coalesce(${opts.companyId ?? null},
                        (select m.company_id from memberships m where m.staff_id = s.id order by m.created_at limit 1)),
               ${csrfToken}, ${opts.ip}, ${opts.userAgent ?? null}, now() + make_interval(hours => ${opts.config.sessionTtlHours})
          from staff_accounts s where s.id = ${staffId}
        returning company_id, (select name from staff_accounts where id = ${staffId}) as name,
                  (select is_operator from staff_accounts where id = ${staffId}) as is_operator,
                  (select must_change_password from staff_accounts where id = ${staffId}) as must_change_password`,
  );
  if (!row) throw new AppError("unauthenticated", "Account not found");
  return {
    token,
    session: {
      id,
      staffId: opts.staffId,
      companyId: row.company_id,
      csrfToken,
      staffName: row.name,
      isOperator: row.is_operator,
      mustChangePassword: row.must_change_password,
    },
  };
}

export async function resolveSession(db: Db, token: string): Promise<StaffSession | null> {
  const [row] = await db.query<{
    id: string;
    staff_id: string;
    company_id: string | null;
    csrf_token: string;
    name: string;
    is_operator: boolean;
    must_change_password: boolean;
  }>(
    sql`select s.id, s.staff_id, s.company_id, s.csrf_token, a.name, a.is_operator, a.must_change_password
          from sessions s join staff_accounts a on a.id = s.staff_id
         where s.token_hash = ${hashToken(token)} and s.expires_at > now()`,
  );
  if (!row) return null;
  return {
    id: row.id,
    staffId: row.staff_id,
    companyId: row.company_id,
    csrfToken: row.csrf_token,
    staffName: row.name,
    isOperator: row.is_operator,
    mustChangePassword: row.must_change_password,
  };
}

export async function logout(db: Db, token: string): Promise<void> {
  await db.query(sql`delete from sessions where token_hash = ${hashToken(token)}`);
}

/** The actor a session acts as: its staff member within the session's active company. */
export async function actorForSession(db: Db, session: StaffSession, request: { ip: string; requestId: string }): Promise<Actor | null> {
  if (!session.companyId) return null;
  const [m] = await db.query<{ role: Role; permissions: string[] | null; location_ids: string[] }>(
    sql`select role, permissions, location_ids from memberships where company_id = ${session.companyId} and staff_id = ${session.staffId}`,
  );
  if (!m) return null;
  return {
    type: "staff",
    id: session.staffId,
    name: session.staffName,
    companyId: session.companyId,
    permissions: new Set<Permission>(permissionsOf(m.role, m.permissions)),
    locationIds: m.location_ids.length > 0 ? m.location_ids : null,
    ip: request.ip,
    requestId: request.requestId,
  };
}

export async function describeSession(db: Db, session: StaffSession) {
  const [staff] = await db.query<{ id: string; email: string; name: string; language: "pl" | "en"; is_operator: boolean }>(
    sql`select id, email, name, language, is_operator from staff_accounts where id = ${session.staffId}`,
  );
  if (!staff) throw new AppError("unauthenticated", "Account not found");
  const memberships = await db.query<{
    company_id: string;
    company_name: string;
    slug: string;
    logo_media_id: string | null;
    role: Role;
    permissions: string[] | null;
    location_ids: string[];
  }>(
    sql`select m.company_id, c.name as company_name, c.slug, c.logo_media_id, m.role, m.permissions, m.location_ids
          from memberships m join companies c on c.id = m.company_id
         where m.staff_id = ${session.staffId} order by c.name`,
  );
  return {
    staff: { id: staff.id, email: staff.email, name: staff.name, language: staff.language, isOperator: staff.is_operator },
    companyId: session.companyId,
    csrfToken: session.csrfToken,
    mustChangePassword: session.mustChangePassword,
    memberships: memberships.map((m) => {
      const permissions = permissionsOf(m.role, m.permissions);
      return {
        company: { id: m.company_id, name: m.company_name, slug: m.slug, logoUrl: m.logo_media_id ? `/media/${m.logo_media_id}` : null },
        role: m.role,
        permissions,
        locationIds: m.location_ids,
        worksAtCounter: worksAtCounter(permissions),
      };
    }),
  };
}

/** Refuses companies the account is not a member of with the same answer as unknown ones. */
export async function switchCompany(opts: { db: Db; session: StaffSession; companyId: string }): Promise<void> {
  const { companyId } = opts;
  const rows = await opts.db.query(
    sql`update sessions s set company_id = ${companyId}
         where s.id = ${opts.session.id}
           and exists (select 1 from memberships m where m.company_id = ${companyId} and m.staff_id = s.staff_id)
     returning s.id`,
  );
  if (rows.length === 0) throw new AppError("forbidden", "You are not a member of that company", [detail("companyId", "not_your_company")]);
}

/** Changing the password signs out every other session of the account and lifts a required change. */
export async function changePassword(opts: { db: Db; session: StaffSession; currentPassword: string; newPassword: string }): Promise<void> {
  const [account] = await opts.db.query<{ password_hash: string; email: string; name: string }>(
    sql`select password_hash, email, name from staff_accounts where id = ${opts.session.staffId}`,
  );
  if (!account || !(await verifyPassword(account.password_hash, opts.currentPassword))) {
    throw invalidField("currentPassword", "wrong_current_password");
  }
  if (opts.newPassword === opts.currentPassword) throw invalidField("newPassword", "password_unchanged");
  assertPasswordPolicy("newPassword", opts.newPassword, account);
  const hash = await hashPassword(opts.newPassword);
  await opts.db.transaction(async (tx) => {
    await tx.query(
      sql`update staff_accounts set password_hash = ${hash}, password_changed_at = now(), must_change_password = false, updated_at = now()
           where id = ${opts.session.staffId}`,
    );
    await tx.query(sql`delete from sessions where staff_id = ${opts.session.staffId} and id <> ${opts.session.id}`);
  });
}

export async function updateProfile(opts: { db: Db; staffId: string; name?: string; language?: "pl" | "en" }): Promise<void> {
  await opts.db.query(
    sql`update staff_accounts set name = coalesce(${opts.name ?? null}, name), language = coalesce(${opts.language ?? null}, language),
           updated_at = now()
         where id = ${opts.staffId}`,
  );
}

/** Retention: sessions expired more than `sessionsDays` ago and login attempts older than `loginAttemptsDays`. */
export async function purgeExpiredSessions(
  db: Db,
  opts: { now: Date; sessionsDays: number; loginAttemptsDays: number },
): Promise<{ sessions: number; loginAttempts: number }> {
  const day = 86_400_000;
  const sessions = await db.query(
    sql`delete from sessions where expires_at < ${new Date(opts.now.getTime() - opts.sessionsDays * day)} returning 1`,
  );
  const attempts = await db.query(
    sql`delete from login_attempts where attempted_at < ${new Date(opts.now.getTime() - opts.loginAttemptsDays * day)} returning 1`,
  );
  return { sessions: sessions.length, loginAttempts: attempts.length };
}
