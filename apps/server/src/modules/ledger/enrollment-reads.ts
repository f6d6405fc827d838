import type { Queryable } from "../../platform/db.js";
import { type Sql, sql } from "../../platform/sql.js";

/** The member's tier in the program (an enrollment's `tier_id`); null when not enrolled or without a tier. */
export async function enrollmentTierId(db: Queryable, companyId: string, programId: string, memberId: string): Promise<string | null> {
  const [row] = await db.query<{ tier_id: string | null }>(
    sql`select tier_id from enrollments where company_id = ${companyId} and program_id = ${programId} and member_id = ${memberId}`,
  );
  return row?.tier_id ?? null;
}

/** The member's enrollments: program id -> tier id (null: enrolled without a tier). */
export async function enrollmentTierIds(db: Queryable, companyId: string, memberId: string): Promise<Map<string, string | null>> {
  const rows = await db.query<{ program_id: string; tier_id: string | null }>(
    sql`select program_id, tier_id from enrollments where company_id = ${companyId} and member_id = ${memberId}`,
  );
  return new Map(rows.map((r) => [r.program_id, r.tier_id]));
}

/**
 * When a ledger entry's points become spendable, as a scalar subquery for a statement of another
 * module that holds the entry's id (`companyId` and `entryId` are its column references, e.g. a
 * purchase's `p.company_id`, `p.ledger_entry_id`): its rows keep one statement.
 */
export const entryAvailableAtSql = (companyId: Sql, entryId: Sql): Sql =>
  sql`(select l.available_at from ledger_entries l where l.company_id = ${companyId} and l.id = ${entryId})`;

/** Several members' enrollments at once: member id -> (program id -> tier id). */
export async function enrollmentTiersOf(
  db: Queryable,
  companyId: string,
  memberIds: readonly string[],
): Promise<Map<string, Map<string, string | null>>> {
  const out = new Map<string, Map<string, string | null>>();
  if (memberIds.length === 0) return out;
  const rows = await db.query<{ member_id: string; program_id: string; tier_id: string | null }>(
    sql`select member_id, program_id, tier_id from enrollments where company_id = ${companyId} and member_id = any(${memberIds}::text[])`,
  );
  for (const r of rows) {
    const m = out.get(r.member_id) ?? new Map<string, string | null>();
    m.set(r.program_id, r.tier_id);
    out.set(r.member_id, m);
  }
  return out;
}
