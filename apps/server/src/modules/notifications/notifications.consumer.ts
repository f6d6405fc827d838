import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import type { DomainEvent, EventConsumer } from "../../platform/events.js";
import { getCompany } from "../companies/companies.service.js";
import { findMember } from "../members/members.service.js";
import { type QueueResult, queueMessage } from "../messaging/outbox.service.js";
import { getRewardRow } from "../rewards/rewards.service.js";
import { buildMessageContext, htmlToPlainText, messageFormat, renderContent } from "../templates/render.js";
import { getTierRow } from "../tiers/tiers.service.js";
import { codesOfRedemption } from "../vouchers/vouchers.service.js";
import { DEFAULT_TEXTS } from "./notifications.defaults.js";
import type { Notification, NotificationKind } from "./notifications.schemas.js";
import { findSavedNotification } from "./notifications.service.js";

/** One notification occasion: whom, in which program, and the values of the occasion itself. */
export interface Occasion {
  companyId: string;
  memberId: string;
  programId: string;
  kind: NotificationKind;
  /** Values of the occasion (points_change, reward_name…), already formatted. */
  extra: Record<string, string>;
  /** Unique per occasion; the channel is appended. */
  dedupeKey: string;
}

/**
 * Queues the program's notification of this kind on each enabled channel, in the caller's
 * transaction. The outbox checks the consent (recording "not sent: no consent" otherwise) and the
 * dedupe key makes a repeat a no-op.
 */
export async function queueNotification(tx: Queryable, occasion: Occasion, opts: { config: Config; now: Date }): Promise<QueueResult[]> {
  // Never saved = the defaults, which are switched off.
  const settings = await findSavedNotification(tx, occasion.companyId, occasion.programId, occasion.kind);
  if (!settings?.enabled || (!settings.email.enabled && !settings.sms.enabled && !settings.push.enabled)) return [];
  // A member whose id no longer resolves: nothing to say, and nothing to retry.
  const member = await findMember(tx, occasion.companyId, occasion.memberId);
  if (!member) return [];
  const texts = inMemberLanguage(settings, occasion.kind, (await getCompany(tx, occasion.companyId)).language, member.language);
  const ctx = await buildMessageContext(tx, {
    companyId: occasion.companyId,
    memberId: occasion.memberId,
    programId: occasion.programId,
    config: opts.config,
    extra: occasion.extra,
    now: opts.now,
  });
  const base = {
    companyId: occasion.companyId,
    memberId: occasion.memberId,
    programId: occasion.programId,
    kind: `notification.${occasion.kind}`,
  };
  const results: QueueResult[] = [];
  if (settings.email.enabled) {
    const { email } = texts;
    const content = { subject: email.subject, html: email.html, text: email.textMode === "custom" ? email.text : undefined };
    const rendered = renderContent(content, ctx, "email");
    results.push(
      await queueMessage(
        tx,
        { ...base, channel: "email", purpose: email.purpose, ...rendered, dedupeKey: `${occasion.dedupeKey}:email` },
        opts,
      ),
    );
  }
  if (settings.sms.enabled) {
    const rendered = renderContent({ text: texts.sms.text }, ctx, "sms");
    results.push(
      await queueMessage(
        tx,
        { ...base, channel: "sms", purpose: settings.sms.purpose, text: rendered.text, dedupeKey: `${occasion.dedupeKey}:sms` },
        opts,
      ),
    );
  }
  if (settings.push.enabled) {
    const { push } = settings;
    const rendered = renderContent({ subject: push.title, text: push.body, url: push.url }, ctx, "push");
    results.push(
      await queueMessage(
        tx,
        {
          ...base,
          channel: "push",
          purpose: push.purpose,
          subject: rendered.subject,
          text: rendered.text,
          url: rendered.url,
          dedupeKey: `${occasion.dedupeKey}:push`,
        },
        opts,
      ),
    );
  }
  return results;
}

/**
 * The texts for a member whose language is not the company's: texts staff left at the company
 * language's defaults become the defaults of the member's language; texts staff wrote themselves are
 * sent as written (one text per notification; per-language custom texts are a later step).
 */
function inMemberLanguage(
  settings: Notification,
  kind: NotificationKind,
  companyLanguage: "pl" | "en",
  memberLanguage: "pl" | "en",
): Pick<Notification, "email" | "sms"> {
  if (companyLanguage === memberLanguage) return settings;
  const theirs = DEFAULT_TEXTS[kind][companyLanguage];
  const ours = DEFAULT_TEXTS[kind][memberLanguage];
  const { email, sms } = settings;
  const emailDefault = email.subject === theirs.subject && email.html === theirs.html && email.textMode === "auto";
  return {
    email: emailDefault ? { ...email, subject: ours.subject, html: ours.html, text: htmlToPlainText(ours.html) } : email,
    sms: sms.text === theirs.sms ? { ...sms, text: ours.sms } : sms,
  };
}

