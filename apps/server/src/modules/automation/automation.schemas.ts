import { z } from "zod";

// A scenario: one trigger, conditions that must all hold, ordered actions (with waits between them).

const id = z.string().min(1).max(100);
const ids = (max: number) =>
  z
    .array(id)
    .min(1, "must not be empty")
    .max(max, `at most ${max}`)
    .refine((a) => new Set(a).size === a.length, "each id at most once");
const words = (max: number) =>
  z
    .array(z.string().trim().min(1, "is required").max(100, "must be at most 100 characters"))
    .min(1, "must not be empty")
    .max(max, `at most ${max}`);
const wholeNumber = (min: number, max: number) =>
  z.number().int("must be a whole number").min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);

/** Triggers that follow a domain event, one run per occurrence. */
export const EVENT_TRIGGERS = [
  "member_joined",
  "portal_activated",
  "purchase_recorded",
  "points_added",
  "points_deducted",
  "reward_ordered",
  "reward_issued",
  "reward_shipped",
  "tier_changed",
  "consent_granted",
  "consent_withdrawn",
  "referral_registered",
  "referral_successful",
  "message_sent",
  "message_failed",
  "custom_event",
] as const;
/** Triggers the scheduled job checks every hour, each once per member and occurrence. */
export const SCHEDULED_TRIGGERS = ["birthday", "join_anniversary", "no_purchase", "points_expiring"] as const;
export const TRIGGER_TYPES = [...EVENT_TRIGGERS, ...SCHEDULED_TRIGGERS] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

const plainTrigger = <T extends TriggerType>(type: T) => z.object({ type: z.literal(type) }).strict();

export const trigger = z
  .discriminatedUnion("type", [
    plainTrigger("member_joined"),
    plainTrigger("portal_activated"),
    plainTrigger("purchase_recorded"),
    plainTrigger("points_added"),
    plainTrigger("points_deducted"),
    plainTrigger("reward_ordered"),
    plainTrigger("reward_issued"),
    plainTrigger("reward_shipped"),
    plainTrigger("tier_changed"),
    z.object({ type: z.literal("consent_granted"), consentId: id }).strict(),
    z.object({ type: z.literal("consent_withdrawn"), consentId: id }).strict(),
    plainTrigger("referral_registered"),
    z
      .object({
        type: z.literal("referral_successful"),
        measure: z.enum(["spent", "points"]).describe("spent: the friend's purchases (minor units); points: points the friend earned"),
        threshold: wholeNumber(1, 100_000_000).describe("in minor units for `spent` (20000 = 200 zł), in points for `points`"),
      })
      .strict(),
    plainTrigger("message_sent"),
    plainTrigger("message_failed"),
    z
      .object({
        type: z.literal("custom_event"),
        name: z
          .string()
          .trim()
          .min(1, "is required")
          .max(100, "must be at most 100 characters")
          .describe("the `name` of events posted to POST /members/:id/events"),
      })
      .strict(),
    plainTrigger("birthday"),
    plainTrigger("join_anniversary"),
    z.object({ type: z.literal("no_purchase"), days: wholeNumber(1, 3650) }).strict(),
    z.object({ type: z.literal("points_expiring"), days: wholeNumber(1, 365) }).strict(),
  ])
  .meta({ id: "AutomationTrigger" });

export const CONDITION_TYPES = [
  "tier",
  "tags",
  "consent",
  "program",
  "join_location",
  "member_attribute",
  "age",
  "balance",
  "custom_field",
  "purchase_amount",
  "purchase_location",
  "purchase_product",
] as const;

export const condition = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("tier"), op: z.enum(["in", "not_in"]), tierIds: ids(50) }).strict(),
    z.object({ type: z.literal("tags"), op: z.enum(["has_any", "has_all", "has_none"]), tags: words(50) }).strict(),
    z.object({ type: z.literal("consent"), op: z.enum(["granted", "not_granted"]), consentId: id }).strict(),
    z.object({ type: z.literal("program"), op: z.enum(["in", "not_in"]), programIds: ids(50) }).strict(),
    z.object({ type: z.literal("join_location"), op: z.enum(["in", "not_in"]), locationIds: ids(500) }).strict(),
    z
      .object({
        type: z.literal("member_attribute"),
        attribute: z.enum(["gender", "city", "country", "language"]),
        op: z.enum(["eq", "neq"]),
        value: z.string().trim().max(200, "must be at most 200 characters"),
      })
      .strict(),
    z.object({ type: z.literal("age"), op: z.enum(["gte", "lte"]), years: wholeNumber(0, 150) }).strict(),
    z.object({ type: z.literal("balance"), op: z.enum(["gte", "lte"]), points: wholeNumber(-100_000_000, 100_000_000) }).strict(),
    z
      .object({
        type: z.literal("custom_field"),
        key: z.string().min(1).max(100),
        op: z.enum(["eq", "neq", "contains", "gte", "lte", "is_set", "is_not_set"]),
        value: z
          .union([z.string().max(500), z.number(), z.boolean()])
          .nullable()
          .default(null),
      })
      .strict(),
    z
      .object({
        type: z.literal("purchase_amount"),
        op: z.enum(["gte", "lte"]),
        amount: wholeNumber(0, 100_000_000_000).describe("minor units"),
      })
      .strict(),
    z.object({ type: z.literal("purchase_location"), op: z.enum(["in", "not_in"]), locationIds: ids(500) }).strict(),
    z
      .object({ type: z.literal("purchase_product"), match: z.enum(["category", "sku", "producer"]), values: words(100) })
      .strict()
      .describe("the purchase has a line with one of these categories / SKUs / producers"),
  ])
  .meta({ id: "AutomationCondition" });

