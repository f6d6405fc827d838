import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import type { components, paths } from "../../api/schema";

export type WidgetSettings = components["schemas"]["WidgetSettings"];
export type WidgetSettingsInput = NonNullable<paths["/api/v1/widget-settings"]["put"]["requestBody"]>["content"]["application/json"];
export type WidgetSecrets = components["schemas"]["WidgetSecrets"];
export type WidgetAppearance = WidgetSettings["appearance"];
export type WidgetPosition = WidgetAppearance["position"];
export type WidgetTexts = WidgetAppearance["texts"]["pl"];
export type WidgetLanguage = keyof WidgetAppearance["texts"];

export const WIDGET_POSITIONS: WidgetPosition[] = ["bottom-right", "bottom-left"];
export const WIDGET_LANGUAGES: WidgetLanguage[] = ["pl", "en"];

export function useWidgetSettings() {
  return useQuery({ queryKey: queryKeys.widgetSettings.all, queryFn: () => unwrap(api.GET("/api/v1/widget-settings")) });
}
