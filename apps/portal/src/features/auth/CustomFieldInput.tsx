import { Checkbox, MultiSelect, NumberInput, Select, TextInput } from "@mantine/core";
import type { SignupForm } from "./auth-api";

type Field = SignupForm["customFields"][number];

/** The empty value of a custom field as the form keeps it (sent only when filled in). */
export function emptyCustomValue(field: Field): unknown {
  if (field.type === "boolean") return false;
  if (field.type === "multi_choice") return [];
  if (field.type === "number") return "";
  return "";
}

/** The value the API takes, or undefined when the field is left empty. */
export function customValueForApi(field: Field, value: unknown): unknown {
  if (field.type === "boolean") return value === true ? true : field.required ? false : undefined;
  if (field.type === "multi_choice") return Array.isArray(value) && value.length > 0 ? value : undefined;
  if (field.type === "number") return typeof value === "number" ? value : undefined;
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** One custom field of the sign-up form, as its type asks. */
export function CustomFieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: Field;
  value: unknown;
  error?: string;
  onChange: (value: unknown) => void;
}) {
  const common = { label: field.label, required: field.required, error };
  switch (field.type) {
    case "number":
      return <NumberInput {...common} value={value as number | string} onChange={(v) => onChange(v)} />;
    case "date":
      return <TextInput {...common} type="date" value={value as string} onChange={(e) => onChange(e.currentTarget.value)} />;
    case "choice":
      return (
        <Select
          {...common}
          data={field.options}
          value={(value as string) || null}
          onChange={(v) => onChange(v ?? "")}
          clearable={!field.required}
        />
      );
    case "multi_choice":
      return <MultiSelect {...common} data={field.options} value={value as string[]} onChange={onChange} />;
    case "boolean":
      return <Checkbox label={field.label} error={error} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} />;
    default:
      return <TextInput {...common} value={value as string} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}
