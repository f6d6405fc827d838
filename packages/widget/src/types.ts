/** The widget API's shapes: the OpenAPI document's, generated in packages/sdk (npm run gen:sdk). */

import type { components } from "@regulars/sdk/schema";

type Schemas = components["schemas"];

export type Lang = "pl" | "en";
export type WidgetConfig = Schemas["WidgetConfig"];
export type WidgetAppearance = Schemas["WidgetAppearance"];
export type WidgetPosition = WidgetAppearance["position"];
export type WidgetTexts = WidgetAppearance["texts"]["pl"];
export type WidgetSession = Schemas["WidgetSession"];
export type WidgetSummary = Schemas["WidgetSummary"];
export type HomeProgram = Schemas["PortalHomeProgram"];
export type Operation = WidgetSummary["lastOperations"][number];
export type OperationKind = Operation["kind"];
export type PortalReward = WidgetSummary["rewards"][number];

/** An API error as the widget sees it; `network` when no answer could be read (offline, or an answer without CORS headers). */
export interface WidgetError {
  status: number;
  code: string;
  details: { path: string; code?: string; message?: string }[];
}
