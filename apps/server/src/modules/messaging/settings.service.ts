import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { invalidField } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { outboundHostRefusal } from "../../platform/outbound-guard.js";
import { decryptSecret, encryptSecret } from "../../platform/secrets.js";
import { empty, join, raw, sql } from "../../platform/sql.js";
import type { Channel, EmailSettingsInput, MessageSettings, SmsSettingsInput } from "./messaging.schemas.js";

export interface SettingsRow {
  email_enabled: boolean;
  smtp_host: string;
  smtp_port: number;
  smtp_security: "tls" | "starttls" | "none";
  smtp_username: string;
  smtp_password_enc: string | null;
  from_name: string;
  from_email: string | null;
  reply_to: string | null;
  sms_provider: "none" | "log" | "smsapi" | "http";
  sms_sender_name: string;
  sms_token_enc: string | null;
  smsapi_base_url: string;
  sms_http_url: string | null;
  sms_http_auth_header: string | null;
  sms_http_body_template: string | null;
  quiet_hours_start: string | null;
  quiet_hours_end: string | null;
  sms_normalize_polish: boolean;
}

/** What a company that never saved its settings gets: nothing configured. */
const DEFAULT_ROW: SettingsRow = {
  email_enabled: false,
  smtp_host: "",
  smtp_port: 587,
  smtp_security: "starttls",
  smtp_username: "",
  smtp_password_enc: null,
  from_name: "",
  from_email: null,
  reply_to: null,
  sms_provider: "none",
  sms_sender_name: "",
  sms_token_enc: null,
  smsapi_base_url: "https://api.smsapi.pl",
  sms_http_url: null,
  sms_http_auth_header: null,
  sms_http_body_template: null,
  quiet_hours_start: null,
  quiet_hours_end: null,
  sms_normalize_polish: false,
};

const FOR_UPDATE = sql`for update`;

export async function getSettingsRow(db: Queryable, companyId: string, lock = false): Promise<SettingsRow> {
  const [row] = await db.query<SettingsRow>(
    sql`select * from message_settings where company_id = ${companyId} ${lock ? FOR_UPDATE : empty}`,
  );
  return row ?? DEFAULT_ROW;
}

/** The API shape: secrets are reported only as set or not. */
export function toSettings(r: SettingsRow): MessageSettings {
  return {
    email: {
      enabled: r.email_enabled,
      host: r.smtp_host,
      port: r.smtp_port,
      security: r.smtp_security,
      username: r.smtp_username,
      passwordSet: r.smtp_password_enc !== null,
      fromName: r.from_name,
      fromEmail: r.from_email,
      replyTo: r.reply_to,
    },
    sms: {
      provider: r.sms_provider,
      senderName: r.sms_sender_name,
      tokenSet: r.sms_token_enc !== null,
      smsapiBaseUrl: r.smsapi_base_url,
      httpUrl: r.sms_http_url,
      httpAuthHeader: r.sms_http_auth_header,
      httpBodyTemplate: r.sms_http_body_template,
      quietHoursStart: r.quiet_hours_start,
      quietHoursEnd: r.quiet_hours_end,
      normalizePolish: r.sms_normalize_polish,
    },
    ready: { email: channelConfigured(r, "email"), sms: channelConfigured(r, "sms"), push: channelConfigured(r, "push") },
  };
}

export async function getMessageSettings(db: Queryable, companyId: string): Promise<MessageSettings> {
  return toSettings(await getSettingsRow(db, companyId));
}

/** `values`' keys are this file's column names (never input): they go into the text as code. */
async function writeSettings(tx: Queryable, companyId: string, values: Partial<SettingsRow>): Promise<void> {
  const columns = Object.keys(values) as (keyof SettingsRow)[];
  const names = raw(columns.join(", "));
  const updates = raw(columns.map((c) => `${c} = excluded.${c}`).join(", "));
  await tx.query(
    sql`insert into message_settings (company_id, ${names}) values (${companyId}, ${join(
      columns.map((c) => values[c]),
      ", ",
    )})
        on conflict (company_id) do update set ${updates}, updated_at = now()`,
  );
}

/** A secret field: undefined keeps the stored value, null clears it, a string replaces it (encrypted). */
function nextSecret(config: Config, stored: string | null, given: string | null | undefined): string | null {
  if (given === undefined) return stored;
  if (given === null || given === "") return null;
  return encryptSecret(config.secretKey, given);
}

