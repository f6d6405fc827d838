import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import { dateIn } from "../../platform/calendar.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidField, invalidFields } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { signValue } from "../../platform/secrets.js";
import { sql } from "../../platform/sql.js";
import { assertPasswordPolicy, MIN_PASSWORD_LENGTH } from "../auth/password-policy.js";
import { burnPasswordCheck, hashPassword } from "../auth/passwords.js";
import { listConsents } from "../consents/consents.service.js";
import { listCustomFields, validateCustomFieldValues } from "../custom-fields/custom-fields.service.js";
import { insertMember, referrerProblem } from "../members/member-writes.js";
import { findMemberByEmail, memberIdByReferralCode } from "../members/members.service.js";
import { enrollMember } from "../points/points.service.js";
import type { PortalCompany } from "../portal-settings/portal-company.js";
import { openProgramsOf } from "../programs/programs.service.js";
import { CODE_MINUTES, checkCode, consumeToken, issueCode } from "./auth-codes.js";
import { saveCredentials } from "./credentials.js";
import type { SignupBody } from "./identity.schemas.js";
import { portalUrl, queueIdentityMessage } from "./identity-messages.js";
import { assertAttemptAllowed, recordAttempt } from "./throttle.js";

/** The actor of what a member does in the portal (their own card; no staff permission). */
export function portalMemberActor(companyId: string, memberId: string, name: string, req: { ip: string; requestId: string }): Actor {
  return { type: "member", id: memberId, name, companyId, permissions: new Set(), locationIds: null, ip: req.ip, requestId: req.requestId };
}

/** Custom fields a member fills in: the required ones and those the company shows to members. */
async function memberFacingFields(db: Queryable, companyId: string) {
  return (await listCustomFields({ db, companyId, active: true })).filter((f) => f.required || f.visibleToMember);
}

export async function describeSignupForm(db: Queryable, company: PortalCompany, ref: string | undefined) {
  const consents = await listConsents({ db, companyId: company.companyId, active: true });
  const fields = await memberFacingFields(db, company.companyId);
  const code = ref?.trim() ?? "";
  return {
    company: { name: company.name, language: company.language },
    languages: ["pl", "en"] as ("pl" | "en")[],
    consents: consents.map((c) => ({
      id: c.id,
      key: c.key,
      name: c.name,
      purpose: c.purpose,
      channel: c.channel,
      text: c.text,
      version: c.currentVersion,
    })),
    customFields: fields.map((f) => ({ key: f.key, label: f.label, type: f.type, options: f.options, required: f.required })),
    referral: code ? { code, valid: (await memberIdByReferralCode(db, company.companyId, code)) !== null } : null,
    passwordMinLength: MIN_PASSWORD_LENGTH,
  };
}

/**
 * Consent decisions as shown: each an active consent of the company, at its current text version
 * (a text changed since the form was loaded is a 409: the member must see the new text).
 */
async function checkConsentVersions(db: Queryable, companyId: string, consents: SignupBody["consents"]): Promise<void> {
  const current = new Map((await listConsents({ db, companyId, active: true })).map((c) => [c.id, c.currentVersion]));
  const unknown: ErrorDetail[] = [];
  const stale: ErrorDetail[] = [];
  consents.forEach((c, i) => {
    const version = current.get(c.consentId);
    if (version === undefined) unknown.push(detail(`consents.${i}.consentId`, "not_company_consent"));
    else if (version !== c.version) stale.push(detail(`consents.${i}.version`, "consent_version_stale", { version }));
  });
  if (unknown.length > 0) throw invalidFields(unknown);
  if (stale.length > 0) throw new AppError("conflict", "A consent's text changed since the form was shown: read it again", stale);
}

async function checkCustomFields(db: Queryable, companyId: string, values: Record<string, unknown>) {
  const shown = new Set((await memberFacingFields(db, companyId)).map((f) => f.key));
  const hidden = Object.keys(values).filter((k) => !shown.has(k));
  if (hidden.length > 0) throw invalidFields(hidden.map((k) => detail(`customFields.${k}`, "not_company_custom_field")));
  const checked = await validateCustomFieldValues(db, companyId, values, { requireAll: true });
  return Object.fromEntries(Object.entries(checked).filter(([, v]) => v !== null));
}

