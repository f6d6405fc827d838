import type { Config } from "../../config.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField } from "../../platform/errors.js";
import type { MemberSession } from "../../platform/http.js";
import { assertPasswordPolicy } from "../auth/password-policy.js";
import { burnPasswordCheck, hashPassword, verifyPassword } from "../auth/passwords.js";
import type { Member } from "../members/members.schemas.js";
import { findMember, findMemberByEmail } from "../members/members.service.js";
import type { PortalCompany } from "../portal-settings/portal-company.js";
import { CODE_MINUTES, type CodePurpose, checkCode, consumeToken, issueCode } from "./auth-codes.js";
import { findCredentials, saveCredentials } from "./credentials.js";
import { portalUrl, queueIdentityMessage } from "./identity-messages.js";
import { endAllMemberSessions } from "./member-sessions.js";
import { announcePortalActivation, portalMemberActor } from "./signup.js";
import { assertAttemptAllowed, recordAttempt } from "./throttle.js";

/** A blocked or erased card cannot sign in; said only to someone who proved they hold the card. */
export function assertMayUsePortal(member: Pick<Member, "status" | "erasedAt">): void {
  if (member.erasedAt)
    throw new AppError("member_erased", "This card's data was erased: it can no longer be used", [detail("memberId", "member_erased")]);
  if (member.status !== "active")
    throw new AppError("member_blocked", "This card is blocked: ask the shop's staff", [detail("memberId", "member_blocked")]);
}

const wrongCredentials = () => new AppError("unauthenticated", "Wrong e-mail or password");

/** Sign-in with e-mail and password: the member's id, or 401 alike for an unknown address and a wrong password. */
export async function signInWithPassword(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  email: string;
  password: string;
  ip: string;
}): Promise<{ memberId: string }> {
  const { db, config, company, email, ip } = opts;
  const { companyId } = company;
  await assertAttemptAllowed(db, config, { companyId, kind: "password", identifier: email, ip });
  const member = await findMemberByEmail(db, companyId, email);
  const credentials = member ? await findCredentials(db, companyId, member.id) : null;
  const ok = credentials?.passwordHash
    ? await verifyPassword(credentials.passwordHash, opts.password)
    : await burnPasswordCheck(opts.password).then(() => false);
  await recordAttempt(db, { companyId, kind: "password", identifier: email, ip, succeeded: ok });
  if (!ok || !member) throw wrongCredentials();
  assertMayUsePortal(member);
  return { memberId: member.id };
}

/**
 * Sends a code for the purpose to the card with this e-mail (none: nothing is sent, the answer is
 * the same). A card without portal sign-in may sign in by code too: the code proves the address.
 */
export async function requestEmailCode(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  email: string;
  purpose: Extract<CodePurpose, "login" | "reset">;
  ip: string;
  now: Date;
}): Promise<void> {
  const { db, config, company, email, ip, now } = opts;
  const { companyId } = company;
  await assertAttemptAllowed(db, config, { companyId, kind: "send", identifier: email, ip });
  const member = await findMemberByEmail(db, companyId, email);
  // A blocked card gets its code too: the next step answers member_blocked to whoever holds the address.
  if (member && !member.erasedAt && member.email) {
    const to = member.email;
    await db.transaction(async (tx) => {
      const issued = await issueCode(tx, config, {
        companyId,
        purpose: opts.purpose,
        identifier: email,
        subjectId: member.id,
        withToken: opts.purpose === "reset",
        now,
      });
      await queueIdentityMessage(tx, {
        config,
        now,
        companyId,
        companyName: company.name,
        memberId: member.id,
        kind: opts.purpose === "reset" ? "password_reset" : "login_code",
        to,
        language: member.language,
        code: issued.code,
        minutes: CODE_MINUTES[opts.purpose],
        link: issued.token ? portalUrl(config, company.slug, "reset", { token: issued.token }) : null,
        dedupeKey: issued.id,
      });
    });
  }
  await recordAttempt(db, { companyId, kind: "send", identifier: email, ip, succeeded: true });
}

