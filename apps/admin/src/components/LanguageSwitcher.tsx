import { SegmentedControl } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Language, type Session, unwrap } from "../api/client";
import { sessionKey, useSession } from "../api/session";
import { applyLanguage, currentLanguage } from "../i18n";
import { notifyError } from "./feedback";

/** PL / EN: switches at once; saved to the account when signed in, else in this browser. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const { data: session } = useSession();
  const save = useMutation({
    mutationFn: (language: Language) => unwrap(api.PATCH("/api/v1/auth/profile", { body: { language } })),
    onError: (err) => notifyError(t, err),
  });

  const change = (value: string) => {
    const language: Language = value === "en" ? "en" : "pl";
    void applyLanguage(language);
    if (session) {
      queryClient.setQueryData<Session | null>(sessionKey, (s) => (s ? { ...s, staff: { ...s.staff, language } } : s));
      save.mutate(language);
    }
  };

  return (
    <SegmentedControl
      aria-label={t("shell.language")}
      value={i18n.language === "en" ? "en" : currentLanguage()}
      onChange={change}
      data={[
        { value: "pl", label: "PL" },
        { value: "en", label: "EN" },
      ]}
    />
  );
}
