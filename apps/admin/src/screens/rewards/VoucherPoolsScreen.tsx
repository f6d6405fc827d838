import { ActionIcon, Button, Group, Menu, Text } from "@mantine/core";
import { IconDots, IconDownload, IconPlus, IconTicket } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { useCan } from "../../api/session";
import { wholeList } from "../../components/cursor-list";
import { type ListColumn, ListPage } from "../../components/ListPage";
import { useVoucherPools, type VoucherPool } from "../../components/RewardShared";
import { formatNumber } from "../../format";
import { CODE_STATUSES, LowBadge } from "./pool-shared";
import { VoucherPoolModal } from "./VoucherDialogs";

export { VoucherPoolScreen } from "./VoucherPoolScreen";

const PRIORITY = { available: 1, issued: 2, used: 2, expired: 3, void: 3 } as const;

/** Code pools for electronic vouchers, with how many codes are in each state. */
export function VoucherPoolsScreen() {
  const { t } = useTranslation();
  const canWrite = useCan("rewards.write");
  const navigate = useNavigate();
  const list = wholeList(useVoucherPools());
  const [creating, setCreating] = useState(false);
  const addButton = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setCreating(true)}>
      {t("rewards.pools.add")}
    </Button>
  );
  const counts: ListColumn<VoucherPool>[] = CODE_STATUSES.map((s) => ({
    key: s,
    header: t(`rewards.codeStatuses.${s}`),
    align: "right",
    priority: PRIORITY[s],
    cell: (p) => (
      <Text span fw={s === "available" ? 700 : undefined} c={s === "available" && p.low ? "orange.9" : undefined} size="sm">
        {formatNumber(p.counts[s])}
      </Text>
    ),
  }));
  return (
    <ListPage
      title={t("rewards.pools.title")}
      description={t("rewards.pools.description")}
      actions={addButton}
      list={list}
      label={t("rewards.pools.title")}
      rowKey={(p) => p.id}
      onRowClick={(p) => navigate(`/voucher-pools/${p.id}`)}
      empty={{
        icon: <IconTicket />,
        title: t("rewards.pools.emptyTitle"),
        description: t("rewards.pools.empty"),
        action: addButton || undefined,
      }}
      columns={[
        {
          key: "name",
          header: t("rewards.pools.name"),
          cell: (p) => (
            <Group gap="xs" wrap="nowrap">
              <Text component={Link} to={`/voucher-pools/${p.id}`} fw={600} c="indigo.8" td="none" onClick={(e) => e.stopPropagation()}>
                {p.name}
              </Text>
              <LowBadge pool={p} />
            </Group>
          ),
        },
        ...counts,
      ]}
      rowActions={(p) => (
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
      )}
    >
      <VoucherPoolModal opened={creating} onClose={() => setCreating(false)} onCreated={(id) => navigate(`/voucher-pools/${id}`)} />
    </ListPage>
  );
}
