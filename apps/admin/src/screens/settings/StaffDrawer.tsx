import { Alert, Checkbox, MultiSelect, PasswordInput, Select, SimpleGrid, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type Permission, type Role, type StaffMember, unwrap } from "../../api/client";
import { useAllLocations, useRoles } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { EntityDrawer, useSaveForm } from "../../components/EntityDrawer";
import { EMAIL_RE } from "../../components/feedback";

export const ROLES: Role[] = ["owner", "admin", "marketer", "branch_manager", "cashier", "analyst"];

interface Values {
  email: string;
  name: string;
  password: string;
  role: Role;
  locationIds: string[];
  customPermissions: boolean;
  permissions: Permission[];
}

const EMPTY: Values = { email: "", name: "", password: "", role: "cashier", locationIds: [], customPermissions: false, permissions: [] };

/** Add a staff member (member undefined = closed, null = new) or change role, locations, permissions. */
export function StaffDrawer({ member, onClose }: { member: StaffMember | null | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const roles = useRoles();
  const locations = useAllLocations(member !== undefined);
  const isNew = member === null;
  const form = useForm<Values>({
    initialValues: EMPTY,
    validate: {
      email: (v) => (!isNew || EMAIL_RE.test(v.trim()) ? null : t("validation.email")),
      password: (v) => (!isNew || !v || v.length >= 10 ? null : t("validation.passwordMin")),
      permissions: (v, values) => (!values.customPermissions || v.length > 0 ? null : t("validation.permissionsRequired")),
    },
  });

  const preset = (role: Role): Permission[] => roles.data?.roles.find((r) => r.role === role)?.permissions ?? [];

  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another member is opened
  useEffect(() => {
    if (member === undefined) return;
    const values: Values = member
      ? {
          ...EMPTY,
          email: member.email,
          name: member.name,
          role: member.role,
          locationIds: member.locationIds,
          customPermissions: member.customPermissions,
          permissions: member.permissions,
        }
      : EMPTY;
    form.setValues(values);
    form.resetDirty(values);
    form.clearErrors();
  }, [member]);

  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v) => {
      const permissions = v.customPermissions ? v.permissions : null;
      if (member) {
        return unwrap(
          api.PATCH("/api/v1/staff/{id}", {
            params: { path: { id: member.id } },
            body: { role: v.role, locationIds: v.locationIds, permissions },
          }),
        );
      }
      return unwrap(
        api.POST("/api/v1/staff", {
          body: {
            email: v.email.trim(),
            name: v.name.trim() || undefined,
            password: v.password || undefined,
            role: v.role,
            locationIds: v.locationIds,
            permissions,
          },
        }),
      );
    },
    invalidate: [queryKeys.staff.all],
    savedMessage: (saved) => (isNew ? t("staff.added", { name: saved.name }) : t("staff.updated", { name: saved.name })),
    onSaved: onClose,
  });

  const values = form.getValues();
  const shown = values.customPermissions ? values.permissions : preset(values.role);
  const allPermissions = roles.data?.permissions ?? [];

  return (
    <EntityDrawer
      opened={member !== undefined}
      onClose={onClose}
      title={isNew ? t("staff.addTitle") : t("staff.editTitle", { name: member?.name ?? "" })}
      onSubmit={onSubmit}
      saving={saving}
      submitLabel={isNew ? t("staff.add") : undefined}
    >
      {isNew ? (
        <>
          <TextInput label={t("staff.email")} type="email" withAsterisk data-autofocus {...form.getInputProps("email")} />
          <Alert color="blue">{t("staff.newAccountInfo")}</Alert>
          <TextInput label={t("staff.name")} autoComplete="off" {...form.getInputProps("name")} />
          <PasswordInput
            label={t("staff.initialPassword")}
            description={form.errors.password ? undefined : t("validation.passwordMin")}
            autoComplete="new-password"
            {...form.getInputProps("password")}
          />
        </>
      ) : (
        <Text size="sm" c="dimmed">
          {member?.email}
        </Text>
      )}
      <Select
        label={t("staff.role")}
        withAsterisk
        allowDeselect={false}
        data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
        {...form.getInputProps("role")}
      />
      <MultiSelect
        label={t("staff.locations")}
        description={t("staff.locationsHelp")}
        placeholder={values.locationIds.length === 0 ? t("staff.allLocations") : undefined}
        data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.active ? l.name : `${l.name} (${t("locations.inactive")})` }))}
        searchable
        clearable
        nothingFoundMessage={t("common.nothingFound")}
        {...form.getInputProps("locationIds")}
      />
      <Switch
        label={t("staff.customPermissions")}
        description={t("staff.customPermissionsHelp")}
        checked={values.customPermissions}
        onChange={(e) => {
          const on = e.currentTarget.checked;
          form.setFieldValue("customPermissions", on);
          if (on) form.setFieldValue("permissions", preset(values.role));
        }}
      />
      <Checkbox.Group
        label={t("staff.permissions")}
        value={shown}
        onChange={(v) => form.setFieldValue("permissions", v as Permission[])}
        error={form.errors.permissions}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} mt="xs" spacing="xs">
          {allPermissions.map((p) => (
            <Checkbox key={p} value={p} label={t(`permissions.${p}`)} disabled={!values.customPermissions} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </EntityDrawer>
  );
}
