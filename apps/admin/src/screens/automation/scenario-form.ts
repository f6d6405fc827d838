import type { UseFormReturnType } from "@mantine/form";
import type {
  Action,
  ActionType,
  Condition,
  ConditionType,
  Scenario,
  ScenarioDraft,
  ScenarioInput,
  TriggerType,
} from "../../api/automation";
import { fromLocalInput, moneyInput, parseMoney, toLocalInput } from "../../format";

// The builder's values. They keep the API's shape and field names, so an API error at
// "actions.1.points" or "trigger.threshold" lands on its input as it is; every field of every
// kind is present (a kind's own fields are picked when the body is built), and money is kept as
// the text typed in zł (the API counts grosze).

export interface TriggerValues {
  type: TriggerType;
  consentId: string | null;
  measure: "spent" | "points";
  /** zł as typed ("200" or "199,99") when measure is spent, else points */
  threshold: string;
  name: string;
  days: number | string;
}

export interface ConditionValues {
  /** Only for React's list keys. */
  uid: string;
  type: ConditionType;
  op: string;
  tierIds: string[];
  tags: string[];
  consentId: string | null;
  programIds: string[];
  locationIds: string[];
  attribute: "gender" | "city" | "country" | "language";
  value: string;
  years: number | string;
  points: number | string;
  /** custom_field: the field's key */
  key: string | null;
  /** purchase_amount: zł as typed */
  amount: string;
  match: "category" | "sku" | "producer";
  values: string[];
}

export interface ActionValues {
  uid: string;
  type: ActionType;
  points: number | string;
  reason: string;
  templateId: string | null;
  rewardId: string | null;
  tierId: string | null;
  tag: string;
  url: string;
  endpointId: string | null;
  amount: number | string;
  unit: "minutes" | "hours" | "days";
}

export interface ScenarioValues {
  name: string;
  description: string;
  programId: string | null;
  status: "active" | "paused";
  trigger: TriggerValues;
  conditions: ConditionValues[];
  actions: ActionValues[];
  /** "YYYY-MM-DDTHH:mm" local, or "" */
  activeFrom: string;
  activeUntil: string;
  limited: boolean;
  frequencyLimit: { runs: number | string; days: number | string };
  templateKey: string | null;
}

export type ScenarioForm = UseFormReturnType<ScenarioValues>;

/** The operators each condition offers, the first being the default. */
export const CONDITION_OPS: Record<ConditionType, string[]> = {
  tier: ["in", "not_in"],
  tags: ["has_any", "has_all", "has_none"],
  consent: ["granted", "not_granted"],
  program: ["in", "not_in"],
  join_location: ["in", "not_in"],
  member_attribute: ["eq", "neq"],
  age: ["gte", "lte"],
  balance: ["gte", "lte"],
  custom_field: ["eq", "neq", "contains", "gte", "lte", "is_set", "is_not_set"],
  purchase_amount: ["gte", "lte"],
  purchase_location: ["in", "not_in"],
  purchase_product: ["any"],
};

let counter = 0;
const uid = () => `row${++counter}`;

export const EMPTY_TRIGGER: TriggerValues = {
  type: "purchase_recorded",
  consentId: null,
  measure: "spent",
  threshold: "",
  name: "",
  days: 90,
};

export function newCondition(type: ConditionType): ConditionValues {
  return {
    uid: uid(),
    type,
    op: CONDITION_OPS[type][0] ?? "",
    tierIds: [],
    tags: [],
    consentId: null,
    programIds: [],
    locationIds: [],
    attribute: "city",
    value: "",
    years: 18,
    points: 100,
    key: null,
    amount: "",
    match: "category",
    values: [],
  };
}

export function newAction(type: ActionType): ActionValues {
  return {
    uid: uid(),
    type,
    points: type === "add_points" || type === "deduct_points" ? 10 : "",
    reason: "",
    templateId: null,
    rewardId: null,
    tierId: null,
    tag: "",
    url: "",
    endpointId: null,
    amount: 1,
    unit: "days",
  };
}

