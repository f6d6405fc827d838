import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

// The ledger's answer to a referral's progress (referrals module: friendProgress).

/**
 * Points a member's purchases earned from `since` on (every program), less what returns took back
 * since then: a referral's "the friend has earned X points". Welcome, birthday, rule and manual
 * points do not count (purchase points can only be taken back by a return).
 */
export async function purchasePointsSince(db: Queryable, companyId: string, memberId: string, since: Date): Promise<number> {
  const [row] = await db.query<{ points: string | number }>(
    sql`select coalesce(sum(points), 0)::bigint as points from ledger_entries
         where company_id = ${companyId} and member_id = ${memberId} and occurred_at >= ${since}
           and cause_type in ('purchase', 'return')`,
  );
  return Number(row?.points ?? 0);
}
