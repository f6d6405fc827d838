import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/**
 * Erasure: the member's deliveries keep their type, times and outcome; the request body becomes
 * `{"type": …, "erased": true}`, the receivers' answers (which may echo the member) go, and those
 * still waiting end as dead ("member_erased"): the `member.erased` event, queued after this,
 * tells each endpoint to delete its copy. Returns how many deliveries were scrubbed.
 */
export async function scrubMemberWebhookDeliveries(tx: Queryable, companyId: string, memberId: string): Promise<number> {
  const rows = await tx.query(
    sql`update webhook_deliveries
           set request_body = jsonb_build_object('type', event_type, 'erased', true)::text, request_headers = '{}'::jsonb,
               attempt_log = coalesce((select jsonb_agg(a || '{"responseBody": "", "responseHeaders": {}}'::jsonb) from jsonb_array_elements(attempt_log) a), '[]'::jsonb),
               status = case when status in ('pending', 'retrying') then 'dead' else status end,
               last_error = case when status in ('pending', 'retrying') then 'member_erased' else last_error end,
               next_attempt_at = case when status in ('pending', 'retrying') then null else next_attempt_at end,
               lease_token = null
         where company_id = ${companyId} and member_id = ${memberId}
         returning id`,
  );
  return rows.length;
}

/** For the member's data export: what was sent about the member to the company's webhook endpoints. */
export async function memberWebhookDeliveriesForExport(db: Queryable, companyId: string, memberId: string) {
  return db.query<Record<string, unknown>>(
    sql`select id, endpoint_id as "endpointId", request_url as "url", event_id as "eventId", event_type as "eventType", status,
               request_body as "body", created_at as "createdAt", delivered_at as "deliveredAt"
          from webhook_deliveries
         where company_id = ${companyId} and member_id = ${memberId}
         order by id`,
  );
}
