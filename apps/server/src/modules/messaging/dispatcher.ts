import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { eventInsertSelect } from "../../platform/events.js";
import { type Sql, sql } from "../../platform/sql.js";
import type { WorkerTask } from "../../platform/worker.js";
import { getCompany } from "../companies/companies.service.js";
import { hasConsent } from "../consents/consents.service.js";
import { type DeliveryRow, LEASE_MS, quietWindow, REDACTED } from "./outbox.service.js";
import { sendPushDelivery } from "./push-channel.js";
import { afterQuietHours } from "./quiet-hours.js";
import { channelConfigured, decryptSettings, getSettingsRow, type SendingSettings } from "./settings.service.js";
import { describeError, type EmailTransport, emailTransport, sendSms, type TransportResult } from "./transports.js";

/** Waits after the 1st, 2nd, 3rd and 4th failed attempt; the 5th failure is final. */
export const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000] as const;
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * One pass of the sender: claims due messages (`for update skip locked`, so workers share the
 * queue), marks them `sending` under a lease, and sends each outside any transaction. A message
 * whose consent was withdrawn since it was queued is skipped; SMS and push inside quiet hours wait.
 * Returns how many messages it handled. `now` is the clock (tests move it instead of sleeping).
 */
export async function dispatchDueMessages(opts: {
  db: Db;
  config: Config;
  now: Date;
  batchSize?: number;
  /** Only this company's messages (tests on a shared database; a per-tenant worker). */
  companyId?: string;
}): Promise<number> {
  const { db, config, now } = opts;
  const companyId = opts.companyId ?? null;
  const claimed = await db.transaction((tx) =>
    tx.query<DeliveryRow>(
      sql`with due as (
            select company_id, id from message_deliveries
             where ((status = 'queued' and next_attempt_at <= ${now}) or (status = 'sending' and lease_until <= ${now}))
               and (${companyId}::text is null or company_id = ${companyId})
             order by next_attempt_at
             limit ${opts.batchSize ?? 25}
             for update skip locked)
          update message_deliveries d
             set status = 'sending', lease_until = ${new Date(now.getTime() + LEASE_MS)}, attempts = d.attempts + 1, updated_at = now()
            from due
           where d.company_id = due.company_id and d.id = due.id
          returning d.*`,
    ),
  );
  if (claimed.length === 0) return 0;

  const settings = new Map<string, SendingSettings | Error>();
  const transports = new Map<string, EmailTransport>();
  try {
    for (const row of claimed) {
      if (!settings.has(row.company_id)) {
        const r = await getSettingsRow(db, row.company_id);
        try {
          settings.set(row.company_id, decryptSettings(config, r));
        } catch (err) {
          settings.set(row.company_id, err as Error);
        }
      }
      await handle(db, config, row, now, settings.get(row.company_id) as SendingSettings | Error, transports);
    }
  } finally {
    for (const t of transports.values()) t.close();
  }
  return claimed.length;
}

async function handle(
  db: Db,
  config: Config,
  row: DeliveryRow,
  now: Date,
  s: SendingSettings | Error,
  transports: Map<string, EmailTransport>,
): Promise<void> {
  if (
    row.member_id &&
    row.purpose &&
    !(await hasConsent(db, row.company_id, row.member_id, { purpose: row.purpose, channel: row.channel }))
  ) {
    return skip(db, row, "no_consent");
  }
  if (s instanceof Error) return recordResult(db, row, now, { ok: false, providerMessageId: null, response: s.message });
  if (!channelConfigured(s.row, row.channel)) return skip(db, row, "channel_not_configured");
  if (row.channel === "sms" || row.channel === "push") {
    const until = afterQuietHours(now, quietWindow(s.row), (await getCompany(db, row.company_id)).timeZone);
    if (until > now) {
      // Not an attempt: it waits for the end of the quiet hours.
      await db.query(
        sql`update message_deliveries set status = 'queued', next_attempt_at = ${until}, attempts = attempts - 1, lease_until = null,
                   updated_at = now()
             ${stillClaimed(row)}`,
      );
      return;
    }
  }
  let result: TransportResult & { final?: boolean };
  try {
    if (row.channel === "email") {
      let transport = transports.get(row.company_id);
      if (!transport) {
        transport = emailTransport(s, config.outbound);
        transports.set(row.company_id, transport);
      }
      result = await transport.send({
        to: row.to_address ?? "",
        subject: row.subject,
        html: row.html,
        text: row.text,
        unsubscribeUrl: row.unsubscribe_url,
        deliveryId: row.id,
      });
    } else if (row.channel === "push") {
      const pushed = await sendPushDelivery(db, config, {
        companyId: row.company_id,
        memberId: row.member_id,
        title: row.subject,
        body: row.text,
        url: row.link_url,
        now,
      });
      // Every device unsubscribed since the message was queued: nothing to send to, as at queueing.
      if (pushed.noDevices) return skip(db, row, "no_address");
      result = { ...pushed, final: pushed.allGone };
    } else {
      result = await sendSms(s, { to: row.to_address ?? "", text: row.text, deliveryId: row.id });
    }
  } catch (err) {
    result = { ok: false, providerMessageId: null, response: describeError(err) };
  }
  await recordResult(db, row, now, result);
}

