import { Group, Select, Text } from "@mantine/core";
import { IconListSearch, IconSearch } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { DELIVERY_STATUSES, type DeliveryStatus, type WebhookDelivery, type WebhookEventType } from "../../../api/webhooks";
import { useCursorList } from "../../../components/cursor-list";
import { ListTable } from "../../../components/ListPage";
import { formatDateTime, formatNumber } from "../../../format";
import { DeliveryDrawer } from "./DeliveryDrawer";
import { DeliveryStatusBadge, eventTypeLabel, ResponseStatus } from "./webhook-parts";

/** How often the log asks again: soon while something is on its way, now and then otherwise (new events). */
const POLL_BUSY_MS = 3000;
const POLL_IDLE_MS = 15_000;

/** An endpoint's deliveries, newest first, filtered by status and event type; a row opens its drawer. */
export function DeliveryLog({ endpointId, catalogue }: { endpointId: string; catalogue?: WebhookEventType[] }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<DeliveryStatus | null>(null);
  const [eventType, setEventType] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const params = { endpointId, status, eventType };
  const list = useCursorList<WebhookDelivery>({
    queryKey: queryKeys.webhookDeliveries.list(params),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/webhooks/deliveries", {
          params: { query: { endpointId, status: status ?? undefined, eventType: eventType ?? undefined, limit: 25, cursor } },
        }),
      ),
    refetchInterval: (rows) => (rows.some((d) => d.status === "pending" || d.status === "retrying") ? POLL_BUSY_MS : POLL_IDLE_MS),
  });
  // When a delivery comes, goes or changes, the endpoint's figures and state (failing, last response) follow.
  const queryClient = useQueryClient();
  const signature = list.rows.map((d) => `${d.id}:${d.status}:${d.attempts}`).join(",");
  const seen = useRef<string | null>(null);
  const loaded = list.data !== undefined;
  useEffect(() => {
    if (!loaded) return;
    if (seen.current !== null && seen.current !== signature)
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints.detail(endpointId) });
    seen.current = signature;
  }, [loaded, signature, endpointId, queryClient]);
  return (
    <>
      <Group mb="md" gap="sm" align="flex-end" wrap="wrap">
        <Select
          label={t("integrations.deliveries.statusFilter")}
          placeholder={t("integrations.deliveries.anyStatus")}
          clearable
          w={200}
          value={status}
          onChange={(v) => setStatus(v as DeliveryStatus | null)}
          data={DELIVERY_STATUSES.map((x) => ({ value: x, label: t(`integrations.deliveries.statuses.${x}`) }))}
        />
        <Select
          label={t("integrations.deliveries.eventFilter")}
          placeholder={t("integrations.deliveries.anyEvent")}
          clearable
          searchable
          w={260}
          value={eventType}
          onChange={setEventType}
          data={(catalogue ?? []).map((e) => ({ value: e.type, label: eventTypeLabel(t, e.type, catalogue) }))}
        />
      </Group>
      <ListTable<WebhookDelivery>
        list={list}
        label={t("integrations.deliveries.table")}
        rowKey={(d) => d.id}
        onRowClick={(d) => setOpen(d.id)}
        filtered={!!status || !!eventType}
        empty={{
          icon: <IconListSearch />,
          title: t("integrations.deliveries.emptyTitle"),
          description: t("integrations.deliveries.empty"),
        }}
        noMatches={{
          icon: <IconSearch />,
          title: t("integrations.deliveries.noMatchesTitle"),
          description: t("integrations.deliveries.noMatches"),
        }}
        columns={[
          { key: "when", header: t("integrations.deliveries.createdAt"), nowrap: true, cell: (d) => formatDateTime(d.createdAt) },
          {
            key: "event",
            header: t("integrations.deliveries.eventType"),
            cell: (d) => (
              <Text size="sm" data-testid="delivery-event">
                {eventTypeLabel(t, d.eventType, catalogue)}
              </Text>
            ),
          },
          {
            key: "status",
            header: t("integrations.deliveries.status"),
            cell: (d) => (
              <div>
                <DeliveryStatusBadge status={d.status} />
                {d.status === "retrying" && d.nextAttemptAt && (
                  <Text size="xs" c="gray.8" mt={2}>
                    {t("integrations.deliveries.retryAt", { date: formatDateTime(d.nextAttemptAt) })}
                  </Text>
                )}
              </div>
            ),
          },
          {
            key: "attempts",
            header: t("integrations.deliveries.attempts"),
            align: "right",
            priority: 2,
            cell: (d) => <span data-testid="delivery-attempts">{formatNumber(d.attempts)}</span>,
          },
          {
            key: "response",
            header: t("integrations.deliveries.response"),
            priority: 2,
            cell: (d) => (
              <div>
                <ResponseStatus status={d.lastResponseStatus} error={d.lastError} />
                {d.lastError && d.lastResponseStatus === null && (
                  <Text size="xs" c="gray.8" lineClamp={2} style={{ overflowWrap: "anywhere" }}>
                    {d.lastError}
                  </Text>
                )}
              </div>
            ),
          },
        ]}
      />
      <DeliveryDrawer deliveryId={open} onClose={() => setOpen(null)} catalogue={catalogue} />
    </>
  );
}
