import type { Queryable } from "../../platform/db.js";
import { raw, sql } from "../../platform/sql.js";
import { entryAvailableAtSql } from "../ledger/enrollment-reads.js";
import { type PurchaseRow, type ReturnRow, toPurchase } from "./purchase-reads.js";
import type { Purchase } from "./purchases.schemas.js";

const AVAILABLE_AT = entryAvailableAtSql(raw("p.company_id"), raw("p.ledger_entry_id"));

/** Every purchase of the member with its lines and returns, oldest first (the member's data export; all locations). */
export async function memberPurchasesForExport(db: Queryable, companyId: string, memberId: string): Promise<Purchase[]> {
  const rows = await db.query<PurchaseRow>(
    sql`select p.*, ${AVAILABLE_AT} as available_at from purchases p
         where p.company_id = ${companyId} and p.member_id = ${memberId} order by p.id`,
  );
  const returns = rows.length
    ? await db.query<ReturnRow>(
        sql`select * from purchase_returns where company_id = ${companyId} and purchase_id = any(${rows.map((r) => r.id)}::text[])
             order by occurred_at, id`,
      )
    : [];
  return rows.map((row) => toPurchase({ row, returns: returns.filter((r) => r.purchase_id === row.id) }));
}

/**
 * Erasure: a line's free text (its name, which a shop may fill with anything, an engraving or a
 * dedication) is emptied; quantity, price, SKU, category and producer stay, so amounts, returns and
 * the rules' reports add up as before.
 */
export async function scrubMemberPurchaseLines(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update purchases p
           set items = (select coalesce(jsonb_agg(i.line || '{"name": null}'::jsonb order by i.n), '[]'::jsonb)
                          from jsonb_array_elements(p.items) with ordinality as i(line, n))
         where p.company_id = ${companyId} and p.member_id = ${memberId}
           and exists (select 1 from jsonb_array_elements(p.items) l where coalesce(l ->> 'name', '') <> '')
         returning p.id`,
  );
  return rows.length;
}
