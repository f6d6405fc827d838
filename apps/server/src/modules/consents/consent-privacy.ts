import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/**
 * Erasure: the member's consent history keeps every decision (what, which version, when, by which
 * channel) but loses the client address and the recorded name of whoever made it. The table is
 * append-only; its trigger allows exactly this change (migration 20261207170000_privacy.sql).
 */
export async function scrubMemberConsentEvents(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update member_consent_events set ip = null, actor_name = ''
         where company_id = ${companyId} and member_id = ${memberId} and (ip is not null or actor_name <> '')
         returning id`,
  );
  return rows.length;
}
