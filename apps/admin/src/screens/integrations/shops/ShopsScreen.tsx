import { ActionIcon, Button, Group, Text } from "@mantine/core";
import { IconChevronRight, IconPlugConnected, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../../api/client";
import { usePrograms } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import type { ShopConnection } from "../../../api/shops";
import { useCursorList } from "../../../components/cursor-list";
import { ListPage } from "../../../components/ListPage";
import { formatDateTime, formatNumber } from "../../../format";
import { ConnectShopDrawer } from "./ConnectShopDrawer";
import { PlatformIcon, ShopStatusBadge } from "./shop-parts";

/** The company's e-shops sending their orders and customers here, and how their webhooks fare. */
export function ShopsScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("integrations.write");
  const programs = usePrograms();
  const [connecting, setConnecting] = useState(false);
  const list = useCursorList<ShopConnection>({
    queryKey: queryKeys.shops.list(),
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/shops", { params: { query: { limit: 100, cursor } } })),
  });
  const programName = (id: string) => programs.data?.find((p) => p.id === id)?.name ?? "—";
  const connect = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setConnecting(true)}>
      {t("integrations.shops.connectAction")}
    </Button>
  );
  return (
    <ListPage<ShopConnection>
      title={t("integrations.shops.title")}
      description={t("integrations.shops.description")}
      actions={connect}
      list={list}
      label={t("integrations.shops.table")}
      rowKey={(s) => s.id}
      onRowClick={(s) => navigate(`/shops/${s.id}`)}
      empty={{
        icon: <IconPlugConnected />,
        title: t("integrations.shops.emptyTitle"),
        description: t("integrations.shops.empty"),
        action: connect || undefined,
      }}
      columns={[
        {
          key: "name",
          header: t("integrations.shops.columns.name"),
          cell: (s) => (
            <Group gap="sm" wrap="nowrap">
              <PlatformIcon platform={s.platform} />
              <div style={{ minWidth: 0 }}>
                <Text
                  component={Link}
                  to={`/shops/${s.id}`}
                  fw={600}
                  c="indigo.8"
                  td="none"
                  style={{ overflowWrap: "anywhere" }}
                  onClick={(e) => e.stopPropagation()}
                >
                  {s.name}
                </Text>
                <Text size="xs" c="gray.8">
                  {t(`integrations.shops.platforms.${s.platform}`)}
                  {s.shopDomain ? ` · ${s.shopDomain}` : ""}
                </Text>
              </div>
            </Group>
          ),
        },
        { key: "program", header: t("integrations.shops.columns.program"), priority: 3, cell: (s) => programName(s.programId) },
        { key: "status", header: t("integrations.shops.columns.status"), cell: (s) => <ShopStatusBadge status={s.status} /> },
        {
          key: "last",
          header: t("integrations.shops.columns.lastReceived"),
          priority: 2,
          cell: (s) => (s.lastReceivedAt ? formatDateTime(s.lastReceivedAt) : t("integrations.shops.nothingYet")),
        },
        {
          key: "counts",
          header: t("integrations.shops.columns.counts"),
          priority: 2,
          cell: (s) => (
            <Text size="sm" data-testid="shop-counts">
              {t("integrations.shops.countsLine", {
                received: formatNumber(s.counts.received24h),
                refused: formatNumber(s.counts.refused24h),
              })}
            </Text>
          ),
        },
      ]}
      rowActions={(s) => (
        <ActionIcon
          component={Link}
          to={`/shops/${s.id}`}
          aria-label={t("integrations.shops.openNamed", { name: s.name })}
          variant="subtle"
        >
          <IconChevronRight size={20} />
        </ActionIcon>
      )}
    >
      {canWrite && (
        <ConnectShopDrawer
          key={connecting ? "open" : "closed"}
          opened={connecting}
          onClose={() => setConnecting(false)}
          onDone={(shop) => {
            setConnecting(false);
            navigate(`/shops/${shop.id}`);
          }}
        />
      )}
    </ListPage>
  );
}
