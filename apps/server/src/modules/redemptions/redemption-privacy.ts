import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";
import { listRedemptions } from "./redemptions.service.js";

/** Bound of a member's redemptions in one export (no member of a real shop comes near it). */
const EXPORT_LIMIT = 100_000;

/** Every redemption of the member with its codes, newest first (the member's data export; all locations). */
export async function memberRedemptionsForExport(db: Db, actor: Actor, memberId: string) {
  return (await listRedemptions({ db, actor: { ...actor, locationIds: null }, memberId, limit: EXPORT_LIMIT })).slice(0, EXPORT_LIMIT);
}

/** Erasure: the staff's free-text note on a redemption (often a shipping address) is emptied. */
export async function scrubMemberRedemptionNotes(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update redemptions set note = '', cancel_reason = case when cancel_reason is null then null else '' end
         where company_id = ${companyId} and member_id = ${memberId} and (note <> '' or coalesce(cancel_reason, '') <> '')
         returning id`,
  );
  return rows.length;
}
