import { Checkbox, MultiSelect, NumberInput, Select, TextInput } from "@mantine/core";
import type { CustomField } from "../api/client";
import { formatDate } from "../format";
import { DateField } from "./DateFields";

interface InputProps {
  value?: unknown;
  onChange?: (value: unknown) => void;
  error?: unknown;
  checked?: boolean;
}

/** One custom member field, rendered by its type; `props` come from form.getInputProps. */
export function CustomFieldInput({ def, props }: { def: CustomField; props: InputProps }) {
  const common = { label: def.label, withAsterisk: def.required, error: props.error as string | undefined };
  const onChange = (v: unknown) => props.onChange?.(v);
  switch (def.type) {
    case "number":
      return <NumberInput {...common} value={(props.value as number | string) ?? ""} onChange={onChange} />;
    case "date":
      return <DateField {...common} value={(props.value as string) ?? ""} onChange={onChange} />;
    case "choice":
      return <Select {...common} clearable data={def.options} value={(props.value as string) || null} onChange={onChange} />;
    case "multi_choice":
      return <MultiSelect {...common} data={def.options} value={(props.value as string[]) ?? []} onChange={onChange} />;
    case "boolean":
      return (
        <Checkbox
          label={def.label}
          error={common.error}
          checked={props.value === true}
          onChange={(e) => onChange(e.currentTarget.checked)}
          mt="xs"
        />
      );
    default:
      return <TextInput {...common} value={(props.value as string) ?? ""} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

/** The empty value of a field in a form. */
export function emptyValue(def: CustomField): unknown {
  if (def.type === "multi_choice") return [];
  if (def.type === "boolean") return false;
  return "";
}

/** A form value as the API wants it: null clears. */
export function toApiValue(def: CustomField, value: unknown): unknown {
  if (value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return null;
  if (def.type === "number") return typeof value === "number" ? value : Number(value);
  return value;
}

/** A stored value as readable text. */
export function displayValue(def: CustomField, value: unknown, yesNo: (b: boolean) => string): string {
  if (value === null || value === undefined || value === "") return "—";
  if (def.type === "boolean") return yesNo(value === true);
  // A calendar date: noon keeps it on its day in every time zone.
  if (def.type === "date" && typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(`${value}T12:00:00`);
  if (Array.isArray(value)) return value.join(", ");
  return String(value);
}