/**
 * A sign-up: checks everything the form can get wrong, then answers alike whether or not the
 * address has a card (no account enumeration): a new address gets a pending sign-up and a
 * verification e-mail (link + code); an address with a card gets "you already have a card".
 * An unknown referral code is ignored (the form showed it as not valid).
 */
export async function requestSignup(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  body: SignupBody;
  ip: string;
  now: Date;
}): Promise<void> {
  const { db, config, company, body, now } = opts;
  const { companyId } = company;
  await assertAttemptAllowed(db, config, { companyId, kind: "send", identifier: body.email, ip: opts.ip });
  assertPasswordPolicy("password", body.password, { email: body.email, name: `${body.firstName} ${body.lastName}` });
  if (body.birthday && body.birthday > dateIn(now, company.timeZone)) throw invalidField("birthday", "not_in_future");
  await checkConsentVersions(db, companyId, body.consents);
  const customFields = await checkCustomFields(db, companyId, body.customFields);
  const referrerId = body.referralCode ? await memberIdByReferralCode(db, companyId, body.referralCode) : null;

  const existing = await findMemberByEmail(db, companyId, body.email);
  // Hashing in both cases keeps the answer's timing alike.
  const passwordHash = existing ? await burnPasswordCheck(body.password).then(() => "") : await hashPassword(body.password);
  await db.transaction(async (tx) => {
    if (existing) {
      await queueIdentityMessage(tx, {
        config,
        now,
        companyId,
        companyName: company.name,
        memberId: existing.id,
        kind: "already_member",
        to: body.email,
        language: existing.language,
        code: "",
        minutes: 0,
        link: portalUrl(config, company.slug, "sign-in"),
        dedupeKey: newId("mac"),
      });
      return;
    }
    const signupId = newId("msu");
    await tx.query(
      sql`insert into member_signups (company_id, id, email, password_hash, first_name, last_name, phone, birthday, language, consents,
            custom_fields, referrer_id, created_at, expires_at)
          values (${companyId}, ${signupId}, ${body.email}, ${passwordHash}, ${body.firstName}, ${body.lastName}, ${body.phone},
            ${body.birthday}, ${body.language}, ${JSON.stringify(body.consents)}, ${JSON.stringify(customFields)}, ${referrerId}, ${now},
            ${new Date(now.getTime() + CODE_MINUTES.signup * 60_000)})`,
    );
    const issued = await issueCode(tx, config, {
      companyId,
      purpose: "signup",
      identifier: body.email,
      subjectId: signupId,
      withToken: true,
      now,
    });
    await queueIdentityMessage(tx, {
      config,
      now,
      companyId,
      companyName: company.name,
      memberId: null,
      kind: "verify_email",
      to: body.email,
      language: body.language,
      code: issued.code,
      minutes: CODE_MINUTES.signup,
      link: portalUrl(config, company.slug, "verify", { token: issued.token as string }),
      dedupeKey: issued.id,
    });
  });
  await recordAttempt(db, { companyId, kind: "send", identifier: body.email, ip: opts.ip, succeeded: true });
}

interface SignupRow {
  id: string;
  email: string;
  password_hash: string;
  first_name: string;
  last_name: string;
  phone: string | null;
  birthday: string | null;
  language: "pl" | "en";
  consents: SignupBody["consents"];
  custom_fields: Record<string, unknown>;
  referrer_id: string | null;
}

/**
 * Verification by the link's token or the e-mail and code: the member card is created as staff
 * would create it (card number, consents recorded with source "portal" and the text version,
 * the referrer), enrolled in every open program (welcome points, registration rules,
 * member.enrolled), with the e-mail verified and the password of the sign-up. Returns the member.
 */