export function emptyScenario(): ScenarioValues {
  return {
    name: "",
    description: "",
    programId: null,
    status: "paused",
    trigger: { ...EMPTY_TRIGGER },
    conditions: [],
    actions: [newAction("add_points")],
    activeFrom: "",
    activeUntil: "",
    limited: false,
    frequencyLimit: { runs: 1, days: 30 },
    templateKey: null,
  };
}

const money = (minor: number | undefined) => (minor === undefined ? "" : moneyInput(minor));

function conditionValues(c: Condition): ConditionValues {
  const v = { ...newCondition(c.type), op: "op" in c ? c.op : "any" };
  switch (c.type) {
    case "tier":
      return { ...v, tierIds: c.tierIds };
    case "tags":
      return { ...v, tags: c.tags };
    case "consent":
      return { ...v, consentId: c.consentId };
    case "program":
      return { ...v, programIds: c.programIds };
    case "join_location":
    case "purchase_location":
      return { ...v, locationIds: c.locationIds };
    case "member_attribute":
      return { ...v, attribute: c.attribute, value: c.value };
    case "age":
      return { ...v, years: c.years };
    case "balance":
      return { ...v, points: c.points };
    case "custom_field":
      return { ...v, key: c.key, value: c.value === null || c.value === undefined ? "" : String(c.value) };
    case "purchase_amount":
      return { ...v, amount: money(c.amount) };
    case "purchase_product":
      return { ...v, match: c.match, values: c.values };
  }
}

function actionValues(a: Action): ActionValues {
  const v = newAction(a.type);
  switch (a.type) {
    case "add_points":
    case "deduct_points":
      return { ...v, points: a.points, reason: a.reason };
    case "send_message":
      return { ...v, templateId: a.templateId };
    case "issue_reward":
      return { ...v, rewardId: a.rewardId };
    case "set_tier":
      return { ...v, tierId: a.tierId };
    case "add_tag":
    case "remove_tag":
      return { ...v, tag: a.tag };
    case "call_webhook":
      return { ...v, url: a.url };
    case "send_webhook":
      return { ...v, endpointId: a.endpointId };
    case "wait":
      return { ...v, amount: a.amount, unit: a.unit };
  }
}

/** A saved scenario or a ready-made draft as the builder's values. */
export function scenarioValues(s: Scenario | ScenarioDraft): ScenarioValues {
  const t = s.trigger;
  const trigger: TriggerValues = { ...EMPTY_TRIGGER, type: t.type };
  if (t.type === "consent_granted" || t.type === "consent_withdrawn") trigger.consentId = t.consentId;
  if (t.type === "referral_successful") {
    trigger.measure = t.measure;
    trigger.threshold = t.measure === "spent" ? money(t.threshold) : String(t.threshold);
  }
  if (t.type === "custom_event") trigger.name = t.name;
  if (t.type === "no_purchase" || t.type === "points_expiring") trigger.days = t.days;
  const saved = "activeFrom" in s ? s : null;
  return {
    name: s.name,
    description: s.description,
    programId: s.programId,
    status: s.status,
    trigger,
    conditions: s.conditions.map(conditionValues),
    // A ready-made reminder whose message template the company lacks comes without actions: the builder asks for the template.
    actions: s.actions.length ? s.actions.map(actionValues) : [newAction("send_message")],
    activeFrom: toLocalInput(saved?.activeFrom),
    activeUntil: toLocalInput(saved?.activeUntil),
    limited: !!s.frequencyLimit,
    frequencyLimit: s.frequencyLimit ?? { runs: 1, days: 30 },
    templateKey: s.templateKey,
  };
}

/** A number as typed; NaN (refused by the API, naming the field) when it is not one. */
const num = (v: number | string): number => (v === "" ? Number.NaN : Number(v));
/** zł as typed -> grosze; NaN when unreadable. */
const minor = (v: string): number => parseMoney(v) ?? Number.NaN;

