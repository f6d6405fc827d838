import type { Queryable } from "../../platform/db.js";
import { raw, type Sql, sql } from "../../platform/sql.js";
import { type EntryRow, type LedgerEntry, toEntry } from "./ledger-types.js";

/** Every ledger entry of the member, oldest first (the member's data export). */
export async function memberLedgerForExport(db: Queryable, companyId: string, memberId: string): Promise<LedgerEntry[]> {
  const rows = await db.query<EntryRow>(
    sql`select l.*, r.id as reversed_by_id from ledger_entries l
          left join ledger_entries r on r.company_id = l.company_id and r.reverses_id = l.id
         where l.company_id = ${companyId} and l.member_id = ${memberId}
         order by l.id`,
  );
  return rows.map(toEntry);
}

/**
 * True when the member of `alias` (a members row) has a ledger entry from `since` on that is the
 * member's doing (a purchase, a redemption, an adjustment…; expiry is not), for the inactive-member
 * retention job's one statement. Reads ledger_entries_member_idx.
 */
export function ledgerActivitySinceSql(alias: string, since: Date): Sql {
  const m = raw(alias);
  return sql`exists (select 1 from ledger_entries l
                      where l.company_id = ${m}.company_id and l.member_id = ${m}.id and l.kind <> 'expire' and l.occurred_at >= ${since})`;
}
