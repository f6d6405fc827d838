import type { Db, Queryable } from "../../platform/db.js";
import { idsFrom } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { allCompanyIds } from "../companies/companies.service.js";

/** How long the delivery log keeps a delivery (its request body names a member's ids). */
export const DELIVERY_RETENTION_DAYS = 30;
const CHUNK = 500;

/**
 * Deliveries created more than 30 days ago go, whatever their status (a delivery still retrying
 * is dead long before: the schedule ends after ~28 h), company by company in short chunks over the
 * primary key (ids are time-sortable). Returns how many went.
 */
export async function purgeOldWebhookDeliveries(
  db: Db,
  now: Date,
  /** only these companies (tests sharing a database); all by default */
  companyIds?: string[],
): Promise<number> {
  const before = new Date(now.getTime() - DELIVERY_RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (const companyId of companyIds ?? (await allCompanyIds(db))) {
    for (;;) {
      const n = await purgeChunk(db, companyId, before);
      total += n;
      if (n < CHUNK) break;
    }
  }
  return total;
}

async function purgeChunk(db: Queryable, companyId: string, before: Date): Promise<number> {
  // ids are minted from the wall clock; a day's margin covers clocks that differ (tests, demos)
  const idBound = idsFrom("whd", new Date(before.getTime() + 86_400_000));
  const rows = await db.query(
    sql`delete from webhook_deliveries where company_id = ${companyId}
           and id in (select id from webhook_deliveries where company_id = ${companyId} and id < ${idBound} and created_at < ${before}
                       limit ${CHUNK})
        returning id`,
  );
  return rows.length;
}