const EARNING_CAUSES = new Set(["purchase", "manual", "event", "birthday", "automation"]);

/**
 * Which notification an event is, if any. A redemption's own deduction is announced as the reward
 * (reward_issued) and its cancellation's refund as redemption_cancelled, never also as a balance
 * change; welcome points come with the welcome message.
 */
async function occasionOf(tx: Queryable, event: DomainEvent): Promise<Occasion | null> {
  const p = event.payload as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  const base = { companyId: event.companyId, dedupeKey: `notif:${event.id}` };
  // Values of the occasion are written in the member's language (the company's when unknown).
  const rewardEvent = event.type === "reward.redeemed" || event.type === "redemption.cancelled";
  const memberId = rewardEvent ? str(p.memberId) : event.entityId;
  const member = memberId ? await findMember(tx, event.companyId, memberId) : null;
  const language = member?.language ?? (await getCompany(tx, event.companyId)).language;
  const f = messageFormat(language);
  const change = (points: unknown) => f.number(Math.abs(Number(points) || 0));
  // The balance right after the event, when the event carries it ({points}, {pending_points});
  // otherwise the message reads the balance when it is written.
  const balanceOf = (q: Record<string, unknown>): Record<string, string> => ({
    ...(typeof q.balance === "number" ? { points: f.number(q.balance) } : {}),
    ...(typeof q.pendingBalance === "number" ? { pending_points: f.number(q.pendingBalance) } : {}),
  });
  switch (event.type) {
    case "member.enrolled": {
      const programId = str(p.programId);
      if (!event.entityId || !programId) return null;
      return { ...base, kind: "welcome", memberId: event.entityId, programId, extra: { points_change: change(p.welcomePoints) } };
    }
    case "points.added":
    case "points.deducted": {
      const programId = str(p.programId);
      const cause = str(p.cause);
      if (!event.entityId || !programId) return null;
      let kind: NotificationKind | null = null;
      if (event.type === "points.added") kind = cause && EARNING_CAUSES.has(cause) ? "points_earned" : null;
      else if (cause === "return") kind = "points_returned";
      else if (cause !== "redemption") kind = "points_spent";
      if (!kind) return null;
      return { ...base, kind, memberId: event.entityId, programId, extra: { points_change: change(p.points), ...balanceOf(p) } };
    }
    case "member.tier_changed": {
      const programId = str(p.programId);
      if (!event.entityId || !programId) return null;
      // The tier of the occasion: by the time the message is written the member may have moved on.
      const toTierId = str(p.toTierId);
      const tier = toTierId ? await getTierRow(tx, event.companyId, toTierId) : null;
      return {
        ...base,
        kind: "tier_changed",
        memberId: event.entityId,
        programId,
        extra: { tier: tier?.name ?? "", discount: tier ? f.percent(tier.discount_bp) : "" },
      };
    }
    case "reward.redeemed":
    case "redemption.cancelled": {
      const memberId = str(p.memberId);
      const rewardId = str(p.rewardId);
      if (!memberId || !rewardId || !event.entityId) return null;
      const reward = await getRewardRow(tx, event.companyId, rewardId);
      const extra: Record<string, string> = {
        reward_name: language === "en" && reward.name_en ? reward.name_en : reward.name_pl,
        points_change: change(p.points),
        ...balanceOf(p),
      };
      if (event.type === "reward.redeemed") {
        extra.voucher_code = (await codesOfRedemption(tx, event.companyId, event.entityId)).join(", ");
        return { ...base, kind: "reward_issued", memberId, programId: reward.program_id, extra };
      }
      return { ...base, kind: "redemption_cancelled", memberId, programId: reward.program_id, extra };
    }
    default:
      return null;
  }
}

export const NOTIFICATION_EVENT_TYPES = [
  "member.enrolled",
  "points.added",
  "points.deducted",
  "member.tier_changed",
  "reward.redeemed",
  "redemption.cancelled",
] as const;

/**
 * The outbox consumer `notifications`: turns domain events into the programs' automatic
 * notifications. Its messages are queued in the consumption's transaction, so an event produces
 * them exactly once (and the dedupe key `notif:<eventId>:<channel>` guards any replay).
 */
export function notificationsConsumer(config: Config, clock: () => Date = () => new Date()): EventConsumer {
  return {
    name: "notifications",
    types: NOTIFICATION_EVENT_TYPES,
    async handle(tx, event) {
      const occasion = await occasionOf(tx, event);
      if (occasion) await queueNotification(tx, occasion, { config, now: clock() });
    },
  };
}
