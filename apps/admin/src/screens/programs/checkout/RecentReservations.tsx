import { Badge, Stack, Text } from "@mantine/core";
import { IconShoppingCart } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { wholeList } from "../../../components/cursor-list";
import { ListTable } from "../../../components/ListPage";
import { formatDateTime, formatMoney, formatNumber } from "../../../format";
import type { CheckoutReservation } from "./checkout-form";

const STATUS_COLOR: Record<CheckoutReservation["status"], string> = { reserved: "yellow", settled: "green", released: "gray" };

/** The program's last 10 reservations: order, status (and why released), points, discount, what the customer pays. */
export function RecentReservations({ programId }: { programId: string }) {
  const { t } = useTranslation();
  const list = wholeList(
    useQuery({
      queryKey: queryKeys.checkoutReservations.list({ programId }),
      queryFn: async () => (await unwrap(api.GET("/api/v1/checkout/reservations", { params: { query: { programId, limit: 10 } } }))).data,
    }),
  );
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        {t("checkout.reservations.help")}
      </Text>
      <ListTable
        list={list}
        label={t("checkout.reservations.label")}
        rowKey={(r) => r.id}
        empty={{ icon: <IconShoppingCart />, title: t("checkout.reservations.emptyTitle"), description: t("checkout.reservations.empty") }}
        columns={[
          { key: "order", header: t("checkout.reservations.order"), cell: (r) => <Text fw={600}>{r.orderId}</Text> },
          {
            key: "status",
            header: t("checkout.reservations.status"),
            cell: (r) => (
              <Stack gap={2}>
                <Badge color={STATUS_COLOR[r.status]} variant="light">
                  {t(`checkout.reservations.statuses.${r.status}`)}
                </Badge>
                {r.releaseReason && (
                  <Text size="xs" c="dimmed">
                    {t(`checkout.reservations.reasons.${r.releaseReason}`)}
                  </Text>
                )}
              </Stack>
            ),
          },
          { key: "points", header: t("checkout.reservations.points"), align: "right", nowrap: true, cell: (r) => formatNumber(r.points) },
          {
            key: "discount",
            header: t("checkout.reservations.discount"),
            align: "right",
            nowrap: true,
            priority: 2,
            cell: (r) => (r.discountPercent ? `${r.discountPercent}% · ${formatMoney(r.discountMinor, r.currency)}` : "—"),
          },
          {
            key: "toPay",
            header: t("checkout.reservations.toPay"),
            align: "right",
            nowrap: true,
            cell: (r) => formatMoney(r.toPayMinor, r.currency),
          },
          {
            key: "created",
            header: t("checkout.reservations.created"),
            nowrap: true,
            priority: 3,
            cell: (r) => formatDateTime(r.createdAt),
          },
        ]}
      />
    </Stack>
  );
}
