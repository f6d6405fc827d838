import { useTranslation } from "react-i18next";
import { useAllTiers } from "../../api/automation";
import { useAllLocations, useConsents, useCustomFields, usePrograms } from "../../api/lookups";
import { useMessageTemplates } from "../../api/messaging";
import { useWebhookEndpointOptions } from "../../api/webhooks";
import { localName, useAllRewards } from "../../components/RewardShared";

export type Channel = "email" | "sms" | "push";

/** Everything a scenario names by id, for the pickers and for the sentence that reads it back. */
export interface ScenarioLookups {
  programs: { id: string; name: string }[];
  tiers: { id: string; name: string; programId: string; programName: string }[];
  consents: { id: string; name: string }[];
  locations: { id: string; name: string }[];
  templates: { id: string; name: string; channel: Channel }[];
  rewards: { id: string; name: string; programId: string }[];
  customFields: { key: string; label: string; type: string; options: string[] }[];
  /** the company's webhook endpoints: `name` is the description, else the address */
  webhookEndpoints: { id: string; name: string; enabled: boolean }[];
}

export function useScenarioLookups(): ScenarioLookups {
  const { i18n } = useTranslation();
  const programs = usePrograms();
  const tiers = useAllTiers();
  const consents = useConsents(true);
  const locations = useAllLocations();
  const templates = useMessageTemplates(null);
  const rewards = useAllRewards();
  const customFields = useCustomFields(true);
  const endpoints = useWebhookEndpointOptions();
  return {
    programs: programs.data ?? [],
    tiers: tiers.data,
    consents: consents.data ?? [],
    locations: locations.data ?? [],
    templates: templates.data ?? [],
    rewards: (rewards.data ?? []).map((r) => ({ id: r.id, name: localName(r, i18n.language), programId: r.programId })),
    customFields: customFields.data ?? [],
    webhookEndpoints: (endpoints.data ?? []).map((e) => ({ id: e.id, name: e.description || e.url, enabled: e.status === "enabled" })),
  };
}

/** The name of an id in a list, or undefined (not chosen yet, or no longer there). */
export function nameOf(list: { id: string; name: string }[], id: string | null | undefined): string | undefined {
  return id ? list.find((x) => x.id === id)?.name : undefined;
}

/** Custom field key -> its type (a number field's value is sent as a number). */
export function fieldTypes(lookups: ScenarioLookups): Record<string, string> {
  return Object.fromEntries(lookups.customFields.map((f) => [f.key, f.type]));
}

/** A scenario of one program names only that program's tiers and rewards (the API refuses others). */
export function ofProgram<T extends { programId: string }>(list: T[], programId: string | null): T[] {
  return programId ? list.filter((x) => x.programId === programId) : list;
}
