import type { DomainEvent } from "../../platform/events.js";

/**
 * The public event catalogue: which domain events (platform/events.ts outbox) an integrator's
 * endpoint receives, and the `data` each carries. Only ids, numbers, statuses and short codes are
 * published, never names, addresses or free texts: an endpoint is a copy outside the company's
 * control, and the member's erasure cannot reach it. Internal configuration events (a rule edited,
 * a template saved) are not published. The admin translates descriptions by type.
 */

export type EventGroup = "members" | "points" | "purchases" | "rewards" | "referrals" | "messages" | "webhooks";

/** A published field: its name in `data`, where it comes from, and its JSON kind (docs/webhooks.md). */
interface Field {
  name: string;
  /** a payload key, or "entityId" (the event's subject) */
  from: string;
  kind: "id" | "number" | "boolean" | "code" | "codes" | "object[]";
}

interface CatalogueEntry {
  type: string;
  group: EventGroup;
  description: string;
  fields: Field[];
}

const id = (name: string, from = name): Field => ({ name, from, kind: "id" });
const num = (name: string, from = name): Field => ({ name, from, kind: "number" });
const code = (name: string, from = name): Field => ({ name, from, kind: "code" });
const memberSubject = id("memberId", "entityId");

export const EVENT_CATALOGUE: readonly CatalogueEntry[] = [
  {
    type: "member.created",
    group: "members",
    description: "A member was created (card issued, sign-up in the portal or the widget, import).",
    fields: [memberSubject, id("joinLocationId"), id("referrerId")],
  },
  {
    type: "member.updated",
    group: "members",
    description: "A member's data changed; `fields` names what changed (read the member through the API).",
    fields: [memberSubject, { name: "fields", from: "fields", kind: "codes" }],
  },
  {
    type: "member.enrolled",
    group: "members",
    description: "A member joined a program.",
    fields: [memberSubject, id("programId"), num("welcomePoints")],
  },
  {
    type: "member.tier_changed",
    group: "members",
    description: "A member moved to another tier of a program (up or down).",
    fields: [memberSubject, id("programId"), id("fromTierId"), id("toTierId"), code("reason")],
  },
  {
    type: "member.consents_changed",
    group: "members",
    description: "A member granted or withdrew consents; `changes` lists each consent's new state.",
    fields: [memberSubject, { name: "changes", from: "changes", kind: "object[]" }],
  },
  {
    type: "member.erased",
    group: "members",
    description: "A member's personal data was erased (GDPR); delete your copy of it.",
    fields: [memberSubject],
  },
  {
    type: "points.added",
    group: "points",
    description: "Points were added to a member's balance (a purchase, a bonus, a manual entry, a cancelled redemption…).",
    fields: [memberSubject, id("programId"), num("points"), code("cause"), id("purchaseId"), id("redemptionId"), num("balance")],
  },
  {
    type: "points.deducted",
    group: "points",
    description: "Points were taken from a member's balance (a redemption, a return, a manual entry, expiry…); `points` is negative.",
    fields: [memberSubject, id("programId"), num("points"), code("cause"), id("returnId"), id("redemptionId"), num("balance")],
  },
  {
    type: "purchase.recorded",
    group: "purchases",
    description: "A purchase was recorded for a member, with the points it earned.",
    fields: [id("purchaseId", "entityId"), id("memberId"), id("programId"), num("amountMinor"), num("points"), id("locationId")],
  },
  {
    type: "purchase.returned",
    group: "purchases",
    description: "A purchase was returned in full or in part.",
    fields: [id("purchaseId", "entityId"), id("memberId"), id("programId"), id("returnId"), num("amountMinor"), num("points")],
  },
  {
    type: "reward.redeemed",
    group: "rewards",
    description: "A member took a reward for points (ordered in the portal or issued by staff).",
    fields: [id("redemptionId", "entityId"), id("memberId"), id("rewardId"), code("kind"), num("quantity"), num("points")],
  },
  {
    type: "reward.shipped",
    group: "rewards",
    description: "A reward was shipped to the member.",
    fields: [id("redemptionId", "entityId"), id("memberId"), id("rewardId")],
  },
  {
    type: "reward.collected",
    group: "rewards",
    description: "A member collected a reward at a location.",
    fields: [id("redemptionId", "entityId"), id("memberId"), id("rewardId")],
  },
  {
    type: "redemption.cancelled",
    group: "rewards",
    description: "A redemption was cancelled and its points given back.",
    fields: [id("redemptionId", "entityId"), id("memberId"), id("rewardId"), num("points")],
  },
  {
    type: "referral.registered",
    group: "referrals",
    description: "A friend joined with a member's referral (`memberId` is the referrer).",
    fields: [memberSubject, id("friendId")],
  },
  {
    type: "message.sent",
    group: "messages",
    description: "A message to a member (notification, campaign, automation) was sent.",
    fields: [memberSubject, id("deliveryId"), code("channel"), code("kind")],
  },
  {
    type: "message.failed",
    group: "messages",
    description: "A message to a member could not be sent.",
    fields: [memberSubject, id("deliveryId"), code("channel"), code("kind")],
  },
  {
    type: "webhook.test",
    group: "webhooks",
    description: 'A test event sent from the admin ("Send test event"); it carries nothing of the program.',
    fields: [],
  },
];

