import { isIP } from "node:net";
import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { outboundHostRefusal, specialAddressKind } from "../../platform/outbound-guard.js";
import { raw, type Sql, sql } from "../../platform/sql.js";
import { hasConsent } from "../consents/consents.service.js";
import type { PushDevice, PushSubscriptionInput } from "./push.schemas.js";

/** A member keeps this many devices; subscribing another drops the one used least recently. */
export const MAX_DEVICES_PER_MEMBER = 20;

export interface SubscriptionRow {
  company_id: string;
  id: string;
  member_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: Date;
  last_success_at: Date | null;
  failures: number;
}

/** What push needs from the member: the consent with purpose push_notifications on channel push. */
export function hasPushConsent(db: Queryable, companyId: string, memberId: string): Promise<boolean> {
  return hasConsent(db, companyId, memberId, { purpose: "push_notifications", channel: "push" });
}

/**
 * The endpoint is a URL the server will POST to, typed in by whoever holds a member session: https
 * only, and never an address on the server's own network (SSRF). Plain http is accepted only for a
 * loopback host the outbound policy allows (the tests' push service). Sending checks again.
 */
export async function assertPushEndpoint(endpoint: string, config: Config): Promise<URL> {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw invalidField("endpoint", "url");
  }
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (url.username || url.password) throw invalidField("endpoint", "push_endpoint_https");
  const loopbackHttp = url.protocol === "http:" && (host === "localhost" || (isIP(host) !== 0 && specialAddressKind(host) === "loopback"));
  if (url.protocol !== "https:" && !loopbackHttp) throw invalidField("endpoint", "push_endpoint_https");
  // A loopback host passes only where the operator's policy allows it (the tests), so plain http
  // never reaches a real network.
  if (await outboundHostRefusal(host, config.outbound)) throw invalidField("endpoint", "push_endpoint_private");
  return url;
}

/**
 * Registers the device for the member (or moves it to them: one browser profile signed in as
 * another member). Needs the push consent: 409 push_consent_required otherwise.
 */
export async function subscribeToPush(opts: {
  db: Queryable;
  config: Config;
  companyId: string;
  memberId: string;
  subscription: PushSubscriptionInput;
  userAgent: string | null;
  now: Date;
}): Promise<PushDevice> {
  const { db, companyId, memberId, subscription: s } = opts;
  await assertPushEndpoint(s.endpoint, opts.config);
  if (!(await hasPushConsent(db, companyId, memberId)))
    throw new AppError("push_consent_required", "Grant the push notifications consent first", [detail("consent", "push_consent_required")]);
  const userAgent = opts.userAgent ? opts.userAgent.slice(0, 500) : null;
  const [row] = await db.query<SubscriptionRow>(
    sql`insert into push_subscriptions (company_id, id, member_id, endpoint, p256dh, auth, user_agent, created_at)
        values (${companyId}, ${newId("psb")}, ${memberId}, ${s.endpoint}, ${s.keys.p256dh}, ${s.keys.auth}, ${userAgent}, ${opts.now})
        on conflict (company_id, endpoint) do update
          set member_id = excluded.member_id, p256dh = excluded.p256dh, auth = excluded.auth, user_agent = excluded.user_agent,
              failures = 0
        returning *`,
  );
  if (!row) throw new Error("push subscription upsert returned no row");
  await db.query(
    sql`delete from push_subscriptions
         where company_id = ${companyId} and member_id = ${memberId}
           and id not in (select id from push_subscriptions where company_id = ${companyId} and member_id = ${memberId}
                           order by coalesce(last_success_at, created_at) desc, id desc limit ${MAX_DEVICES_PER_MEMBER})`,
  );
  return toDevice(row);
}

/** Forgets the member's device by its endpoint; 404 when the member has no such device. */
export async function unsubscribeFromPush(db: Queryable, companyId: string, memberId: string, endpoint: string): Promise<void> {
  const rows = await db.query(
    sql`delete from push_subscriptions where company_id = ${companyId} and member_id = ${memberId} and endpoint = ${endpoint} returning id`,
  );
  if (rows.length === 0) throw notFound("Push subscription");
}

export async function listPushDevices(db: Queryable, companyId: string, memberId: string): Promise<PushDevice[]> {
  return (await subscriptionsOf(db, companyId, memberId)).map(toDevice);
}

export function subscriptionsOf(db: Queryable, companyId: string, memberId: string): Promise<SubscriptionRow[]> {
  return db.query<SubscriptionRow>(
    sql`select * from push_subscriptions where company_id = ${companyId} and member_id = ${memberId} order by created_at desc, id desc`,
  );
}

/** How many devices the member can be reached on (messaging's "address" for push). */
export async function pushDeviceCount(db: Queryable, companyId: string, memberId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from push_subscriptions where company_id = ${companyId} and member_id = ${memberId}`,
  );
  return row?.n ?? 0;
}

/** After a send: success resets the failure count; "gone" (404/410) removes the device; else one more failure. */
export async function recordPushOutcome(
  db: Queryable,
  row: SubscriptionRow,
  outcome: "sent" | "gone" | "failed",
  now: Date,
): Promise<void> {
  if (outcome === "gone") await db.query(sql`delete from push_subscriptions where company_id = ${row.company_id} and id = ${row.id}`);
  else if (outcome === "sent")
    await db.query(
      sql`update push_subscriptions set last_success_at = ${now}, failures = 0 where company_id = ${row.company_id} and id = ${row.id}`,
    );
  else await db.query(sql`update push_subscriptions set failures = failures + 1 where company_id = ${row.company_id} and id = ${row.id}`);
}

function toDevice(r: SubscriptionRow): PushDevice {
  let service = "";
  try {
    service = new URL(r.endpoint).host;
  } catch {
    service = "";
  }
  return { id: r.id, service, userAgent: r.user_agent, createdAt: r.created_at, lastSuccessAt: r.last_success_at };
}

/**
 * For the campaign audience (one SQL query over members): whether the member row under `alias` has
 * a subscribed device, push's "has an address".
 */
export function hasPushDeviceSql(alias: string): Sql {
  const m = raw(alias);
  return sql`exists (select 1 from push_subscriptions ps where ps.company_id = ${m}.company_id and ps.member_id = ${m}.id)`;
}
