import type { Queryable } from "../../platform/db.js";
import { raw, type Sql } from "../../platform/sql.js";
import { memberLabels } from "../members/members.service.js";
import type { FlagReason, Referral, ReferralReview, ReferralSource, ReferralStatus } from "./referrals.schemas.js";

/** A referrals row as the reads select it. */
export interface ReferralRow {
  friend_member_id: string;
  referrer_member_id: string;
  source: ReferralSource;
  registered_at: Date;
  review: ReferralReview;
  flag_reason: FlagReason | null;
  successful_at: Date | null;
  rewarded_at: Date | null;
  points_paid: number | string;
}

export const REFERRAL_COLUMNS = raw(
  "friend_member_id, referrer_member_id, source, registered_at, review, flag_reason, successful_at, rewarded_at, points_paid",
);

/**
 * A referral's status: rewarded once automation paid for the friend's success (points given on
 * registration alone add to pointsPaid but leave it registered), successful once the friend
 * reached a success threshold, registered before that.
 */
export function statusOf(r: { successful_at: Date | null; rewarded_at: Date | null }): ReferralStatus {
  if (r.rewarded_at) return "rewarded";
  if (r.successful_at) return "successful";
  return "registered";
}

/** The same, as a condition on the table's rows. */
export function statusCondition(status: ReferralStatus): Sql {
  if (status === "rewarded") return raw("rewarded_at is not null");
  if (status === "successful") return raw("successful_at is not null and rewarded_at is null");
  return raw("successful_at is null and rewarded_at is null");
}

/** The API shape of rows, with the friends' and referrers' cards and names (one read of members). */
export async function toReferrals(db: Queryable, companyId: string, rows: ReferralRow[]): Promise<Referral[]> {
  const labels = await memberLabels(
    db,
    companyId,
    rows.flatMap((r) => [r.friend_member_id, r.referrer_member_id]),
  );
  const ref = (id: string) => {
    const label = labels.get(id);
    return { id, cardNumber: label?.cardNumber ?? "", firstName: label?.firstName ?? "", lastName: label?.lastName ?? "" };
  };
  return rows.map((r) => ({
    id: r.friend_member_id,
    friend: ref(r.friend_member_id),
    referrer: ref(r.referrer_member_id),
    source: r.source,
    status: statusOf(r),
    review: r.review,
    flagReason: r.flag_reason,
    registeredAt: r.registered_at,
    successfulAt: r.successful_at,
    rewardedAt: r.rewarded_at,
    pointsPaid: Number(r.points_paid),
  }));
}
