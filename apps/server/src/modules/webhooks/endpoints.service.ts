import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { detail, type ErrorDetail, invalidFields, notFound } from "../../platform/errors.js";
import { toPage } from "../../platform/http.js";
import { newId } from "../../platform/ids.js";
import { outboundHostRefusal, webhookUrlOk } from "../../platform/outbound-guard.js";
import { decryptSecret, encryptSecret } from "../../platform/secrets.js";
import { sql } from "../../platform/sql.js";
import { isPublishedType } from "./event-catalogue.js";
import { newWebhookSecret } from "./signing.js";
import type { EndpointInput, EndpointPatch, WebhookEndpoint } from "./webhooks.schemas.js";

/** How long the previous secret keeps signing after a rotation (receivers switch within it). */
export const PREVIOUS_SECRET_HOURS = 24;

export interface EndpointRow {
  company_id: string;
  id: string;
  url: string;
  description: string;
  event_types: string[];
  status: "enabled" | "disabled";
  disabled_reason: "manual" | "gone" | "failing" | null;
  disabled_at: Date | null;
  failing_since: Date | null;
  secret_enc: string;
  previous_secret_enc: string | null;
  previous_secret_expires_at: Date | null;
  last_delivery_at: Date | null;
  last_response_status: number | null;
  created_at: Date;
  updated_at: Date;
}

interface Counts {
  delivered24h: number;
  failed24h: number;
  pending: number;
}

async function countsOf(db: Queryable, companyId: string, endpointIds: string[], now: Date): Promise<Map<string, Counts>> {
  if (endpointIds.length === 0) return new Map();
  const rows = await db.query<{ endpoint_id: string; delivered: number; failed: number; pending: number }>(
    sql`select endpoint_id,
               count(*) filter (where status = 'delivered' and delivered_at > ${now}::timestamptz - interval '24 hours')::int as delivered,
               count(*) filter (where status in ('retrying', 'dead') and last_attempt_at > ${now}::timestamptz - interval '24 hours')::int as failed,
               count(*) filter (where status in ('pending', 'retrying'))::int as pending
          from webhook_deliveries
         where company_id = ${companyId} and endpoint_id = any(${endpointIds}::text[])
         group by endpoint_id`,
  );
  return new Map(rows.map((r) => [r.endpoint_id, { delivered24h: r.delivered, failed24h: r.failed, pending: r.pending }]));
}

