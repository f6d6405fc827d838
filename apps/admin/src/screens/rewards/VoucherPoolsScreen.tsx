import { ActionIcon, Badge, Button, Card, EmptyState, Group, Menu, Select, SimpleGrid, Table, Text } from "@mantine/core";
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconDots,
  IconDownload,
  IconFileImport,
  IconPlus,
  IconSparkles,
  IconTicket,
} from "@tabler/icons-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useCan } from "../../api/session";
import { ErrorState } from "../../components/ErrorState";
import { LoadMore } from "../../components/LoadMore";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { useVoucherPools, type VoucherCode, type VoucherPool } from "../../components/RewardShared";
import { formatDate, formatDateTime, formatNumber } from "../../format";
import { GenerateCodesModal, ImportCodesModal, VoucherPoolModal } from "./VoucherDialogs";

const STATUSES = ["available", "issued", "used", "expired", "void"] as const;
type CodeStatus = (typeof STATUSES)[number];
const STATUS_COLORS: Record<CodeStatus, string> = { available: "green", issued: "indigo", used: "gray", expired: "orange", void: "red" };

function LowBadge({ pool }: { pool: VoucherPool }) {
  const { t } = useTranslation();
  if (!pool.low) return null;
  return (
    <Badge color="orange" variant="light" leftSection={<IconAlertTriangle size={12} />}>
      {t("rewards.pools.low")}
    </Badge>
  );
}