function triggerBody(t: TriggerValues): ScenarioInput["trigger"] {
  switch (t.type) {
    case "consent_granted":
    case "consent_withdrawn":
      return { type: t.type, consentId: t.consentId ?? "" };
    case "referral_successful":
      return { type: t.type, measure: t.measure, threshold: t.measure === "spent" ? minor(t.threshold) : num(t.threshold) };
    case "custom_event":
      return { type: t.type, name: t.name };
    case "no_purchase":
    case "points_expiring":
      return { type: t.type, days: num(t.days) };
    default:
      return { type: t.type };
  }
}

/** The custom field's value as its type wants it (a number compared as a number). */
function customValue(c: ConditionValues, fieldType: string | undefined): string | number | boolean | null {
  if (c.op === "is_set" || c.op === "is_not_set") return null;
  if (fieldType === "number" || c.op === "gte" || c.op === "lte")
    return c.value.trim() === "" ? Number.NaN : Number(c.value.replace(",", "."));
  if (fieldType === "boolean") return c.value === "true";
  return c.value;
}

function conditionBody(c: ConditionValues, fieldTypes: Record<string, string>): Condition {
  const op = c.op as never;
  switch (c.type) {
    case "tier":
      return { type: c.type, op, tierIds: c.tierIds };
    case "tags":
      return { type: c.type, op, tags: c.tags };
    case "consent":
      return { type: c.type, op, consentId: c.consentId ?? "" };
    case "program":
      return { type: c.type, op, programIds: c.programIds };
    case "join_location":
    case "purchase_location":
      return { type: c.type, op, locationIds: c.locationIds };
    case "member_attribute":
      return { type: c.type, attribute: c.attribute, op, value: c.value };
    case "age":
      return { type: c.type, op, years: num(c.years) };
    case "balance":
      return { type: c.type, op, points: num(c.points) };
    case "custom_field":
      return { type: c.type, key: c.key ?? "", op, value: customValue(c, fieldTypes[c.key ?? ""]) };
    case "purchase_amount":
      return { type: c.type, op, amount: minor(c.amount) };
    case "purchase_product":
      return { type: c.type, match: c.match, values: c.values };
  }
}

function actionBody(a: ActionValues): Action {
  switch (a.type) {
    case "add_points":
    case "deduct_points":
      return { type: a.type, points: num(a.points), reason: a.reason };
    case "send_message":
      return { type: a.type, templateId: a.templateId ?? "" };
    case "issue_reward":
      return { type: a.type, rewardId: a.rewardId ?? "" };
    case "set_tier":
      return { type: a.type, tierId: a.tierId ?? "" };
    case "add_tag":
    case "remove_tag":
      return { type: a.type, tag: a.tag };
    case "call_webhook":
      return { type: a.type, url: a.url };
    case "send_webhook":
      return { type: a.type, endpointId: a.endpointId ?? "" };
    case "wait":
      return { type: a.type, amount: num(a.amount), unit: a.unit };
  }
}

/** What the API receives (POST, PATCH and the dry run). `fieldTypes`: custom field key -> type. */
export function scenarioBody(v: ScenarioValues, fieldTypes: Record<string, string> = {}): ScenarioInput {
  return {
    name: v.name.trim(),
    description: v.description,
    programId: v.programId,
    status: v.status,
    trigger: triggerBody(v.trigger),
    conditions: v.conditions.map((c) => conditionBody(c, fieldTypes)),
    actions: v.actions.map(actionBody),
    activeFrom: fromLocalInput(v.activeFrom),
    activeUntil: fromLocalInput(v.activeUntil),
    frequencyLimit: v.limited ? { runs: num(v.frequencyLimit.runs), days: num(v.frequencyLimit.days) } : null,
    templateKey: v.templateKey,
  };
}

/** API paths -> the builder's inputs: an id list's item is the list ("conditions.0.tierIds.1" -> "conditions.0.tierIds"). */
export function formPath(path: string): string {
  return path.replace(/\.(tierIds|tags|programIds|locationIds|values)\.\d+$/, ".$1");
}
