import { ActionIcon, Button, Group, Text, Tooltip } from "@mantine/core";
import { IconBroadcast, IconChevronRight, IconPlayerPlay, IconPlus } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { type CreatedEndpoint, useWebhookEventTypes, type WebhookEndpoint } from "../../../api/webhooks";
import { useCursorList } from "../../../components/cursor-list";
import { ListPage } from "../../../components/ListPage";
import { formatDateTime, formatNumber } from "../../../format";
import { SigningSecretModal } from "./SigningSecretModal";
import { WebhookDrawer } from "./WebhookDrawer";
import { useSetEndpointStatus } from "./webhook-actions";
import { EndpointStatusBadge, EndpointStatusNote, eventFilterText, ResponseStatus } from "./webhook-parts";

/** The company's webhook endpoints: where events go, which ones, and how the last deliveries went. */
export function WebhooksScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("integrations.write");
  const catalogue = useWebhookEventTypes();
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<CreatedEndpoint | null>(null);
  const setStatus = useSetEndpointStatus();
  const list = useCursorList<WebhookEndpoint>({
    queryKey: queryKeys.webhookEndpoints.list(),
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/webhooks/endpoints", { params: { query: { limit: 100, cursor } } })),
  });
  const add = canWrite && (
    <Button leftSection={<IconPlus size={18} />} onClick={() => setAdding(true)}>
      {t("integrations.webhooks.add")}
    </Button>
  );
  return (
    <ListPage<WebhookEndpoint>
      title={t("integrations.webhooks.title")}
      description={t("integrations.webhooks.description")}
      actions={add}
      list={list}
      label={t("integrations.webhooks.table")}
      rowKey={(e) => e.id}
      onRowClick={(e) => navigate(`/webhooks/${e.id}`)}
      empty={{
        icon: <IconBroadcast />,
        title: t("integrations.webhooks.emptyTitle"),
        description: t("integrations.webhooks.empty"),
        action: add || undefined,
      }}
      columns={[
        {
          key: "url",
          header: t("integrations.webhooks.columns.url"),
          cell: (e) => (
            <div style={{ minWidth: 0 }}>
              <Text
                component={Link}
                to={`/webhooks/${e.id}`}
                fw={600}
                c="indigo.8"
                td="none"
                ff="monospace"
                size="sm"
                style={{ overflowWrap: "anywhere" }}
                onClick={(ev) => ev.stopPropagation()}
              >
                {e.url}
              </Text>
              {e.description && (
                <Text size="sm" c="gray.8" lineClamp={2}>
                  {e.description}
                </Text>
              )}
            </div>
          ),
        },
        {
          key: "events",
          header: t("integrations.webhooks.columns.events"),
          priority: 2,
          cell: (e) => (
            <Text size="sm" data-testid="endpoint-events">
              {eventFilterText(t, e.eventTypes, catalogue.data)}
            </Text>
          ),
        },
        {
          key: "status",
          header: t("integrations.webhooks.columns.status"),
          cell: (e) => (
            <div>
              <EndpointStatusBadge endpoint={e} />
              <EndpointStatusNote endpoint={e} />
            </div>
          ),
        },
        {
          key: "last",
          header: t("integrations.webhooks.columns.lastDelivery"),
          priority: 3,
          cell: (e) =>
            e.lastDeliveryAt ? (
              <Group gap={6} wrap="nowrap">
                <ResponseStatus status={e.lastResponseStatus} />
                <Text size="sm">{formatDateTime(e.lastDeliveryAt)}</Text>
              </Group>
            ) : (
              <Text size="sm" c="gray.7">
                {t("integrations.webhooks.noDeliveries")}
              </Text>
            ),
        },
        {
          key: "counts",
          header: t("integrations.webhooks.columns.counts"),
          priority: 2,
          cell: (e) => (
            <Text size="sm" data-testid="endpoint-counts">
              {t("integrations.webhooks.countsLine", {
                delivered: formatNumber(e.counts.delivered24h),
                failed: formatNumber(e.counts.failed24h),
                pending: formatNumber(e.counts.pending),
              })}
            </Text>
          ),
        },
      ]}
      rowActions={(e) => (
        <>
          {canWrite && e.status === "disabled" && (
            <Tooltip label={t("integrations.webhooks.enable")}>
              <ActionIcon
                variant="subtle"
                color="green.9"
                aria-label={t("integrations.webhooks.enableNamed", { url: e.url })}
                loading={setStatus.isPending && setStatus.variables?.endpoint.id === e.id}
                onClick={() => setStatus.mutate({ endpoint: e, status: "enabled" })}
              >
                <IconPlayerPlay size={20} />
              </ActionIcon>
            </Tooltip>
          )}
          <ActionIcon
            component={Link}
            to={`/webhooks/${e.id}`}
            aria-label={t("integrations.webhooks.openNamed", { url: e.url })}
            variant="subtle"
          >
            <IconChevronRight size={20} />
          </ActionIcon>
        </>
      )}
    >
      {canWrite && (
        <WebhookDrawer
          key={adding ? "open" : "closed"}
          opened={adding}
          endpoint={null}
          onClose={() => setAdding(false)}
          onCreated={(c) => {
            setAdding(false);
            setCreated(c);
          }}
        />
      )}
      <SigningSecretModal
        secret={created?.secret ?? null}
        url={created?.endpoint.url ?? ""}
        onClose={() => {
          const id = created?.endpoint.id;
          setCreated(null);
          if (id) navigate(`/webhooks/${id}`);
        }}
      />
    </ListPage>
  );
}
