import type { Queryable } from "../../platform/db.js";
import { type DomainEvent, type EventConsumer, emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import { findMember } from "../members/members.service.js";
import type { FlagReason, ReferralSource } from "./referrals.schemas.js";

/** This many referrals for one referrer from one address or device within FLAG_WINDOW_HOURS are flagged (the third and later). */
export const FLAG_THRESHOLD = 3;
export const FLAG_WINDOW_HOURS = 24;

export interface NewReferral {
  companyId: string;
  friendId: string;
  referrerId: string;
  source: ReferralSource;
  at: Date;
  addressHash: string | null;
  deviceHash: string | null;
}

const text = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

function sourceOf(actorType: unknown): ReferralSource {
  if (actorType === "member") return "portal_link";
  if (actorType === "api_key") return "api";
  return "staff";
}

/**
 * Records the referral once (replays find the row and do nothing), flags it when the referrer
 * already had FLAG_THRESHOLD - 1 referrals from the same address or device in the window, and
 * tells automation: `referral.registered` (about the referrer) or `referral.flagged` for staff.
 * Returns whether the row was new.
 */
export async function registerReferral(tx: Queryable, r: NewReferral): Promise<boolean> {
  // One referrer's referrals are counted one at a time: two workers recording two sign-ups from one
  // address must not each see only the other's predecessors.
  await tx.query(sql`select pg_advisory_xact_lock(hashtext(${`referrals:${r.companyId}:${r.referrerId}`}))`);
  const since = new Date(r.at.getTime() - FLAG_WINDOW_HOURS * 3_600_000);
  const [counts] = await tx.query<{ same_address: number; same_device: number }>(
    sql`select count(*) filter (where address_hash = ${r.addressHash})::int as same_address,
               count(*) filter (where device_hash = ${r.deviceHash})::int as same_device
          from referrals
         where company_id = ${r.companyId} and referrer_member_id = ${r.referrerId} and friend_member_id <> ${r.friendId}
           and registered_at > ${since} and registered_at <= ${r.at}`,
  );
  const reason: FlagReason | null =
    r.addressHash && (counts?.same_address ?? 0) + 1 >= FLAG_THRESHOLD
      ? "same_address"
      : r.deviceHash && (counts?.same_device ?? 0) + 1 >= FLAG_THRESHOLD
        ? "same_device"
        : null;
  const inserted = await tx.query(
    sql`insert into referrals (company_id, friend_member_id, referrer_member_id, source, registered_at, address_hash, device_hash,
          review, flag_reason)
        values (${r.companyId}, ${r.friendId}, ${r.referrerId}, ${r.source}, ${r.at}, ${r.addressHash}, ${r.deviceHash},
          ${reason ? "flagged" : "none"}, ${reason})
        on conflict (company_id, friend_member_id) do nothing
        returning friend_member_id`,
  );
  if (inserted.length === 0) return false;
  await emitEvent(tx, {
    companyId: r.companyId,
    type: reason ? "referral.flagged" : "referral.registered",
    entityType: "member",
    entityId: r.referrerId,
    payload: reason ? { friendId: r.friendId, reason } : { friendId: r.friendId },
  });
  return true;
}

async function handle(tx: Queryable, event: DomainEvent): Promise<void> {
  if (event.entityType !== "member" || !event.entityId) return;
  const { payload } = event;
  if (event.type === "member.created") {
    const referrerId = text(payload.referrerId);
    if (!referrerId) return;
    await registerReferral(tx, {
      companyId: event.companyId,
      friendId: event.entityId,
      referrerId,
      source: sourceOf(payload.actorType),
      at: event.occurredAt,
      addressHash: text(payload.addressHash),
      deviceHash: text(payload.deviceHash),
    });
    return;
  }
  // member.updated: a referrer given to a member who had none (members refuse changing one).
  if (!Array.isArray(payload.fields) || !payload.fields.includes("referrerId")) return;
  const member = await findMember(tx, event.companyId, event.entityId);
  if (!member?.referrerId) return;
  await registerReferral(tx, {
    companyId: event.companyId,
    friendId: member.id,
    referrerId: member.referrerId,
    source: sourceOf(payload.actorType),
    at: event.occurredAt,
    addressHash: null,
    deviceHash: null,
  });
}

/** The `referrals` outbox consumer: a member who got a referrer becomes a referral row, once. */
export const referralsConsumer: EventConsumer = {
  name: "referrals",
  types: ["member.created", "member.updated"],
  handle,
};