export const ACTION_TYPES = [
  "add_points",
  "deduct_points",
  "send_message",
  "issue_reward",
  "set_tier",
  "add_tag",
  "remove_tag",
  "call_webhook",
  "send_webhook",
  "wait",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

const reason = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters").describe("shown in the ledger");
const tag = z.string().trim().min(1, "is required").max(100, "must be at most 100 characters");

export const action = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("add_points"), points: wholeNumber(1, 1_000_000), reason }).strict(),
    z.object({ type: z.literal("deduct_points"), points: wholeNumber(1, 1_000_000), reason }).strict(),
    z.object({ type: z.literal("send_message"), templateId: id.describe("a message template; its channel is the message's") }).strict(),
    z
      .object({
        type: z.literal("issue_reward"),
        rewardId: id.describe("issued as a gift (no points); a voucher reward's code goes with it"),
      })
      .strict(),
    z.object({ type: z.literal("set_tier"), tierId: id }).strict(),
    z.object({ type: z.literal("add_tag"), tag }).strict(),
    z.object({ type: z.literal("remove_tag"), tag }).strict(),
    z
      .object({
        type: z.literal("call_webhook"),
        url: z.string().trim().max(1000, "must be at most 1000 characters").describe("https:// address"),
      })
      .strict()
      .describe("one POST to an address, unsigned, not retried (see send_webhook)"),
    z
      .object({
        type: z.literal("send_webhook"),
        endpointId: id.describe("one of the company's webhook endpoints: the delivery is signed, retried and logged there"),
      })
      .strict(),
    z.object({ type: z.literal("wait"), amount: wholeNumber(1, 365 * 24 * 60), unit: z.enum(["minutes", "hours", "days"]) }).strict(),
  ])
  .meta({ id: "AutomationAction" });

export const frequencyLimit = z
  .object({ runs: wholeNumber(1, 1000), days: wholeNumber(1, 3650) })
  .strict()
  .describe("at most `runs` runs per member in `days` days")
  .meta({ id: "AutomationFrequencyLimit" });

const name = z.string().trim().min(1, "is required").max(200, "must be at most 200 characters");
const dateTime = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).transform((s) => new Date(s));

export const scenarioInput = z
  .object({
    name,
    description: z.string().max(2000, "must be at most 2000 characters").default(""),
    programId: id.nullable().default(null).describe("null = every program; points actions then use the company's default program"),
    status: z.enum(["active", "paused"]).default("paused"),
    trigger,
    conditions: z.array(condition).max(20, "at most 20").default([]),
    actions: z.array(action).min(1, "must not be empty").max(20, "at most 20"),
    activeFrom: dateTime.nullable().default(null),
    activeUntil: dateTime.nullable().default(null),
    frequencyLimit: frequencyLimit.nullable().default(null),
    templateKey: z.string().max(100).nullable().default(null).describe("the ready-made scenario it started from"),
  })
  .strict();

/** What a scenario answer and a ready-made draft share. */
const scenarioFields = {
  name: z.string(),
  description: z.string(),
  programId: z.string().nullable(),
  status: z.enum(["active", "paused"]),
  trigger,
  conditions: z.array(condition),
  actions: z.array(action),
  frequencyLimit: frequencyLimit.nullable(),
};

/** A ready-made scenario, as the builder starts from it (no active window). */
export const scenarioDraft = z.object({ ...scenarioFields, templateKey: z.string() }).meta({ id: "AutomationScenarioDraft" });

export const scenarioPatch = z
  .object({
    name: name.optional(),
    description: z.string().max(2000, "must be at most 2000 characters").optional(),
    programId: id.nullable().optional(),
    status: z.enum(["active", "paused"]).optional(),
    trigger: trigger.optional(),
    conditions: z.array(condition).max(20, "at most 20").optional(),
    actions: z.array(action).min(1, "must not be empty").max(20, "at most 20").optional(),
    activeFrom: dateTime.nullable().optional(),
    activeUntil: dateTime.nullable().optional(),
    frequencyLimit: frequencyLimit.nullable().optional(),
  })
  .strict();

