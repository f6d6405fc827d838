import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { htmlToPlainText } from "../templates/render.js";
import { DEFAULT_DAYS_BEFORE, DEFAULT_TEXTS } from "./notifications.defaults.js";
import { NOTIFICATION_KINDS, type Notification, type NotificationInput, type NotificationKind } from "./notifications.schemas.js";

const NOTIFICATION_COLUMNS = sql`kind, enabled, days_before, settings, updated_at`;

interface NotificationRow {
  kind: NotificationKind;
  enabled: boolean;
  days_before: number | null;
  /** push: absent in rows saved before the push channel existed */
  settings: Pick<Notification, "email" | "sms"> & Partial<Pick<Notification, "push">>;
  updated_at: Date;
}

/**
 * A notification never saved: off, with the texts in the company's language; switching it on sends
 * e-mails to members who agreed to commercial information (SMS stays off until chosen).
 */
export function defaultNotification(kind: NotificationKind, language: "pl" | "en"): Notification {
  const t = DEFAULT_TEXTS[kind][language];
  return {
    kind,
    enabled: false,
    daysBefore: kind === "points_expiring" ? DEFAULT_DAYS_BEFORE : null,
    email: {
      enabled: true,
      purpose: "commercial_information",
      subject: t.subject,
      html: t.html,
      text: htmlToPlainText(t.html),
      textMode: "auto",
    },
    sms: { enabled: false, purpose: "sms_marketing", text: t.sms },
    push: defaultPush(kind, language),
    updatedAt: null,
  };
}

/** Push starts switched off, with the e-mail's subject as the title and the SMS's words as the body. */
function defaultPush(kind: NotificationKind, language: "pl" | "en"): Notification["push"] {
  const t = DEFAULT_TEXTS[kind][language];
  const body = t.sms.replace(/^\{company_name\}: /, "").replace(/ \{portal_link\}$/, "");
  return { enabled: false, purpose: "push_notifications", title: t.subject, body, url: "" };
}

/** A row saved before push existed gets push's default, switched off (its texts only show in the editor, which passes the language). */
function toNotification(r: NotificationRow, language: "pl" | "en" = "pl"): Notification {
  return {
    kind: r.kind,
    enabled: r.enabled,
    daysBefore: r.kind === "points_expiring" ? (r.days_before ?? DEFAULT_DAYS_BEFORE) : null,
    email: r.settings.email,
    sms: r.settings.sms,
    push: r.settings.push ?? defaultPush(r.kind, language),
    updatedAt: r.updated_at,
  };
}

async function assertProgram(db: Queryable, companyId: string, programId: string): Promise<void> {
  await getProgramRow(db, companyId, programId);
}

/** Every kind of the program's notifications, saved or default. */
export async function listNotifications(opts: { db: Queryable; companyId: string; programId: string }): Promise<Notification[]> {
  await assertProgram(opts.db, opts.companyId, opts.programId);
  const { language } = await getCompany(opts.db, opts.companyId);
  const rows = await opts.db.query<NotificationRow>(
    sql`select ${NOTIFICATION_COLUMNS} from program_notifications where company_id = ${opts.companyId} and program_id = ${opts.programId}`,
  );
  const saved = new Map(rows.map((r) => [r.kind, toNotification(r, language)]));
  return NOTIFICATION_KINDS.map((kind) => saved.get(kind) ?? defaultNotification(kind, language));
}

/** One kind's saved settings; null = never saved (the defaults apply, which are switched off). */
export async function findSavedNotification(
  db: Queryable,
  companyId: string,
  programId: string,
  kind: NotificationKind,
): Promise<Notification | null> {
  const [row] = await db.query<NotificationRow>(
    sql`select ${NOTIFICATION_COLUMNS} from program_notifications
         where company_id = ${companyId} and program_id = ${programId} and kind = ${kind}`,
  );
  return row ? toNotification(row) : null;
}

/** One kind's settings as they apply now (the default when never saved). */
export async function getNotification(db: Queryable, companyId: string, programId: string, kind: NotificationKind): Promise<Notification> {
  return (
    (await findSavedNotification(db, companyId, programId, kind)) ?? defaultNotification(kind, (await getCompany(db, companyId)).language)
  );
}

export async function saveNotification(opts: {
  db: Db;
  actor: Actor;
  programId: string;
  kind: NotificationKind;
  input: NotificationInput;
}): Promise<Notification> {
  const { actor, programId, kind, input } = opts;
  return opts.db.transaction(async (tx) => {
    await assertProgram(tx, actor.companyId, programId);
    const before = await getNotification(tx, actor.companyId, programId, kind);
    const email = input.email.textMode === "auto" ? { ...input.email, text: htmlToPlainText(input.email.html) } : input.email;
    const daysBefore = kind === "points_expiring" ? (input.daysBefore ?? before.daysBefore ?? DEFAULT_DAYS_BEFORE) : null;
    const settings = JSON.stringify({ email, sms: input.sms, push: input.push ?? before.push });
    const [row] = await tx.query<NotificationRow>(
      sql`insert into program_notifications (company_id, program_id, kind, enabled, days_before, settings, updated_at)
          values (${actor.companyId}, ${programId}, ${kind}, ${input.enabled}, ${daysBefore}, ${settings}, now())
          on conflict (company_id, program_id, kind)
          do update set enabled = excluded.enabled, days_before = excluded.days_before, settings = excluded.settings, updated_at = now()
          returning ${NOTIFICATION_COLUMNS}`,
    );
    const after = toNotification(row as NotificationRow);
    const flat = (n: Notification) => ({
      enabled: n.enabled,
      daysBefore: n.daysBefore,
      email: n.email.enabled,
      emailPurpose: n.email.purpose,
      emailSubject: n.email.subject,
      emailHtml: n.email.html,
      sms: n.sms.enabled,
      smsPurpose: n.sms.purpose,
      smsText: n.sms.text,
      push: n.push.enabled,
      pushPurpose: n.push.purpose,
      pushTitle: n.push.title,
      pushBody: n.push.body,
      pushUrl: n.push.url,
    });
    const changes = diff(flat(before), flat(after));
    await recordAudit(tx, actor, {
      action: "program_notification.saved",
      entityType: "program",
      entityId: programId,
      changes: { kind, ...changes },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "program_notification.saved",
      entityType: "program",
      entityId: programId,
      payload: { kind, enabled: after.enabled },
    });
    return after;
  });
}

/** Enabled expiring-points reminders of every company, for the scheduled job. */
export async function listEnabledReminders(db: Queryable): Promise<{ companyId: string; programId: string; notification: Notification }[]> {
  const rows = await db.query<NotificationRow & { company_id: string; program_id: string }>(
    sql`select company_id, program_id, ${NOTIFICATION_COLUMNS}
          from program_notifications where kind = 'points_expiring' and enabled order by company_id, program_id`,
  );
  return rows.map((r) => ({ companyId: r.company_id, programId: r.program_id, notification: toNotification(r) }));
}
