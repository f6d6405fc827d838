import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { findMember, referredMembersOf } from "../members/members.service.js";
import { referralStatusesOf } from "../referrals/referral-progress.js";
import { memberRefLink } from "../templates/render.js";
import type { PortalReferrals } from "./member-portal-profile.schemas.js";

/** "Anna K.": a friend's first name and initial, all another member may see of them. */
export function shortName(firstName: string, lastName: string): string {
  const initial = lastName.trim().charAt(0).toUpperCase();
  return [firstName.trim(), initial ? `${initial}.` : ""].filter(Boolean).join(" ");
}

/**
 * The member's referral link (the `{member_ref_link}` messages carry), the friends who joined
 * through it with their referral's status (a blocked or erased friend is inactive; a friend whose
 * referral is not recorded yet is registered) and the points automation paid the member for them.
 */
export async function getMemberReferrals(opts: {
  db: Queryable;
  config: Config;
  companyId: string;
  slug: string;
  memberId: string;
}): Promise<PortalReferrals> {
  const { db, companyId, memberId } = opts;
  const member = await findMember(db, companyId, memberId);
  if (!member) throw notFound("Member");
  const [friends, referrals] = await Promise.all([referredMembersOf(db, companyId, memberId), referralStatusesOf(db, companyId, memberId)]);
  return {
    link: memberRefLink(opts.config, opts.slug, member.referralCode),
    referralCode: member.referralCode,
    friends: friends.map((f) => ({
      name: f.erased ? "" : shortName(f.firstName, f.lastName),
      joinedAt: f.createdAt,
      status: f.erased || f.status === "blocked" ? "inactive" : (referrals.statuses.get(f.id) ?? "registered"),
    })),
    pointsEarned: referrals.pointsPaid,
  };
}
