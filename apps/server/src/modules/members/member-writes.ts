import { type Actor, assertOwnLocation } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import { dateIn } from "../../platform/calendar.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidField, invalidFields, isUniqueViolation } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { defaultConsentSource, recordConsentChanges } from "../consents/consents.service.js";
import { validateCustomFieldValues } from "../custom-fields/custom-fields.service.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { checkGivenCardNumber, generateCardNumber, generateReferralCode } from "./card-numbers.js";
import { selectMember } from "./member-rows.js";
import { cardNumberPattern, getMemberSettings } from "./member-settings.service.js";
import type { Member, MemberInput, MemberPatch } from "./members.schemas.js";
import { getMemberForUpdate, normalizeCardNumber } from "./members.service.js";

async function checkJoinLocation(tx: Queryable, actor: Actor, locationId: string | null): Promise<void> {
  if (locationId === null) return;
  assertOwnLocation(actor, locationId, "joinLocationId");
  await assertLocationsExist(tx, actor.companyId, [locationId], "joinLocationId");
}

/** A birthday may be today in the company's time zone (not in UTC: just after midnight in Warsaw it is still yesterday there). */
async function assertBirthdayNotFuture(tx: Queryable, companyId: string, birthday: string | null | undefined, now: Date): Promise<void> {
  if (!birthday) return;
  const { timeZone } = await getCompany(tx, companyId);
  if (birthday > dateIn(now, timeZone)) throw invalidField("birthday", "not_in_future");
}

/** What a member is known by: a referrer with any of these is the member themselves. */
export interface ReferredIdentity {
  id: string | null;
  email: string | null;
  phone: string | null;
  cardNumber: string | null;
}

/**
 * Why `referrerId` cannot refer this member, or null when it can: another member of the company
 * (not_company_member), not the member themselves by id, e-mail, phone or card number, and active
 * (not blocked or erased). The portal's sign-up asks before creating the card and leaves an
 * ineligible referrer out, as it does an unknown code.
 */
export async function referrerProblem(
  db: Queryable,
  companyId: string,
  referrerId: string,
  self: ReferredIdentity,
): Promise<ErrorDetail | null> {
  if (referrerId === self.id) return detail("referrerId", "self_referral");
  const [r] = await db.query<{ email: string | null; phone: string | null; card_number: string; status: string; erased: boolean }>(
    sql`select email, phone, card_number, status, erased_at is not null as erased from members
         where company_id = ${companyId} and id = ${referrerId}`,
  );
  if (!r) return detail("referrerId", "not_company_member");
  if (self.email && r.email && self.email.trim().toLowerCase() === r.email.trim().toLowerCase())
    return detail("referrerId", "referrer_same_email");
  if (self.phone && r.phone && self.phone === r.phone) return detail("referrerId", "referrer_same_phone");
  if (self.cardNumber && normalizeCardNumber(self.cardNumber) === r.card_number) return detail("referrerId", "referrer_same_card");
  if (r.erased || r.status !== "active") return detail("referrerId", "referrer_inactive");
  return null;
}

async function checkReferrer(tx: Queryable, companyId: string, referrerId: string | null, self: ReferredIdentity): Promise<void> {
  if (referrerId === null) return;
  const problem = await referrerProblem(tx, companyId, referrerId, self);
  if (!problem) return;
  // Another company's or an unknown id is a bad value (400); a real member who may not refer is a rule (422).
  if (problem.code === "not_company_member") throw invalidFields([problem]);
  throw new AppError("unprocessable", `referrerId: ${problem.message}`, [problem]);
}

function conflictOf(err: unknown): AppError | null {
  if (isUniqueViolation(err, "members_card_key"))
    return new AppError("already_exists", "cardNumber: another member has this card number", [detail("cardNumber", "taken_by_member")]);
  if (isUniqueViolation(err, "members_email_key"))
    return new AppError("already_exists", "email: another member has this e-mail address", [detail("email", "taken_by_member")]);
  return null;
}

const dropNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));

/** Values whose old and new contents are personal data are logged as changed, not copied. */
const PERSONAL = new Set(["firstName", "lastName", "email", "phone", "birthday", "address", "gender", "notes", "customFields"]);

function auditChanges(before: Member, after: Member): Record<string, unknown> {
  const changes: Record<string, unknown> = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>);
  delete changes.updatedAt;
  delete changes.referrer;
  for (const key of Object.keys(changes)) if (PERSONAL.has(key)) changes[key] = "changed";
  return changes;
}

const MAX_GENERATION_ATTEMPTS = 10;
const SAVEPOINT = sql`savepoint member_insert`;
const RELEASE_SAVEPOINT = sql`release savepoint member_insert`;
const ROLLBACK_TO_SAVEPOINT = sql`rollback to savepoint member_insert`;

