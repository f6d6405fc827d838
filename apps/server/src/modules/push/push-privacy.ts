import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/** The member's subscribed devices for the data export (the endpoint is the device's address at its push service). */
export async function memberPushDevicesForExport(db: Queryable, companyId: string, memberId: string) {
  const rows = await db.query<{ id: string; endpoint: string; user_agent: string | null; created_at: Date; last_success_at: Date | null }>(
    sql`select id, endpoint, user_agent, created_at, last_success_at from push_subscriptions
         where company_id = ${companyId} and member_id = ${memberId} order by id`,
  );
  return rows.map((r) => ({
    id: r.id,
    endpoint: r.endpoint,
    userAgent: r.user_agent,
    createdAt: r.created_at,
    lastSuccessAt: r.last_success_at,
  }));
}

/** Erasure: an erased member is told nothing more, so their devices are forgotten. Returns how many. */
export async function deleteMemberPushSubscriptions(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(sql`delete from push_subscriptions where company_id = ${companyId} and member_id = ${memberId} returning id`);
  return rows.length;
}
