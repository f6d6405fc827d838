import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { detail, type ErrorDetail, invalidFields, notFound } from "../../platform/errors.js";
import { listConsents } from "../consents/consents.service.js";
import { listCustomFields } from "../custom-fields/custom-fields.service.js";
import { changeMemberConsents, getMemberConsents } from "../members/member-consents.js";
import { updateMember } from "../members/member-writes.js";
import type { Member } from "../members/members.schemas.js";
import { findMember } from "../members/members.service.js";
import { openErasureRequestOf } from "../privacy/privacy-requests.js";
import type { PortalProfile, PortalProfilePatch } from "./member-portal-profile.schemas.js";

// The member's own card as the portal shows and edits it, and their consents.

async function visibleFields(db: Queryable, companyId: string) {
  return (await listCustomFields({ db, companyId, active: true })).filter((f) => f.visibleToMember);
}

function toProfile(member: Member, fields: Awaited<ReturnType<typeof visibleFields>>, erasure: { createdAt: Date } | null): PortalProfile {
  return {
    cardNumber: member.cardNumber,
    firstName: member.firstName,
    lastName: member.lastName,
    email: member.email,
    phone: member.phone,
    birthday: member.birthday,
    address: member.address,
    language: member.language,
    customFields: fields.map((f) => ({
      key: f.key,
      label: f.label,
      type: f.type,
      options: f.options,
      required: f.required,
      value: member.customFields[f.key] ?? null,
    })),
    erasureRequestedAt: erasure?.createdAt ?? null,
  };
}

export async function getPortalProfile(db: Queryable, companyId: string, memberId: string): Promise<PortalProfile> {
  const member = await findMember(db, companyId, memberId);
  if (!member) throw notFound("Member");
  const [fields, erasure] = await Promise.all([visibleFields(db, companyId), openErasureRequestOf(db, companyId, memberId)]);
  return toProfile(member, fields, erasure);
}

/**
 * The member edits their own card: names, phone, birthday, address, language and the custom fields
 * the company shows to members (a required one cannot be emptied). E-mail is not here: a new
 * address would need verifying first. The card's rules (phone and birthday checks, the audit entry
 * naming the member, the event) are the members module's.
 */
export async function updatePortalProfile(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  patch: PortalProfilePatch;
  now: Date;
}): Promise<PortalProfile> {
  const { db, actor, memberId, patch } = opts;
  const { companyId } = actor;
  const member = await findMember(db, companyId, memberId);
  if (!member) throw notFound("Member");
  const fields = await visibleFields(db, companyId);
  if (patch.customFields !== undefined) {
    const visible = new Map(fields.map((f) => [f.key, f]));
    const problems: ErrorDetail[] = [];
    for (const key of Object.keys(patch.customFields))
      if (!visible.has(key)) problems.push(detail(`customFields.${key}`, "not_visible_to_member"));
    // A required field the member has never filled must come with this save.
    for (const f of fields)
      if (f.required && !Object.hasOwn(patch.customFields, f.key) && (member.customFields[f.key] ?? null) === null)
        problems.push(detail(`customFields.${f.key}`, "required"));
    if (problems.length > 0) throw invalidFields(problems);
  }
  await updateMember({ db, actor, id: memberId, patch, now: opts.now });
  return getPortalProfile(db, companyId, memberId);
}

/** Each active consent with its current text and version, and the member's decision. */
export async function getPortalConsents(db: Queryable, actor: Actor, memberId: string) {
  const [consents, mine] = await Promise.all([
    listConsents({ db, companyId: actor.companyId, active: true }),
    getMemberConsents({ db, actor, memberId }),
  ]);
  const state = new Map(mine.current.map((c) => [c.consentId, c]));
  return {
    data: consents.map((c) => {
      const s = state.get(c.id);
      return {
        consentId: c.id,
        name: c.name,
        purpose: c.purpose,
        channel: c.channel,
        text: c.text,
        version: c.currentVersion,
        granted: s?.granted ?? false,
        grantedVersion: s?.granted ? s.version : null,
        changedAt: s?.changedAt ?? null,
      };
    }),
  };
}

/** Grants and withdrawals from the portal: recorded with source "portal" against the version shown (a changed text is a 409). */
export async function changePortalConsents(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  changes: { consentId: string; granted: boolean; version: number }[];
}) {
  await changeMemberConsents({ db: opts.db, actor: opts.actor, memberId: opts.memberId, changes: opts.changes, source: "portal" });
  return getPortalConsents(opts.db, opts.actor, opts.memberId);
}
