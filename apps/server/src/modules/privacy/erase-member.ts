import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { emitEvent, scrubMemberEvents } from "../../platform/events.js";
import { scrubMemberAuditTexts } from "../audit/audit-privacy.js";
import { scrubMemberConsentEvents } from "../consents/consent-privacy.js";
import { removeMemberSignIn } from "../member-auth/member-auth-privacy.js";
import { pseudonymizeMember } from "../members/member-privacy.js";
import { scrubMemberDeliveries } from "../messaging/member-messages-privacy.js";
import { scrubMemberPurchaseLines } from "../purchases/purchase-privacy.js";
import { deleteMemberPushSubscriptions } from "../push/push-privacy.js";
import { scrubMemberRedemptionNotes } from "../redemptions/redemption-privacy.js";
import { scrubReferralFingerprints } from "../referrals/referral-privacy.js";
import { scrubMemberWebhookDeliveries } from "../webhooks/webhooks-privacy.js";
import { completeRequestsOfErasedMember } from "./privacy-requests.js";

export interface ErasureResult {
  memberId: string;
  /** True when the member had been erased before: nothing was changed. */
  alreadyErased: boolean;
  /** Rows each owner scrubbed. */
  scrubbed: {
    consentEvents: number;
    messages: number;
    purchases: number;
    redemptions: number;
    events: number;
    auditEntries: number;
    portalSignIn: number;
    pushDevices: number;
    referralFingerprints: number;
    webhookDeliveries: number;
  };
}

/**
 * Erasure by pseudonymization, in the caller's transaction: the card first (it locks the member, so
 * no purchase or edit runs alongside), then every owner scrubs its own rows; the ledger, lots and
 * totals are not touched, so every balance and sum stays as it was. The audit entry names the
 * member's id and the counts, nothing personal.
 */
export async function eraseMemberIn(
  tx: Queryable,
  actor: Actor,
  opts: { memberId: string; now: Date; confirmCardNumber: string | null; reason: string },
): Promise<ErasureResult> {
  const { companyId } = actor;
  const { memberId } = opts;
  const changed = await pseudonymizeMember(tx, { companyId, memberId, now: opts.now, confirmCardNumber: opts.confirmCardNumber });
  if (!changed) {
    return {
      memberId,
      alreadyErased: true,
      scrubbed: {
        consentEvents: 0,
        messages: 0,
        purchases: 0,
        redemptions: 0,
        events: 0,
        auditEntries: 0,
        portalSignIn: 0,
        pushDevices: 0,
        referralFingerprints: 0,
        webhookDeliveries: 0,
      },
    };
  }
  const scrubbed = {
    consentEvents: await scrubMemberConsentEvents(tx, companyId, memberId),
    messages: await scrubMemberDeliveries(tx, companyId, memberId),
    purchases: await scrubMemberPurchaseLines(tx, companyId, memberId),
    redemptions: await scrubMemberRedemptionNotes(tx, companyId, memberId),
    events: await scrubMemberEvents(tx, companyId, memberId),
    auditEntries: await scrubMemberAuditTexts(tx, companyId, memberId),
    portalSignIn: await removeMemberSignIn(tx, companyId, memberId),
    pushDevices: await deleteMemberPushSubscriptions(tx, companyId, memberId),
    referralFingerprints: await scrubReferralFingerprints(tx, companyId, memberId),
    webhookDeliveries: await scrubMemberWebhookDeliveries(tx, companyId, memberId),
  };
  // The member's erasure request (if they made one in the portal) is done by this erasure.
  await completeRequestsOfErasedMember(tx, actor, memberId, opts.now);
  await recordAudit(tx, actor, {
    action: "member.erased",
    entityType: "member",
    entityId: memberId,
    changes: { reason: opts.reason, scrubbed },
  });
  await emitEvent(tx, { companyId, type: "member.erased", entityType: "member", entityId: memberId, payload: { reason: opts.reason } });
  return { memberId, alreadyErased: false, scrubbed };
}

/** One transaction: all of the member's personal data goes, or nothing does. */
export async function eraseMember(opts: { db: Db; actor: Actor; memberId: string; now: Date; confirmCardNumber: string }) {
  return opts.db.transaction((tx) =>
    eraseMemberIn(tx, opts.actor, { memberId: opts.memberId, now: opts.now, confirmCardNumber: opts.confirmCardNumber, reason: "request" }),
  );
}
