import { Checkbox, Fieldset, Select, SimpleGrid, Stack, TagsInput, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { notifications } from "@mantine/notifications";
import { useEffect, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { api, type CustomField, type Member, unwrap } from "../../api/client";
import { useAllLocations, useConsents, useCustomFields, usePrograms } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { activeMembership, useCurrentSession } from "../../api/session";
import { AddressFields } from "../../components/AddressFields";
import { CustomFieldInput, emptyValue, toApiValue } from "../../components/CustomFieldInput";
import { DateField } from "../../components/DateFields";
import { EntityDrawer, useSaveForm } from "../../components/EntityDrawer";
import { EMAIL_RE, notifyError } from "../../components/feedback";
import { MemberPicker } from "../../components/MemberPicker";
import { formatPhone } from "../../format";

interface Values {
  cardNumber: string;
  firstName: string;
  lastName: string;
  email: string;
  phone: string;
  birthday: string;
  address: { street: string; postalCode: string; city: string; country: string };
  gender: string | null;
  /** null: the company's language (new members only). */
  language: string | null;
  tags: string[];
  notes: string;
  joinLocationId: string | null;
  referrerId: string | null;
  customFields: Record<string, unknown>;
  consents: Record<string, boolean>;
  programIds: string[];
}

const PHONE_RE = /^\+?[0-9 ()-]{5,20}$/;

function initialValues(member: Member | null, fields: CustomField[], defaultLocation: string | null, programIds: string[]): Values {
  const custom: Record<string, unknown> = {};
  for (const f of fields) custom[f.key] = member?.customFields[f.key] ?? emptyValue(f);
  return {
    cardNumber: member?.cardNumber ?? "",
    firstName: member?.firstName ?? "",
    lastName: member?.lastName ?? "",
    email: member?.email ?? "",
    // As people write it; the API stores it normalised.
    phone: member?.phone ? formatPhone(member.phone) : "",
    birthday: member?.birthday ?? "",
    address: member ? { ...member.address } : { street: "", postalCode: "", city: "", country: "PL" },
    gender: member?.gender ?? null,
    language: member?.language ?? null,
    tags: member?.tags ?? [],
    notes: member?.notes ?? "",
    joinLocationId: member ? member.joinLocationId : defaultLocation,
    referrerId: member?.referrerId ?? null,
    customFields: custom,
    consents: {},
    programIds,
  };
}

/** Register (member null) or edit a member; undefined = closed. */
export function MemberDrawer({
  member,
  onClose,
  onSaved,
}: {
  member: Member | null | undefined;
  onClose: () => void;
  onSaved?: (m: Member) => void;
}) {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const limitedTo = activeMembership(session)?.locationIds ?? [];
  const opened = member !== undefined;
  const fields = useCustomFields(false, opened);
  const consents = useConsents(false, opened && member === null);
  const programs = usePrograms(opened && member === null);
  const locations = useAllLocations(opened);
  const activePrograms = useMemo(() => (programs.data ?? []).filter((p) => p.status === "active"), [programs.data]);

  const form = useForm<Values>({
    initialValues: initialValues(null, [], null, []),
    validate: (v) => {
      const errors: Record<string, string | null> = {
        email: !v.email.trim() || EMAIL_RE.test(v.email.trim()) ? null : t("validation.email"),
        phone: !v.phone.trim() || PHONE_RE.test(v.phone.trim()) ? null : t("validation.phone"),
        "address.country": !v.address.country.trim() || /^[A-Za-z]{2}$/.test(v.address.country.trim()) ? null : t("validation.country"),
        joinLocationId: limitedTo.length > 0 && !v.joinLocationId ? t("validation.required") : null,
      };
      // Required custom fields, checked like the API does, shown next to each field.
      for (const f of fields.data ?? [])
        if (f.required && f.type !== "boolean" && toApiValue(f, v.customFields[f.key]) === null)
          errors[`customFields.${f.key}`] = t("validation.required");
      return errors;
    },
  });

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when opened or when definitions arrive
  useEffect(() => {
    if (!opened) return;
    const defaultLocation = limitedTo.length === 1 ? (limitedTo[0] ?? null) : null;
    const values = initialValues(
      member ?? null,
      fields.data ?? [],
      defaultLocation,
      activePrograms.map((p) => p.id),
    );
    form.setValues(values);
    form.resetDirty(values);
    form.clearErrors();
  }, [member, opened, fields.data, activePrograms]);

  const save = async (v: Values) => {
    const customFields: Record<string, unknown> = {};
    for (const f of fields.data ?? []) customFields[f.key] = toApiValue(f, v.customFields[f.key]);
    const body = {
      firstName: v.firstName.trim(),
      lastName: v.lastName.trim(),
      email: v.email.trim() || null,
      phone: v.phone.trim() || null,
      birthday: v.birthday || null,
      address: { ...v.address, country: v.address.country.trim().toUpperCase() || "PL" },
      gender: (v.gender || null) as Member["gender"],
      ...(v.language ? { language: v.language as Member["language"] } : {}),
      tags: v.tags,
      notes: v.notes,
      joinLocationId: v.joinLocationId || null,
      referrerId: v.referrerId || null,
      customFields,
    };
    if (member) {
      const cardNumber = v.cardNumber.trim();
      return unwrap(
        api.PATCH("/api/v1/members/{id}", {
          params: { path: { id: member.id } },
          body: { ...body, ...(cardNumber && cardNumber !== member.cardNumber ? { cardNumber } : {}) },
        }),
      );
    }
    const created = await unwrap(
      api.POST("/api/v1/members", {
        body: {
          ...body,
          ...(v.cardNumber.trim() ? { cardNumber: v.cardNumber.trim() } : {}),
          consents: Object.entries(v.consents)
            .filter(([, granted]) => granted)
            .map(([consentId]) => ({ consentId, granted: true })),
        },
      }),
    );
    // Enrollment is a separate call per program; a failure keeps the member and says which.
    const failed: string[] = [];
    for (const programId of v.programIds) {
      try {
        await unwrap(api.POST("/api/v1/members/{id}/enrollments", { params: { path: { id: created.id } }, body: { programId } }));
      } catch (err) {
        failed.push(programs.data?.find((p) => p.id === programId)?.name ?? programId);
        notifyError(t, err);
      }
    }
    if (failed.length > 0)
      notifications.show({ color: "orange", autoClose: false, message: t("members.enrollFailed", { programs: failed.join(", ") }) });
    return created;
  };

  const { onSubmit, saving } = useSaveForm({
    form,
    save,
    // The lists and the member's card (details, balances).
    invalidate: [queryKeys.members.all],
    savedMessage: (saved) =>
      member ? t("members.savedMessage", { card: saved.cardNumber }) : t("members.createdMessage", { card: saved.cardNumber }),
    onSaved: (saved) => {
      onSaved?.(saved);
      onClose();
    },
  });

  const locationOptions = (locations.data ?? []).map((l) => ({ value: l.id, label: l.name, disabled: !l.active }));
  const birthday = form.getInputProps("birthday");

  return (
    <EntityDrawer
      opened={opened}
      onClose={onClose}
      size="xl"
      title={member ? t("members.editTitle") : t("members.createTitle")}
      onSubmit={onSubmit}
      saving={saving}
      submitLabel={member ? t("common.save") : t("members.create")}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label={t("members.firstName")} data-autofocus autoComplete="off" {...form.getInputProps("firstName")} />
        <TextInput label={t("members.lastName")} autoComplete="off" {...form.getInputProps("lastName")} />
        <TextInput label={t("members.email")} type="email" autoComplete="off" {...form.getInputProps("email")} />
        <TextInput label={t("members.phone")} type="tel" placeholder="+48 600 100 200" {...form.getInputProps("phone")} />
        <DateField
          label={t("members.birthday")}
          value={form.getValues().birthday}
          onChange={(value) => form.setFieldValue("birthday", value)}
          error={birthday.error}
          maxDate={new Date().toISOString().slice(0, 10)}
        />
        <Select
          label={t("members.gender")}
          clearable
          data={(["female", "male", "other"] as const).map((g) => ({ value: g, label: t(`members.genders.${g}`) }))}
          {...form.getInputProps("gender")}
        />
        <Select
          label={t("members.language")}
          description={member ? undefined : t("members.languageHelp")}
          data={(["pl", "en"] as const).map((l) => ({ value: l, label: t(`members.languages.${l}`) }))}
          {...form.getInputProps("language")}
        />
      </SimpleGrid>
      <TextInput
        label={t("members.cardNumber")}
        description={member ? t("members.cardNumberEditHelp") : t("members.cardNumberHelp")}
        inputMode="numeric"
        {...form.getInputProps("cardNumber")}
      />
      <AddressFields legend={t("members.address")} inputProps={(part) => form.getInputProps(`address.${part}`)} />
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t("members.joinLocation")}
          withAsterisk={limitedTo.length > 0}
          clearable={limitedTo.length === 0}
          data={locationOptions}
          {...form.getInputProps("joinLocationId")}
        />
        <MemberPicker
          label={t("members.referrer")}
          initial={member?.referrer ?? null}
          excludeId={member?.id}
          {...form.getInputProps("referrerId")}
          value={form.getValues().referrerId}
          onChange={(id) => form.setFieldValue("referrerId", id)}
        />
      </SimpleGrid>
      <TagsInput label={t("members.tags")} description={t("members.tagsHelp")} {...form.getInputProps("tags")} />
      <Textarea label={t("members.notes")} autosize minRows={2} {...form.getInputProps("notes")} />

      {(fields.data ?? []).length > 0 && (
        <Fieldset legend={t("members.customFields")} radius="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {(fields.data ?? []).map((f) => (
              <CustomFieldInput key={f.id} def={f} props={form.getInputProps(`customFields.${f.key}`)} />
            ))}
          </SimpleGrid>
        </Fieldset>
      )}

      {!member && (consents.data ?? []).length > 0 && (
        <Fieldset legend={t("members.consents")} radius="md">
          <Stack gap="sm">
            {(consents.data ?? []).map((c) => (
              <Checkbox
                key={c.id}
                label={c.name}
                description={c.text}
                checked={form.getValues().consents[c.id] === true}
                onChange={(e) => form.setFieldValue(`consents.${c.id}`, e.currentTarget.checked)}
              />
            ))}
          </Stack>
        </Fieldset>
      )}

      {!member && activePrograms.length > 0 && (
        <Fieldset legend={t("members.enrollIn")} radius="md">
          <Checkbox.Group {...form.getInputProps("programIds")}>
            <Stack gap="sm">
              {activePrograms.map((p) => (
                <Checkbox key={p.id} value={p.id} label={p.name} />
              ))}
            </Stack>
          </Checkbox.Group>
        </Fieldset>
      )}
    </EntityDrawer>
  );
}
