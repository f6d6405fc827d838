import type { Queryable } from "../../platform/db.js";

// Placeholder until the referrals module lands (helper R's branch replaces this file).

export async function referralOfFriend(
  _db: Queryable,
  _companyId: string,
  _friendId: string,
): Promise<{
  referrerId: string;
  review: "none" | "flagged" | "approved" | "rejected";
  registeredAt: Date;
  status: "registered" | "successful" | "rewarded";
} | null> {
  return null;
}
export async function friendProgress(
  _db: Queryable,
  _companyId: string,
  _friendId: string,
  _since: Date,
): Promise<{ spentMinor: number; pointsEarned: number }> {
  return { spentMinor: 0, pointsEarned: 0 };
}
export async function markReferralSuccessful(_tx: Queryable, _opts: { companyId: string; friendId: string; at: Date }): Promise<void> {}
export async function markReferralRewarded(
  _tx: Queryable,
  _opts: { companyId: string; friendId: string; points: number; at: Date },
): Promise<void> {}