export async function updateEmailSettings(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  input: EmailSettingsInput;
}): Promise<MessageSettings> {
  const { actor, input } = opts;
  const refused = input.host ? await outboundHostRefusal(input.host, opts.config.outbound) : null;
  if (refused) throw invalidField("host", "host_not_allowed", { address: refused.address });
  return opts.db.transaction(async (tx) => {
    const before = await getSettingsRow(tx, actor.companyId, true);
    await writeSettings(tx, actor.companyId, {
      email_enabled: input.enabled,
      smtp_host: input.host,
      smtp_port: input.port,
      smtp_security: input.security,
      smtp_username: input.username,
      smtp_password_enc: nextSecret(opts.config, before.smtp_password_enc, input.password),
      from_name: input.fromName,
      from_email: input.fromEmail,
      reply_to: input.replyTo,
    });
    const after = await getSettingsRow(tx, actor.companyId);
    const changes: Record<string, unknown> = diff(toSettings(before).email, toSettings(after).email);
    // The audit log says that the password changed, never what it is (the key is redacted too).
    if (input.password !== undefined) changes.password = input.password ? "replaced" : "removed";
    await recordAudit(tx, actor, {
      action: "messaging.email_settings_updated",
      entityType: "message_settings",
      entityId: actor.companyId,
      changes,
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "messaging.settings_updated",
      entityType: "message_settings",
      entityId: actor.companyId,
      payload: { channel: "email", fields: Object.keys(changes) },
    });
    return toSettings(after);
  });
}

export async function updateSmsSettings(opts: { db: Db; config: Config; actor: Actor; input: SmsSettingsInput }): Promise<MessageSettings> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getSettingsRow(tx, actor.companyId, true);
    const token = nextSecret(opts.config, before.sms_token_enc, input.token);
    if (input.provider === "smsapi" && token === null) throw invalidField("token", "smsapi_token_required");
    await writeSettings(tx, actor.companyId, {
      sms_provider: input.provider,
      sms_sender_name: input.senderName,
      sms_token_enc: token,
      smsapi_base_url: input.smsapiBaseUrl.replace(/\/+$/, ""),
      sms_http_url: input.httpUrl,
      sms_http_auth_header: input.httpAuthHeader,
      sms_http_body_template: input.httpBodyTemplate,
      quiet_hours_start: input.quietHoursStart,
      quiet_hours_end: input.quietHoursEnd,
      sms_normalize_polish: input.normalizePolish,
    });
    const after = await getSettingsRow(tx, actor.companyId);
    const changes: Record<string, unknown> = diff(toSettings(before).sms, toSettings(after).sms);
    if (input.token !== undefined) changes.token = input.token ? "replaced" : "removed";
    await recordAudit(tx, actor, {
      action: "messaging.sms_settings_updated",
      entityType: "message_settings",
      entityId: actor.companyId,
      changes,
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "messaging.settings_updated",
      entityType: "message_settings",
      entityId: actor.companyId,
      payload: { channel: "sms", fields: Object.keys(changes) },
    });
    return toSettings(after);
  });
}

/** Settings with decrypted secrets, for the transports only (never leaves the server). */
export interface SendingSettings {
  row: SettingsRow;
  smtpPassword: string | null;
  smsToken: string | null;
}

export function decryptSettings(config: Config, row: SettingsRow): SendingSettings {
  return {
    row,
    smtpPassword: row.smtp_password_enc ? decryptSecret(config.secretKey, row.smtp_password_enc) : null,
    smsToken: row.sms_token_enc ? decryptSecret(config.secretKey, row.sms_token_enc) : null,
  };
}

/** Whether automatic and campaign messages can go out on the channel at all. */
export function channelConfigured(row: SettingsRow, channel: Channel): boolean {
  if (channel === "email") return row.email_enabled && row.smtp_host !== "" && row.from_email !== null;
  // Web Push needs no provider: the installation's VAPID keys and the members' devices.
  if (channel === "push") return true;
  return row.sms_provider !== "none";
}

/**
 * Re-encrypts every company's stored provider secrets from one SECRET_KEY to another, inside the
 * caller's transaction (rotate-secret-key). A value that does not decrypt under `from` throws,
 * naming its company, so the whole rotation rolls back. Returns how many values it re-encrypted.
 */
export async function reencryptMessagingSecrets(tx: Queryable, from: string, to: string): Promise<number> {
  const rows = await tx.query<{ company_id: string; smtp_password_enc: string | null; sms_token_enc: string | null }>(
    sql`select company_id, smtp_password_enc, sms_token_enc from message_settings
         where smtp_password_enc is not null or sms_token_enc is not null
         order by company_id
         for update`,
  );
  let count = 0;
  const again = (companyId: string, field: string, stored: string | null): string | null => {
    if (stored === null) return null;
    try {
      count += 1;
      return encryptSecret(to, decryptSecret(from, stored));
    } catch (err) {
      throw new Error(`Company ${companyId}: the stored ${field} does not decrypt with the current SECRET_KEY (${(err as Error).message})`);
    }
  };
  for (const r of rows) {
    await tx.query(
      sql`update message_settings
             set smtp_password_enc = ${again(r.company_id, "SMTP password", r.smtp_password_enc)},
                 sms_token_enc = ${again(r.company_id, "SMS token", r.sms_token_enc)}
           where company_id = ${r.company_id}`,
    );
  }
  return count;
}
