import { ActionIcon, Menu, Text } from "@mantine/core";
import { IconArrowBackUp, IconDots, IconReceipt } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Member, type Purchase, unwrap } from "../../../api/client";
import { useAllLocations } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { useCursorList } from "../../../components/cursor-list";
import { ListTable } from "../../../components/ListPage";
import { ReturnModal } from "../../../components/PointsDialogs";
import { formatDateTime, formatMoney, formatPoints } from "../../../format";

export function PurchasesTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const canRead = useCan("purchases.read");
  const canWrite = useCan("purchases.write");
  const [returning, setReturning] = useState<Purchase | undefined>(undefined);
  const locations = useAllLocations();
  const locationName = new Map((locations.data ?? []).map((l) => [l.id, l.name]));
  const list = useCursorList({
    queryKey: queryKeys.purchases.list({ memberId: member.id }),
    enabled: canRead,
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/purchases", { params: { query: { memberId: member.id, limit: 25, cursor } } })),
  });
  if (!canRead) return <Text c="gray.7">{t("errors.forbidden")}</Text>;
  return (
    <>
      <ListTable
        list={list}
        label={t("members.tabs.purchases")}
        rowKey={(p) => p.id}
        empty={{ icon: <IconReceipt />, title: t("members.noPurchasesTitle"), description: t("members.noPurchases") }}
        columns={[
          { key: "when", header: t("points.when"), nowrap: true, cell: (p) => formatDateTime(p.occurredAt) },
          { key: "receipt", header: t("counter.receiptNumber"), cell: (p) => <Text ff="monospace">{p.receiptNumber}</Text> },
          {
            key: "amount",
            header: t("counter.amount"),
            align: "right",
            nowrap: true,
            cell: (p) => formatMoney(p.amount.amount, p.amount.currency),
          },
          {
            key: "points",
            header: t("points.points"),
            align: "right",
            nowrap: true,
            cell: (p) => (
              <>
                <Text fw={700}>{formatPoints(p.points)}</Text>
                {p.pointsReturned > 0 && (
                  <Text size="xs" c="red.8">
                    {formatPoints(-p.pointsReturned, true)}
                  </Text>
                )}
              </>
            ),
          },
          {
            key: "returns",
            header: t("counter.returns"),
            priority: 2,
            cell: (p) =>
              p.returns.length === 0
                ? "—"
                : p.returns.map((r) => (
                    <Text size="sm" key={r.id}>
                      {r.returnNumber}: {formatMoney(r.amount.amount, r.amount.currency)} ({formatPoints(-r.points, true)})
                    </Text>
                  )),
          },
          {
            key: "location",
            header: t("counter.location"),
            priority: 3,
            cell: (p) => (p.locationId && locationName.get(p.locationId)) || "—",
          },
        ]}
        rowActions={
          canWrite
            ? (p) =>
                p.refunded.amount < p.amount.amount && (
                  <Menu position="bottom-end">
                    <Menu.Target>
                      <ActionIcon aria-label={t("common.actionsFor", { name: p.receiptNumber })}>
                        <IconDots size={20} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      <Menu.Item leftSection={<IconArrowBackUp size={16} />} onClick={() => setReturning(p)} mih={40}>
                        {t("counter.return")}
                      </Menu.Item>
                    </Menu.Dropdown>
                  </Menu>
                )
            : undefined
        }
      />
      <ReturnModal purchase={returning} onClose={() => setReturning(undefined)} />
    </>
  );
}
