import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";

// The portal's rate limits, counted in member_auth_attempts (so they hold across web processes,
// like the staff sign-in throttle of modules/auth): failed sign-ins and code checks ("password",
// "code") and codes sent ("send"), per e-mail / card number and per client address, within one
// company's portal and a window (config.memberAuth; 0 = no limit).

export type AttemptKind = "password" | "code" | "send";

/** An identifier as counted: e-mails and card numbers whatever their case and spaces. */
export const identifierKey = (identifier: string) => identifier.trim().toLowerCase();

function refuse(windowMinutes: number): never {
  throw new AppError("rate_limited", `Too many attempts. Try again in ${windowMinutes} minutes.`, [], {
    "retry-after": String(windowMinutes * 60),
  });
}

/**
 * Refuses (429 with Retry-After) when the identifier or the address reached its limit in the window.
 * Sign-ins count failures since the identifier's last success; codes sent count every code.
 */
export async function assertAttemptAllowed(
  db: Queryable,
  config: Config,
  opts: { companyId: string; kind: AttemptKind; identifier: string; ip: string },
): Promise<void> {
  const m = config.memberAuth;
  const perIdentifier = opts.kind === "send" ? m.codesPerIdentifier : m.failuresPerIdentifier;
  const perAddress = opts.kind === "send" ? m.codesPerAddress : m.failuresPerAddress;
  if (perIdentifier === 0 && perAddress === 0) return;
  const key = identifierKey(opts.identifier);
  const counted = opts.kind === "send" ? sql`true` : sql`not a.succeeded`;
  const [row] = await db.query<{ by_identifier: number; by_address: number }>(
    sql`with w as (select now() - make_interval(mins => ${m.windowMinutes}) as t)
        select
          (select count(*)::int from member_auth_attempts a, w
            where a.company_id = ${opts.companyId} and a.kind = ${opts.kind} and a.identifier = ${key} and ${counted}
              and a.attempted_at > w.t
              and a.attempted_at > coalesce((select max(s.attempted_at) from member_auth_attempts s
                                              where s.company_id = ${opts.companyId} and s.kind = ${opts.kind}
                                                and s.identifier = ${key} and s.succeeded and ${opts.kind} <> 'send'), '-infinity')
          ) as by_identifier,
          (select count(*)::int from member_auth_attempts a, w
            where a.company_id = ${opts.companyId} and a.kind = ${opts.kind} and a.ip = ${opts.ip} and ${counted}
              and a.attempted_at > w.t) as by_address`,
  );
  if ((perIdentifier > 0 && (row?.by_identifier ?? 0) >= perIdentifier) || (perAddress > 0 && (row?.by_address ?? 0) >= perAddress))
    refuse(m.windowMinutes);
}

export async function recordAttempt(
  db: Queryable,
  opts: { companyId: string; kind: AttemptKind; identifier: string; ip: string; succeeded: boolean },
): Promise<void> {
  await db.query(
    sql`insert into member_auth_attempts (company_id, id, kind, identifier, ip, succeeded)
        values (${opts.companyId}, ${newId("maa")}, ${opts.kind}, ${identifierKey(opts.identifier)}, ${opts.ip}, ${opts.succeeded})`,
  );
}

/** Retention: attempts older than `days`; sessions, sign-ups and codes expired more than `days` ago. */
export async function purgeMemberAuthRecords(
  db: Queryable,
  opts: { now: Date; days: number },
): Promise<{ sessions: number; records: number }> {
  const before = new Date(opts.now.getTime() - opts.days * 86_400_000);
  const sessions = await db.query(sql`delete from member_sessions where expires_at < ${before} returning 1`);
  const a = await db.query(sql`delete from member_auth_attempts where attempted_at < ${before} returning 1`);
  const c = await db.query(sql`delete from member_auth_codes where expires_at < ${before} returning 1`);
  const s = await db.query(sql`delete from member_signups where expires_at < ${before} returning 1`);
  return { sessions: sessions.length, records: a.length + c.length + s.length };
}