export const scenarioStats = z
  .object({
    runs: z.number().int().describe("runs started (every status)"),
    completed: z.number().int(),
    waiting: z.number().int().describe("pending or waiting for a delay"),
    skipped: z.number().int(),
    failed: z.number().int(),
    pointsGiven: z.number().int().describe("added minus deducted by its actions"),
    messagesQueued: z.number().int(),
    rewardsIssued: z.number().int(),
    lastRunAt: z.date().nullable(),
  })
  .meta({ id: "AutomationScenarioStats" });

export const scenario = z
  .object({
    id: z.string(),
    ...scenarioFields,
    activeFrom: z.date().nullable(),
    activeUntil: z.date().nullable(),
    templateKey: z.string().nullable(),
    stats: scenarioStats,
    createdAt: z.date(),
    updatedAt: z.date(),
  })
  .meta({ id: "AutomationScenario" });

export const scenarioQuery = z.object({
  status: z.enum(["active", "paused"]).optional(),
  trigger: z.enum(TRIGGER_TYPES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const RUN_STATUSES = ["pending", "waiting", "completed", "skipped", "failed"] as const;
export const STEP_OUTCOMES = ["done", "skipped", "failed"] as const;

export const runStep = z
  .object({
    index: z.number().int().describe("the action's position in the scenario"),
    type: z.enum(ACTION_TYPES),
    outcome: z.enum(STEP_OUTCOMES),
    /** A code: points_added, message_queued, no_consent, insufficient_points, out_of_stock… */
    detail: z.string(),
    data: z
      .record(z.string(), z.unknown())
      .describe("what the action left: entryId, points, deliveryId, redemptionId, codes, tierId, tag, status…"),
    at: z.date(),
  })
  .meta({ id: "AutomationRunStep" });

export const run = z
  .object({
    id: z.string(),
    scenarioId: z.string(),
    scenarioName: z.string(),
    member: z.object({ id: z.string(), cardNumber: z.string(), firstName: z.string(), lastName: z.string() }),
    occurrenceKey: z.string().describe("with scenario and member, unique: the same occurrence never runs twice"),
    trigger: z.object({
      type: z.enum(TRIGGER_TYPES),
      eventId: z.string().nullable(),
      /** What fired it: purchaseId, amount, points, friendId, rewardId, day… */
      data: z.record(z.string(), z.unknown()),
    }),
    status: z.enum(RUN_STATUSES),
    /** Why a run was skipped or failed: frequency_limit, member_inactive, scenario_paused, … */
    reason: z.string().nullable(),
    steps: z.array(runStep),
    nextActionIndex: z.number().int(),
    dueAt: z.date().nullable().describe("when a waiting run goes on"),
    pointsGiven: z.number().int(),
    messagesQueued: z.number().int(),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
  })
  .meta({ id: "AutomationRun" });

export const runQuery = z.object({
  scenarioId: z.string().max(100).optional(),
  memberId: z.string().max(100).optional(),
  status: z.enum(RUN_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export const dryRun = z
  .object({
    scope: z
      .enum(["due_today", "audience"])
      .describe(
        "due_today: a scheduled trigger's members due today; audience: members the member conditions let through (event triggers fire per occurrence)",
      ),
    members: z.number().int().describe("members it would reach"),
    sample: z.array(z.object({ id: z.string(), cardNumber: z.string(), firstName: z.string(), lastName: z.string() })).describe("up to 10"),
    perRun: z.object({
      points: z.number().int().describe("points added minus deducted by one run"),
      messages: z.object({ email: z.number().int(), sms: z.number().int(), push: z.number().int() }),
      rewards: z.number().int(),
    }),
    total: z.object({
      points: z.number().int().describe("members × perRun.points"),
      messages: z
        .object({ email: z.number().int(), sms: z.number().int(), push: z.number().int() })
        .describe("messages to members who grant the template's consent and have an address on its channel"),
      rewards: z.number().int(),
    }),
    notes: z
      .array(z.string())
      .describe("codes: purchase_conditions_per_occurrence, frequency_limit_not_counted, scenario_paused, outside_active_window"),
  })
  .meta({ id: "AutomationDryRun" });

export const scenarioTemplate = z
  .object({
    key: z.string(),
    name: z.string(),
    description: z.string(),
    /** Several scenarios for one idea (the referral bonus: on registration and on success); POST each as is. */
    scenarios: z.array(scenarioDraft),
  })
  .meta({ id: "AutomationScenarioTemplate" });

export const templatesQuery = z.object({ language: z.enum(["pl", "en"]).optional() });

export type Trigger = z.infer<typeof trigger>;
export type Condition = z.infer<typeof condition>;
export type Action = z.infer<typeof action>;
export type ScenarioInput = z.infer<typeof scenarioInput>;
export type ScenarioPatch = z.infer<typeof scenarioPatch>;
export type Scenario = z.infer<typeof scenario>;
export type AutomationRun = z.infer<typeof run>;
export type RunStep = z.infer<typeof runStep>;
export type DryRun = z.infer<typeof dryRun>;
