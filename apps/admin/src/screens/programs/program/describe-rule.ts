import type { TFunction } from "i18next";
import type { EarningRule } from "../../../api/client";
import { formatDateTime, formatMultiplier, formatPoints } from "../../../format";

/** One line a person can read: "×2 · category Kawa · for Gold · from … · cap 500/day". */
export function describeRule(
  t: TFunction,
  rule: EarningRule,
  tierName: (id: string) => string,
  locationName: (id: string) => string,
): string {
  const parts: string[] = [];
  if (rule.kind === "multiplier") parts.push(formatMultiplier(rule.multiplierBp ?? 10_000));
  else if (rule.kind === "bonus")
    parts.push(t(rule.perItem ? "rules.describe.bonusPerItem" : "rules.describe.bonus", { points: formatPoints(rule.bonusPoints ?? 0) }));
  else
    parts.push(
      t("rules.describe.event", {
        points: formatPoints(rule.bonusPoints ?? 0),
        event: rule.eventType === "custom" ? (rule.eventName ?? "") : t(`rules.events.${rule.eventType ?? "custom"}`),
      }),
    );
  if (rule.skus.length) parts.push(t("rules.describe.skus", { list: rule.skus.join(", ") }));
  if (rule.categories.length) parts.push(t("rules.describe.categories", { list: rule.categories.join(", ") }));
  if (rule.producers.length) parts.push(t("rules.describe.producers", { list: rule.producers.join(", ") }));
  if (rule.tierIds.length) parts.push(t("rules.describe.tiers", { list: rule.tierIds.map(tierName).join(", ") }));
  if (rule.tags.length) parts.push(t("rules.describe.tags", { list: rule.tags.join(", ") }));
  if (rule.memberIds.length) parts.push(t("rules.describe.members", { count: rule.memberIds.length }));
  if (rule.locationIds.length) parts.push(t("rules.describe.locations", { list: rule.locationIds.map(locationName).join(", ") }));
  if (rule.startsAt || rule.endsAt)
    parts.push(
      t("rules.describe.window", {
        from: rule.startsAt ? formatDateTime(rule.startsAt) : "…",
        to: rule.endsAt ? formatDateTime(rule.endsAt) : "…",
      }),
    );
  else parts.push(t("rules.describe.always"));
  if (rule.capPerDay) parts.push(t("rules.describe.capDay", { points: formatPoints(rule.capPerDay) }));
  if (rule.capPerMonth) parts.push(t("rules.describe.capMonth", { points: formatPoints(rule.capPerMonth) }));
  return parts.join(" · ");
}
