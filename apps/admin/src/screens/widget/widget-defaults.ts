import type { WidgetLanguage, WidgetTexts } from "./widget-api";

/**
 * What the widget shows when a text is left empty: the admin's placeholders. A copy of
 * packages/widget's defaults until the widget exports them (see /work report).
 */
export const WIDGET_DEFAULT_TEXTS: Record<WidgetLanguage, WidgetTexts> = {
  pl: { launcher: "Moje punkty", title: "Program lojalnościowy", intro: "Zaloguj się, aby zobaczyć swoje punkty, nagrody i historię." },
  en: { launcher: "My points", title: "Loyalty program", intro: "Sign in to see your points, rewards and history." },
};