/** Code pools for electronic vouchers, with how many codes are in each state. */
export function VoucherPoolsScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("rewards.write");
  const navigate = useNavigate();
  const pools = useVoucherPools();
  const [creating, setCreating] = useState(false);
  const addButton = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      {t("rewards.pools.add")}
    </Button>
  );
  const rows = pools.data ?? [];
  return (
    <>
      <PageHeader title={t("rewards.pools.title")} description={t("rewards.pools.description")} actions={addButton} />
      {pools.isError ? (
        <ErrorState error={pools.error} onRetry={() => void pools.refetch()} />
      ) : pools.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        <EmptyState icon={<IconTicket />} title={t("rewards.pools.emptyTitle")} description={t("rewards.pools.empty")}>
          {addButton}
        </EmptyState>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("rewards.pools.title")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("rewards.pools.name")}</Table.Th>
                {STATUSES.map((s) => (
                  <Table.Th key={s} ta="right">
                    {t(`rewards.codeStatuses.${s}`)}
                  </Table.Th>
                ))}
                <Table.Th w={60}>{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text component={Link} to={`/voucher-pools/${p.id}`} fw={600} c="indigo.8" td="none">
                        {p.name}
                      </Text>
                      <LowBadge pool={p} />
                    </Group>
                  </Table.Td>
                  {STATUSES.map((s) => (
                    <Table.Td
                      key={s}
                      ta="right"
                      fw={s === "available" ? 700 : undefined}
                      c={s === "available" && p.low ? "orange.8" : undefined}
                    >
                      {formatNumber(p.counts[s])}
                    </Table.Td>
                  ))}
                  <Table.Td>
                    <Menu position="bottom-end">
                      <Menu.Target>
                        <ActionIcon aria-label={t("common.actionsFor", { name: p.name })}>
                          <IconDots size={20} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item leftSection={<IconTicket size={16} />} onClick={() => navigate(`/voucher-pools/${p.id}`)} mih={40}>
                          {t("rewards.pools.open")}
                        </Menu.Item>
                        <Menu.Item
                          leftSection={<IconDownload size={16} />}
                          component="a"
                          href={`/api/v1/voucher-pools/${p.id}/codes?format=csv`}
                          download
                          mih={40}
                        >
                          {t("rewards.pools.export")}
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <VoucherPoolModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/voucher-pools/${id}`)} />
    </>
  );
}

/** One pool: its counts, import and generation of codes, and the codes with their status. */
export function VoucherPoolScreen() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const canWrite = useCan("rewards.write");
  const [status, setStatus] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"import" | "generate" | null>(null);
  const pool = useQuery({
    queryKey: ["voucher-pools", id],
    queryFn: () => unwrap(api.GET("/api/v1/voucher-pools/{id}", { params: { path: { id } } })),
  });
  const codes = useInfiniteQuery({
    queryKey: ["voucher-pools", id, "codes", status],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      (await unwrap(
        api.GET("/api/v1/voucher-pools/{id}/codes", {
          params: { path: { id }, query: { limit: 50, cursor: pageParam, status: (status as CodeStatus | null) ?? undefined } },
        }),
      )) as { data: VoucherCode[]; nextCursor: string | null },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  if (pool.isError) return <ErrorState error={pool.error} onRetry={() => void pool.refetch()} />;
  if (pool.isPending) return <PageLoader />;
  const p = pool.data;
  const rows = codes.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <PageHeader
        title={p.name}
        description={t("rewards.pools.poolDescription", { threshold: formatNumber(p.lowThreshold) })}
        actions={
          <Button component={Link} to="/voucher-pools" variant="default" leftSection={<IconArrowLeft size={18} />}>
            {t("rewards.pools.back")}
          </Button>
        }
      />
      <SimpleGrid cols={{ base: 3, sm: 5 }} mb="md" data-testid="pool-counts">
        {STATUSES.map((s) => (
          <Card key={s} withBorder radius="md" p="sm">
            <Text size="xs" c="dimmed" fw={700} tt="uppercase">
              {t(`rewards.codeStatuses.${s}`)}
            </Text>
            <Text fz={26} fw={800} c={s === "available" ? (p.low ? "orange.8" : "indigo.8") : undefined} data-testid={`count-${s}`}>
              {formatNumber(p.counts[s])}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {p.low && (
        <Group mb="md">
          <LowBadge pool={p} />
          <Text size="sm" c="orange.8">
            {t("rewards.pools.lowHelp", { threshold: formatNumber(p.lowThreshold) })}
          </Text>
        </Group>
      )}
      <Group mb="md" gap="sm" wrap="wrap" justify="space-between">
        <Group gap="sm">
          {canWrite && (
            <>
              <Button leftSection={<IconFileImport size={18} />} onClick={() => setDialog("import")}>
                {t("rewards.pools.import")}
              </Button>
              <Button variant="light" leftSection={<IconSparkles size={18} />} onClick={() => setDialog("generate")}>
                {t("rewards.pools.generate")}
              </Button>
            </>
          )}
          <Button
            variant="default"
            component="a"
            href={`/api/v1/voucher-pools/${p.id}/codes?format=csv`}
            download
            leftSection={<IconDownload size={18} />}
          >
            {t("rewards.pools.export")}
          </Button>
        </Group>
        <Select
          aria-label={t("rewards.pools.statusFilter")}
          placeholder={t("rewards.pools.anyStatus")}
          clearable
          w={200}
          value={status}
          onChange={setStatus}
          data={STATUSES.map((s) => ({ value: s, label: t(`rewards.codeStatuses.${s}`) }))}
        />
      </Group>
      {codes.isError ? (
        <ErrorState error={codes.error} onRetry={() => void codes.refetch()} />
      ) : codes.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        status ? (
          <EmptyState
            icon={<IconTicket />}
            title={t("rewards.pools.noCodesWithStatus")}
            description={t("rewards.pools.noCodesWithStatusHelp")}
          />
        ) : (
          <EmptyState icon={<IconTicket />} title={t("rewards.pools.noCodesTitle")} description={t("rewards.pools.noCodes")} />
        )
      ) : (
        <>
          <Table.ScrollContainer minWidth={640}>
            <Table striped verticalSpacing="xs" aria-label={t("rewards.pools.codes")} data-testid="pool-codes">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("rewards.pools.code")}</Table.Th>
                  <Table.Th>{t("rewards.pools.status")}</Table.Th>
                  <Table.Th>{t("rewards.pools.expires")}</Table.Th>
                  <Table.Th>{t("rewards.pools.issuedAt")}</Table.Th>
                  <Table.Th>{t("rewards.pools.member")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr key={c.code}>
                    <Table.Td ff="monospace" fw={600}>
                      {c.code}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[c.status]} variant="light">
                        {t(`rewards.codeStatuses.${c.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td className="nowrap">{c.expiresAt ? formatDate(c.expiresAt) : "—"}</Table.Td>
                    <Table.Td className="nowrap">{c.issuedAt ? formatDateTime(c.issuedAt) : "—"}</Table.Td>
                    <Table.Td>
                      {c.memberId ? (
                        <Text component={Link} to={`/members/${c.memberId}`} size="sm" c="indigo.8">
                          {t("rewards.pools.openMember")}
                        </Text>
                      ) : (
                        "—"
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={rows.length}
            hasMore={codes.hasNextPage}
            loading={codes.isFetchingNextPage}
            onLoad={() => void codes.fetchNextPage()}
          />
        </>
      )}
      <ImportCodesModal poolId={p.id} opened={dialog === "import"} onClose={() => setDialog(null)} />
      <GenerateCodesModal poolId={p.id} opened={dialog === "generate"} onClose={() => setDialog(null)} />
    </>
  );
}