function toEndpoint(r: EndpointRow, counts: Counts | undefined, now: Date): WebhookEndpoint {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types,
    status: r.status,
    disabledReason: r.disabled_reason,
    disabledAt: r.disabled_at,
    failingSince: r.failing_since,
    lastDeliveryAt: r.last_delivery_at,
    lastResponseStatus: r.last_response_status,
    counts: counts ?? { delivered24h: 0, failed24h: 0, pending: 0 },
    previousSecretExpiresAt: r.previous_secret_expires_at && r.previous_secret_expires_at > now ? r.previous_secret_expires_at : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function getEndpointRow(db: Queryable, companyId: string, id: string, lock = false): Promise<EndpointRow> {
  const [row] = await db.query<EndpointRow>(
    lock
      ? sql`select * from webhook_endpoints where company_id = ${companyId} and id = ${id} for update`
      : sql`select * from webhook_endpoints where company_id = ${companyId} and id = ${id}`,
  );
  if (!row) throw notFound("Webhook endpoint");
  return row;
}

/** The secrets that sign now: the current one, and the previous one until it expires. */
export function signingSecrets(config: Pick<Config, "secretKey">, row: EndpointRow, now: Date): string[] {
  const secrets = [decryptSecret(config.secretKey, row.secret_enc)];
  if (row.previous_secret_enc && row.previous_secret_expires_at && row.previous_secret_expires_at > now)
    secrets.push(decryptSecret(config.secretKey, row.previous_secret_enc));
  return secrets;
}

/** The address (https, or http where private hosts are allowed; not a refused address) and the event types. */
async function checkInput(config: Config, input: { url?: string; eventTypes?: string[] }): Promise<void> {
  const problems: ErrorDetail[] = [];
  if (input.url !== undefined) {
    if (!webhookUrlOk(input.url, config.outbound)) problems.push(detail("url", "webhook_url"));
    else {
      const refusal = await outboundHostRefusal(new URL(input.url).hostname, config.outbound);
      if (refusal) problems.push(detail("url", "host_not_allowed", { address: refusal.address }));
    }
  }
  for (const [i, t] of (input.eventTypes ?? []).entries())
    if (!isPublishedType(t)) problems.push(detail(`eventTypes.${i}`, "unknown_event_type"));
  if (problems.length > 0) throw invalidFields(problems);
}

export async function listEndpoints(opts: { db: Db; actor: Actor; limit: number; cursor?: string; now: Date }) {
  const { db, actor } = opts;
  const rows = await db.query<EndpointRow>(
    sql`select * from webhook_endpoints where company_id = ${actor.companyId}
           and (${opts.cursor ?? null}::text is null or id < ${opts.cursor ?? null})
         order by id desc limit ${opts.limit + 1}`,
  );
  const counts = await countsOf(
    db,
    actor.companyId,
    rows.map((r) => r.id),
    opts.now,
  );
  return toPage(
    rows.map((r) => toEndpoint(r, counts.get(r.id), opts.now)),
    opts.limit,
  );
}

export async function getEndpoint(db: Queryable, companyId: string, id: string, now: Date): Promise<WebhookEndpoint> {
  const row = await getEndpointRow(db, companyId, id);
  return toEndpoint(row, (await countsOf(db, companyId, [id], now)).get(id), now);
}

export async function createEndpoint(opts: { db: Db; config: Config; actor: Actor; input: EndpointInput; now: Date }) {
  const { db, config, actor, input, now } = opts;
  await checkInput(config, input);
  const id = newId("whe");
  const secret = newWebhookSecret();
  const disabled = input.status === "disabled";
  await db.transaction(async (tx) => {
    await tx.query(
      sql`insert into webhook_endpoints (company_id, id, url, description, event_types, status, disabled_reason, disabled_at, secret_enc, created_at, updated_at)
          values (${actor.companyId}, ${id}, ${input.url}, ${input.description}, ${input.eventTypes}::text[], ${input.status},
                  ${disabled ? "manual" : null}, ${disabled ? now : null}, ${encryptSecret(config.secretKey, secret)}, ${now}, ${now})`,
    );
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.created",
      entityType: "webhook_endpoint",
      entityId: id,
      changes: { url: input.url, description: input.description, eventTypes: input.eventTypes, status: input.status },
    });
  });
  return { endpoint: await getEndpoint(db, actor.companyId, id, now), secret };
}

export async function updateEndpoint(opts: { db: Db; config: Config; actor: Actor; endpointId: string; patch: EndpointPatch; now: Date }) {
  const { db, config, actor, patch, now } = opts;
  await checkInput(config, patch);
  await db.transaction(async (tx) => {
    const before = await getEndpointRow(tx, actor.companyId, opts.endpointId, true);
    const status = patch.status ?? before.status;
    const reenabled = before.status === "disabled" && status === "enabled";
    const disabled = before.status === "enabled" && status === "disabled";
    await tx.query(
      sql`update webhook_endpoints
             set url = ${patch.url ?? before.url}, description = ${patch.description ?? before.description},
                 event_types = ${patch.eventTypes ?? before.event_types}::text[], status = ${status},
                 disabled_reason = ${status === "enabled" ? null : disabled ? "manual" : before.disabled_reason},
                 disabled_at = ${status === "enabled" ? null : disabled ? now : before.disabled_at},
                 failing_since = ${reenabled ? null : before.failing_since}, updated_at = ${now}
           where company_id = ${actor.companyId} and id = ${before.id}`,
    );
    // Enabled again: what waited (retries, deliveries held while disabled) goes out on the next pass.
    if (reenabled)
      await tx.query(
        sql`update webhook_deliveries set next_attempt_at = ${now}, round_attempts = 0
             where company_id = ${actor.companyId} and endpoint_id = ${before.id} and status in ('pending', 'retrying')
               and lease_token is null`,
      );
    const changes = diff(
      { url: before.url, description: before.description, eventTypes: before.event_types, status: before.status },
      {
        url: patch.url ?? before.url,
        description: patch.description ?? before.description,
        eventTypes: patch.eventTypes ?? before.event_types,
        status,
      },
    );
    if (Object.keys(changes).length > 0)
      await recordAudit(tx, actor, { action: "webhook_endpoint.updated", entityType: "webhook_endpoint", entityId: before.id, changes });
  });
  return getEndpoint(db, actor.companyId, opts.endpointId, now);
}

