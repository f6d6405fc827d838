import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { assertPasswordPolicy } from "../auth/password-policy.js";
import { hashPassword } from "../auth/passwords.js";
import type { Member } from "../members/members.schemas.js";
import { findMember, findMemberByCardNumber, findMemberByEmail } from "../members/members.service.js";
import type { PortalCompany } from "../portal-settings/portal-company.js";
import { CODE_MINUTES, checkCode, codeInvalid, issueCode } from "./auth-codes.js";
import { findCredentials, saveCredentials } from "./credentials.js";
import { queueIdentityMessage } from "./identity-messages.js";
import { endAllMemberSessions } from "./member-sessions.js";
import { assertMayUsePortal } from "./sign-in.js";
import { announcePortalActivation, portalMemberActor } from "./signup.js";
import { assertAttemptAllowed, recordAttempt } from "./throttle.js";

// Claiming a card staff created: the member names it by e-mail or card number, receives a code at
// the card's e-mail (or by SMS at its phone when it has no e-mail) and sets a password.

async function findCard(db: Db, companyId: string, identifier: string): Promise<Member | null> {
  const trimmed = identifier.trim();
  return trimmed.includes("@") ? findMemberByEmail(db, companyId, trimmed) : findMemberByCardNumber(db, companyId, trimmed);
}

/**
 * Always the same answer; a code goes out to a card with an address to send it to (a blocked card
 * too: whoever holds its address then learns at the next step, member_blocked, why it cannot be used).
 */
export async function requestActivation(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  identifier: string;
  ip: string;
  now: Date;
}): Promise<void> {
  const { db, config, company, identifier, ip, now } = opts;
  const { companyId } = company;
  await assertAttemptAllowed(db, config, { companyId, kind: "send", identifier, ip });
  const member = await findCard(db, companyId, identifier);
  if (member && !member.erasedAt && (member.email || member.phone)) {
    const channel = member.email ? "email" : "sms";
    await db.transaction(async (tx) => {
      const issued = await issueCode(tx, config, {
        companyId,
        purpose: "activate",
        identifier,
        subjectId: member.id,
        withToken: false,
        now,
      });
      await queueIdentityMessage(tx, {
        config,
        now,
        companyId,
        companyName: company.name,
        memberId: member.id,
        kind: "activation_code",
        channel,
        to: (member.email ?? member.phone) as string,
        language: member.language,
        code: issued.code,
        minutes: CODE_MINUTES.activate,
        link: null,
        dedupeKey: issued.id,
      });
    });
  }
  await recordAttempt(db, { companyId, kind: "send", identifier, ip, succeeded: true });
}

/** The code and a new password: the card gets its portal sign-in (e-mail verified when the code went there). */
export async function confirmActivation(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  identifier: string;
  code: string;
  password: string;
  ip: string;
  requestId: string;
  now: Date;
}): Promise<{ memberId: string }> {
  const { db, config, company, identifier, now } = opts;
  const { companyId } = company;
  await assertAttemptAllowed(db, config, { companyId, kind: "code", identifier, ip: opts.ip });
  const result = await db.transaction(async (tx) => {
    const check = await checkCode(tx, config, { companyId, purpose: "activate", identifier, code: opts.code, now });
    if (!check.ok) return check;
    const member = await findMember(tx, companyId, check.subjectId);
    if (!member) return { ok: false as const, error: codeInvalid() };
    assertMayUsePortal(member);
    assertPasswordPolicy("password", opts.password, { email: member.email, name: `${member.firstName} ${member.lastName}` });
    const passwordHash = await hashPassword(opts.password);
    const hadSignIn = (await findCredentials(tx, companyId, member.id)) !== null;
    await saveCredentials(tx, { companyId, memberId: member.id, passwordHash, emailVerified: Boolean(member.email), now });
    // Someone who held the card's address sets a new password: sessions opened with the old one end.
    await endAllMemberSessions(tx, companyId, member.id);
    if (!hadSignIn) await announcePortalActivation(tx, portalMemberActor(companyId, member.id, "member", opts), "activation");
    return { ok: true as const, memberId: member.id };
  });
  await recordAttempt(db, { companyId, kind: "code", identifier, ip: opts.ip, succeeded: result.ok });
  if (!result.ok) throw result.error;
  return { memberId: result.memberId };
}