export async function verifySignup(opts: {
  db: Db;
  config: Config;
  company: PortalCompany;
  body: { token: string } | { email: string; code: string };
  ip: string;
  /** The request's User-Agent header ("" without one). */
  userAgent: string;
  requestId: string;
  now: Date;
}): Promise<{ memberId: string }> {
  const { db, config, company, body, now } = opts;
  const { companyId } = company;
  const byCode = "code" in body;
  if (byCode) await assertAttemptAllowed(db, config, { companyId, kind: "code", identifier: body.email, ip: opts.ip });
  const result = await db.transaction(async (tx) => {
    const check = byCode
      ? await checkCode(tx, config, { companyId, purpose: "signup", identifier: body.email, code: body.code, now })
      : { ok: true as const, ...(await consumeToken(tx, { companyId, purpose: "signup", token: body.token, now })) };
    if (!check.ok) return check;
    const [signup] = await tx.query<SignupRow>(
      sql`update member_signups set completed_at = ${now}
           where company_id = ${companyId} and id = ${check.subjectId} and completed_at is null and expires_at > ${now}
       returning id, email, password_hash, first_name, last_name, phone, to_char(birthday, 'YYYY-MM-DD') as birthday, language,
                 consents, custom_fields, referrer_id`,
    );
    if (!signup)
      return { ok: false as const, error: byCode ? invalidField("code", "code_invalid") : invalidField("token", "token_invalid") };
    return { ok: true as const, memberId: await createSignedUpMember(tx, { ...opts, signup }) };
  });
  if (byCode) await recordAttempt(db, { companyId, kind: "code", identifier: body.email, ip: opts.ip, succeeded: result.ok });
  if (!result.ok) throw result.error;
  return { memberId: result.memberId };
}

/**
 * Where a sign-up came from, as keyed hashes (HMAC under SECRET_KEY, so they cannot be reversed by
 * guessing addresses): the referrals module flags many referrals from one address or device.
 */
function signupFingerprint(config: Config, ip: string, userAgent: string) {
  return {
    addressHash: signValue(config.secretKey, "referral-address/v1", ip, 16),
    deviceHash: userAgent ? signValue(config.secretKey, "referral-device/v1", userAgent, 16) : null,
  };
}

async function createSignedUpMember(
  tx: Queryable,
  opts: { config: Config; company: PortalCompany; signup: SignupRow; ip: string; userAgent: string; requestId: string; now: Date },
): Promise<string> {
  const { company, signup, now } = opts;
  const { companyId } = company;
  if (await findMemberByEmail(tx, companyId, signup.email))
    throw new AppError("already_exists", "email: a card with this e-mail exists; sign in or activate it", [
      detail("email", "email_has_card"),
    ]);
  await checkConsentVersions(tx, companyId, signup.consents);
  const memberId = newId("mbr");
  // A referrer who may not refer this member (blocked since, or the member themselves by e-mail or
  // phone) is left out, as an unknown code is: the card is created all the same.
  const referrerId =
    signup.referrer_id &&
    !(await referrerProblem(tx, companyId, signup.referrer_id, {
      id: memberId,
      email: signup.email,
      phone: signup.phone,
      cardNumber: null,
    }))
      ? signup.referrer_id
      : null;
  const actor = portalMemberActor(companyId, memberId, `${signup.first_name} ${signup.last_name}`.trim(), opts);
  await insertMember(
    tx,
    actor,
    {
      firstName: signup.first_name,
      lastName: signup.last_name,
      email: signup.email,
      phone: signup.phone,
      birthday: signup.birthday,
      address: {},
      gender: null,
      tags: [],
      notes: "",
      language: signup.language,
      status: "active",
      blockedReason: null,
      joinLocationId: null,
      referrerId,
      customFields: signup.custom_fields,
      skipRequiredFields: false,
      consents: signup.consents.map((c) => ({ consentId: c.consentId, granted: c.granted })),
    },
    { givenId: memberId, fingerprint: signupFingerprint(opts.config, opts.ip, opts.userAgent) },
  );
  for (const program of await openProgramsOf(tx, companyId, now)) await enrollMember(tx, { actor, memberId, programId: program.id, now });
  await saveCredentials(tx, { companyId, memberId, passwordHash: signup.password_hash, emailVerified: true, now });
  await announcePortalActivation(tx, actor, "signup");
  return memberId;
}

/** The automation event "member portal account activated", with its audit entry. */
export async function announcePortalActivation(tx: Queryable, actor: Actor, via: "signup" | "activation" | "code"): Promise<void> {
  await recordAudit(tx, actor, { action: "member.portal_activated", entityType: "member", entityId: actor.id, changes: { via } });
  await emitEvent(tx, {
    companyId: actor.companyId,
    type: "member.portal_activated",
    entityType: "member",
    entityId: actor.id,
    payload: { via },
  });
}