/** The endpoint goes; its deliveries waiting end as dead (no more attempts) and the log stays until purged. */
export async function deleteEndpoint(opts: { db: Db; actor: Actor; endpointId: string; now: Date }): Promise<void> {
  const { db, actor, now } = opts;
  await db.transaction(async (tx) => {
    const row = await getEndpointRow(tx, actor.companyId, opts.endpointId, true);
    await tx.query(
      sql`update webhook_deliveries set status = 'dead', next_attempt_at = null, last_error = 'endpoint_deleted'
           where company_id = ${actor.companyId} and endpoint_id = ${row.id} and status in ('pending', 'retrying')`,
    );
    await tx.query(sql`delete from webhook_endpoints where company_id = ${actor.companyId} and id = ${row.id}`);
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.deleted",
      entityType: "webhook_endpoint",
      entityId: row.id,
      changes: { url: row.url, at: now.toISOString() },
    });
  });
}

export async function revealSecret(opts: { db: Db; config: Config; actor: Actor; endpointId: string; now: Date }) {
  const row = await getEndpointRow(opts.db, opts.actor.companyId, opts.endpointId);
  return {
    secret: decryptSecret(opts.config.secretKey, row.secret_enc),
    previousSecretExpiresAt:
      row.previous_secret_expires_at && row.previous_secret_expires_at > opts.now ? row.previous_secret_expires_at : null,
  };
}

/** A new secret; the one it replaces keeps signing (a second v1 signature) for PREVIOUS_SECRET_HOURS. */
export async function rotateSecret(opts: { db: Db; config: Config; actor: Actor; endpointId: string; now: Date }) {
  const { db, config, actor, now } = opts;
  const secret = newWebhookSecret();
  const expiresAt = new Date(now.getTime() + PREVIOUS_SECRET_HOURS * 3_600_000);
  await db.transaction(async (tx) => {
    const row = await getEndpointRow(tx, actor.companyId, opts.endpointId, true);
    await tx.query(
      sql`update webhook_endpoints
             set previous_secret_enc = ${row.secret_enc}, previous_secret_expires_at = ${expiresAt},
                 secret_enc = ${encryptSecret(config.secretKey, secret)}, updated_at = ${now}
           where company_id = ${actor.companyId} and id = ${row.id}`,
    );
    await recordAudit(tx, actor, {
      action: "webhook_endpoint.secret_rotated",
      entityType: "webhook_endpoint",
      entityId: row.id,
      changes: { previousSecretExpiresAt: expiresAt.toISOString() },
    });
  });
  return { secret, previousSecretExpiresAt: expiresAt };
}

/** rotate-secret-key: every endpoint secret re-encrypted under the new key (the caller's transaction). */
export async function reencryptWebhookSecrets(tx: Queryable, from: string, to: string): Promise<number> {
  const rows = await tx.query<{ company_id: string; id: string; secret_enc: string; previous_secret_enc: string | null }>(
    sql`select company_id, id, secret_enc, previous_secret_enc from webhook_endpoints for update`,
  );
  let count = 0;
  for (const r of rows) {
    const again = (stored: string) => encryptSecret(to, decryptSecret(from, stored));
    const previous = r.previous_secret_enc ? again(r.previous_secret_enc) : null;
    await tx.query(
      sql`update webhook_endpoints set secret_enc = ${again(r.secret_enc)}, previous_secret_enc = ${previous}
           where company_id = ${r.company_id} and id = ${r.id}`,
    );
    count += previous ? 2 : 1;
  }
  return count;
}
