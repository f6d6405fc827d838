import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { membersWithPurchases, pointsFromEventRules } from "../ledger/referral-reads.js";
import { findMember, referredMembersOf } from "../members/members.service.js";
import { referralRuleIds } from "../rules/rules.service.js";
import { memberRefLink } from "../templates/render.js";
import type { PortalReferrals } from "./member-portal-profile.schemas.js";

/** "Anna K.": a friend's first name and initial, all another member may see of them. */
export function shortName(firstName: string, lastName: string): string {
  const initial = lastName.trim().charAt(0).toUpperCase();
  return [firstName.trim(), initial ? `${initial}.` : ""].filter(Boolean).join(" ");
}

/**
 * The member's referral link (the `{member_ref_link}` messages carry), the friends who joined
 * through it and the points referrals earned the member. Until automation (issue 23) pays referral
 * rewards with a cause of its own, "earned" sums the entries of custom event rules named
 * `referral…` (sent by an integration for the referrer), and is 0 without any.
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
  const [friends, ruleIds] = await Promise.all([referredMembersOf(db, companyId, memberId), referralRuleIds(db, companyId)]);
  const [purchased, pointsEarned] = await Promise.all([
    membersWithPurchases(
      db,
      companyId,
      friends.map((f) => f.id),
    ),
    pointsFromEventRules(db, companyId, memberId, ruleIds),
  ]);
  return {
    link: memberRefLink(opts.config, opts.slug, member.referralCode),
    referralCode: member.referralCode,
    friends: friends.map((f) => ({
      name: f.erased ? "" : shortName(f.firstName, f.lastName),
      joinedAt: f.createdAt,
      status: f.erased || f.status === "blocked" ? "inactive" : purchased.has(f.id) ? "purchased" : "joined",
    })),
    pointsEarned,
  };
}
