import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db } from "../../platform/db.js";
import { memberRunsForExport } from "../automation/automation-privacy.js";
import { getCompany } from "../companies/companies.service.js";
import { memberConsents } from "../consents/consents.service.js";
import { listCustomFields } from "../custom-fields/custom-fields.service.js";
import { memberLedgerForExport } from "../ledger/member-ledger-privacy.js";
import { getMember } from "../members/members.service.js";
import { memberDeliveriesForExport } from "../messaging/member-messages-privacy.js";
import { memberPurchasesForExport } from "../purchases/purchase-privacy.js";
import { memberPushDevicesForExport } from "../push/push-privacy.js";
import { memberRedemptionsForExport } from "../redemptions/redemption-privacy.js";
import { memberWebhookDeliveriesForExport } from "../webhooks/webhooks-privacy.js";

/** Each part keeps its owner's API shape; the export's schema describes the parts as plain records. */
const records = (rows: readonly object[]) => rows as unknown as Record<string, unknown>[];

/** Version of the export's shape, so a reader can tell a later layout apart. */
export const EXPORT_FORMAT = 1;

/**
 * Everything the company holds about one member (GDPR access and portability), each part read
 * by the module that owns it; the export itself is recorded in the audit log (who, when).
 */
export async function exportMemberData(opts: { db: Db; actor: Actor; memberId: string; now: Date }) {
  const { db, actor, memberId } = opts;
  const { companyId } = actor;
  const member = await getMember(db, actor, memberId);
  const [company, definitions, consents, ledger, purchases, redemptions, messages, pushDevices, automation, webhookDeliveries] =
    await Promise.all([
      getCompany(db, companyId),
      listCustomFields({ db, companyId }),
      memberConsents(db, companyId, memberId),
      memberLedgerForExport(db, companyId, memberId),
      memberPurchasesForExport(db, companyId, memberId),
      memberRedemptionsForExport(db, actor, memberId),
      memberDeliveriesForExport(db, companyId, memberId),
      memberPushDevicesForExport(db, companyId, memberId),
      memberRunsForExport(db, companyId, memberId),
      memberWebhookDeliveriesForExport(db, companyId, memberId),
    ]);
  const customFields = Object.entries(member.customFields).map(([key, value]) => {
    const def = definitions.find((d) => d.key === key);
    return { key, label: def?.label ?? key, value };
  });
  await recordAudit(db, actor, { action: "member.exported", entityType: "member", entityId: memberId });
  return {
    format: EXPORT_FORMAT,
    exportedAt: opts.now,
    controller: { id: company.id, name: company.name, dpoEmail: company.dpoEmail },
    member,
    customFields,
    consents: { current: records(consents.current), history: records(consents.history) },
    ledger: records(ledger),
    purchases: records(purchases),
    redemptions: records(redemptions),
    messages: records(messages),
    pushDevices: records(pushDevices),
    automation: records(automation),
    webhookDeliveries: records(webhookDeliveries),
  };
}
