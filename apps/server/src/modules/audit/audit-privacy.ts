import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/**
 * Erasure: the member's audit entries keep who did what and when; the one free text about the
 * member they copy (a block's reason, which staff may write anything into) becomes "erased".
 * Personal fields themselves are never copied into the log (member-writes logs them as "changed").
 */
export async function scrubMemberAuditTexts(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update audit_log set changes = jsonb_set(changes, '{blockedReason}', '"erased"')
         where company_id = ${companyId} and entity_type = 'member' and entity_id = ${memberId} and changes ? 'blockedReason'
         returning id`,
  );
  return rows.length;
}
