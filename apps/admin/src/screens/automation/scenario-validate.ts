import type { TFunction } from "i18next";
import { parseMoney } from "../../format";
import type { ScenarioValues } from "./scenario-form";

// The API's rules (automation.schemas.ts), checked as the builder is saved so a mistake shows at
// its input before anything is sent; the API checks them again (and what only it knows).

type Errors = Record<string, string>;

function wholeIn(t: TFunction, v: number | string, min: number, max: number): string | null {
  if (v === "" || v === null) return t("validation.required");
  const n = Number(v);
  if (!Number.isInteger(n)) return t("automation.validation.whole");
  if (n < min) return t("automation.validation.atLeast", { min });
  if (n > max) return t("automation.validation.atMost", { max });
  return null;
}

function moneyError(t: TFunction, v: string, positive: boolean): string | null {
  if (!v.trim()) return t("validation.required");
  const minor = parseMoney(v);
  if (minor === null) return t("automation.validation.money");
  if (positive && minor < 1) return t("automation.validation.moneyPositive");
  return null;
}

export function validateScenario(t: TFunction, v: ScenarioValues): Errors {
  const errors: Errors = {};
  const set = (path: string, error: string | null) => {
    if (error) errors[path] = error;
  };
  const required = (path: string, value: unknown) => {
    const empty =
      value === null || value === undefined || (typeof value === "string" && !value.trim()) || (Array.isArray(value) && !value.length);
    if (empty) errors[path] = t("validation.required");
  };

  required("name", v.name);
  const tr = v.trigger;
  if (tr.type === "consent_granted" || tr.type === "consent_withdrawn") required("trigger.consentId", tr.consentId);
  if (tr.type === "referral_successful")
    set("trigger.threshold", tr.measure === "spent" ? moneyError(t, tr.threshold, true) : wholeIn(t, tr.threshold, 1, 100_000_000));
  if (tr.type === "custom_event") required("trigger.name", tr.name);
  if (tr.type === "no_purchase") set("trigger.days", wholeIn(t, tr.days, 1, 3650));
  if (tr.type === "points_expiring") set("trigger.days", wholeIn(t, tr.days, 1, 365));

  v.conditions.forEach((c, i) => {
    const at = (field: string) => `conditions.${i}.${field}`;
    if (c.type === "tier") required(at("tierIds"), c.tierIds);
    if (c.type === "tags") required(at("tags"), c.tags);
    if (c.type === "consent") required(at("consentId"), c.consentId);
    if (c.type === "program") required(at("programIds"), c.programIds);
    if (c.type === "join_location" || c.type === "purchase_location") required(at("locationIds"), c.locationIds);
    if (c.type === "age") set(at("years"), wholeIn(t, c.years, 0, 150));
    if (c.type === "balance") set(at("points"), wholeIn(t, c.points, -100_000_000, 100_000_000));
    if (c.type === "custom_field") {
      required(at("key"), c.key);
      if (c.op !== "is_set" && c.op !== "is_not_set") required(at("value"), c.value);
    }
    if (c.type === "purchase_amount") set(at("amount"), moneyError(t, c.amount, false));
    if (c.type === "purchase_product") required(at("values"), c.values);
  });

  if (!v.actions.length) errors.actions = t("automation.validation.noActions");
  v.actions.forEach((a, i) => {
    const at = (field: string) => `actions.${i}.${field}`;
    if (a.type === "add_points" || a.type === "deduct_points") {
      set(at("points"), wholeIn(t, a.points, 1, 1_000_000));
      required(at("reason"), a.reason);
    }
    if (a.type === "send_message") required(at("templateId"), a.templateId);
    if (a.type === "issue_reward") required(at("rewardId"), a.rewardId);
    if (a.type === "set_tier") required(at("tierId"), a.tierId);
    if (a.type === "add_tag" || a.type === "remove_tag") required(at("tag"), a.tag);
    if (a.type === "send_webhook") required(at("endpointId"), a.endpointId);
    if (a.type === "call_webhook") set(at("url"), /^https:\/\/\S+$/.test(a.url.trim()) ? null : t("automation.validation.https"));
    if (a.type === "wait") set(at("amount"), wholeIn(t, a.amount, 1, 365 * 24 * 60));
  });
  if (v.actions.length && v.actions.every((a) => a.type === "wait")) errors.actions = t("automation.validation.onlyWaits");

  if (v.limited) {
    set("frequencyLimit.runs", wholeIn(t, v.frequencyLimit.runs, 1, 1000));
    set("frequencyLimit.days", wholeIn(t, v.frequencyLimit.days, 1, 3650));
  }
  if (v.activeFrom && v.activeUntil && v.activeUntil <= v.activeFrom) errors.activeUntil = t("automation.validation.untilAfterFrom");
  return errors;
}
