import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

// The ledger's answers to the portal's "refer a friend" screen.

/** Points the member's entries caused by these event rules (and their reversals) hold: the sum, 0 without any. */
export async function pointsFromEventRules(
  db: Queryable,
  companyId: string,
  memberId: string,
  ruleIds: readonly string[],
): Promise<number> {
  if (ruleIds.length === 0) return 0;
  const [row] = await db.query<{ points: string | number }>(
    sql`select coalesce(sum(l.points), 0) as points from ledger_entries l
         where l.company_id = ${companyId} and l.member_id = ${memberId}
           and ((l.cause_type = 'event' and l.cause_id = any(${ruleIds}::text[]))
             or l.reverses_id in (select r.id from ledger_entries r where r.company_id = ${companyId} and r.member_id = ${memberId}
                                    and r.cause_type = 'event' and r.cause_id = any(${ruleIds}::text[])))`,
  );
  return Number(row?.points ?? 0);
}

/** Those of the members that have made at least one purchase (in any program). */
export async function membersWithPurchases(db: Queryable, companyId: string, memberIds: readonly string[]): Promise<Set<string>> {
  if (memberIds.length === 0) return new Set();
  const rows = await db.query<{ member_id: string }>(
    sql`select distinct member_id from ledger_entries
         where company_id = ${companyId} and member_id = any(${memberIds}::text[]) and cause_type = 'purchase'`,
  );
  return new Set(rows.map((r) => r.member_id));
}
