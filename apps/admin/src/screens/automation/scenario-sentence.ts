import type { TFunction } from "i18next";
import type { Trigger } from "../../api/automation";
import { counted } from "../../components/AutomationRun";
import { formatMoney, locale, parseMoney } from "../../format";
import type { ActionValues, ConditionValues, ScenarioValues, TriggerValues } from "./scenario-form";
import { nameOf, type ScenarioLookups } from "./scenario-lookups";

// The scenario read back as one sentence: "When a member's friend has spent 200 zł → give the
// member 20 points → send e-mail 'Thank you'". Built from the builder's values as they are typed.

/** "200 zł" for a whole amount, "199,99 zł" otherwise. */
function money(minor: number, currency: string): string {
  if (minor % 100 !== 0) return formatMoney(minor, currency);
  try {
    return new Intl.NumberFormat(locale(), { style: "currency", currency, maximumFractionDigits: 0 }).format(minor / 100);
  } catch {
    return formatMoney(minor, currency);
  }
}

/** What the sentence shows for a part not chosen yet. */
const blank = (t: TFunction) => t("automation.sentence.blank");
const quoted = (t: TFunction, name: string | undefined) => (name ? t("automation.sentence.quoted", { name }) : blank(t));
const list = (t: TFunction, names: (string | undefined)[], joiner: "or" | "and") =>
  names.length ? names.map((n) => n ?? "?").join(t(`automation.sentence.${joiner}`)) : blank(t);
const whole = (v: number | string) => (v === "" || Number.isNaN(Number(v)) ? undefined : Number(v));

export function triggerPhrase(t: TFunction, trigger: TriggerValues, lookups: ScenarioLookups, currency: string): string {
  const p = `automation.sentence.triggers.${trigger.type}` as const;
  switch (trigger.type) {
    case "consent_granted":
    case "consent_withdrawn":
      return t(p, { consent: quoted(t, nameOf(lookups.consents, trigger.consentId)) });
    case "referral_successful": {
      if (trigger.measure === "spent") {
        const minor = parseMoney(trigger.threshold);
        return t("automation.sentence.triggers.referral_spent", { amount: minor ? money(minor, currency) : blank(t) });
      }
      const points = whole(trigger.threshold);
      return t("automation.sentence.triggers.referral_points", { points: points ? counted(t, "points", points) : blank(t) });
    }
    case "custom_event":
      return t(p, { name: quoted(t, trigger.name.trim() || undefined) });
    case "no_purchase":
    case "points_expiring": {
      const days = whole(trigger.days);
      return t(p, { days: days ? counted(t, "daysWithin", days) : blank(t) });
    }
    default:
      return t(p);
  }
}

/** The trigger of a saved scenario (the list shows it in words). */
export function savedTriggerPhrase(t: TFunction, trigger: Trigger, lookups: ScenarioLookups, currency: string): string {
  const values: TriggerValues = { type: trigger.type, consentId: null, measure: "spent", threshold: "", name: "", days: "" };
  if ("consentId" in trigger) values.consentId = trigger.consentId;
  if (trigger.type === "referral_successful") {
    values.measure = trigger.measure;
    values.threshold = trigger.measure === "spent" ? String(trigger.threshold / 100) : String(trigger.threshold);
  }
  if (trigger.type === "custom_event") values.name = trigger.name;
  if ("days" in trigger) values.days = trigger.days;
  return triggerPhrase(t, values, lookups, currency);
}

function attributeValue(t: TFunction, c: ConditionValues): string {
  if (!c.value.trim()) return blank(t);
  if (c.attribute === "gender" && ["female", "male", "other"].includes(c.value))
    return t(`members.genders.${c.value as "female" | "male" | "other"}`);
  if (c.attribute === "language" && (c.value === "pl" || c.value === "en")) return t(`languages.${c.value}`);
  return c.value;
}

