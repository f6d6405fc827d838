import { DatePickerInput, DateTimePicker, TimePicker } from "@mantine/dates";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

// The one date and time picker of the panel (Mantine's, localised by LocalizedDates). Values are
// the strings the forms already keep: "YYYY-MM-DD" for a date, "YYYY-MM-DDTHH:mm" (local time)
// for a moment; "" when empty.

interface FieldProps {
  label: string;
  description?: ReactNode;
  error?: ReactNode;
  value: string;
  onChange: (value: string) => void;
  withAsterisk?: boolean;
  disabled?: boolean;
  clearable?: boolean;
  minDate?: string;
  maxDate?: string;
  placeholder?: string;
  "data-testid"?: string;
}

function useFormats() {
  const { i18n } = useTranslation();
  return i18n.language === "en" ? { date: "DD/MM/YYYY", time: "HH:mm" } : { date: "DD.MM.YYYY", time: "HH:mm" };
}

export function DateField({ value, onChange, clearable = true, ...props }: FieldProps) {
  const formats = useFormats();
  const { t } = useTranslation();
  return (
    <DatePickerInput
      {...props}
      clearButtonProps={{ "aria-label": t("common.clearField", { label: props.label }) }}
      size="md"
      valueFormat={formats.date}
      clearable={clearable}
      value={value || null}
      onChange={(v) => onChange(v ? String(v).slice(0, 10) : "")}
    />
  );
}

export function DateTimeField({ value, onChange, clearable = true, ...props }: FieldProps) {
  const formats = useFormats();
  const { t } = useTranslation();
  return (
    <DateTimePicker
      {...props}
      clearButtonProps={{ "aria-label": t("common.clearField", { label: props.label }) }}
      size="md"
      valueFormat={`${formats.date} ${formats.time}`}
      clearable={clearable}
      value={value ? `${value.replace("T", " ")}:00`.slice(0, 19) : null}
      onChange={(v) => onChange(v ? String(v).slice(0, 16).replace(" ", "T") : "")}
    />
  );
}

/** A time of day, "HH:mm" (24 h); `hoursLabel`/`minutesLabel` name its two parts for assistive tools. */
export function TimeField({
  value,
  onChange,
  clearable = true,
  hoursLabel,
  minutesLabel,
  w,
  ...props
}: Omit<FieldProps, "minDate" | "maxDate"> & { hoursLabel: string; minutesLabel: string; w?: number | string }) {
  return (
    <TimePicker
      {...props}
      size="md"
      format="24h"
      w={w}
      clearable={clearable}
      hoursInputLabel={hoursLabel}
      minutesInputLabel={minutesLabel}
      value={value}
      onChange={(v) => onChange(v ? v.slice(0, 5) : "")}
    />
  );
}
