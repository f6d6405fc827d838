import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/** Erasure: the member's portal sign-in goes (credentials and every session). Returns rows removed. */
export async function removeMemberSignIn(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const sessions = await tx.query(
    sql`delete from member_sessions where company_id = ${companyId} and member_id = ${memberId} returning id`,
  );
  const credentials = await tx.query(
    sql`delete from member_credentials where company_id = ${companyId} and member_id = ${memberId} returning member_id`,
  );
  return sessions.length + credentials.length;
}
