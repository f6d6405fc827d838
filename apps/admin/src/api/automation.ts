import { useQueries, useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { usePrograms } from "./lookups";
import { queryKeys } from "./query-keys";
import type { components, paths } from "./schema";

// Automation scenarios and their runs (GET/POST /api/v1/automation/…): the types the screens use
// and the code lists they translate. Shared, so a member's card can show its runs too.

type Schemas = components["schemas"];

export type Scenario = Schemas["AutomationScenario"];
export type ScenarioStats = Schemas["AutomationScenarioStats"];
export type ScenarioDraft = Schemas["AutomationScenarioDraft"];
export type ScenarioTemplate = Schemas["AutomationScenarioTemplate"];
export type Trigger = Schemas["AutomationTrigger"];
export type Condition = Schemas["AutomationCondition"];
export type Action = Schemas["AutomationAction"];
export type AutomationRun = Schemas["AutomationRun"];
export type RunStep = Schemas["AutomationRunStep"];
export type DryRun = Schemas["AutomationDryRun"];
/** What POST /automation/scenarios and the dry run receive. */
export type ScenarioInput = paths["/api/v1/automation/scenarios"]["post"]["requestBody"]["content"]["application/json"];

export type TriggerType = Trigger["type"];
export type ConditionType = Condition["type"];
export type ActionType = Action["type"];
export type ScenarioStatus = Scenario["status"];
export type RunStatus = AutomationRun["status"];
export type StepOutcome = RunStep["outcome"];

/** Triggers that follow something happening, in the order the picker shows them. */
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
] as const satisfies readonly TriggerType[];
/** Triggers the hourly job checks (on a day, not on an event). */
export const SCHEDULED_TRIGGERS = [
  "birthday",
  "join_anniversary",
  "no_purchase",
  "points_expiring",
] as const satisfies readonly TriggerType[];
export const TRIGGER_TYPES: TriggerType[] = [...EVENT_TRIGGERS, ...SCHEDULED_TRIGGERS];

/** Conditions on the member (any trigger) and on the purchase (only the purchase trigger has one). */
export const MEMBER_CONDITIONS = [
  "tier",
  "tags",
  "consent",
  "program",
  "join_location",
  "member_attribute",
  "age",
  "balance",
  "custom_field",
] as const satisfies readonly ConditionType[];
export const PURCHASE_CONDITIONS = ["purchase_amount", "purchase_location", "purchase_product"] as const satisfies readonly ConditionType[];

export const ACTION_TYPES = [
  "add_points",
  "deduct_points",
  "send_message",
  "issue_reward",
  "set_tier",
  "add_tag",
  "remove_tag",
  "send_webhook",
  "call_webhook",
  "wait",
] as const satisfies readonly ActionType[];

export const SCENARIO_STATUSES: ScenarioStatus[] = ["active", "paused"];
export const RUN_STATUSES: RunStatus[] = ["pending", "waiting", "completed", "skipped", "failed"];

/** What a step's `detail` can say (the engine's codes); an unknown code is shown as it is. */
export const STEP_DETAILS = [
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
  "webhook_endpoint_disabled",
  "webhook_endpoint_gone",
  "program_inactive",
  "tier_gone",
  "waiting",
  "scenario_gone",
  "member_inactive",
  "error",
] as const;
/** Why a message was not queued (a step's data.status). */
export const MESSAGE_SKIPS = ["no_consent", "no_address", "channel_off"] as const;
/** Why a run was skipped or failed. */
export const RUN_REASONS = [
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
/** The dry run's notes. */
export const DRY_RUN_NOTES = [
  "purchase_conditions_per_occurrence",
  "frequency_limit_not_counted",
  "scenario_paused",
  "outside_active_window",
] as const;

export function useScenario(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.automationScenarios.detail(id ?? ""),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/automation/scenarios/{id}", { params: { path: { id: id ?? "" } } })),
  });
}

/** The ready-made scenarios, named and described in the interface language. */
export function useScenarioTemplates(language: "pl" | "en", enabled = true) {
  return useQuery({
    queryKey: queryKeys.automationTemplates.list({ language }),
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/automation/templates", { params: { query: { language } } }))).data,
    staleTime: 60_000,
  });
}

export interface TierOption {
  id: string;
  name: string;
  programId: string;
  programName: string;
}

/** The tiers of every program (a scenario for all programs may name any of them). */
export function useAllTiers(enabled = true) {
  const programs = usePrograms(enabled);
  const list = programs.data ?? [];
  const tiers = useQueries({
    queries: list.map((p) => ({
      queryKey: queryKeys.tiers.list({ programId: p.id }),
      enabled,
      queryFn: async () => (await unwrap(api.GET("/api/v1/programs/{id}/tiers", { params: { path: { id: p.id } } }))).data,
      staleTime: 30_000,
    })),
  });
  const data: TierOption[] = list.flatMap((p, i) =>
    (tiers[i]?.data ?? []).map((tier) => ({ id: tier.id, name: tier.name, programId: p.id, programName: p.name })),
  );
  return { data, isPending: programs.isPending || tiers.some((q) => q.isPending) };
}