/** Checks a code (or a reset link's token) in the caller's flow; counts the attempt; the member's id. */
async function useCode(
  opts: { db: Db; config: Config; company: PortalCompany; ip: string; now: Date; purpose: CodePurpose },
  given: { token: string } | { email: string; code: string },
  then: (tx: Queryable, member: Member) => Promise<void>,
): Promise<{ memberId: string }> {
  const { db, config, company, now, purpose } = opts;
  const { companyId } = company;
  const byCode = "code" in given;
  if (byCode) await assertAttemptAllowed(db, config, { companyId, kind: "code", identifier: given.email, ip: opts.ip });
  const result = await db.transaction(async (tx) => {
    const check = byCode
      ? await checkCode(tx, config, { companyId, purpose, identifier: given.email, code: given.code, now })
      : { ok: true as const, ...(await consumeToken(tx, { companyId, purpose, token: given.token, now })) };
    if (!check.ok) return check;
    const member = await findMember(tx, companyId, check.subjectId);
    if (!member) return { ok: false as const, error: invalidField("code", "code_invalid") };
    assertMayUsePortal(member);
    await then(tx, member);
    return { ok: true as const, memberId: member.id };
  });
  if (byCode) await recordAttempt(db, { companyId, kind: "code", identifier: given.email, ip: opts.ip, succeeded: result.ok });
  if (!result.ok) throw result.error;
  return { memberId: result.memberId };
}

/** Sign-in with an e-mailed code: the address is verified; a card without portal sign-in gets one (no password). */
export async function signInWithCode(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  email: string;
  code: string;
  ip: string;
  requestId: string;
  now: Date;
}): Promise<{ memberId: string }> {
  return useCode({ ...opts, purpose: "login" }, { email: opts.email, code: opts.code }, async (tx, member) => {
    const { created } = await saveCredentials(tx, {
      companyId: opts.company.companyId,
      memberId: member.id,
      emailVerified: true,
      now: opts.now,
    });
    if (created) await announcePortalActivation(tx, portalMemberActor(opts.company.companyId, member.id, "member", opts), "code");
  });
}

/** A new password by the reset e-mail's link or code; every session of the member ends. */
export async function confirmPasswordReset(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  given: { token: string } | { email: string; code: string };
  password: string;
  ip: string;
  now: Date;
}): Promise<{ memberId: string }> {
  const { company, now } = opts;
  // The policy needs the person, known only once the code is checked: a breach is refused before
  // the code is spent by checking it again inside (the transaction rolls back).
  return useCode({ ...opts, purpose: "reset" }, opts.given, async (tx, member) => {
    assertPasswordPolicy("password", opts.password, { email: member.email, name: `${member.firstName} ${member.lastName}` });
    const passwordHash = await hashPassword(opts.password);
    await saveCredentials(tx, { companyId: company.companyId, memberId: member.id, passwordHash, emailVerified: true, now });
    await endAllMemberSessions(tx, company.companyId, member.id);
  });
}

/** The signed-in member changes their password; their other sessions end. */
export async function changeMemberPassword(opts: {
  db: Db;
  session: MemberSession;
  currentPassword?: string;
  newPassword: string;
  now: Date;
}): Promise<void> {
  const { db, session } = opts;
  const member = await findMember(db, session.companyId, session.memberId);
  if (!member) throw new AppError("unauthenticated", "Sign in to the portal first");
  const credentials = await findCredentials(db, session.companyId, session.memberId);
  // A member who signs in only by codes sets a first password without a current one.
  if (credentials?.passwordHash) {
    if (!opts.currentPassword) throw invalidField("currentPassword", "required");
    if (!(await verifyPassword(credentials.passwordHash, opts.currentPassword)))
      throw invalidField("currentPassword", "wrong_current_password");
    if (opts.newPassword === opts.currentPassword) throw invalidField("newPassword", "password_unchanged");
  }
  assertPasswordPolicy("newPassword", opts.newPassword, { email: member.email, name: `${member.firstName} ${member.lastName}` });
  const passwordHash = await hashPassword(opts.newPassword);
  await db.transaction(async (tx) => {
    await saveCredentials(tx, {
      companyId: session.companyId,
      memberId: session.memberId,
      passwordHash,
      emailVerified: false,
      now: opts.now,
    });
    await endAllMemberSessions(tx, session.companyId, session.memberId, session.sessionId);
  });
}
