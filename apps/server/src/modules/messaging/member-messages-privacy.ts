import type { Queryable } from "../../platform/db.js";
import { idsFrom } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";

/** A message sent (or meant) to the member, as the member's data export carries it. */
export interface ExportedDelivery {
  id: string;
  channel: string;
  kind: string;
  purpose: string | null;
  to: string | null;
  subject: string;
  text: string;
  html: string;
  status: string;
  skipReason: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** Every delivery of the member with its content as rendered for sending, oldest first. */
export async function memberDeliveriesForExport(db: Queryable, companyId: string, memberId: string): Promise<ExportedDelivery[]> {
  const rows = await db.query<{
    id: string;
    channel: string;
    kind: string;
    purpose: string | null;
    to_address: string | null;
    subject: string;
    text: string;
    html: string;
    status: string;
    skip_reason: string | null;
    created_at: Date;
    sent_at: Date | null;
  }>(
    sql`select id, channel, kind, purpose, to_address, subject, text, html, status, skip_reason, created_at, sent_at
          from message_deliveries where company_id = ${companyId} and member_id = ${memberId} order by id`,
  );
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    kind: r.kind,
    purpose: r.purpose,
    to: r.to_address,
    subject: r.subject,
    text: r.text,
    html: r.html,
    status: r.status,
    skipReason: r.skip_reason,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  }));
}

/**
 * Erasure: the member's deliveries keep what happened (channel, kind, status, times) but lose the
 * address and everything rendered for the person (subject, bodies, unsubscribe link, the
 * provider's answer, which may quote the address). A message still queued is skipped, never sent.
 */
export async function scrubMemberDeliveries(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update message_deliveries
           set to_address = null, subject = '', html = '', text = '', unsubscribe_url = null, last_error = null,
               provider_response = null,
               status = case when status in ('queued', 'sending') then 'skipped' else status end,
               skip_reason = case when status in ('queued', 'sending') then 'no_address' else skip_reason end,
               next_attempt_at = null, lease_until = null, updated_at = now()
         where company_id = ${companyId} and member_id = ${memberId}
         returning id`,
  );
  return rows.length;
}

/**
 * Retention: finished deliveries of the company created before `before`, at most `limit` per call;
 * the count deleted. A delivery's id is made when it is queued, so the ids up to a day past
 * `before` bound the read to the primary key's range.
 */
export async function purgeOldDeliveries(db: Queryable, companyId: string, before: Date, limit: number): Promise<number> {
  const idBound = idsFrom("msg", new Date(before.getTime() + 86_400_000));
  const rows = await db.query(
    sql`delete from message_deliveries where company_id = ${companyId}
           and id in (select id from message_deliveries where company_id = ${companyId} and id < ${idBound} and created_at < ${before}
                       and status not in ('queued', 'sending') limit ${limit})
        returning id`,
  );
  return rows.length;
}
