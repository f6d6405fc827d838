import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import type { components } from "../../api/schema";

export type StartOverview = components["schemas"]["StartOverview"];
export type ChecklistStep = NonNullable<StartOverview["checklist"]>[number]["step"];

/** The start page's figures; the server leaves out (null) what the account may not see. */
export function useStartOverview(enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.start.all,
    queryFn: () => unwrap(api.GET("/api/v1/start")),
    enabled,
  });
}

/** Where each first step is done. */
export const STEP_PATHS: Record<ChecklistStep, string> = {
  converter: "/programs",
  consents: "/settings/consents",
  outbox: "/messages/outbox",
  staff: "/settings/staff",
  tiers: "/programs",
  customFields: "/settings/member-fields",
  locations: "/settings/locations",
  rewards: "/rewards",
};

/** "2026-12-06" (a day of the company's calendar) as a short label: "6 gru" / "6 Dec". */
export function dayLabel(day: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
}
