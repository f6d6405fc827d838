import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/**
 * Erasure: the hashes of where the member signed up (their referral as the friend) go; the
 * referral itself stays, so the referrer's figures and what was paid stay as they were. Returns
 * how many rows changed.
 */
export async function scrubReferralFingerprints(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update referrals set address_hash = null, device_hash = null
         where company_id = ${companyId} and friend_member_id = ${memberId} and (address_hash is not null or device_hash is not null)
     returning friend_member_id`,
  );
  return rows.length;
}
