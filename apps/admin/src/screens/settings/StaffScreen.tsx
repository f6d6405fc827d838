import { ActionIcon, Badge, Button, Group, Menu, Select, Table, Text, Title } from "@mantine/core";
import { useDebouncedValue, useElementSize } from "@mantine/hooks";
import { IconCheck, IconDots, IconPencil, IconPlus, IconSearch, IconTrash, IconUsersGroup } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type InvitationSent, type Role, type StaffMember, unwrap } from "../../api/client";
import { useAllLocations, useRoles } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan, useCurrentSession } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { wholeList } from "../../components/cursor-list";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { formatDate } from "../../format";
import { InviteLinkDialog } from "./InviteLinkDialog";
import { PendingInvitations } from "./PendingInvitations";
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
  const [link, setLink] = useState<InvitationSent | null>(null);
  const locations = useAllLocations(useCan("locations.read"));
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));

  const list = wholeList(
    useQuery({
      queryKey: queryKeys.staff.list({ q, role }),
      queryFn: () => unwrap(api.GET("/api/v1/staff", { params: { query: { q: q || undefined, role: role ?? undefined } } })),
      select: (r) => r.data,
    }),
  );

  const remove = useMutation({
    mutationFn: (m: StaffMember) => unwrap(api.DELETE("/api/v1/staff/{id}", { params: { path: { id: m.id } } })),
    onSuccess: (_r, m) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.staff.all });
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

  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("staff.add")}
    </Button>
  );

  return (
    <>
      <ListPage
        title={t("staff.title")}
        description={t("staff.description")}
        actions={add}
        search={{ value: search, onChange: setSearch, label: t("staff.search") }}
        filters={
          <Select
            aria-label={t("staff.roleFilter")}
            placeholder={t("staff.allRoles")}
            data={ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
            value={role}
            onChange={(v) => setRole(v as Role | null)}
            clearable
            w={220}
          />
        }
        list={list}
        label={t("staff.title")}
        rowKey={(m) => m.id}
        onRowClick={canWrite ? setEditing : undefined}
        filtered={q !== "" || role !== null}
        empty={{ icon: <IconUsersGroup />, title: t("staff.emptyTitle"), description: t("staff.empty"), action: add || undefined }}
        noMatches={{ icon: <IconSearch />, title: t("staff.noMatchesTitle"), description: t("staff.noMatches") }}
        columns={[
          {
            key: "name",
            header: t("staff.name"),
            cell: (m) => (
              <>
                <Text fw={600} size="sm">
                  {m.name}
                  {m.id === session.staff.id && (
                    <Text span c="gray.7" size="xs" ml={6}>
                      ({t("staff.you")})
                    </Text>
                  )}
                </Text>
                <Text size="xs" c="gray.7" style={{ overflowWrap: "anywhere" }}>
                  {m.email}
                </Text>
              </>
            ),
          },
          {
            key: "role",
            header: t("staff.role"),
            cell: (m) => (
              <Badge color={ROLE_COLORS[m.role]} variant="light">
                {t(`roles.${m.role}`)}
              </Badge>
            ),
          },
          {
            key: "locations",
            header: t("staff.locations"),
            cell: (m) =>
              m.locationIds.length === 0 ? (
                <Text size="sm" c="gray.7">
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
              ),
          },
          {
            key: "permissions",
            header: t("staff.permissions"),
            priority: 3,
            cell: (m) => (m.customPermissions ? t("staff.customCount", { count: m.permissions.length }) : t("staff.rolePreset")),
          },
          { key: "joined", header: t("staff.joined"), priority: 3, nowrap: true, cell: (m) => formatDate(m.joinedAt) },
        ]}
        rowActions={
          canWrite
            ? (m) => (
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
              )
            : undefined
        }
      >
        <StaffDrawer member={editing} onClose={() => setEditing(undefined)} onInvited={setLink} />
      </ListPage>
      <PendingInvitations canWrite={canWrite} onResent={setLink} />
      <InviteLinkDialog sent={link} onClose={() => setLink(null)} />
      <RolesMatrix />
    </>
  );
}

/** Read-only: which permission switches each role presets. Narrow, the role names stand upright. */
function RolesMatrix() {
  const { t } = useTranslation();
  const roles = useRoles();
  const { ref, width } = useElementSize();
  const upright = width > 0 && width < 960;
  if (!roles.data) return null;
  return (
    <section aria-labelledby="roles-matrix" ref={ref}>
      <Title order={2} size="h4" mt="xl" mb="xs" id="roles-matrix">
        {t("staff.rolesTitle")}
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        {t("staff.rolesDescription")}
      </Text>
      <Table.ScrollContainer minWidth={480}>
        <Table withTableBorder withColumnBorders verticalSpacing="xs" aria-labelledby="roles-matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th style={{ verticalAlign: "bottom" }}>{t("staff.permission")}</Table.Th>
              {roles.data.roles.map((r) => (
                <Table.Th key={r.role} ta="center" w={upright ? 48 : undefined} style={{ verticalAlign: "bottom" }}>
                  <span style={upright ? { writingMode: "vertical-rl", transform: "rotate(180deg)", whiteSpace: "nowrap" } : undefined}>
                    {t(`roles.${r.role}`)}
                  </span>
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
                      <Text span c="gray.6" aria-label={t("common.no")}>
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
