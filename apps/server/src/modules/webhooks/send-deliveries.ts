import type { Config } from "../../config.js";
import type { Db, Queryable } from "../../platform/db.js";
import { randomToken } from "../../platform/ids.js";
import { outboundRequest } from "../../platform/outbound-http.js";
import { sql } from "../../platform/sql.js";
import type { WorkerTask } from "../../platform/worker.js";
import type { DeliveryRow } from "./deliveries.service.js";
import { type DisabledEndpoint, disableEndpointIn, tellCompanyEndpointDisabled } from "./endpoint-disabling.js";
import { type EndpointRow, signingSecrets } from "./endpoints.service.js";
import { signedHeaders } from "./signing.js";

/**
 * Seconds before the next attempt after the 1st, 2nd… failed attempt of a round: 8 attempts over
 * about 27 h 40 min (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), then the delivery is dead.
 */
export const RETRY_DELAYS_S = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];
/** Every attempt failed for this long and none delivered since: the endpoint is disabled ("failing"). */
export const FAILING_DISABLE_MS = 5 * 86_400_000;
/** A claim held this long without a result comes back (the worker crashed mid-send). */
const LEASE_MS = 60_000;
const TIMEOUT_MS = 10_000;
const ATTEMPT_LOG_MAX = 10;
const RESPONSE_BODY_BYTES = 4096;
/** Deliveries claimed by one short transaction, then sent a few at once. */
const CLAIM_BATCH = 20;
const CONCURRENCY = 4;

interface Claimed extends DeliveryRow {
  lease_token: string;
}

/**
 * Due deliveries, in a short transaction: `for update skip locked` keeps two workers apart, and
 * the lease (next_attempt_at moved ahead, a token) makes the claim outlive the transaction; a
 * crashed worker's claim comes back when it expires. A delivery waits while an earlier delivery
 * (by outbox order) of the same endpoint and member is pending or retrying: order per member. A
 * disabled endpoint's deliveries wait, except its test events.
 */
async function claimDue(db: Db, now: Date, limit: number, companyIds: string[] | null): Promise<Claimed[]> {
  return db.transaction(async (tx) => {
    const due = await tx.query<{ company_id: string; id: string }>(
      sql`select d.company_id, d.id
            from webhook_deliveries d
            join webhook_endpoints e on e.company_id = d.company_id and e.id = d.endpoint_id
           where d.status in ('pending', 'retrying') and d.next_attempt_at <= ${now}
             and (${companyIds}::text[] is null or d.company_id = any(${companyIds}::text[]))
             and (e.status = 'enabled' or d.event_type = 'webhook.test')
             and (d.member_id is null or d.event_seq is null or not exists (
                   select 1 from webhook_deliveries p
                    where p.company_id = d.company_id and p.endpoint_id = d.endpoint_id and p.member_id = d.member_id
                      and p.status in ('pending', 'retrying') and p.event_seq < d.event_seq))
           order by d.next_attempt_at
           limit ${limit}
           for update of d skip locked`,
    );
    if (due.length === 0) return [];
    const token = randomToken(12);
    return tx.query<Claimed>(
      sql`update webhook_deliveries d
             set next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}, lease_token = ${token}
            from unnest(${due.map((r) => r.company_id)}::text[], ${due.map((r) => r.id)}::text[]) as c(company_id, id)
           where d.company_id = c.company_id and d.id = c.id
           returning d.*`,
    );
  });
}

interface Outcome {
  at: Date;
  url: string;
  headers: Record<string, string>;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  responseHeaders: Record<string, string>;
  responseBody: string;
}

/** One attempt, outside any transaction, through the outbound guard. */
async function attempt(config: Config, d: Claimed, endpoint: EndpointRow, now: Date): Promise<Outcome> {
  // The wall clock at signing, not the pass's `now`: receivers check it against theirs (replay window).
  const timestampSeconds = Math.floor(Date.now() / 1000);
  const headers = signedHeaders({ id: d.event_id, timestampSeconds, body: d.request_body, secrets: signingSecrets(config, endpoint, now) });
  const started = performance.now();
  const base = { at: now, url: endpoint.url, headers };
  try {
    const answer = await outboundRequest({
      url: endpoint.url,
      method: "POST",
      headers,
      body: d.request_body,
      policy: config.outbound,
      timeoutMs: TIMEOUT_MS,
      maxBodyBytes: RESPONSE_BODY_BYTES,
    });
    return {
      ...base,
      responseStatus: answer.status,
      error: answer.status >= 200 && answer.status < 300 ? null : `HTTP ${answer.status}`,
      durationMs: Math.round(performance.now() - started),
      responseHeaders: answer.headers,
      responseBody: answer.body,
    };
  } catch (err) {
    return {
      ...base,
      responseStatus: null,
      error: (err instanceof Error ? err.message : String(err)).slice(0, 500),
      durationMs: Math.round(performance.now() - started),
      responseHeaders: {},
      responseBody: "",
    };
  }
}

