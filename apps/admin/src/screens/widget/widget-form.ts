import type { TFunction } from "i18next";
import type { WidgetAppearance, WidgetLanguage, WidgetSettings, WidgetSettingsInput, WidgetTexts } from "./widget-api";

/** The form holds exactly what the API takes (PUT /api/v1/widget-settings), so its field errors land in place. */
export type WidgetFormValues = WidgetSettingsInput;

/** The API's limits (apps/server/src/modules/widget): the form refuses the same things before sending. */
export const MAX_ORIGINS = 20;
export const TEXT_LIMITS: Record<keyof WidgetTexts, number> = { launcher: 40, title: 60, intro: 200 };
export const TEXT_FIELDS = Object.keys(TEXT_LIMITS) as (keyof WidgetTexts)[];
const COLOR_RE = /^#[0-9a-f]{6}$/i;
export const DEFAULT_ACCENT = "#2f9e44";

const EMPTY_TEXTS: WidgetTexts = { launcher: "", title: "", intro: "" };
export const EMPTY_APPEARANCE: WidgetAppearance = {
  accentColor: DEFAULT_ACCENT,
  position: "bottom-right",
  texts: { pl: EMPTY_TEXTS, en: EMPTY_TEXTS },
};

export const toFormValues = (s: WidgetSettings): WidgetFormValues => ({
  enabled: s.enabled,
  allowedOrigins: s.allowedOrigins,
  appearance: s.appearance,
});

/**
 * What a person pastes, as the API stores it: trimmed, lower-case, without the trailing slash a
 * browser's address bar adds ("https://Shop.example.com/" -> "https://shop.example.com").
 */
export function normalizeOrigin(value: string): string {
  return value.trim().toLowerCase().replace(/\/$/, "");
}

/** A bare http(s) origin: scheme, host and an optional port, nothing else (what a browser sends as `Origin`). */
export function isOrigin(value: string): boolean {
  if (!/^https?:\/\/[^/?#@\s]+$/.test(value)) return false;
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/** Plain http is for a developer's own machine; a shop's site is https. */
export const isPlainHttp = (origin: string) => origin.startsWith("http://");

/** The form's inline checks, the same rules as the API's (keys are the API's field paths). */
export function validateWidgetForm(values: WidgetFormValues, t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  values.allowedOrigins.forEach((origin, index) => {
    const normalized = normalizeOrigin(origin);
    if (normalized && !isOrigin(normalized)) errors[`allowedOrigins.${index}`] = t("fieldErrors.origin_invalid");
  });
  if (values.allowedOrigins.filter((o) => o.trim()).length > MAX_ORIGINS)
    errors.allowedOrigins = t("fieldErrors.too_many", { max: MAX_ORIGINS });
  if (!COLOR_RE.test(values.appearance.accentColor)) errors["appearance.accentColor"] = t("fieldErrors.color_invalid");
  for (const language of Object.keys(values.appearance.texts) as WidgetLanguage[]) {
    for (const field of TEXT_FIELDS) {
      const max = TEXT_LIMITS[field];
      if (values.appearance.texts[language][field].length > max)
        errors[`appearance.texts.${language}.${field}`] = t("fieldErrors.too_long", { max });
    }
  }
  return errors;
}

/** The body of the PUT: origins normalized, blank rows dropped, texts trimmed ("" = the widget's default). */
export function toInput(values: WidgetFormValues): WidgetSettingsInput {
  const texts = (language: WidgetLanguage): WidgetTexts => {
    const source = values.appearance.texts[language];
    return { launcher: source.launcher.trim(), title: source.title.trim(), intro: source.intro.trim() };
  };
  return {
    enabled: values.enabled,
    allowedOrigins: values.allowedOrigins.map(normalizeOrigin).filter((o) => o !== ""),
    appearance: { ...values.appearance, texts: { pl: texts("pl"), en: texts("en") } },
  };
}

/** The colour the preview can draw now (the last valid one while a new one is being typed). */
export const usableColor = (value: string, fallback: string) => (COLOR_RE.test(value) ? value.toLowerCase() : fallback);
