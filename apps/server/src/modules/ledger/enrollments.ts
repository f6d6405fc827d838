import type { Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import type { EnrollmentRow } from "./ledger-types.js";

/** Inserts the enrollment if missing; true when this call created it. */
export async function insertEnrollment(tx: Queryable, companyId: string, programId: string, memberId: string, at: Date): Promise<boolean> {
  const rows = await tx.query(
    sql`insert into enrollments (company_id, program_id, member_id, joined_at) values (${companyId}, ${programId}, ${memberId}, ${at})
     on conflict do nothing returning member_id`,
  );
  return rows.length > 0;
}

/** Locks the member's enrollment in the program if there is one (null = not enrolled). */
export async function lockEnrollmentIfAny(
  tx: Queryable,
  companyId: string,
  programId: string,
  memberId: string,
): Promise<EnrollmentRow | null> {
  const [row] = await tx.query<EnrollmentRow>(
    sql`select * from enrollments where company_id = ${companyId} and program_id = ${programId} and member_id = ${memberId} for update`,
  );
  return row ?? null;
}

/** Locks the member's enrollment in the program: every point change goes through here first. */
export async function lockEnrollment(tx: Queryable, companyId: string, programId: string, memberId: string): Promise<EnrollmentRow> {
  const row = await lockEnrollmentIfAny(tx, companyId, programId, memberId);
  if (!row) throw new AppError("unprocessable", "The member is not enrolled in this program", [detail("programId", "not_enrolled")]);
  return row;
}
