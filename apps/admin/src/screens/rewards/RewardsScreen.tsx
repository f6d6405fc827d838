import { ActionIcon, Badge, Button, Group, Menu, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconGift, IconPackage, IconPencil, IconPlus, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { wholeList } from "../../components/cursor-list";
import { ListPage } from "../../components/ListPage";
import { isLowStock, KindBadge, localName, REWARD_KINDS, type RewardKind, RewardThumb, stockSummary } from "../../components/RewardShared";
import { formatNumber } from "../../format";

type ActiveFilter = "all" | "true" | "false";

/** The rewards catalog: what members can exchange their points for. */
export function RewardsScreen() {
  const { t, i18n } = useTranslation();
  const canWrite = useCan("rewards.write");
  const navigate = useNavigate();
  const programs = usePrograms();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [categoryInput, setCategoryInput] = useState("");
  const [category] = useDebouncedValue(categoryInput.trim(), 300);
  const [kind, setKind] = useState<string | null>(null);
  const [programId, setProgramId] = useState<string | null>(null);
  const [active, setActive] = useState<ActiveFilter>("all");

  const query = useQuery({
    queryKey: queryKeys.rewards.list({ q, category, kind, programId, active }),
    queryFn: async () =>
      (
        await unwrap(
          api.GET("/api/v1/rewards", {
            params: {
              query: {
                q: q || undefined,
                category: category || undefined,
                kind: (kind as RewardKind | null) ?? undefined,
                programId: programId ?? undefined,
                active: active === "all" ? undefined : active,
              },
            },
          }),
        )
      ).data,
  });
  const list = wholeList(query);
  const programName = new Map((programs.data ?? []).map((p) => [p.id, p.name]));
  const filtered = q !== "" || category !== "" || !!kind || !!programId || active !== "all";
  const addButton = canWrite && (
    <Button
      component={Link}
      to={programId ? `/rewards/new?programId=${encodeURIComponent(programId)}` : "/rewards/new"}
      leftSection={<IconPlus size={18} />}
    >
      {t("rewards.add")}
    </Button>
  );
  const filters = (
    <>
      <Select
        aria-label={t("rewards.kindFilter")}
        placeholder={t("rewards.anyKind")}
        clearable
        w={180}
        value={kind}
        onChange={setKind}
        data={REWARD_KINDS.map((k) => ({ value: k, label: t(`rewards.kinds.${k}`) }))}
      />
      <TextInput
        aria-label={t("rewards.categoryFilter")}
        placeholder={t("rewards.categoryFilter")}
        w={150}
        value={categoryInput}
        onChange={(e) => setCategoryInput(e.currentTarget.value)}
      />
      {(programs.data?.length ?? 0) > 1 && (
        <Select
          aria-label={t("rewards.programFilter")}
          placeholder={t("rewards.anyProgram")}
          clearable
          w={180}
          value={programId}
          onChange={setProgramId}
          data={(programs.data ?? []).map((p) => ({ value: p.id, label: p.name }))}
        />
      )}
      <SegmentedControl
        aria-label={t("rewards.activeFilter")}
        value={active}
        onChange={(v) => setActive(v as ActiveFilter)}
        data={[
          { value: "all", label: t("rewards.filterAll") },
          { value: "true", label: t("rewards.filterActive") },
          { value: "false", label: t("rewards.filterInactive") },
        ]}
      />
    </>
  );

  return (
    <ListPage
      title={t("rewards.title")}
      description={t("rewards.description")}
      actions={addButton}
      search={{ value: search, onChange: setSearch, label: t("rewards.search") }}
      filters={filters}
      list={list}
      label={t("rewards.title")}
      rowKey={(r) => r.id}
      onRowClick={(r) => navigate(`/rewards/${r.id}`)}
      filtered={filtered}
      empty={{
        icon: <IconGift />,
        title: t("rewards.emptyTitle"),
        description: t("rewards.empty"),
        action: canWrite ? (
          <Button component={Link} to="/rewards/new" leftSection={<IconPlus size={18} />}>
            {t("rewards.addFirst")}
          </Button>
        ) : undefined,
      }}
      noMatches={{ icon: <IconSearch />, title: t("rewards.noMatchesTitle"), description: t("rewards.noMatches") }}
      columns={[
        {
          key: "name",
          header: t("rewards.name"),
          cell: (r) => (
            <Group gap="sm" wrap="nowrap">
              <RewardThumb url={r.imageUrls[0]} alt="" />
              <div style={{ minWidth: 0 }}>
                <Text component={Link} to={`/rewards/${r.id}`} fw={600} c="indigo.8" td="none" onClick={(e) => e.stopPropagation()}>
                  {localName(r, i18n.language)}
                </Text>
                <Group gap={6} mt={2} wrap="wrap">
                  <KindBadge kind={r.kind} />
                  <Text size="xs">
                    {[r.category, (programs.data?.length ?? 0) > 1 ? programName.get(r.programId) : ""].filter(Boolean).join(" · ")}
                  </Text>
                </Group>
              </div>
            </Group>
          ),
        },
        {
          key: "price",
          header: t("rewards.price"),
          align: "right",
          nowrap: true,
          cell: (r) => (
            <Text fw={700} size="sm">
              {formatNumber(r.pointsPrice)}
            </Text>
          ),
        },
        {
          key: "stock",
          header: t("rewards.stockColumn"),
          priority: 2,
          cell: (r) => (
            <Stack gap={4} align="flex-start">
              <Text size="sm">{stockSummary(t, r)}</Text>
              {isLowStock(r) && (
                <Badge color="orange" variant="light" size="sm">
                  {t("rewards.stock.low")}
                </Badge>
              )}
            </Stack>
          ),
        },
        {
          key: "status",
          header: t("rewards.status"),
          cell: (r) => (
            <Badge color={r.active ? "green" : "gray"} variant="light">
              {r.active ? t("rewards.active") : t("rewards.inactive")}
            </Badge>
          ),
        },
      ]}
      rowActions={(r) => (
        <Menu position="bottom-end">
          <Menu.Target>
            <ActionIcon aria-label={t("common.actionsFor", { name: localName(r, i18n.language) })}>
              <IconDots size={20} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => navigate(`/rewards/${r.id}`)} mih={40}>
              {canWrite ? t("common.edit") : t("rewards.open")}
            </Menu.Item>
            {r.stockMode !== "unlimited" && (
              <Menu.Item leftSection={<IconPackage size={16} />} onClick={() => navigate(`/rewards/${r.id}/stock`)} mih={40}>
                {t("rewards.stock.open")}
              </Menu.Item>
            )}
          </Menu.Dropdown>
        </Menu>
      )}
    />
  );
}
