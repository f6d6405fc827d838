import { type Actor, assertOwnLocation } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import { dateIn } from "../../platform/calendar.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, isUniqueViolation } from "../../platform/errors.js";
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
import { getMemberForUpdate } from "./members.service.js";

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

async function checkReferrer(tx: Queryable, companyId: string, referrerId: string | null, memberId: string | null): Promise<void> {
  if (referrerId === null) return;
  if (referrerId === memberId) throw invalidField("referrerId", "self_referral");
  const [row] = await tx.query(sql`select id from members where company_id = ${companyId} and id = ${referrerId}`);
  if (!row) throw invalidField("referrerId", "not_company_member");
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

/**
 * Creates a member inside the caller's transaction and returns the API shape. Generated card
 * numbers and referral codes are retried on collision by the unique indexes (a savepoint per
 * attempt), never by reading first; a given card number or e-mail that is taken is a 409.
 */
export async function insertMember(
  tx: Queryable,
  actor: Actor,
  input: MemberInput,
  /** When the member registered, if not now (the demo seeder backdates its members). */
  registeredAt: Date | null = null,
): Promise<Member> {
  const { companyId } = actor;
  if (actor.locationIds !== null && input.joinLocationId === null) throw invalidField("joinLocationId", "join_location_required");
  await checkJoinLocation(tx, actor, input.joinLocationId);
  await checkReferrer(tx, companyId, input.referrerId, null);
  if (input.status === "active" && input.blockedReason) throw invalidField("blockedReason", "blocked_reason_only_blocked");
  const customFields = dropNulls(
    await validateCustomFieldValues(tx, companyId, input.customFields, { requireAll: !input.skipRequiredFields }),
  );
  const pattern = cardNumberPattern(await getMemberSettings(tx, companyId));
  if (input.cardNumber) checkGivenCardNumber(pattern, input.cardNumber);

  const id = newId("mbr");
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
    payload: { cardNumber, joinLocationId: input.joinLocationId, referrerId: input.referrerId },
  });
  return (await selectMember(tx, companyId, id)) as Member;
}

export async function createMember(opts: { db: Db; actor: Actor; input: MemberInput; registeredAt?: Date; now?: Date }): Promise<Member> {
  return opts.db.transaction(async (tx) => {
    await assertBirthdayNotFuture(tx, opts.actor.companyId, opts.input.birthday, opts.now ?? new Date());
    return insertMember(tx, opts.actor, opts.input, opts.registeredAt ?? null);
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
    if (patch.referrerId !== undefined && patch.referrerId !== before.referrerId) await checkReferrer(tx, companyId, patch.referrerId, id);
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
        payload: { fields: Object.keys(changes) },
      });
    }
    return after;
  });
}
