import type { DomainEvent } from "../../platform/events.js";
import type { Trigger, TriggerType } from "./automation.schemas.js";

/** One thing that happened to one member, as scenarios see it. */
export interface Occurrence {
  triggerType: TriggerType;
  memberId: string;
  /** With scenario and member, unique: the domain's own id of what happened, never the event's. */
  key: string;
  programId: string | null;
  /** Shown in the run log; purchase conditions read amountMinor, locationId, purchaseId. */
  data: Record<string, unknown>;
  /** Narrows which scenarios of the trigger type match (a consent's id, a custom event's name). */
  matches?: (t: Trigger) => boolean;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);

/** The domain events automation listens to. */
export const AUTOMATION_EVENT_TYPES = [
  "member.enrolled",
  "member.portal_activated",
  "purchase.recorded",
  "points.added",
  "points.deducted",
  "reward.redeemed",
  "reward.shipped",
  "member.tier_changed",
  "member.consents_changed",
  "referral.registered",
  "message.sent",
  "message.failed",
  "member.event_recorded",
] as const;

/**
 * What an event means to scenarios: none, one or several occurrences (a consent change per
 * consent). What automation itself did (its points, its messages, the tiers it set) triggers no
 * scenario, so two scenarios can never feed each other for ever.
 */
export function occurrencesOf(event: DomainEvent): Occurrence[] {
  const p = event.payload;
  if (str(p.scenarioId) || p.kind === "automation") return [];
  const programId = str(p.programId);
  const one = (o: Omit<Occurrence, "programId"> & { programId?: string | null }): Occurrence[] => [{ programId, ...o }];
  const memberId = event.entityType === "member" ? event.entityId : str(p.memberId);
  if (!memberId) return [];
  switch (event.type) {
    case "member.enrolled":
      return programId ? one({ triggerType: "member_joined", memberId, key: `joined:${programId}`, data: { programId } }) : [];
    case "member.portal_activated":
      return one({ triggerType: "portal_activated", memberId, key: "portal-activated", data: { via: p.via ?? null } });
    case "purchase.recorded":
      return one({
        triggerType: "purchase_recorded",
        memberId,
        key: `purchase:${event.entityId}`,
        data: {
          purchaseId: event.entityId,
          amountMinor: Number(p.amountMinor ?? 0),
          locationId: str(p.locationId),
          points: Number(p.points ?? 0),
        },
      });
    case "points.added":
    case "points.deducted": {
      const added = event.type === "points.added";
      return one({
        triggerType: added ? "points_added" : "points_deducted",
        memberId,
        // a purchase's points, an entry, or (older events) the event itself
        key: `${added ? "added" : "deducted"}:${str(p.entryId) ?? str(p.purchaseId) ?? str(p.redemptionId) ?? event.id}`,
        data: { points: Number(p.points ?? 0), cause: str(p.cause) },
      });
    }
    case "reward.redeemed":
      return one({
        triggerType: p.byMember === true ? "reward_ordered" : "reward_issued",
        memberId,
        key: `reward:${event.entityId}`,
        data: { redemptionId: event.entityId, rewardId: str(p.rewardId), points: Number(p.points ?? 0) },
      });
    case "reward.shipped":
      return one({
        triggerType: "reward_shipped",
        memberId,
        key: `shipped:${event.entityId}`,
        data: { redemptionId: event.entityId, rewardId: str(p.rewardId) },
      });
    case "member.tier_changed":
      return one({
        triggerType: "tier_changed",
        memberId,
        key: `tier:${event.id}`,
        data: { fromTierId: str(p.fromTierId), toTierId: str(p.toTierId) },
      });
    case "member.consents_changed": {
      const changes = Array.isArray(p.changes) ? (p.changes as { consentId?: string; granted?: boolean; version?: number }[]) : [];
      return changes.flatMap((c) =>
        c.consentId
          ? one({
              triggerType: c.granted ? "consent_granted" : "consent_withdrawn",
              memberId,
              key: `consent:${c.consentId}:${event.id}`,
              data: { consentId: c.consentId },
              matches: (t) => "consentId" in t && t.consentId === c.consentId,
            })
          : [],
      );
    }
    case "referral.registered": {
      const friendId = str(p.friendId);
      return friendId ? one({ triggerType: "referral_registered", memberId, key: `referral:${friendId}`, data: { friendId } }) : [];
    }
    case "message.sent":
    case "message.failed":
      return one({
        triggerType: event.type === "message.sent" ? "message_sent" : "message_failed",
        memberId,
        key: `message:${str(p.deliveryId) ?? event.id}`,
        data: { deliveryId: str(p.deliveryId), channel: str(p.channel), kind: str(p.kind) },
      });
    case "member.event_recorded": {
      const name = str(p.name);
      if (p.eventType !== "custom" || !name) return [];
      return one({
        triggerType: "custom_event",
        memberId,
        key: `custom:${name}:${str(p.key) ?? event.id}`,
        data: { name, key: str(p.key) },
        matches: (t) => t.type === "custom_event" && t.name === name,
      });
    }
    default:
      return [];
  }
}
