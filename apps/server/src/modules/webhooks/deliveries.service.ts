import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, notFound } from "../../platform/errors.js";
import { toPage } from "../../platform/http.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { getEndpointRow } from "./endpoints.service.js";
import { webhookBody } from "./event-catalogue.js";
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryDetail } from "./webhooks.schemas.js";

export interface DeliveryRow {
  company_id: string;
  id: string;
  endpoint_id: string;
  event_id: string;
  event_seq: string | number | null;
  event_type: string;
  member_id: string | null;
  status: WebhookDelivery["status"];
  attempts: number;
  round_attempts: number;
  next_attempt_at: Date | null;
  lease_token: string | null;
  request_url: string;
  request_body: string;
  request_headers: Record<string, string>;
  attempt_log: (Omit<WebhookAttempt, "at"> & { at: string })[];
  last_attempt_at: Date | null;
  last_response_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

/** A delivery to queue: one endpoint, one event. */
export interface NewDelivery {
  endpointId: string;
  url: string;
  eventId: string;
  eventSeq: number | null;
  eventType: string;
  memberId: string | null;
  body: string;
  /** due from: the event's time (not the consumer's clock, which may differ between workers) */
  dueAt: Date;
}

/**
 * Inserts deliveries due from their `dueAt`; the unique (endpoint, event) key makes a second insert of the same
 * event (a replayed outbox, a second worker) a no-op.
 */
export async function queueDeliveries(tx: Queryable, companyId: string, items: NewDelivery[], now: Date): Promise<number> {
  if (items.length === 0) return 0;
  const rows = await tx.query(
    sql`insert into webhook_deliveries (company_id, id, endpoint_id, event_id, event_seq, event_type, member_id, request_url, request_body, next_attempt_at, created_at)
        select ${companyId}, *, ${now}::timestamptz
          from unnest(${items.map(() => newId("whd"))}::text[], ${items.map((i) => i.endpointId)}::text[], ${items.map((i) => i.eventId)}::text[],
                      ${items.map((i) => i.eventSeq)}::bigint[], ${items.map((i) => i.eventType)}::text[], ${items.map((i) => i.memberId)}::text[],
                      ${items.map((i) => i.url)}::text[], ${items.map((i) => i.body)}::text[], ${items.map((i) => i.dueAt)}::timestamptz[])
        on conflict (company_id, endpoint_id, event_id) do nothing
        returning id`,
  );
  return rows.length;
}

function toDelivery(r: DeliveryRow): WebhookDelivery {
  return {
    id: r.id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type,
    memberId: r.member_id,
    status: r.status,
    attempts: r.attempts,
    // while a worker holds it, next_attempt_at is its lease: shown as "now"
    nextAttemptAt: r.status === "pending" || r.status === "retrying" ? r.next_attempt_at : null,
    lastAttemptAt: r.last_attempt_at,
    lastResponseStatus: r.last_response_status,
    lastError: r.last_error,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
  };
}

function toDetail(r: DeliveryRow): WebhookDeliveryDetail {
  const { attempts, ...rest } = toDelivery(r);
  return {
    ...rest,
    attemptCount: attempts,
    request: { url: r.request_url, headers: r.request_headers, body: r.request_body },
    attempts: r.attempt_log.map((a) => ({ ...a, at: new Date(a.at) })),
  };
}

async function getDeliveryRow(db: Queryable, companyId: string, id: string, lock = false): Promise<DeliveryRow> {
  const [row] = await db.query<DeliveryRow>(
    lock
      ? sql`select * from webhook_deliveries where company_id = ${companyId} and id = ${id} for update`
      : sql`select * from webhook_deliveries where company_id = ${companyId} and id = ${id}`,
  );
  if (!row) throw notFound("Webhook delivery");
  return row;
}

export async function listDeliveries(opts: {
  db: Db;
  actor: Actor;
  endpointId?: string;
  status?: WebhookDelivery["status"];
  eventType?: string;
  memberId?: string;
  limit: number;
  cursor?: string;
}): Promise<{ data: WebhookDelivery[]; nextCursor: string | null }> {
  const rows = await opts.db.query<DeliveryRow>(
    sql`select * from webhook_deliveries
         where company_id = ${opts.actor.companyId}
           and (${opts.endpointId ?? null}::text is null or endpoint_id = ${opts.endpointId ?? null})
           and (${opts.status ?? null}::text is null or status = ${opts.status ?? null})
           and (${opts.eventType ?? null}::text is null or event_type = ${opts.eventType ?? null})
           and (${opts.memberId ?? null}::text is null or member_id = ${opts.memberId ?? null})
           and (${opts.cursor ?? null}::text is null or id < ${opts.cursor ?? null})
         order by id desc limit ${opts.limit + 1}`,
  );
  return toPage(rows.map(toDelivery), opts.limit);
}

export async function getDelivery(db: Queryable, companyId: string, id: string): Promise<WebhookDeliveryDetail> {
  return toDetail(await getDeliveryRow(db, companyId, id));
}

/**
 * Sent again now with the same webhook-id (a dead one comes back, a delivered one is sent once
 * more); the backoff starts over. A delivery whose endpoint was deleted cannot be replayed.
 */
export async function replayDelivery(opts: { db: Db; actor: Actor; deliveryId: string; now: Date }): Promise<WebhookDelivery> {
  const { db, actor, now } = opts;
  return db.transaction(async (tx) => {
    const row = await getDeliveryRow(tx, actor.companyId, opts.deliveryId, true);
    const [endpoint] = await tx.query(
      sql`select id from webhook_endpoints where company_id = ${actor.companyId} and id = ${row.endpoint_id}`,
    );
    if (!endpoint)
      throw new AppError("conflict", "The delivery's endpoint was deleted: it cannot be sent again", [
        detail("id", "webhook_endpoint_deleted"),
      ]);
    const [updated] = await tx.query<DeliveryRow>(
      sql`update webhook_deliveries set status = 'pending', next_attempt_at = ${now}, round_attempts = 0, lease_token = null
           where company_id = ${actor.companyId} and id = ${row.id} returning *`,
    );
    await recordAudit(tx, actor, {
      action: "webhook_delivery.replayed",
      entityType: "webhook_delivery",
      entityId: row.id,
      changes: {
        endpointId: row.endpoint_id,
        eventId: row.event_id,
        eventType: row.event_type,
        status: { from: row.status, to: "pending" },
      },
    });
    return toDelivery(updated as DeliveryRow);
  });
}

/** A "webhook.test" delivery to the endpoint, sent by the worker's next pass (even while the endpoint is disabled). */
export async function sendTestEvent(opts: { db: Db; actor: Actor; endpointId: string; now: Date }): Promise<WebhookDelivery> {
  const { db, actor, now } = opts;
  return db.transaction(async (tx) => {
    const endpoint = await getEndpointRow(tx, actor.companyId, opts.endpointId);
    const eventId = newId("evt");
    await queueDeliveries(
      tx,
      actor.companyId,
      [
        {
          endpointId: endpoint.id,
          url: endpoint.url,
          eventId,
          eventSeq: null,
          eventType: "webhook.test",
          memberId: null,
          body: webhookBody("webhook.test", now, {}),
          dueAt: now,
        },
      ],
      now,
    );
    const [row] = await tx.query<DeliveryRow>(
      sql`select * from webhook_deliveries where company_id = ${actor.companyId} and endpoint_id = ${endpoint.id} and event_id = ${eventId}`,
    );
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.tested",
      entityType: "webhook_endpoint",
      entityId: endpoint.id,
      changes: { eventId },
    });
    return toDelivery(row as DeliveryRow);
  });
}
