import { z } from "zod";
import { detail, type ErrorDetail } from "../../platform/errors.js";

const isoDateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));
const names = z.array(z.string().trim().min(1).max(100)).max(500);
const ids = z.array(z.string().max(100)).max(1000);
/** The icons a rule can show to members (the portal draws them); the database check lists the same. */
export const RULE_ICONS = [
  "star",
  "cart",
  "gift",
  "cake",
  "heart",
  "megaphone",
  "coffee",
  "tag",
  "calendar",
  "trophy",
  "users",
  "bolt",
] as const;
export const eventType = z.enum(["registration", "newsletter_confirmed", "review_approved", "birthday", "custom"]);

const ruleFields = {
  name: z.string().trim().min(1, "is required").max(120),
  description: z.string().trim().max(1000),
  icon: z.enum(RULE_ICONS),
  kind: z.enum(["multiplier", "bonus", "event"]),
  multiplierBp: z.number().int().min(10_001, "must be above 10000 (×1)").max(100_000, "must be at most 100000 (×10)").nullable(),
  bonusPoints: z.number().int().min(1, "must be at least 1").max(1_000_000).nullable(),
  perItem: z.boolean(),
  eventType: eventType.nullable(),
  eventName: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9_.-]+$/, "may contain a–z, 0–9, _ . -")
    .nullable(),
  skus: names,
  categories: names,
  producers: names,
  tierIds: ids,
  tags: names,
  memberIds: ids,
  locationIds: ids,
  startsAt: isoDateTime.nullable(),
  endsAt: isoDateTime.nullable(),
  capPerDay: z.number().int().min(1).max(10_000_000).nullable(),
  capPerMonth: z.number().int().min(1).max(100_000_000).nullable(),
  active: z.boolean(),
};

type RuleShape = { [K in keyof typeof ruleFields]?: z.infer<(typeof ruleFields)[K]> };

/** What each kind needs; shared by create and the merged result of an update. */
export function ruleProblems(r: RuleShape): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  if (r.kind === "multiplier" && r.multiplierBp == null) out.push(detail("multiplierBp", "required_for_rule", { kind: r.kind }));
  if ((r.kind === "bonus" || r.kind === "event") && r.bonusPoints == null)
    out.push(detail("bonusPoints", "required_for_rule", { kind: r.kind }));
  if (r.kind === "event" && r.eventType == null) out.push(detail("eventType", "required_event_rule"));
  if (r.kind === "event" && r.eventType === "custom" && r.eventName == null) out.push(detail("eventName", "required_custom_event"));
  if (r.kind !== "event" && r.eventType != null) out.push(detail("eventType", "event_type_only_event"));
  if (r.perItem && !(r.skus?.length || r.categories?.length || r.producers?.length)) out.push(detail("perItem", "per_item_needs_products"));
  if (r.startsAt && r.endsAt && r.endsAt <= r.startsAt) out.push(detail("endsAt", "after_starts_at"));
  return out;
}

export const ruleInput = z
  .strictObject({
    name: ruleFields.name,
    description: ruleFields.description.default(""),
    icon: ruleFields.icon.default("star"),
    kind: ruleFields.kind,
    multiplierBp: ruleFields.multiplierBp.default(null),
    bonusPoints: ruleFields.bonusPoints.default(null),
    perItem: ruleFields.perItem.default(false),
    eventType: ruleFields.eventType.default(null),
    eventName: ruleFields.eventName.default(null),
    skus: ruleFields.skus.default([]),
    categories: ruleFields.categories.default([]),
    producers: ruleFields.producers.default([]),
    tierIds: ruleFields.tierIds.default([]),
    tags: ruleFields.tags.default([]),
    memberIds: ruleFields.memberIds.default([]),
    locationIds: ruleFields.locationIds.default([]),
    startsAt: ruleFields.startsAt.default(null),
    endsAt: ruleFields.endsAt.default(null),
    capPerDay: ruleFields.capPerDay.default(null),
    capPerMonth: ruleFields.capPerMonth.default(null),
    active: ruleFields.active.default(true),
  })
  .superRefine((r, ctx) => {
    for (const p of ruleProblems(r)) ctx.addIssue({ code: "custom", path: [p.path], message: p.message });
  });

export const rulePatch = z.object(ruleFields).omit({ kind: true }).partial().strict();

export const rule = z
  .object({
    id: z.string(),
    programId: z.string(),
    name: z.string(),
    description: z.string(),
    icon: z.enum(RULE_ICONS),
    kind: ruleFields.kind,
    multiplierBp: z.number().int().nullable(),
    bonusPoints: z.number().int().nullable(),
    perItem: z.boolean(),
    eventType: eventType.nullable(),
    eventName: z.string().nullable(),
    skus: z.array(z.string()),
    categories: z.array(z.string()),
    producers: z.array(z.string()),
    tierIds: z.array(z.string()),
    tags: z.array(z.string()),
    memberIds: z.array(z.string()),
    locationIds: z.array(z.string()),
    startsAt: z.date().nullable(),
    endsAt: z.date().nullable(),
    capPerDay: z.number().int().nullable(),
    capPerMonth: z.number().int().nullable(),
    active: z.boolean(),
    createdAt: z.date(),
  })
  .meta({ id: "EarningRule" });

export const memberEventBody = z
  .strictObject({
    programId: z.string().min(1, "is required").max(100),
    type: eventType,
    name: z.string().trim().min(1).max(100).optional().describe("the custom event's name, for type custom"),
    key: z
      .string()
      .trim()
      .min(1, "is required")
      .max(200)
      .describe("idempotency key of the occurrence, e.g. the review id; the same key never pays twice"),
  })
  // Custom event rules are chosen by the event's name: without one no rule could match.
  .superRefine((e, ctx) => {
    if (e.type === "custom" && e.name === undefined)
      ctx.addIssue({ code: "custom", path: ["name"], message: "is required for a custom event" });
  });

export const eventAward = z.object({
  ruleId: z.string(),
  ruleName: z.string(),
  points: z.number().int(),
  ledgerEntryId: z.string().nullable(),
  alreadyAwarded: z.boolean(),
});

export type RuleInput = z.infer<typeof ruleInput>;
export type RulePatch = z.infer<typeof rulePatch>;
export type Rule = z.infer<typeof rule>;
