import { useEffect } from "react";
import type { PortalConfig } from "../api/config";
import type { MemberSession } from "../api/session";
import { applyLanguage, hasStoredLanguage, type Language } from "../i18n";

const asLanguage = (value: unknown): Language | null => (value === "pl" || value === "en" ? value : null);

/**
 * The interface language: the member's own (kept on their card) once signed in; before that the
 * choice made on this device, else the browser's when it is Polish or English, else the company's.
 */
export function useLanguageSync(session: MemberSession | null | undefined, config: PortalConfig | undefined): void {
  const memberLanguage = asLanguage(session?.member.language);
  const companyLanguage = asLanguage(config?.company?.language);
  useEffect(() => {
    if (memberLanguage) void applyLanguage(memberLanguage);
  }, [memberLanguage]);
  useEffect(() => {
    if (memberLanguage || !companyLanguage || hasStoredLanguage()) return;
    const browser = navigator.language?.toLowerCase() ?? "";
    if (browser.startsWith("pl") || browser.startsWith("en")) return;
    void applyLanguage(companyLanguage);
  }, [memberLanguage, companyLanguage]);
}

/** The member picks a language (More, header): now and on this device's next visits. */
export function chooseLanguage(language: Language): Promise<void> {
  return applyLanguage(language, true);
}