export interface InsertMemberExtra {
  /** When the member registered, if not now (the demo seeder backdates its members). */
  registeredAt?: Date | null;
  /** The new member's id when the caller needs it first (a portal sign-up acts as the member it creates). */
  givenId?: string | null;
  /**
   * Keyed hashes of the sign-up request's address and device (the portal's sign-up): they travel
   * in member.created, where the referrals module counts referrals from one address or device.
   */
  fingerprint?: { addressHash: string | null; deviceHash: string | null } | null;
}

/**
 * Creates a member inside the caller's transaction and returns the API shape. Generated card
 * numbers and referral codes are retried on collision by the unique indexes (a savepoint per
 * attempt), never by reading first; a given card number or e-mail that is taken is a 409.
 */
export async function insertMember(tx: Queryable, actor: Actor, input: MemberInput, extra: InsertMemberExtra = {}): Promise<Member> {
  const { companyId } = actor;
  const registeredAt = extra.registeredAt ?? null;
  const givenId = extra.givenId ?? null;
  if (actor.locationIds !== null && input.joinLocationId === null) throw invalidField("joinLocationId", "join_location_required");
  await checkJoinLocation(tx, actor, input.joinLocationId);
  await checkReferrer(tx, companyId, input.referrerId, {
    id: givenId,
    email: input.email,
    phone: input.phone,
    cardNumber: input.cardNumber ?? null,
  });
  if (input.status === "active" && input.blockedReason) throw invalidField("blockedReason", "blocked_reason_only_blocked");
  const customFields = dropNulls(
    await validateCustomFieldValues(tx, companyId, input.customFields, { requireAll: !input.skipRequiredFields }),
  );
  const pattern = cardNumberPattern(await getMemberSettings(tx, companyId));
  if (input.cardNumber) checkGivenCardNumber(pattern, input.cardNumber);

  const id = givenId ?? newId("mbr");
  let cardNumber = input.cardNumber ?? generateCardNumber(pattern);
  let referralCode = generateReferralCode();
  const language = input.language ?? (await getCompany(tx, companyId)).language;
  for (let attempt = 1; ; attempt++) {
    await tx.query(SAVEPOINT);
    try {
      await tx.query(
        sql`insert into members (company_id, id, card_number, first_name, last_name, email, phone, birthday, street, postal_code, city,
              country, gender, tags, notes, status, blocked_reason, join_location_id, referrer_id, referral_code, custom_fields, created_by,
              created_at, updated_at, language)
            values (${companyId}, ${id}, ${cardNumber}, ${input.firstName}, ${input.lastName}, ${input.email}, ${input.phone},
              ${input.birthday}, ${input.address.street ?? ""}, ${input.address.postalCode ?? ""}, ${input.address.city ?? ""},
              ${input.address.country ?? "PL"}, ${input.gender}, ${input.tags}, ${input.notes}, ${input.status},
              ${input.status === "blocked" ? input.blockedReason : null}, ${input.joinLocationId}, ${input.referrerId}, ${referralCode},
              ${JSON.stringify(customFields)}, ${actor.id}, coalesce(${registeredAt}::timestamptz, now()),
              coalesce(${registeredAt}::timestamptz, now()),
              ${language})`,
      );
      await tx.query(RELEASE_SAVEPOINT);
      break;
    } catch (err) {
      await tx.query(ROLLBACK_TO_SAVEPOINT);
      const retry = attempt < MAX_GENERATION_ATTEMPTS;
      if (retry && !input.cardNumber && isUniqueViolation(err, "members_card_key")) cardNumber = generateCardNumber(pattern);
      else if (retry && isUniqueViolation(err, "members_referral_code_key")) referralCode = generateReferralCode();
      else throw conflictOf(err) ?? err;
    }
  }

  const consents = await recordConsentChanges(tx, actor, {
    memberId: id,
    changes: input.consents,
    source: defaultConsentSource(actor),
    path: "consents",
  });
  await recordAudit(tx, actor, {
    action: "member.created",
    entityType: "member",
    entityId: id,
    changes: {
      cardNumber,
      status: input.status,
      joinLocationId: input.joinLocationId,
      referrerId: input.referrerId,
      consents: consents.map((c) => ({ key: c.key, granted: c.granted, version: c.version })),
    },
  });
  await emitEvent(tx, {
    companyId,
    type: "member.created",
    entityType: "member",
    entityId: id,
    payload: {
      cardNumber,
      joinLocationId: input.joinLocationId,
      referrerId: input.referrerId,
      // Who recorded it (staff, api_key, member: the portal's sign-up), for the referral's source.
      actorType: actor.type,
      ...(input.referrerId && extra.fingerprint
        ? { addressHash: extra.fingerprint.addressHash, deviceHash: extra.fingerprint.deviceHash }
        : {}),
    },
  });
  return (await selectMember(tx, companyId, id)) as Member;
}