/**
 * The attempt's result, in a second transaction, only if the claim is still ours (a replay in
 * between takes it back). Delivered; or retrying after the backoff; or dead after the last step (a
 * test event: after its one attempt). A 410 disables the endpoint at once; every attempt failing
 * for FAILING_DISABLE_MS disables it too. Returns the endpoint disabled, if any.
 */
async function recordOutcome(tx: Queryable, d: Claimed, endpoint: EndpointRow, o: Outcome): Promise<DisabledEndpoint | null> {
  const ok = o.error === null;
  const isTest = d.event_type === "webhook.test";
  const round = d.round_attempts + 1;
  const delay = isTest ? undefined : RETRY_DELAYS_S[round - 1];
  const status = ok ? "delivered" : delay === undefined ? "dead" : "retrying";
  const next = status === "retrying" ? new Date(o.at.getTime() + (delay as number) * 1000) : null;
  const entry = {
    at: o.at.toISOString(),
    responseStatus: o.responseStatus,
    error: o.error,
    durationMs: o.durationMs,
    responseHeaders: o.responseHeaders,
    responseBody: o.responseBody,
  };
  const log = [...d.attempt_log, entry].slice(-ATTEMPT_LOG_MAX);
  const updated = await tx.query(
    sql`update webhook_deliveries
           set status = ${status}, attempts = attempts + 1, round_attempts = ${round}, next_attempt_at = ${next}, lease_token = null,
               request_url = ${o.url}, request_headers = ${JSON.stringify(o.headers)}::jsonb, attempt_log = ${JSON.stringify(log)}::jsonb,
               last_attempt_at = ${o.at}, last_response_status = ${o.responseStatus}, last_error = ${o.error},
               delivered_at = case when ${ok} then ${o.at}::timestamptz else delivered_at end
         where company_id = ${d.company_id} and id = ${d.id} and lease_token = ${d.lease_token}
         returning id`,
  );
  if (updated.length === 0) return null;
  // A test event says nothing about the endpoint's health: only its last answer is noted.
  const [e] = await tx.query<{ status: string; failing_since: Date | null }>(
    isTest
      ? sql`update webhook_endpoints set last_delivery_at = ${o.at}, last_response_status = ${o.responseStatus}
             where company_id = ${d.company_id} and id = ${endpoint.id} returning status, failing_since`
      : sql`update webhook_endpoints
               set last_delivery_at = ${o.at}, last_response_status = ${o.responseStatus},
                   failing_since = case when ${ok} then null else coalesce(failing_since, ${o.at}::timestamptz) end
             where company_id = ${d.company_id} and id = ${endpoint.id} returning status, failing_since`,
  );
  if (!e || isTest || ok || e.status !== "enabled") return null;
  if (o.responseStatus === 410) return disableEndpointIn(tx, { companyId: d.company_id, endpoint, reason: "gone", at: o.at });
  if (e.failing_since && o.at.getTime() - new Date(e.failing_since).getTime() >= FAILING_DISABLE_MS)
    return disableEndpointIn(tx, {
      companyId: d.company_id,
      endpoint,
      reason: "failing",
      at: o.at,
      failingSince: new Date(e.failing_since),
    });
  return null;
}

/** One claimed delivery: its endpoint (deleted meanwhile: dead), the attempt, the result, the company told of a disabling. */
async function deliverOne(db: Db, config: Config, d: Claimed, now: Date): Promise<void> {
  const [endpoint] = await db.query<EndpointRow>(
    sql`select * from webhook_endpoints where company_id = ${d.company_id} and id = ${d.endpoint_id}`,
  );
  if (!endpoint) {
    await db.query(
      sql`update webhook_deliveries set status = 'dead', next_attempt_at = null, lease_token = null, last_error = 'endpoint_deleted'
           where company_id = ${d.company_id} and id = ${d.id} and lease_token = ${d.lease_token}`,
    );
    return;
  }
  const outcome = await attempt(config, d, endpoint, now);
  const disabled = await db.transaction((tx) => recordOutcome(tx, d, endpoint, outcome));
  if (disabled) await tellCompanyEndpointDisabled(db, config, disabled);
}

/** Due deliveries, up to `limit`, claimed in batches and sent a few at once. Returns how many were attempted. */
export async function sendDueDeliveries(opts: {
  db: Db;
  config: Config;
  now: Date;
  limit: number;
  /** only these companies' deliveries (tests sharing one database, each with its own clock) */
  companyIds?: string[];
}): Promise<number> {
  let done = 0;
  while (done < opts.limit) {
    const claimed = await claimDue(opts.db, opts.now, Math.min(CLAIM_BATCH, opts.limit - done), opts.companyIds ?? null);
    if (claimed.length === 0) break;
    let next = 0;
    const lane = async () => {
      for (let d = claimed[next++]; d; d = claimed[next++]) await deliverOne(opts.db, opts.config, d, opts.now);
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    done += claimed.length;
  }
  return done;
}

/** The worker's task: due deliveries, a bounded number per pass (the rest wait for the next pass). */
export function webhookDeliveriesTask(config: Config, opts: { perPass?: number } = {}): WorkerTask {
  return {
    name: "webhook-deliveries",
    run: (now, { db }) => sendDueDeliveries({ db, config, now, limit: opts.perPass ?? 500 }),
  };
}
