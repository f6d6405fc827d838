import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, notFound } from "../../platform/errors.js";
import { idsFrom, newId, recentIdsFloor } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import type { ConsentPurpose } from "../consents/consents.schemas.js";
import { hasConsent } from "../consents/consents.service.js";
import { findMember } from "../members/members.service.js";
import { normalizePhone } from "../members/phone.js";
import { pushDeviceCount } from "../push/subscriptions.service.js";
import { brandedEmail } from "./email-layout.js";
import type { Channel, DeliveryStatus, MessageDelivery, MessageDeliveryDetail, SendReport, SkipReason } from "./messaging.schemas.js";
import { sendPushDelivery } from "./push-channel.js";
import { afterQuietHours } from "./quiet-hours.js";
import { channelConfigured, decryptSettings, getSettingsRow, type SendingSettings, type SettingsRow } from "./settings.service.js";
import { type EmailToSend, emailTransport, sendSms, type TransportResult } from "./transports.js";

export type { SendReport } from "./messaging.schemas.js";

export interface OutgoingMessage {
  companyId: string;
  /** null only for tests to staff / explicit addresses */
  memberId: string | null;
  channel: Channel;
  /** "notification.welcome", "notification.points_earned", "campaign", "test"… */
  kind: string;
  /** null = no consent needed (only for kind "test") */
  purpose: ConsentPurpose | null;
  /** default: the member's e-mail / phone */
  to?: string;
  /** e-mail: the subject; push: the title (already rendered) */
  subject?: string;
  /** push only: the absolute address the notification opens */
  url?: string;
  /** e-mail only, the rendered BODY: it is wrapped here in the branded layout + unsubscribe footer */
  html?: string;
  /** SMS text, push body, or the e-mail plain-text alternative (already rendered) */
  text: string;
  /** for the layout's branding (program name/colour) */
  programId?: string | null;
  campaignId?: string | null;
  /** unique per company: a second queueMessage with the same key is a no-op (exactly once per occurrence) */
  dedupeKey: string;
  /** throttling / scheduling */
  notBefore?: Date;
  /** The recipient's language for the layout's texts; default: the member's, else the company's. */
  language?: "pl" | "en";
  /** The body carries a one-time secret (a sign-in code): replaced in the record once sent or failed for good. */
  redactAfterSend?: boolean;
}

/** What the record of a message with a one-time secret shows once it is no longer needed. */
export const REDACTED = "[one-time code removed after sending]";

export type QueueResult =
  | { id: string; status: "queued" }
  | { id: string; status: "skipped"; reason: "no_consent" | "no_address" | "channel_not_configured" }
  | { id: string; status: "duplicate" };

// Settings and the company's time zone are read once per transaction (a campaign queues
// thousands of messages in a few transactions); entries also expire so a long-lived Db reads anew.
const memo = new WeakMap<object, Map<string, { at: number; value: Promise<unknown> }>>();
function remember<T>(scope: object, key: string, load: () => Promise<T>): Promise<T> {
  let entries = memo.get(scope);
  if (!entries) {
    entries = new Map();
    memo.set(scope, entries);
  }
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at < 2000) return hit.value as Promise<T>;
  const value = load();
  entries.set(key, { at: Date.now(), value });
  value.catch(() => entries?.delete(key));
  return value;
}

/**
 * The member's address on the channel, normalized; null when the member has none. Push has no
 * address of its own: it goes to every subscribed device at sending time, so the record keeps how
 * many devices there were ("2 devices").
 */
export async function memberAddress(db: Queryable, companyId: string, memberId: string, channel: Channel): Promise<string | null> {
  if (channel === "push") {
    const n = await pushDeviceCount(db, companyId, memberId);
    return n === 0 ? null : `${n} ${n === 1 ? "device" : "devices"}`;
  }
  const member = await findMember(db, companyId, memberId);
  if (!member) return null;
  if (channel === "email") return member.email || null;
  return member.phone ? (normalizePhone(member.phone) ?? member.phone) : null;
}

/**
 * Queues one message inside the caller's transaction. Always writes one message_deliveries row:
 * queued, or skipped with the reason (no consent / no address / channel not configured), so the
 * member card shows "not sent: no consent". The dedupe key makes a repeat a no-op.
 */
