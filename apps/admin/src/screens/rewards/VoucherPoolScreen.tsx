import { Badge, Button, Card, Group, Select, SimpleGrid, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconArrowLeft, IconDownload, IconFileImport, IconSearch, IconSparkles, IconTicket } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { useCursorList } from "../../components/cursor-list";
import { ListTable } from "../../components/ListPage";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import type { VoucherCode, VoucherPool } from "../../components/RewardShared";
import { formatDate, formatDateTime, formatNumber } from "../../format";
import { CODE_STATUS_COLORS, CODE_STATUSES, type CodeStatus, LowBadge } from "./pool-shared";
import { GenerateCodesModal, ImportCodesModal } from "./VoucherDialogs";

const PAGE = 50;

/** One pool: its counts, import and generation of codes, and its codes (searchable, 50 a page). */
export function VoucherPoolScreen() {
  const { id = "" } = useParams();
  const pool = useQuery({
    queryKey: queryKeys.voucherPools.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/voucher-pools/{id}", { params: { path: { id } } })),
  });
  return <QueryView query={pool}>{(p) => <Pool pool={p} />}</QueryView>;
}

function Pool({ pool: p }: { pool: VoucherPool }) {
  const { t } = useTranslation();
  const canWrite = useCan("rewards.write");
  const [status, setStatus] = useState<string | null>(null);
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim(), 250);
  const [dialog, setDialog] = useState<"import" | "generate" | null>(null);
  const codes = useCursorList<VoucherCode>({
    queryKey: queryKeys.voucherPools.part(p.id, "codes", { status, q }),
    fetchPage: async (cursor) =>
      (await unwrap(
        api.GET("/api/v1/voucher-pools/{id}/codes", {
          params: {
            path: { id: p.id },
            query: { limit: PAGE, cursor, q: q || undefined, status: (status as CodeStatus | null) ?? undefined },
          },
        }),
      )) as { data: VoucherCode[]; nextCursor: string | null },
  });
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
        {CODE_STATUSES.map((s) => (
          <Card key={s} withBorder radius="md" p="sm">
            <Text size="xs" fw={700} tt="uppercase">
              {t(`rewards.codeStatuses.${s}`)}
            </Text>
            <Text fz={26} fw={800} c={s === "available" ? (p.low ? "orange.9" : "indigo.8") : undefined} data-testid={`count-${s}`}>
              {formatNumber(p.counts[s])}
            </Text>
          </Card>
        ))}
      </SimpleGrid>
      {p.low && (
        <Group mb="md">
          <LowBadge pool={p} />
          <Text size="sm" c="orange.9">
            {t("rewards.pools.lowHelp", { threshold: formatNumber(p.lowThreshold) })}
          </Text>
        </Group>
      )}
      <Group mb="md" gap="sm" wrap="wrap">
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
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <TextInput
          label={t("rewards.pools.search")}
          leftSection={<IconSearch size={18} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 220px" }}
        />
        <Select
          label={t("rewards.pools.statusFilter")}
          placeholder={t("rewards.pools.anyStatus")}
          clearable
          w={200}
          value={status}
          onChange={setStatus}
          data={CODE_STATUSES.map((s) => ({ value: s, label: t(`rewards.codeStatuses.${s}`) }))}
        />
      </Group>
      <div data-testid="pool-codes">
        <ListTable
          list={codes}
          label={t("rewards.pools.codes")}
          rowKey={(c) => c.code}
          filtered={!!status || !!q}
          empty={{ icon: <IconTicket />, title: t("rewards.pools.noCodesTitle"), description: t("rewards.pools.noCodes") }}
          noMatches={{
            icon: <IconTicket />,
            title: t("rewards.pools.noCodesWithStatus"),
            description: t("rewards.pools.noCodesWithStatusHelp"),
          }}
          columns={[
            {
              key: "code",
              header: t("rewards.pools.code"),
              cell: (c) => (
                <Text ff="monospace" fw={600} size="sm">
                  {c.code}
                </Text>
              ),
            },
            {
              key: "status",
              header: t("rewards.pools.status"),
              cell: (c) => (
                <Badge color={CODE_STATUS_COLORS[c.status]} variant="light">
                  {t(`rewards.codeStatuses.${c.status}`)}
                </Badge>
              ),
            },
            {
              key: "expires",
              header: t("rewards.pools.expires"),
              nowrap: true,
              priority: 2,
              cell: (c) => (c.expiresAt ? formatDate(c.expiresAt) : "—"),
            },
            {
              key: "issued",
              header: t("rewards.pools.issuedAt"),
              nowrap: true,
              priority: 3,
              cell: (c) => (c.issuedAt ? formatDateTime(c.issuedAt) : "—"),
            },
            {
              key: "member",
              header: t("rewards.pools.member"),
              priority: 2,
              cell: (c) =>
                c.memberId ? (
                  <Text component={Link} to={`/members/${c.memberId}`} size="sm" c="indigo.8">
                    {t("rewards.pools.openMember")}
                  </Text>
                ) : (
                  "—"
                ),
            },
          ]}
        />
      </div>
      <ImportCodesModal poolId={p.id} opened={dialog === "import"} onClose={() => setDialog(null)} />
      <GenerateCodesModal poolId={p.id} opened={dialog === "generate"} onClose={() => setDialog(null)} />
    </>
  );
}
