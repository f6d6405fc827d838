import { Select, type SelectProps } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { currencyLabel, supported } from "../format";

type PickerProps = Omit<SelectProps, "data">;

const COMMON_CURRENCIES = ["PLN", "EUR", "USD", "GBP", "CZK", "CHF"];

export function CurrencySelect(props: PickerProps) {
  const { i18n } = useTranslation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: labels depend on the language
  const data = useMemo(() => {
    const all = supported("currency");
    const codes = [...COMMON_CURRENCIES, ...all.filter((c) => !COMMON_CURRENCIES.includes(c))];
    return codes.map((code) => ({ value: code, label: currencyLabel(code) }));
  }, [i18n.language]);
  return <Select searchable allowDeselect={false} data={data} limit={400} {...props} />;
}

export function TimeZoneSelect(props: PickerProps) {
  const data = useMemo(() => {
    const zones = supported("timeZone");
    return zones.includes("Europe/Warsaw") ? zones : ["Europe/Warsaw", ...zones];
  }, []);
  return <Select searchable allowDeselect={false} data={data} limit={50} {...props} />;
}

export function LanguageSelect(props: PickerProps) {
  const { t } = useTranslation();
  return (
    <Select
      allowDeselect={false}
      data={[
        { value: "pl", label: t("languages.pl") },
        { value: "en", label: t("languages.en") },
      ]}
      {...props}
    />
  );
}
