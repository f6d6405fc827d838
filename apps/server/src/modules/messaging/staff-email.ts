import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { layoutHtml, layoutText, loadBranding } from "./email-layout.js";
import { decryptSettings, getSettingsRow } from "./settings.service.js";
import { describeError, emailTransport } from "./transports.js";

/** What became of an e-mail to a staff member: sent, refused by the server, or no e-mail set up. */
export interface StaffEmailResult {
  status: "sent" | "failed" | "not_configured";
  /** The SMTP server's answer or the error. */
  response: string | null;
}

/**
 * Sends an e-mail to a person who is not a member (a staff invitation) through the company's
 * outbox settings, at once, in the company's layout. Like a test send it needs only the server and
 * the sender address (not the "sending enabled" switch, which is about messages to members), and it
 * writes no `message_deliveries` row: the body carries a one-time secret, and the delivery log is
 * the members' message history.
 */
export async function sendStaffEmail(
  db: Queryable,
  config: Config,
  companyId: string,
  to: string,
  reference: string,
  compose: (company: { name: string; language: "pl" | "en" }) => { subject: string; html: string; text: string },
): Promise<StaffEmailResult> {
  const row = await getSettingsRow(db, companyId);
  if (!row.smtp_host || !row.from_email) return { status: "not_configured", response: null };
  const branding = await loadBranding(db, config, companyId, null);
  const mail = compose({ name: branding.companyName, language: branding.language });
  let transport: ReturnType<typeof emailTransport>;
  try {
    transport = emailTransport(decryptSettings(config, row), config.outbound);
  } catch (err) {
    return { status: "failed", response: describeError(err) };
  }
  try {
    const result = await transport.send({
      to,
      subject: mail.subject,
      html: layoutHtml(branding, mail.subject, mail.html, null),
      text: layoutText(branding, mail.text, null),
      unsubscribeUrl: null,
      deliveryId: reference,
    });
    return { status: result.ok ? "sent" : "failed", response: result.response };
  } finally {
    transport.close();
  }
}