export async function queueMessage(tx: Queryable, msg: OutgoingMessage, opts: { now: Date; config: Config }): Promise<QueueResult> {
  const settings = await remember(tx, `settings:${msg.companyId}`, () => getSettingsRow(tx, msg.companyId));
  let skip: SkipReason | null = null;
  let to: string | null = msg.to && msg.channel !== "push" ? (msg.channel === "sms" ? (normalizePhone(msg.to) ?? msg.to) : msg.to) : null;
  if (!channelConfigured(settings, msg.channel)) skip = "channel_not_configured";
  else if (
    msg.purpose &&
    msg.memberId &&
    !(await hasConsent(tx, msg.companyId, msg.memberId, { purpose: msg.purpose, channel: msg.channel }))
  )
    skip = "no_consent";
  else {
    if (!to && msg.memberId) to = await memberAddress(tx, msg.companyId, msg.memberId, msg.channel);
    if (!to) skip = "no_address";
  }

  let html = msg.html ?? "";
  let text = msg.text;
  let unsubscribeUrl: string | null = null;
  if (msg.channel === "email" && !skip) {
    const language = msg.language ?? (msg.memberId ? (await findMember(tx, msg.companyId, msg.memberId))?.language : undefined);
    const branded = await brandedEmail(tx, {
      language,
      config: opts.config,
      companyId: msg.companyId,
      programId: msg.programId ?? null,
      memberId: msg.memberId,
      purpose: msg.purpose,
      subject: msg.subject ?? "",
      html: msg.html ?? escapeAsHtml(msg.text),
      text: msg.text,
    });
    html = branded.html;
    text = branded.text;
    unsubscribeUrl = branded.unsubscribeUrl;
  }

  let due: Date | null = null;
  if (!skip) {
    due = msg.notBefore && msg.notBefore > opts.now ? msg.notBefore : opts.now;
    if (msg.channel === "sms" || msg.channel === "push") {
      const timeZone = await remember(tx, `tz:${msg.companyId}`, async () => (await getCompany(tx, msg.companyId)).timeZone);
      due = afterQuietHours(due, quietWindow(settings), timeZone);
    }
  }

  const id = newId("msg");
  const subject = msg.channel === "sms" ? "" : (msg.subject ?? "");
  const linkUrl = msg.channel === "push" ? (msg.url ?? null) : null;
  const inserted = await tx.query<{ id: string }>(
    sql`insert into message_deliveries (company_id, id, member_id, channel, kind, purpose, to_address, subject, html, text, unsubscribe_url,
          link_url, program_id, campaign_id, dedupe_key, status, skip_reason, next_attempt_at, created_at, redact_after_send)
        values (${msg.companyId}, ${id}, ${msg.memberId}, ${msg.channel}, ${msg.kind}, ${msg.purpose}, ${to}, ${subject},
          ${skip && msg.redactAfterSend ? REDACTED : html}, ${skip && msg.redactAfterSend ? REDACTED : text},
          ${unsubscribeUrl}, ${linkUrl}, ${msg.programId ?? null}, ${msg.campaignId ?? null}, ${msg.dedupeKey}, ${skip ? "skipped" : "queued"}, ${skip},
          ${due}, ${opts.now}, ${msg.redactAfterSend ?? false})
        on conflict (company_id, dedupe_key) do nothing
        returning id`,
  );
  if (inserted.length === 0) {
    const [existing] = await tx.query<{ id: string }>(
      sql`select id from message_deliveries where company_id = ${msg.companyId} and dedupe_key = ${msg.dedupeKey}`,
    );
    return { id: existing?.id ?? "", status: "duplicate" };
  }
  if (skip) return { id, status: "skipped", reason: skip as "no_consent" | "no_address" | "channel_not_configured" };
  return { id, status: "queued" };
}

export function quietWindow(s: SettingsRow): { start: string | null; end: string | null } {
  return { start: s.quiet_hours_start, end: s.quiet_hours_end };
}

function escapeAsHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll("\n", "<br>")}</p>`)
    .join("\n");
}

/**
 * Sends at once (a staff member's test, "send test message"): the provider's real answer comes
 * back to the caller. Uses the saved settings even while the channel is switched off, so the
 * outbox can be tested before it is enabled. Records a delivery row too; no retries.
 */
export async function sendMessageNow(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  message: Omit<OutgoingMessage, "dedupeKey" | "purpose" | "kind"> & { kind?: string };
  now?: Date;
}): Promise<SendReport> {
  const { db, config, actor, message } = opts;
  const companyId = actor.companyId;
  const now = opts.now ?? new Date();
  const row = await getSettingsRow(db, companyId);
  if (message.channel === "email" && (!row.smtp_host || !row.from_email))
    throw new AppError("unprocessable", "Set the SMTP server and the sender address first", [
      detail(row.smtp_host ? "email.fromEmail" : "email.host", "not_set"),
    ]);
  if (message.channel === "sms" && row.sms_provider === "none")
    throw new AppError("unprocessable", "Choose an SMS provider first", [detail("sms.provider", "sms_provider_none")]);

  if (message.channel === "push" && !message.memberId) throw invalidField("memberId", "required_push");
  let to = message.channel === "push" ? null : (message.to ?? null);
  if (message.channel === "sms" && to) {
    const normalized = normalizePhone(to);
    if (!normalized) throw invalidField("to", "to_not_phone");
    to = normalized;
  }
  if (!to && message.memberId) to = await memberAddress(db, companyId, message.memberId, message.channel);
  if (!to && message.channel === "push") throw invalidField("memberId", "push_no_devices");
  if (!to) throw invalidField("to", message.channel === "email" ? "to_no_email" : "required");

  let html = message.html ?? "";
  let text = message.text;
  if (message.channel === "email") {
    const branded = await brandedEmail(db, {
      config,
      companyId,
      programId: message.programId ?? null,
      memberId: message.memberId,
      purpose: null,
      subject: message.subject ?? "",
      html: message.html ?? escapeAsHtml(message.text),
      text: message.text,
    });
    html = branded.html;
    text = branded.text;
  }
  const id = newId("msg");
  const kind = message.kind ?? "test";
  const subject = message.channel === "sms" ? "" : (message.subject ?? "");
  const linkUrl = message.channel === "push" ? (message.url ?? null) : null;
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  const dedupeKey = `${kind}:${id}`;
  await db.query(
    sql`insert into message_deliveries (company_id, id, member_id, channel, kind, purpose, to_address, subject, html, text, link_url,
          program_id, campaign_id, dedupe_key, status, attempts, lease_until, created_at)
        values (${companyId}, ${id}, ${message.memberId}, ${message.channel}, ${kind}, null, ${to}, ${subject}, ${html}, ${text}, ${linkUrl},
          ${message.programId ?? null}, ${message.campaignId ?? null}, ${dedupeKey}, 'sending', 1, ${leaseUntil}, ${now})`,
  );
  const result =
    message.channel === "push"
      ? await sendPushDelivery(db, config, { companyId, memberId: message.memberId, title: subject, body: text, url: linkUrl, now })
      : await sendWith(config, row, message.channel, {
          to,
          subject: message.subject ?? "",
          html,
          text,
          unsubscribeUrl: null,
          deliveryId: id,
        });
  await db.transaction(async (tx) => {
    await tx.query(
      sql`update message_deliveries
             set status = ${result.ok ? "sent" : "failed"}, provider_message_id = ${result.providerMessageId},
                 provider_response = ${result.response}, last_error = ${result.ok ? null : result.response},
                 sent_at = ${result.ok ? now : null},
                 lease_until = null, updated_at = now()
           where company_id = ${companyId} and id = ${id}`,
    );
    await recordAudit(tx, actor, {
      action: "message.sent_now",
      entityType: "message",
      entityId: id,
      changes: { channel: message.channel, kind, to, ok: result.ok, response: result.response },
    });
  });
  return { ok: result.ok, deliveryId: id, response: result.response };
}

/** One immediate send with the company's settings; a secret that cannot be decrypted is a failure, not a crash. */
async function sendWith(config: Config, row: SettingsRow, channel: Channel, mail: EmailToSend): Promise<TransportResult> {
  let sending: SendingSettings;
  try {
    sending = decryptSettings(config, row);
  } catch (err) {
    return { ok: false, providerMessageId: null, response: (err as Error).message };
  }
  if (channel === "sms") return sendSms(sending, { to: mail.to, text: mail.text, deliveryId: mail.deliveryId });
  const transport = emailTransport(sending, config.outbound);
  try {
    return await transport.send(mail);
  } finally {
    transport.close();
  }
}

/** How long a worker owns a claimed message; after that another worker may retry it. */
export const LEASE_MS = 5 * 60_000;

// ---- delivery records -------------------------------------------------------------------------

export interface DeliveryRow {
  company_id: string;
  id: string;
  member_id: string | null;
  channel: Channel;
  kind: string;
  purpose: ConsentPurpose | null;
  to_address: string | null;
  subject: string;
  html: string;
  text: string;
  unsubscribe_url: string | null;
  link_url: string | null;
  program_id: string | null;
  campaign_id: string | null;
  dedupe_key: string;
  status: DeliveryStatus;
  skip_reason: SkipReason | null;
  attempts: number;
  last_error: string | null;
  provider_message_id: string | null;
  provider_response: string | null;
  next_attempt_at: Date | null;
  lease_until: Date | null;
  sent_at: Date | null;
  created_at: Date;
}

export function toDelivery(r: DeliveryRow): MessageDelivery {
  return {
    id: r.id,
    memberId: r.member_id,
    channel: r.channel,
    kind: r.kind,
    purpose: r.purpose,
    to: r.to_address,
    subject: r.subject,
    textPreview: r.text.slice(0, 200),
    status: r.status,
    skipReason: r.skip_reason,
    attempts: r.attempts,
    lastError: r.last_error,
    providerMessageId: r.provider_message_id,
    providerResponse: r.provider_response,
    campaignId: r.campaign_id,
    programId: r.program_id,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    nextAttemptAt: r.status === "queued" ? r.next_attempt_at : null,
  };
}

export async function listDeliveries(opts: {
  db: Queryable;
  actor: Actor;
  memberId?: string;
  campaignId?: string;
  channel?: Channel;
  status?: DeliveryStatus;
  kind?: string;
  limit: number;
  cursor?: string;
}): Promise<DeliveryRow[]> {
  const memberId = opts.memberId ?? null;
  const campaignId = opts.campaignId ?? null;
  const channel = opts.channel ?? null;
  const status = opts.status ?? null;
  const kind = opts.kind ?? null;
  const cursor = opts.cursor ?? null;
  return opts.db.query<DeliveryRow>(
    sql`select * from message_deliveries
         where company_id = ${opts.actor.companyId} and (${memberId}::text is null or member_id = ${memberId})
           and (${campaignId}::text is null or campaign_id = ${campaignId}) and (${channel}::text is null or channel = ${channel})
           and (${status}::text is null or status = ${status}) and (${kind}::text is null or kind = ${kind})
           and (${cursor}::text is null or id < ${cursor})
         order by id desc
         limit ${opts.limit + 1}`,
  );
}

export async function getDelivery(db: Queryable, companyId: string, id: string): Promise<MessageDeliveryDetail> {
  const [row] = await db.query<DeliveryRow>(sql`select * from message_deliveries where company_id = ${companyId} and id = ${id}`);
  if (!row) throw notFound("Message");
  return { ...toDelivery(row), html: row.html, text: row.text, url: row.link_url };
}

/** Campaign cancel: messages not yet handed to a provider are skipped as cancelled. */
export async function cancelQueuedMessages(tx: Queryable, companyId: string, campaignId: string): Promise<number> {
  const rows = await tx.query(
    sql`update message_deliveries set status = 'skipped', skip_reason = 'cancelled', next_attempt_at = null, updated_at = now()
         where company_id = ${companyId} and campaign_id = ${campaignId} and status = 'queued' returning id`,
  );
  return rows.length;
}

export interface DeliveryCounts {
  total: number;
  queued: number;
  sent: number;
  failed: number;
  noConsent: number;
  noAddress: number;
  cancelled: number;
}

/** Per campaign: how its messages ended (queued counts those still on their way). */
export async function campaignDeliveryCounts(
  db: Queryable,
  companyId: string,
  campaignIds: string[],
): Promise<Map<string, DeliveryCounts>> {
  const rows = await db.query<{ campaign_id: string; status: DeliveryStatus; skip_reason: SkipReason | null; n: number }>(
    sql`select campaign_id, status, skip_reason, count(*)::int as n from message_deliveries
         where company_id = ${companyId} and campaign_id = any(${campaignIds}) group by campaign_id, status, skip_reason`,
  );
  const out = new Map<string, DeliveryCounts>();
  for (const id of campaignIds) out.set(id, { total: 0, queued: 0, sent: 0, failed: 0, noConsent: 0, noAddress: 0, cancelled: 0 });
  for (const r of rows) {
    const c = out.get(r.campaign_id);
    if (!c) continue;
    c.total += r.n;
    if (r.status === "queued" || r.status === "sending") c.queued += r.n;
    else if (r.status === "sent") c.sent += r.n;
    else if (r.status === "failed") c.failed += r.n;
    else if (r.skip_reason === "no_consent") c.noConsent += r.n;
    else if (r.skip_reason === "no_address" || r.skip_reason === "channel_not_configured") c.noAddress += r.n;
    else if (r.skip_reason === "cancelled") c.cancelled += r.n;
  }
  return out;
}

/** Messages that failed for good (after their retries) from `from` on: the start page's warning. */
export async function failedMessageCount(db: Queryable, companyId: string, from: Date): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from message_deliveries
         where company_id = ${companyId} and id >= ${idsFrom("msg", recentIdsFloor(from))} and created_at >= ${from} and status = 'failed'`,
  );
  return row?.n ?? 0;
}
