import type { TFunction } from "i18next";
import type { WidgetAppearance, WidgetLanguage, WidgetSettings, WidgetSettingsInput, WidgetTexts } from "./widget-api";

/** The form holds exactly what the API takes (PUT /api/v1/widget-settings), so its field errors land in place. */
export type WidgetFormValues = WidgetSettingsInput;

/** The API's limits (apps/server/src/modules/widget/widget-settings.schemas.ts): the form refuses the same things before sending. */
export const MAX_ORIGINS = 20;
export const TEXT_LIMITS: Record<keyof WidgetTexts, number> = { launcher: 40, title: 60, intro: 200 };
export const TEXT_FIELDS = Object.keys(TEXT_LIMITS) as (keyof WidgetTexts)[];
const COLOR_RE = /^#[0-9a-f]{6}$/i;
/** The API's default (widget_settings.accent_color) and its example of a colour. */
export const DEFAULT_ACCENT = "#1c7ed6";
export const ORIGIN_EXAMPLE = "https://shop.example.com";

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
 * The site's origin as the API stores it ("https://Shop.example.com:443/" -> "https://shop.example.com"),
 * or null when the text is not a bare http(s) origin: a path, query, fragment or credentials mean a
 * page was pasted, not a site. The same rule as the server's normalizeOrigin.
 */
export function originOf(text: string): string | null {
  const value = text.trim();
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.search || url.hash || url.pathname !== "/" || value.includes("?")) return null;
  return url.origin;
}

/** Plain http is for a developer's own machine; a shop's site is https. */
export const isPlainHttp = (origin: string) => origin.startsWith("http://");

/** The form's inline checks, the same rules as the API's (keys are the API's field paths). */
export function validateWidgetForm(values: WidgetFormValues, t: TFunction): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  values.allowedOrigins.forEach((text, index) => {
    if (!text.trim()) return; // a blank row is dropped on save
    const origin = originOf(text);
    if (!origin) errors[`allowedOrigins.${index}`] = t("fieldErrors.web_origin", { example: ORIGIN_EXAMPLE });
    else if (seen.has(origin)) errors[`allowedOrigins.${index}`] = t("fieldErrors.listed_twice");
    else seen.add(origin);
  });
  if (values.allowedOrigins.filter((o) => o.trim()).length > MAX_ORIGINS)
    errors.allowedOrigins = t("fieldErrors.too_many", { max: MAX_ORIGINS });
  if (!COLOR_RE.test(values.appearance.accentColor))
    errors["appearance.accentColor"] = t("fieldErrors.colour", { example: DEFAULT_ACCENT });
  for (const language of Object.keys(values.appearance.texts) as WidgetLanguage[]) {
    for (const field of TEXT_FIELDS) {
      const max = TEXT_LIMITS[field];
      if (values.appearance.texts[language][field].trim().length > max)
        errors[`appearance.texts.${language}.${field}`] = t("fieldErrors.too_long", { max });
    }
  }
  return errors;
}

/** The body of the PUT: origins as stored, blank rows dropped, texts trimmed ("" = the widget's default). */
export function toInput(values: WidgetFormValues): WidgetSettingsInput {
  const texts = (language: WidgetLanguage): WidgetTexts => {
    const source = values.appearance.texts[language];
    return { launcher: source.launcher.trim(), title: source.title.trim(), intro: source.intro.trim() };
  };
  return {
    enabled: values.enabled,
    allowedOrigins: values.allowedOrigins.filter((o) => o.trim()).map((o) => originOf(o) ?? o.trim()),
    appearance: { ...values.appearance, texts: { pl: texts("pl"), en: texts("en") } },
  };
}

/** The colour the preview can draw now (the last valid one while a new one is being typed). */
export const usableColor = (value: string, fallback: string) => (COLOR_RE.test(value) ? value.toLowerCase() : fallback);
