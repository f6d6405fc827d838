import { ActionIcon, Badge, Button, Menu, SegmentedControl, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconMapPin, IconPencil, IconPlayerPlay, IconPlayerStop, IconPlus, IconSearch } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Location, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { useCursorList } from "../../components/cursor-list";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { formatPhone } from "../../format";
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

  const list = useCursorList({
    queryKey: queryKeys.locations.list({ q, active }),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/locations", {
          params: { query: { limit: PAGE, cursor, q: q || undefined, active: active === "all" ? undefined : active } },
        }),
      ),
  });

  const toggle = useMutation({
    mutationFn: (l: Location) =>
      unwrap(api.PATCH("/api/v1/locations/{id}", { params: { path: { id: l.id } }, body: { active: !l.active } })),
    onSuccess: (l) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.locations.all });
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

  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setEditing(null)}>
      {t("locations.add")}
    </Button>
  );

  return (
    <ListPage
      title={t("locations.title")}
      description={t("locations.description")}
      actions={add}
      search={{ value: search, onChange: setSearch, label: t("locations.search") }}
      filters={
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
      }
      list={list}
      label={t("locations.title")}
      rowKey={(l) => l.id}
      onRowClick={canWrite ? setEditing : undefined}
      filtered={q !== "" || active !== "all"}
      empty={{ icon: <IconMapPin />, title: t("locations.emptyTitle"), description: t("locations.empty"), action: add || undefined }}
      noMatches={{ icon: <IconSearch />, title: t("locations.noMatchesTitle"), description: t("locations.noMatches") }}
      columns={[
        {
          key: "name",
          header: t("locations.nameAndAddress"),
          cell: (l) => (
            <>
              <Text fw={600} size="sm">
                {l.name}
              </Text>
              <Text size="xs" c="gray.7">
                {addressLine(l)}
              </Text>
            </>
          ),
        },
        { key: "phone", header: t("locations.phone"), cell: (l) => formatPhone(l.phone), nowrap: true, priority: 3 },
        {
          key: "hours",
          header: t("locations.openingHours"),
          cell: (l) =>
            l.openingHours.length === 0 ? (
              <Text size="sm" c="gray.7">
                {t("locations.noHoursShort")}
              </Text>
            ) : (
              <Text size="sm">{l.openingHours.map((h) => `${t(`weekdays.short.${h.day}`)} ${h.opens}–${h.closes}`).join(", ")}</Text>
            ),
        },
        {
          key: "status",
          header: t("locations.status"),
          cell: (l) => (
            <Badge color={l.active ? "green" : "gray"} variant="light">
              {l.active ? t("locations.active") : t("locations.inactive")}
            </Badge>
          ),
        },
      ]}
      rowActions={
        canWrite
          ? (l) => (
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
            )
          : undefined
      }
    >
      <LocationDrawer location={editing} onClose={() => setEditing(undefined)} />
    </ListPage>
  );
}
