import "dayjs/locale/pl";
import "dayjs/locale/en-gb";
import { DatesProvider } from "@mantine/dates";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Date pickers speak the interface language (month names, first day of the week). */
export function LocalizedDates({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const locale = i18n.language === "en" ? "en-gb" : "pl";
  return <DatesProvider settings={{ locale, firstDayOfWeek: 1 }}>{children}</DatesProvider>;
}