const BY_TYPE = new Map(EVENT_CATALOGUE.map((e) => [e.type, e]));

/** The domain event types the `webhooks` consumer listens to (the test event is not an outbox event). */
export const PUBLISHED_EVENT_TYPES: readonly string[] = EVENT_CATALOGUE.map((e) => e.type).filter((t) => t !== "webhook.test");

export function isPublishedType(type: string): boolean {
  return BY_TYPE.has(type);
}

/** The catalogue as the API answers it. */
export function eventTypes(): { type: string; group: EventGroup; description: string }[] {
  return EVENT_CATALOGUE.map(({ type, group, description }) => ({ type, group, description }));
}

function publicValue(kind: Field["kind"], v: unknown): unknown {
  switch (kind) {
    case "id":
    case "code":
      return typeof v === "string" && v !== "" ? v : null;
    case "number":
      return typeof v === "number" || (typeof v === "string" && v !== "" && Number.isFinite(Number(v))) ? Number(v) : null;
    case "boolean":
      return typeof v === "boolean" ? v : null;
    case "codes":
      return Array.isArray(v) ? v.filter((x) => typeof x === "string") : [];
    case "object[]":
      // consents: only their ids, states and versions
      return Array.isArray(v)
        ? v.map((x: Record<string, unknown>) => ({
            consentId: typeof x?.consentId === "string" ? x.consentId : null,
            granted: x?.granted === true,
            version: typeof x?.version === "number" ? x.version : null,
          }))
        : [];
  }
}

/** The member an event is about (its ordering key), if any. */
export function memberOfEvent(event: Pick<DomainEvent, "entityType" | "entityId" | "payload">): string | null {
  if (event.entityType === "member") return event.entityId;
  const m = event.payload.memberId;
  return typeof m === "string" && m !== "" ? m : null;
}

/** The published `data` of an event: the documented fields only, absent ones as null. */
export function publicData(event: Pick<DomainEvent, "type" | "entityId" | "payload">): Record<string, unknown> {
  const entry = BY_TYPE.get(event.type);
  if (!entry) return {};
  const data: Record<string, unknown> = {};
  for (const f of entry.fields) data[f.name] = publicValue(f.kind, f.from === "entityId" ? event.entityId : event.payload[f.from]);
  return data;
}

/** The body sent, per Standard Webhooks: `{ type, timestamp, data }` (the event's time, not the attempt's). */
export function webhookBody(type: string, occurredAt: Date, data: Record<string, unknown>): string {
  return JSON.stringify({ type, timestamp: occurredAt.toISOString(), data });
}
