import i18n, { type ParseKeys } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../api/client";
import { en, pl } from "./resources";

/** A translation key; a key missing from the resources is a type error. */
export type TKey = ParseKeys;

export const LANGUAGES: Language[] = ["pl", "en"];
const STORAGE_KEY = "regulars.admin.language";

export function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === "en" || value === "pl" ? value : "pl";
  } catch {
    return "pl";
  }
}

export function storeLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
}

/** Switches the interface language now (and remembers it for the sign-in screen). */
export async function applyLanguage(language: Language): Promise<void> {
  storeLanguage(language);
  document.documentElement.lang = language;
  if (i18n.language !== language) await i18n.changeLanguage(language);
}

export function currentLanguage(): Language {
  return i18n.language === "en" ? "en" : "pl";
}

void i18n.use(initReactI18next).init({
  resources: { pl: { translation: pl }, en: { translation: en } },
  lng: storedLanguage(),
  fallbackLng: false,
  interpolation: { escapeValue: false },
  returnNull: false,
});
document.documentElement.lang = storedLanguage();

export default i18n;
