import {
  Button,
  Input,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { sessionKey } from "../../api/session";
import { applyLanguage } from "../../i18n";
import { Notice } from "./Notice";
import { fieldErrors, type Profile, type ProfilePatch, profileKey, saveProfile } from "./profile-api";

type Field = Profile["customFields"][number];

interface Values {
  firstName: string;
  lastName: string;
  phone: string;
  birthday: string;
  street: string;
  postalCode: string;
  city: string;
  language: "pl" | "en";
  custom: Record<string, unknown>;
}

const valuesOf = (p: Profile): Values => ({
  firstName: p.firstName,
  lastName: p.lastName,
  phone: p.phone ?? "",
  birthday: p.birthday ?? "",
  street: p.address.street,
  postalCode: p.address.postalCode,
  city: p.address.city,
  language: p.language,
  custom: Object.fromEntries(p.customFields.map((f) => [f.key, f.value])),
});

/** Empty inputs clear a value (null), as the API expects. */
const emptyToNull = (v: unknown) => (v === "" || (Array.isArray(v) && v.length === 0) ? null : v);

function CustomFieldInput({
  field,
  value,
  error,
  onChange,
}: {
  field: Field;
  value: unknown;
  error?: string;
  onChange: (v: unknown) => void;
}) {
  const common = { label: field.label, withAsterisk: field.required, error, size: "md" as const };
  switch (field.type) {
    case "number":
      return <NumberInput {...common} value={typeof value === "number" ? value : ""} onChange={(v) => onChange(v === "" ? null : v)} />;
    case "date":
      return (
        <TextInput
          {...common}
          type="date"
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    case "choice":
      return (
        <Select
          {...common}
          data={field.options}
          clearable={!field.required}
          value={typeof value === "string" ? value : null}
          onChange={onChange}
        />
      );
    case "multi_choice":
      return <MultiSelect {...common} data={field.options} value={Array.isArray(value) ? (value as string[]) : []} onChange={onChange} />;
    case "boolean":
      return (
        <Switch label={field.label} error={error} checked={value === true} onChange={(e) => onChange(e.currentTarget.checked)} size="md" />
      );
    default:
      return <TextInput {...common} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.currentTarget.value)} />;
  }
}

/** My names, phone, birthday, address, language and the company's fields for members. */
export function ProfileForm({ profile }: { profile: Profile }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesOf(profile));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Values>) => {
    setValues((v) => ({ ...v, ...patch }));
    setSaved(false);
  };
  const save = useMutation({
    mutationFn: () => {
      const body: ProfilePatch = {
        firstName: values.firstName,
        lastName: values.lastName,
        phone: values.phone.trim() === "" ? null : values.phone,
        birthday: values.birthday === "" ? null : values.birthday,
        address: { street: values.street, postalCode: values.postalCode, city: values.city },
        language: values.language,
        ...(profile.customFields.length > 0
          ? { customFields: Object.fromEntries(Object.entries(values.custom).map(([k, v]) => [k, emptyToNull(v)])) }
          : {}),
      };
      return saveProfile(body);
    },
    onSuccess: async (p) => {
      setErrors({});
      setSaved(true);
      setValues(valuesOf(p));
      queryClient.setQueryData(profileKey, p);
      // Saved on the card already: the device keeps the choice too.
      await applyLanguage(p.language, true);
      void queryClient.invalidateQueries({ queryKey: sessionKey });
    },
    onError: (err) => setErrors(fieldErrors(err, t)),
  });
  const text = (
    key: "firstName" | "lastName" | "phone" | "street" | "postalCode" | "city",
    label: string,
    path: string = key,
    extra = {},
  ) => (
    <TextInput
      label={label}
      size="md"
      value={values[key]}
      error={errors[path]}
      onChange={(e) => set({ [key]: e.currentTarget.value })}
      {...extra}
    />
  );
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="profile-data">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate();
        }}
      >
        <Stack gap="md">
          <Title order={2} size="h4" id="profile-data">
            {t("profile.data")}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text("firstName", t("profile.firstName"), "firstName", { autoComplete: "given-name" })}
            {text("lastName", t("profile.lastName"), "lastName", { autoComplete: "family-name" })}
          </SimpleGrid>
          <div>
            <TextInput label={t("profile.email")} size="md" value={profile.email ?? ""} readOnly />
            <Text size="sm" mt={4}>
              {t("profile.emailHelp")}
            </Text>
          </div>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text("phone", t("profile.phone"), "phone", { type: "tel", autoComplete: "tel" })}
            <TextInput
              label={t("profile.birthday")}
              size="md"
              type="date"
              value={values.birthday}
              error={errors.birthday}
              onChange={(e) => set({ birthday: e.currentTarget.value })}
            />
          </SimpleGrid>
          {text("street", t("profile.street"), "address.street", { autoComplete: "street-address" })}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {text("postalCode", t("profile.postalCode"), "address.postalCode", { autoComplete: "postal-code" })}
            {text("city", t("profile.city"), "address.city", { autoComplete: "address-level2" })}
          </SimpleGrid>
          <div>
            <Input.Label size="md" id="profile-language" mb={4}>
              {t("profile.language")}
            </Input.Label>
            <SegmentedControl
              aria-labelledby="profile-language"
              value={values.language}
              onChange={(v) => set({ language: v as Values["language"] })}
              data={[
                { value: "pl", label: "Polski" },
                { value: "en", label: "English" },
              ]}
            />
          </div>
          {profile.customFields.map((f) => (
            <CustomFieldInput
              key={f.key}
              field={f}
              value={values.custom[f.key]}
              error={errors[`customFields.${f.key}`]}
              onChange={(v) => set({ custom: { ...values.custom, [f.key]: v } })}
            />
          ))}
          {saved && (
            <Notice tone="green" role="status">
              {t("profile.saved")}
            </Notice>
          )}
          {save.isError && Object.keys(errors).length === 0 && (
            <Notice tone="red" role="alert">
              {t("profile.saveFailed")}
            </Notice>
          )}
          <Button type="submit" size="md" loading={save.isPending}>
            {t("profile.save")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
