import type { TFunction } from "i18next";
import type { components } from "../../../api/schema";
import { formatDateTime, formatPoints } from "../../../format";
import type { TKey } from "../../../i18n";

// The automation run log's machine codes (issue-23 contract) in words. A code newer than this
// admin shows as it is rather than as a raw translation key.

export type AutomationRun = components["schemas"]["AutomationRun"];
export type AutomationRunStep = components["schemas"]["AutomationRunStep"];

const STEP_DETAILS = [
  "points_added",
  "points_deducted",
  "insufficient_points",
  "message_queued",
  "message_not_queued",
  "reward_issued",
  "reward_unavailable",
  "tier_set",
  "tier_unchanged",
  "tag_added",
  "tag_removed",
  "tag_absent",
  "tag_present",
  "webhook_queued",
  "webhook_delivered",
  "webhook_refused",
  "program_inactive",
  "tier_gone",
  "waiting",
  "scenario_gone",
  "member_inactive",
  "error",
] as const;

const RUN_REASONS = [
  "frequency_limit",
  "member_inactive",
  "member_erased",
  "scenario_paused",
  "scenario_archived",
  "outside_active_window",
  "conditions_not_met",
  "referral_flagged",
  "failed_after_retries",
] as const;

/** Why a message was not queued (data.status of message_not_queued). */
const MESSAGE_STATUSES = ["no_consent", "no_address", "channel_not_configured", "cancelled"] as const;

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === "string" && (list as readonly string[]).includes(value);

export function runReason(t: TFunction, reason: string | null): string | null {
  if (!reason) return null;
  return isOneOf(RUN_REASONS, reason) ? t(`members.automationTab.reasons.${reason}`) : reason;
}

/**
 * A refusal code from another module's verb (a skipped step): its error or field-error text when
 * the admin has one without parameters, else the code itself.
 */
function otherCode(t: TFunction, code: string): string {
  for (const key of [`serverErrors.${code}`, `fieldErrors.${code}`]) {
    const text = t(key as TKey, { defaultValue: "" }) as string;
    if (text && !text.includes("{{")) return text;
  }
  return code;
}

/** "Points: 10 added", "Message: not sent (no consent)". */
export function stepText(t: TFunction, step: AutomationRunStep, run: Pick<AutomationRun, "dueAt">): string {
  const action = t(`members.automationTab.actions.${step.type}`);
  if (!isOneOf(STEP_DETAILS, step.detail)) return `${action}: ${otherCode(t, step.detail)}`;
  const data = step.data;
  const why = isOneOf(MESSAGE_STATUSES, data.status)
    ? t(`members.automationTab.messageStatuses.${data.status}`)
    : typeof data.status === "string"
      ? data.status
      : t("members.automationTab.messageStatuses.other");
  const until = typeof data.until === "string" ? data.until : run.dueAt;
  const detail = t(`members.automationTab.details.${step.detail}`, {
    points: typeof data.points === "number" ? formatPoints(Math.abs(data.points)) : "",
    tag: typeof data.tag === "string" ? data.tag : "",
    why,
    date: formatDateTime(until),
  });
  return `${action}: ${detail}`;
}
