import i18n from "i18next";
import { initReactI18next } from "react-i18next";

export type Language = "pl" | "en";
export const LANGUAGES: Language[] = ["pl", "en"];

/** A feature's translations: `{ pl: { <feature>: {...} }, en: { <feature>: {...} } }`. */
export interface FeatureMessages {
  pl: Record<string, unknown>;
  en: Record<string, unknown>;
}

// Every feature folder brings its own messages.ts (no central file to edit); each puts its strings
// under its own namespace key, so merging is a plain spread and a clash shows in the parity test.
const modules = import.meta.glob<FeatureMessages>(["./shell/messages.ts", "./features/*/messages.ts"], { eager: true, import: "messages" });

export function mergeMessages(all: FeatureMessages[]): FeatureMessages {
  const merged: FeatureMessages = { pl: {}, en: {} };
  for (const m of all) {
    Object.assign(merged.pl, m.pl);
    Object.assign(merged.en, m.en);
  }
  return merged;
}

export const messages = mergeMessages(Object.values(modules));

const STORAGE_KEY = "regulars.portal.language";

function stored(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "pl" || value === "en" ? value : null;
  } catch {
    return null;
  }
}

/** The language before anything is known of the member: the last choice, else the browser's. */
export function initialLanguage(): Language {
  const choice = stored();
  if (choice) return choice;
  const browser = typeof navigator === "undefined" ? "pl" : (navigator.language ?? "pl");
  return browser.toLowerCase().startsWith("en") ? "en" : "pl";
}

/** Switches the interface language now; `remember` keeps it for the next visit (a member's own choice). */
export async function applyLanguage(language: Language, remember = false): Promise<void> {
  if (remember) {
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // private mode: the choice lasts for this page only
    }
  }
  document.documentElement.lang = language;
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

/** Whether the member picked a language on this device (it then wins over the company's). */
export function hasStoredLanguage(): boolean {
  return stored() !== null;
}

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "pl";
}

void i18n.use(initReactI18next).init({
  resources: { pl: { translation: messages.pl }, en: { translation: messages.en } },
  lng: initialLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
if (typeof document !== "undefined") document.documentElement.lang = initialLanguage();

export default i18n;