export async function createMember(opts: { db: Db; actor: Actor; input: MemberInput; registeredAt?: Date; now?: Date }): Promise<Member> {
  return opts.db.transaction(async (tx) => {
    await assertBirthdayNotFuture(tx, opts.actor.companyId, opts.input.birthday, opts.now ?? new Date());
    return insertMember(tx, opts.actor, opts.input, { registeredAt: opts.registeredAt ?? null });
  });
}

export async function updateMember(opts: { db: Db; actor: Actor; id: string; patch: MemberPatch; now?: Date }): Promise<Member> {
  const { actor, id, patch } = opts;
  const { companyId } = actor;
  return opts.db.transaction(async (tx) => {
    await getMemberForUpdate(tx, companyId, id);
    await assertBirthdayNotFuture(tx, companyId, patch.birthday, opts.now ?? new Date());
    const before = (await selectMember(tx, companyId, id)) as Member;
    if (patch.joinLocationId !== undefined && patch.joinLocationId !== before.joinLocationId)
      await checkJoinLocation(tx, actor, patch.joinLocationId);
    if (patch.referrerId !== undefined && patch.referrerId !== before.referrerId) {
      // One referrer per member: the referral (and what it paid) stays with the first one.
      if (before.referrerId !== null)
        throw new AppError("conflict", "referrerId: the member already has a referrer", [detail("referrerId", "referrer_already_set")]);
      await checkReferrer(tx, companyId, patch.referrerId, {
        id,
        email: patch.email !== undefined ? patch.email : before.email,
        phone: patch.phone !== undefined ? patch.phone : before.phone,
        cardNumber: patch.cardNumber ?? before.cardNumber,
      });
    }
    if (patch.cardNumber !== undefined && patch.cardNumber !== before.cardNumber)
      checkGivenCardNumber(cardNumberPattern(await getMemberSettings(tx, companyId)), patch.cardNumber);

    const status = patch.status ?? before.status;
    if (status === "active" && patch.blockedReason) throw invalidField("blockedReason", "blocked_reason_only_blocked");
    const blockedReason = status === "active" ? null : patch.blockedReason !== undefined ? patch.blockedReason : before.blockedReason;

    let customFields = before.customFields;
    if (patch.customFields !== undefined) {
      const values = await validateCustomFieldValues(tx, companyId, patch.customFields, { requireAll: false });
      customFields = dropNulls({ ...before.customFields, ...values });
    }
    const address = { ...before.address, ...patch.address };

    try {
      await tx.query(
        sql`update members
               set card_number = ${patch.cardNumber ?? before.cardNumber}, first_name = ${patch.firstName ?? before.firstName},
                   last_name = ${patch.lastName ?? before.lastName}, email = ${patch.email !== undefined ? patch.email : before.email},
                   phone = ${patch.phone !== undefined ? patch.phone : before.phone},
                   birthday = ${patch.birthday !== undefined ? patch.birthday : before.birthday}, street = ${address.street},
                   postal_code = ${address.postalCode}, city = ${address.city}, country = ${address.country},
                   gender = ${patch.gender !== undefined ? patch.gender : before.gender}, tags = ${patch.tags ?? before.tags},
                   notes = ${patch.notes ?? before.notes}, status = ${status}, blocked_reason = ${blockedReason},
                   language = ${patch.language ?? before.language},
                   join_location_id = ${patch.joinLocationId !== undefined ? patch.joinLocationId : before.joinLocationId},
                   referrer_id = ${patch.referrerId !== undefined ? patch.referrerId : before.referrerId},
                   custom_fields = ${JSON.stringify(customFields)}, updated_at = now()
             where company_id = ${companyId} and id = ${id}`,
      );
    } catch (err) {
      throw conflictOf(err) ?? err;
    }
    const after = (await selectMember(tx, companyId, id)) as Member;
    const changes = auditChanges(before, after);
    const statusChanged = before.status !== after.status;
    await recordAudit(tx, actor, {
      action: statusChanged ? (after.status === "blocked" ? "member.blocked" : "member.unblocked") : "member.updated",
      entityType: "member",
      entityId: id,
      changes,
    });
    if (statusChanged) {
      await emitEvent(tx, {
        companyId,
        type: after.status === "blocked" ? "member.blocked" : "member.unblocked",
        entityType: "member",
        entityId: id,
        payload: after.status === "blocked" ? { reason: after.blockedReason } : {},
      });
    }
    const otherFields = Object.keys(changes).filter((k) => k !== "status" && k !== "blockedReason");
    if (otherFields.length > 0 || !statusChanged) {
      await emitEvent(tx, {
        companyId,
        type: "member.updated",
        entityType: "member",
        entityId: id,
        payload: { fields: Object.keys(changes), actorType: actor.type },
      });
    }
    return after;
  });
}
