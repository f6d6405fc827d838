import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";
import { purchasePointsSince } from "../ledger/referral-reads.js";
import { memberNetSpendSince } from "../purchases/purchase-reads.js";
import { REFERRAL_COLUMNS, type ReferralRow, statusOf } from "./referral-rows.js";
import type { ReferralReview, ReferralStatus } from "./referrals.schemas.js";

// What the automation engine asks and tells about a referral (the friend's member id names it).

export interface FriendReferral {
  referrerId: string;
  review: ReferralReview;
  registeredAt: Date;
  status: ReferralStatus;
}

/** The referral that brought this member (the friend), or null when nobody referred them. */
export async function referralOfFriend(db: Queryable, companyId: string, friendId: string): Promise<FriendReferral | null> {
  const [row] = await db.query<ReferralRow>(
    sql`select ${REFERRAL_COLUMNS} from referrals where company_id = ${companyId} and friend_member_id = ${friendId}`,
  );
  if (!row) return null;
  return { referrerId: row.referrer_member_id, review: row.review, registeredAt: row.registered_at, status: statusOf(row) };
}

export interface FriendProgress {
  /** Purchases from `since` on, less what was refunded on them (minor units, every program). */
  spentMinor: number;
  /** Points those purchases earned, less what returns took back (every program). */
  pointsEarned: number;
}

/** How far the friend got since `since` (the referral's registration): a success threshold is measured on this. */
export async function friendProgress(db: Queryable, companyId: string, friendId: string, since: Date): Promise<FriendProgress> {
  const [spentMinor, pointsEarned] = await Promise.all([
    memberNetSpendSince(db, companyId, friendId, since),
    purchasePointsSince(db, companyId, friendId, since),
  ]);
  return { spentMinor, pointsEarned };
}

/**
 * The friend reached a success threshold: marks the referral successful once, in the caller's
 * transaction. True when this call marked it; false when it was marked before or there is no
 * referral (so a success is counted once, however often it is reached).
 */
export async function markReferralSuccessful(tx: Queryable, opts: { companyId: string; friendId: string; at: Date }): Promise<boolean> {
  const rows = await tx.query(
    sql`update referrals set successful_at = ${opts.at}
         where company_id = ${opts.companyId} and friend_member_id = ${opts.friendId} and successful_at is null
     returning friend_member_id`,
  );
  return rows.length > 0;
}

/**
 * Automation paid the referrer `points` (0 for a reward that is not points) for this referral, in
 * the caller's transaction: they add to pointsPaid, and a successful referral becomes rewarded (a
 * payment on registration alone leaves it registered). False when there is no referral.
 */
export async function markReferralRewarded(
  tx: Queryable,
  opts: { companyId: string; friendId: string; points: number; at: Date },
): Promise<boolean> {
  const rows = await tx.query(
    sql`update referrals
           set points_paid = points_paid + ${opts.points},
               rewarded_at = case when successful_at is not null then coalesce(rewarded_at, ${opts.at}::timestamptz) else rewarded_at end
         where company_id = ${opts.companyId} and friend_member_id = ${opts.friendId}
     returning friend_member_id`,
  );
  return rows.length > 0;
}

/** The statuses of these friends' referrals (the member portal's list), and the points the referrer was paid for all of them. */
export async function referralStatusesOf(
  db: Queryable,
  companyId: string,
  referrerId: string,
): Promise<{ statuses: Map<string, ReferralStatus>; pointsPaid: number }> {
  const rows = await db.query<ReferralRow>(
    sql`select ${REFERRAL_COLUMNS} from referrals where company_id = ${companyId} and referrer_member_id = ${referrerId}`,
  );
  return {
    statuses: new Map(rows.map((r) => [r.friend_member_id, statusOf(r)])),
    pointsPaid: rows.reduce((sum, r) => sum + Number(r.points_paid), 0),
  };
}