async function skip(db: Db, row: DeliveryRow, reason: "no_consent" | "no_address" | "channel_not_configured"): Promise<void> {
  await db.query(
    sql`update message_deliveries set status = 'skipped', skip_reason = ${reason}, attempts = attempts - 1, lease_until = null,
               next_attempt_at = null, updated_at = now(), ${redactedBody}
         ${stillClaimed(row)}`,
  );
}

/** A message with a one-time secret keeps no usable code in its record once it was sent or failed for good. */
const redactedBody = sql`html = case when redact_after_send then ${REDACTED} else html end,
                         text = case when redact_after_send then ${REDACTED} else text end`;

/** The row as this pass claimed it: a message another worker took over after the lease is left alone. */
function stillClaimed(row: DeliveryRow): Sql {
  return sql`where company_id = ${row.company_id} and id = ${row.id} and status = 'sending' and attempts = ${row.attempts}`;
}

/**
 * A member's message sent or failed for good is a domain event (`message.sent`, `message.failed`:
 * automation reacts to them), written by the same statement as the status, only when the update
 * took the row.
 */
function withOutcomeEvent(update: Sql, row: DeliveryRow, type: "message.sent" | "message.failed"): Sql {
  if (!row.member_id || !/^(notification\.|campaign|automation)/.test(row.kind)) return update;
  const event = {
    companyId: row.company_id,
    type,
    entityType: "member",
    entityId: row.member_id,
    payload: { deliveryId: row.id, channel: row.channel, kind: row.kind },
  };
  return sql`with updated as (${update} returning id) ${eventInsertSelect(event, sql`'{}'::jsonb`, sql`updated`)}`;
}

/** Sent; or failed for now (retried after the backoff); or failed for good after MAX_ATTEMPTS. */
async function recordResult(db: Db, row: DeliveryRow, now: Date, result: TransportResult & { final?: boolean }): Promise<void> {
  if (result.ok) {
    await db.query(
      withOutcomeEvent(
        sql`update message_deliveries set status = 'sent', sent_at = ${now}, provider_message_id = ${result.providerMessageId},
                 provider_response = ${result.response}, last_error = null, lease_until = null, next_attempt_at = null, updated_at = now(),
                 ${redactedBody}
           ${stillClaimed(row)}`,
        row,
        "message.sent",
      ),
    );
    return;
  }
  const final = result.final === true || row.attempts >= MAX_ATTEMPTS;
  const delay = RETRY_DELAYS_MS[Math.min(Math.max(row.attempts, 1), RETRY_DELAYS_MS.length) - 1] as number;
  const retryAt = final ? null : new Date(now.getTime() + delay);
  const update = sql`update message_deliveries set status = ${final ? "failed" : "queued"}, last_error = ${result.response},
               provider_response = ${result.response}, next_attempt_at = ${retryAt}, lease_until = null, updated_at = now()
               ${final ? sql`, ${redactedBody}` : sql``}
         ${stillClaimed(row)}`;
  await db.query(final ? withOutcomeEvent(update, row, "message.failed") : update);
}

/** The worker's polling task: drains due messages in batches, a bounded number per pass. */
export function messageDispatcherTask(config: Config): WorkerTask {
  return {
    name: "messages-dispatch",
    async run(now, { db }) {
      let total = 0;
      for (let i = 0; i < 20; i++) {
        const n = await dispatchDueMessages({ db, config, now });
        total += n;
        if (n === 0) break;
      }
      return total;
    },
  };
}
