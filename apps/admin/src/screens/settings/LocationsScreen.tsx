import { ActionIcon, Badge, Button, EmptyState, Group, Loader, Menu, SegmentedControl, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconMapPin, IconPencil, IconPlayerPlay, IconPlayerStop, IconPlus, IconSearch } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Location, unwrap } from "../../api/client";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ErrorState } from "../../components/ErrorState";
import { notifyError, notifySaved } from "../../components/feedback";
import { LoadMore } from "../../components/LoadMore";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { LocationDrawer } from "./LocationDrawer";

type ActiveFilter = "all" | "true" | "false";
const PAGE = 25;

function addressLine(l: Location): string {
  return [l.address.street, [l.address.postalCode, l.address.city].filter(Boolean).join(" "), l.address.country].filter(Boolean).join(", ");
}

export function LocationsScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("locations.write");
  const queryClient = useQueryClient();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 300);
  const [active, setActive] = useState<ActiveFilter>("all");
  const [editing, setEditing] = useState<Location | null | undefined>(undefined);

  const list = useInfiniteQuery({
    queryKey: ["locations", { q, active }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/locations", {
          params: { query: { limit: PAGE, cursor: pageParam, q: q || undefined, active: active === "all" ? undefined : active } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const toggle = useMutation({
    mutationFn: (l: Location) =>
      unwrap(api.PATCH("/api/v1/locations/{id}", { params: { path: { id: l.id } }, body: { active: !l.active } })),
    onSuccess: (l) => {
      void queryClient.invalidateQueries({ queryKey: ["locations"] });
      notifySaved(t, l.active ? t("locations.activated", { name: l.name }) : t("locations.deactivated", { name: l.name }));
    },
    onError: (err) => notifyError(t, err),
  });

  const askToggle = (l: Location) => {
    if (!l.active) return toggle.mutate(l);
    confirmAction(t, {
      title: t("locations.deactivateTitle", { name: l.name }),
      message: t("locations.deactivateMessage"),
      confirmLabel: t("locations.deactivate"),
      onConfirm: () => toggle.mutate(l),
    });
  };

  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = q !== "" || active !== "all";

  return (
    <>
      <PageHeader
        title={t("locations.title")}
        description={t("locations.description")}
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
              {t("locations.add")}
            </Button>
          )
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          aria-label={t("locations.search")}
          placeholder={t("locations.search")}
          leftSection={<IconSearch size={18} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 240px" }}
          rightSection={list.isFetching && !list.isFetchingNextPage ? <Loader size="xs" /> : null}
        />
        <SegmentedControl
          aria-label={t("locations.statusFilter")}
          value={active}
          onChange={(v) => setActive(v as ActiveFilter)}
          data={[
            { value: "all", label: t("locations.filterAll") },
            { value: "true", label: t("locations.filterActive") },
            { value: "false", label: t("locations.filterInactive") },
          ]}
        />
      </Group>

      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState icon={<IconSearch />} title={t("locations.noMatchesTitle")} description={t("locations.noMatches")} />
        ) : (
          <EmptyState icon={<IconMapPin />} title={t("locations.emptyTitle")} description={t("locations.empty")}>
            {canWrite && (
              <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
                {t("locations.add")}
              </Button>
            )}
          </EmptyState>
        )
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("locations.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("locations.name")}</Table.Th>
                  <Table.Th>{t("locations.address")}</Table.Th>
                  <Table.Th>{t("locations.phone")}</Table.Th>
                  <Table.Th>{t("locations.openingHours")}</Table.Th>
                  <Table.Th>{t("locations.status")}</Table.Th>
                  {canWrite && <Table.Th w={60}>{t("common.actions")}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td fw={600}>{l.name}</Table.Td>
                    <Table.Td>{addressLine(l) || "—"}</Table.Td>
                    <Table.Td className="nowrap">{l.phone ?? "—"}</Table.Td>
                    <Table.Td>
                      {l.openingHours.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t("locations.noHoursShort")}
                        </Text>
                      ) : (
                        <Text size="sm">
                          {l.openingHours.map((h) => `${t(`weekdays.short.${h.day}`)} ${h.opens}–${h.closes}`).join(", ")}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={l.active ? "green" : "gray"} variant="light">
                        {l.active ? t("locations.active") : t("locations.inactive")}
                      </Badge>
                    </Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Menu position="bottom-end">
                          <Menu.Target>
                            <ActionIcon aria-label={t("common.actionsFor", { name: l.name })}>
                              <IconDots size={20} />
                            </ActionIcon>
                          </Menu.Target>
                          <Menu.Dropdown>
                            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => setEditing(l)} mih={40}>
                              {t("common.edit")}
                            </Menu.Item>
                            <Menu.Item
                              leftSection={l.active ? <IconPlayerStop size={16} /> : <IconPlayerPlay size={16} />}
                              color={l.active ? "red" : undefined}
                              onClick={() => askToggle(l)}
                              mih={40}
                            >
                              {l.active ? t("locations.deactivate") : t("locations.activate")}
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
          <LoadMore
            shown={rows.length}
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
      <LocationDrawer location={editing} onClose={() => setEditing(undefined)} />
    </>
  );
}
