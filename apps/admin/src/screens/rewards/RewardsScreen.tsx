import {
  ActionIcon,
  Badge,
  Button,
  EmptyState,
  Group,
  Loader,
  Menu,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconDots, IconGift, IconPackage, IconPencil, IconPlus, IconSearch } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
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

  const list = useQuery({
    queryKey: ["rewards", "list", { q, category, kind, programId, active }],
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
  const programName = new Map((programs.data ?? []).map((p) => [p.id, p.name]));
  const rows = list.data ?? [];
  const filtered = q !== "" || category !== "" || !!kind || !!programId || active !== "all";
  const addButton = canWrite && (
    <Button component={Link} to="/rewards/new" leftSection={<IconPlus size={18} />}>
      {t("rewards.add")}
    </Button>
  );

  return (
    <>
      <PageHeader title={t("rewards.title")} description={t("rewards.description")} actions={addButton} />
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          aria-label={t("rewards.search")}
          placeholder={t("rewards.search")}
          leftSection={<IconSearch size={18} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 220px" }}
          rightSection={list.isFetching ? <Loader size="xs" /> : null}
        />
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
      </Group>

      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState icon={<IconSearch />} title={t("rewards.noMatchesTitle")} description={t("rewards.noMatches")} />
        ) : (
          <EmptyState icon={<IconGift />} title={t("rewards.emptyTitle")} description={t("rewards.empty")}>
            {canWrite && (
              <Button component={Link} to="/rewards/new" leftSection={<IconPlus size={18} />}>
                {t("rewards.addFirst")}
              </Button>
            )}
          </EmptyState>
        )
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("rewards.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("rewards.name")}</Table.Th>
                <Table.Th ta="right" className="nowrap">
                  {t("rewards.price")}
                </Table.Th>
                <Table.Th>{t("rewards.stockColumn")}</Table.Th>
                <Table.Th>{t("rewards.status")}</Table.Th>
                <Table.Th w={60}>{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => {
                const name = localName(r, i18n.language);
                return (
                  <Table.Tr key={r.id}>
                    <Table.Td miw={240}>
                      <Group gap="sm" wrap="nowrap">
                        <RewardThumb url={r.imageUrls[0]} alt="" />
                        <div style={{ minWidth: 0 }}>
                          <Text component={Link} to={`/rewards/${r.id}`} fw={600} c="indigo.8" td="none">
                            {name}
                          </Text>
                          <Group gap={6} mt={2} wrap="wrap">
                            <KindBadge kind={r.kind} />
                            <Text size="xs" c="dimmed">
                              {[r.category, (programs.data?.length ?? 0) > 1 ? programName.get(r.programId) : ""]
                                .filter(Boolean)
                                .join(" · ")}
                            </Text>
                          </Group>
                        </div>
                      </Group>
                    </Table.Td>
                    <Table.Td ta="right" className="nowrap" fw={700}>
                      {formatNumber(r.pointsPrice)}
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={4} align="flex-start">
                        <Text size="sm">{stockSummary(t, r)}</Text>
                        {isLowStock(r) && (
                          <Badge color="orange" variant="light" size="sm">
                            {t("rewards.stock.low")}
                          </Badge>
                        )}
                      </Stack>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={r.active ? "green" : "gray"} variant="light">
                        {r.active ? t("rewards.active") : t("rewards.inactive")}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Menu position="bottom-end">
                        <Menu.Target>
                          <ActionIcon aria-label={t("common.actionsFor", { name })}>
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
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </>
  );
}
