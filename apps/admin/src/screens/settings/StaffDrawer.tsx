import { Alert, Checkbox, MultiSelect, Select, SimpleGrid, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type InvitationSent, type Permission, type Role, type StaffMember, unwrap } from "../../api/client";
import { useAllLocations, useRoles } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { EntityDrawer, useSaveForm } from "../../components/EntityDrawer";
import { EMAIL_RE } from "../../components/feedback";

export const ROLES: Role[] = ["owner", "admin", "marketer", "branch_manager", "cashier", "analyst"];

interface Values {
  email: string;
  role: Role;
  locationIds: string[];
  customPermissions: boolean;
  permissions: Permission[];
}

const EMPTY: Values = { email: "", role: "cashier", locationIds: [], customPermissions: false, permissions: [] };

type Saved = { invited: InvitationSent } | { updated: StaffMember };

/**
 * Invite a person by e-mail (member null: they set their own password from the link) or change a
 * member's role, locations and permissions (member undefined: closed).
 */
export function StaffDrawer({
  member,
  onClose,
  onInvited,
}: {
  member: StaffMember | null | undefined;
  onClose: () => void;
  onInvited: (sent: InvitationSent) => void;
}) {
  const { t } = useTranslation();
  const roles = useRoles();
  const locations = useAllLocations(member !== undefined);
  const isNew = member === null;
  const form = useForm<Values>({
    initialValues: EMPTY,
    validate: {
      email: (v) => (!isNew || EMAIL_RE.test(v.trim()) ? null : t("validation.email")),
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

  const { onSubmit, saving } = useSaveForm<Values, Saved>({
    form,
    save: async (v) => {
      const permissions = v.customPermissions ? v.permissions : null;
      if (member) {
        const updated = await unwrap(
          api.PATCH("/api/v1/staff/{id}", {
            params: { path: { id: member.id } },
            body: { role: v.role, locationIds: v.locationIds, permissions },
          }),
        );
        return { updated };
      }
      const invited = await unwrap(
        api.POST("/api/v1/staff/invitations", {
          body: { email: v.email.trim(), role: v.role, locationIds: v.locationIds, permissions },
        }),
      );
      return { invited };
    },
    invalidate: [queryKeys.staff.all, queryKeys.invitations.all],
    savedMessage: (saved) =>
      "updated" in saved
        ? t("staff.updated", { name: saved.updated.name })
        : saved.invited.email.status === "sent"
          ? t("staff.invited", { email: saved.invited.invitation.email })
          : t("staff.invitationCreated", { email: saved.invited.invitation.email }),
    onSaved: (saved) => {
      onClose();
      if ("invited" in saved && saved.invited.inviteUrl) onInvited(saved.invited);
    },
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
      submitLabel={isNew ? t("staff.invite") : undefined}
    >
      {isNew ? (
        <>
          <TextInput label={t("staff.email")} type="email" withAsterisk data-autofocus {...form.getInputProps("email")} />
          <Alert color="blue">{t("staff.newAccountInfo")}</Alert>
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
