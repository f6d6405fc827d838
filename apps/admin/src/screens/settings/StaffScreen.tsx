import { ActionIcon, Badge, Button, EmptyState, Group, Menu, Select, Table, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconCheck, IconDots, IconPencil, IconPlus, IconSearch, IconTrash, IconUsersGroup } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Role, type StaffMember, unwrap } from "../../api/client";
import { useAllLocations, useRoles } from "../../api/lookups";
import { useCan, useCurrentSession } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ErrorState } from "../../components/ErrorState";
import { notifyError, notifySaved } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDate } from "../../format";
import { ROLES, StaffDrawer } from "./StaffDrawer";

const ROLE_COLORS: Record<Role, string> = {
  owner: "grape",
  admin: "indigo",
  marketer: "pink",
  branch_manager: "teal",
  cashier: "orange",
  analyst: "cyan",
};

export function StaffScreen() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const canWrite = useCan("staff.write");
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [role, setRole] = useState<Role | null>(null);
  const [editing, setEditing] = useState<StaffMember | null | undefined>(undefined);
  const locations = useAllLocations(useCan("locations.read"));
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));

  const list = useQuery({
    queryKey: ["staff", { q, role }],
    queryFn: () => unwrap(api.GET("/api/v1/staff", { params: { query: { q: q || undefined, role: role ?? undefined } } })),
  });

  const remove = useMutation({
    mutationFn: (m: StaffMember) => unwrap(api.DELETE("/api/v1/staff/{id}", { params: { path: { id: m.id } } })),
    onSuccess: (_r, m) => {
      void queryClient.invalidateQueries({ queryKey: ["staff"] });
      notifySaved(t, t("staff.removed", { name: m.name }));
    },
    onError: (err) => notifyError(t, err),
  });

  const askRemove = (m: StaffMember) =>
    confirmAction(t, {
      title: t("staff.removeTitle", { name: m.name }),
      message: t("staff.removeMessage"),
      confirmLabel: t("staff.remove"),
      onConfirm: () => remove.mutate(m),
    });

  const rows = list.data?.data ?? [];
  const filtered = q !== "" || role !== null;

  return (
    <>
      <PageHeader
        title={t("staff.title")}
        description={t("staff.description")}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
              {t("staff.add")}
            </Button>
          )
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          aria-label={t("staff.search")}
          placeholder={t("staff.search")}
          leftSection={<IconSearch size={18} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 240px" }}
        />
        <Select
          aria-label={t("staff.roleFilter")}
          placeholder={t("staff.allRoles")}
          data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={(v) => setRole(v as Role | null)}
          clearable
          w={220}
        />
      </Group>

      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        <EmptyState
          icon={filtered ? <IconSearch /> : <IconUsersGroup />}
          title={filtered ? t("staff.noMatchesTitle") : t("staff.emptyTitle")}
          description={filtered ? t("staff.noMatches") : t("staff.empty")}
        />
      ) : (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("staff.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("staff.name")}</Table.Th>
                <Table.Th>{t("staff.role")}</Table.Th>
                <Table.Th>{t("staff.locations")}</Table.Th>
                <Table.Th>{t("staff.permissions")}</Table.Th>
                <Table.Th>{t("staff.joined")}</Table.Th>
                {canWrite && <Table.Th w={60}>{t("common.actions")}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((m) => (
                <Table.Tr key={m.id}>
                  <Table.Td>
                    <Text fw={600} size="sm">
                      {m.name}
                      {m.id === session.staff.id && (
                        <Text span c="dimmed" size="xs" ml={6}>
                          ({t("staff.you")})
                        </Text>
                      )}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {m.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={ROLE_COLORS[m.role]} variant="light">
                      {t(`roles.${m.role}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {m.locationIds.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t("staff.allLocations")}
                      </Text>
                    ) : (
                      <Group gap={4}>
                        {m.locationIds.map((id) => (
                          <Badge key={id} variant="outline" color="gray" tt="none">
                            {locationName.get(id) ?? t("staff.unknownLocation")}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">
                      {m.customPermissions ? t("staff.customCount", { count: m.permissions.length }) : t("staff.rolePreset")}
                    </Text>
                  </Table.Td>
                  <Table.Td className="nowrap">
                    <Text size="sm">{formatDate(m.joinedAt)}</Text>
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon aria-label={t("common.actionsFor", { name: m.name })}>
                            <IconDots size={20} />
                          </ActionIcon>
                        </Menu.Target>
                        <Menu.Dropdown>
                          <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(m)} mih={40}>
                            {t("common.edit")}
                          </Menu.Item>
                          <Menu.Item
                            leftSection={<IconTrash size={16} />}
                            color="red"
                            onClick={() => askRemove(m)}
                            disabled={m.id === session.staff.id}
                            mih={40}
                          >
                            {t("staff.remove")}
                          </Menu.Item>
                        </Menu.Dropdown>
                      </Menu>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <RolesMatrix />
      <StaffDrawer member={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}

/** Read-only: which permission switches each role presets. */
function RolesMatrix() {
  const { t } = useTranslation();
  const roles = useRoles();
  if (!roles.data) return null;
  return (
    <section aria-labelledby="roles-matrix">
      <Title order={2} size="h4" mt="xl" mb="xs" id="roles-matrix">
        {t("staff.rolesTitle")}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t("staff.rolesDescription")}
      </Text>
      <Table.ScrollContainer minWidth={760}>
        <Table withTableBorder withColumnBorders verticalSpacing="xs" aria-labelledby="roles-matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("staff.permission")}</Table.Th>
              {roles.data.roles.map((r) => (
                <Table.Th key={r.role} ta="center">
                  {t(`roles.${r.role}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {roles.data.permissions.map((p) => (
              <Table.Tr key={p}>
                <Table.Td>{t(`permissions.${p}`)}</Table.Td>
                {roles.data.roles.map((r) => (
                  <Table.Td key={r.role} ta="center">
                    {r.permissions.includes(p) ? (
                      <IconCheck size={18} color="var(--mantine-color-green-7)" aria-label={t("common.yes")} />
                    ) : (
                      <Text span c="dimmed" aria-label={t("common.no")}>
                        —
                      </Text>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}
