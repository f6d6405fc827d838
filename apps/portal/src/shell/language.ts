import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { currentCsrfToken, slug } from "../api/client";
import type { PortalConfig } from "../api/config";
import { type MemberSession, sessionKey } from "../api/session";
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

/**
 * The member picks a language (header, More): it applies now and on this device's next visits;
 * a signed-in member's card keeps it too (PATCH …/me/profile), so messages follow it. Saving is
 * best effort: offline, the device's choice still holds.
 */
export function useChooseLanguage() {
  const queryClient = useQueryClient();
  return async (language: Language) => {
    await applyLanguage(language, true);
    const session = queryClient.getQueryData<MemberSession | null>(sessionKey);
    if (!session || session.member.language === language) return;
    queryClient.setQueryData<MemberSession>(sessionKey, { ...session, member: { ...session.member, language } });
    await fetch(`/api/v1/portal/${encodeURIComponent(slug)}/me/profile`, {
      method: "PATCH",
      credentials: "include",
      headers: { "content-type": "application/json", "x-csrf-token": currentCsrfToken() ?? "" },
      body: JSON.stringify({ language }),
    }).catch(() => null);
  };
}