export function conditionPhrase(t: TFunction, c: ConditionValues, lookups: ScenarioLookups, currency: string): string {
  const base = `automation.sentence.conditions.${c.type}`;
  const key = (suffix: string) => `${base}.${suffix}` as "automation.sentence.conditions.tier.in";
  switch (c.type) {
    case "tier":
      return t(key(c.op), {
        tiers: list(
          t,
          c.tierIds.map((id) => nameOf(lookups.tiers, id)),
          "or",
        ),
      });
    case "tags":
      return t(key(c.op), { tags: list(t, c.tags, c.op === "has_all" ? "and" : "or") });
    case "consent":
      return t(key(c.op), { consent: quoted(t, nameOf(lookups.consents, c.consentId)) });
    case "program":
      return t(key(c.op), {
        programs: list(
          t,
          c.programIds.map((id) => nameOf(lookups.programs, id)),
          "or",
        ),
      });
    case "join_location":
    case "purchase_location":
      return t(key(c.op), {
        locations: list(
          t,
          c.locationIds.map((id) => nameOf(lookups.locations, id)),
          "or",
        ),
      });
    case "member_attribute":
      return t(key(c.op), { attribute: t(`automation.attributes.${c.attribute}`), value: attributeValue(t, c) });
    case "age": {
      const years = whole(c.years);
      return t(key(c.op), { years: years === undefined ? blank(t) : counted(t, "years", years) });
    }
    case "balance": {
      const points = whole(c.points);
      return t(key(c.op), { points: points === undefined ? blank(t) : counted(t, "points", points) });
    }
    case "custom_field": {
      const field = lookups.customFields.find((f) => f.key === c.key);
      const shown =
        field?.type === "boolean" ? (c.value === "true" ? t("automation.sentence.yes") : t("automation.sentence.no")) : c.value.trim();
      return t(key(c.op), { field: quoted(t, field?.label ?? c.key ?? undefined), value: shown || blank(t) });
    }
    case "purchase_amount": {
      const minor = parseMoney(c.amount);
      return t(key(c.op), { amount: minor === null ? blank(t) : money(minor, currency) });
    }
    case "purchase_product":
      return t(key(c.match), { values: list(t, c.values, "or") });
  }
}

export function actionPhrase(t: TFunction, a: ActionValues, lookups: ScenarioLookups): string {
  const p = `automation.sentence.actions.${a.type}` as "automation.sentence.actions.add_points";
  switch (a.type) {
    case "add_points":
    case "deduct_points": {
      const points = whole(a.points);
      return t(p, { points: points ? counted(t, "points", points) : blank(t) });
    }
    case "send_message": {
      const template = lookups.templates.find((x) => x.id === a.templateId);
      if (!template) return t("automation.sentence.actions.send_message_blank");
      return t(`automation.sentence.actions.send_${template.channel}`, { name: quoted(t, template.name) });
    }
    case "issue_reward":
      return t(p, { reward: quoted(t, nameOf(lookups.rewards, a.rewardId)) });
    case "set_tier":
      return t(p, { tier: nameOf(lookups.tiers, a.tierId) ?? blank(t) });
    case "add_tag":
    case "remove_tag":
      return t(p, { tag: quoted(t, a.tag.trim() || undefined) });
    case "call_webhook":
      return t(p, { url: a.url.trim() || blank(t) });
    case "send_webhook":
      return t(p, { endpoint: quoted(t, nameOf(lookups.webhookEndpoints, a.endpointId)) });
    case "wait": {
      const amount = whole(a.amount);
      return t(p, { duration: amount ? counted(t, a.unit, amount) : blank(t) });
    }
  }
}

/** The whole scenario as one sentence. */
export function scenarioSentence(t: TFunction, v: ScenarioValues, lookups: ScenarioLookups, currency: string): string {
  const parts = [t("automation.sentence.when", { trigger: triggerPhrase(t, v.trigger, lookups, currency) })];
  if (v.conditions.length)
    parts[0] += t("automation.sentence.if", {
      conditions: v.conditions.map((c) => conditionPhrase(t, c, lookups, currency)).join(t("automation.sentence.and")),
    });
  for (const a of v.actions) parts.push(actionPhrase(t, a, lookups));
  return parts.join(" → ");
}
