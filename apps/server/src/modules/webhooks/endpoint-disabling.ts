import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import { companyMemberships } from "../auth/memberships.js";
import { escapeHtml } from "../messaging/email-layout.js";
import { sendStaffEmail } from "../messaging/staff-email.js";
import type { EndpointRow } from "./endpoints.service.js";

export interface DisabledEndpoint {
  companyId: string;
  endpointId: string;
  url: string;
  reason: "gone" | "failing";
  at: Date;
}

/** The platform disabling an endpoint on the company's behalf; the audit log names it as the system. */
function webhooksActor(companyId: string): Actor {
  return {
    type: "system",
    id: "webhooks",
    name: "Webhooks",
    companyId,
    permissions: new Set(),
    locationIds: null,
    ip: "",
    requestId: "worker:webhook-deliveries",
  };
}

/**
 * Disables the endpoint (in the caller's transaction) with the reason, audited, and an internal
 * event `webhook_endpoint.disabled` (not published to endpoints: the admin and the log show it).
 */
export async function disableEndpointIn(
  tx: Queryable,
  o: { companyId: string; endpoint: EndpointRow; reason: "gone" | "failing"; at: Date; failingSince?: Date },
): Promise<DisabledEndpoint | null> {
  const rows = await tx.query(
    sql`update webhook_endpoints set status = 'disabled', disabled_reason = ${o.reason}, disabled_at = ${o.at}, updated_at = ${o.at}
         where company_id = ${o.companyId} and id = ${o.endpoint.id} and status = 'enabled' returning id`,
  );
  if (rows.length === 0) return null;
  const changes = { status: { from: "enabled", to: "disabled" }, reason: o.reason, failingSince: o.failingSince?.toISOString() ?? null };
  await recordAudit(tx, webhooksActor(o.companyId), {
    action: "webhook_endpoint.disabled",
    entityType: "webhook_endpoint",
    entityId: o.endpoint.id,
    changes,
  });
  await emitEvent(tx, {
    companyId: o.companyId,
    type: "webhook_endpoint.disabled",
    entityType: "webhook_endpoint",
    entityId: o.endpoint.id,
    payload: { reason: o.reason },
  });
  return { companyId: o.companyId, endpointId: o.endpoint.id, url: o.endpoint.url, reason: o.reason, at: o.at };
}

const TEXT = {
  pl: {
    subject: (company: string) => `${company}: wyłączono punkt odbioru webhooków`,
    gone: (url: string) =>
      `Adres ${url} odpowiedział „410 Gone” (odbiorca już nie istnieje), więc przestaliśmy wysyłać do niego zdarzenia.`,
    failing: (url: string) =>
      `Od 5 dni każda próba wysłania zdarzeń na adres ${url} kończy się błędem, więc przestaliśmy wysyłać do niego zdarzenia.`,
    after:
      "Zdarzenia z czasu wyłączenia nie będą wysłane. Gdy odbiorca znów działa, włącz punkt odbioru w panelu (Integracje → Webhooki); oczekujące dostawy zostaną wznowione, a każdą dostawę z dziennika można wysłać ponownie.",
    linkText: "Otwórz webhooki",
  },
  en: {
    subject: (company: string) => `${company}: a webhook endpoint was disabled`,
    gone: (url: string) => `${url} answered "410 Gone" (the receiver no longer exists), so we stopped sending events to it.`,
    failing: (url: string) => `Every attempt to send events to ${url} has failed for 5 days, so we stopped sending events to it.`,
    after:
      "Events of the disabled time will not be sent. Once the receiver works again, enable the endpoint in the admin (Integrations → Webhooks); waiting deliveries resume, and any delivery in the log can be sent again.",
    linkText: "Open webhooks",
  },
} as const;

/**
 * The company told, after the disabling committed: an e-mail to each owner and admin through the
 * company's e-mail settings (none set up: the admin's endpoint status and the audit log tell).
 */
export async function tellCompanyEndpointDisabled(db: Db, config: Config, d: DisabledEndpoint): Promise<number> {
  const staff = (await companyMemberships(db, d.companyId, { q: null, role: null })).filter(
    (m) => m.role === "owner" || m.role === "admin",
  );
  const link = `${config.publicUrl}/admin/webhooks`;
  let sent = 0;
  for (const person of staff) {
    const result = await sendStaffEmail(db, config, d.companyId, person.email, d.endpointId, (c) => {
      const t = TEXT[c.language];
      const why = d.reason === "gone" ? t.gone(d.url) : t.failing(d.url);
      return {
        subject: t.subject(c.name),
        html: [
          `<p>${escapeHtml(why)}</p>`,
          `<p>${escapeHtml(t.after)}</p>`,
          `<p><a href="${escapeHtml(link)}">${escapeHtml(t.linkText)}</a></p>`,
        ].join("\n"),
        text: `${why}\n\n${t.after}\n\n${t.linkText}: ${link}`,
      };
    });
    if (result.status === "sent") sent++;
  }
  return sent;
}
