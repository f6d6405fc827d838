import { Anchor, Badge, Code, Group, Modal, SimpleGrid, Stack, Tabs, Text } from "@mantine/core";
import { IconBell, IconMail, IconMessage, IconMessages } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import type { Channel, DeliveryStatus, MessageDelivery } from "../api/messaging";
import { queryKeys } from "../api/query-keys";
import { formatDateTime, formatNumber } from "../format";
import { useCursorList } from "./cursor-list";
import { ErrorState } from "./ErrorState";
import { ListTable } from "./ListPage";
import { EmailFrame } from "./MessageContent";
import { PageLoader } from "./PageLoader";

const STATUS_COLORS: Record<DeliveryStatus, string> = {
  queued: "blue",
  sending: "cyan",
  sent: "green",
  failed: "red",
  skipped: "orange",
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="delivery-status">
      {t(`messaging.statuses.${status}`)}
    </Badge>
  );
}

export function ChannelBadge({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="outline"
      // Shade 8: readable (4.5:1) on the striped rows too.
      color={channel === "email" ? "indigo.8" : channel === "push" ? "teal.9" : "grape.8"}
      leftSection={channel === "email" ? <IconMail size={12} /> : channel === "push" ? <IconBell size={12} /> : <IconMessage size={12} />}
    >
      {t(`messaging.channels.${channel}`)}
    </Badge>
  );
}

/** The address a message went to; push records how many devices the member had ("2 devices"). */
export function recipientOf(t: TFunction, d: Pick<MessageDelivery, "channel" | "to">): string {
  if (d.channel !== "push" || !d.to) return d.to ?? "";
  const count = Number.parseInt(d.to, 10);
  return Number.isFinite(count) ? t("messaging.push.devices", { count }) : d.to;
}

/** "notification.welcome" -> "Welcome" (unknown kinds are shown as they are). */
export function kindLabel(t: TFunction, kind: string): string {
  return t(`messaging.kinds.${kind}`, { defaultValue: kind });
}

/** Why a message did not go out: the skip reason or the provider's last error. */
export function deliveryReason(t: TFunction, d: Pick<MessageDelivery, "status" | "skipReason" | "lastError">): string {
  if (d.status === "skipped" && d.skipReason) return t(`messaging.skipReasons.${d.skipReason}`, { defaultValue: d.skipReason });
  if ((d.status === "failed" || d.status === "queued") && d.lastError) return d.lastError;
  return "";
}

export interface DeliveryFilter {
  memberId?: string;
  campaignId?: string;
  channel?: Channel;
  status?: DeliveryStatus;
  kind?: string;
}

/** Delivery records, newest first, 25 a page. */
export function useDeliveries(filter: DeliveryFilter) {
  return useCursorList({
    queryKey: queryKeys.messages.list(filter),
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/messages", { params: { query: { ...filter, limit: 25, cursor } } })),
  });
}

/**
 * Delivery records (newest first) with status, channel, kind, subject, time and the reason of
 * failures and skips; a row opens the message as it was sent.
 */
export function DeliveriesTable({
  filter,
  linkMembers = true,
  empty,
}: {
  filter: DeliveryFilter;
  /** Recipients link to their member cards (not on the member card itself). */
  linkMembers?: boolean;
  empty: { title: string; description: string };
}) {
  const { t } = useTranslation();
  const list = useDeliveries(filter);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <ListTable<MessageDelivery>
        list={list}
        label={t("messaging.log.table")}
        rowKey={(d) => d.id}
        onRowClick={(d) => setOpen(d.id)}
        empty={{ icon: <IconMessages />, ...empty }}
        columns={[
          {
            key: "when",
            header: t("messaging.log.when"),
            nowrap: true,
            cell: (d) => <Text size="sm">{formatDateTime(d.sentAt ?? d.createdAt)}</Text>,
          },
          {
            key: "status",
            header: t("messaging.log.status"),
            cell: (d) => (
              <div style={{ maxWidth: 260 }}>
                <DeliveryStatusBadge status={d.status} />
                {deliveryReason(t, d) && (
                  <Text size="xs" mt={4} c={d.status === "failed" ? "red.9" : "gray.7"} style={{ overflowWrap: "anywhere" }} lineClamp={3}>
                    {deliveryReason(t, d)}
                  </Text>
                )}
              </div>
            ),
          },
          {
            key: "message",
            header: t("messaging.log.message"),
            cell: (d) => (
              <div>
                <Group gap={6} wrap="wrap" mb={2}>
                  <ChannelBadge channel={d.channel} />
                  <Text size="xs" c="gray.7">
                    {kindLabel(t, d.kind)}
                  </Text>
                </Group>
                <Anchor
                  component="button"
                  type="button"
                  size="sm"
                  fw={600}
                  c="indigo.8"
                  ta="left"
                  onClick={(e) => {
                    e.stopPropagation();
                    setOpen(d.id);
                  }}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {d.subject || d.textPreview || t("messaging.log.noSubject")}
                </Anchor>
              </div>
            ),
          },
          {
            key: "recipient",
            header: t("messaging.log.recipient"),
            priority: 2,
            cell: (d) =>
              linkMembers && d.memberId ? (
                <Anchor
                  component={Link}
                  to={`/members/${d.memberId}`}
                  size="sm"
                  c="indigo.8"
                  onClick={(e) => e.stopPropagation()}
                  style={{ overflowWrap: "anywhere" }}
                >
                  {recipientOf(t, d) || t("messaging.log.memberCard")}
                </Anchor>
              ) : (
                <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                  {recipientOf(t, d) || "—"}
                </Text>
              ),
          },
        ]}
      />
      <MessageModal id={open} onClose={() => setOpen(null)} />
    </>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="gray.7" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: "anywhere" }}>
        {children || "—"}
      </Text>
    </div>
  );
}

/** One delivery record with the message body as it was sent. */
export function MessageModal({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const message = useQuery({
    queryKey: queryKeys.messages.detail(id ?? ""),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/messages/{id}", { params: { path: { id: id ?? "" } } })),
  });
  const m = message.data;
  return (
    <Modal opened={!!id} onClose={onClose} size="xl" title={<Text fw={700}>{t("messaging.log.messageTitle")}</Text>}>
      {message.isError ? (
        <ErrorState error={message.error} onRetry={() => void message.refetch()} />
      ) : !m ? (
        <PageLoader />
      ) : (
        <Stack data-testid="message-detail">
          <Group gap="sm">
            <DeliveryStatusBadge status={m.status} />
            <ChannelBadge channel={m.channel} />
            <Text size="sm" c="gray.7">
              {kindLabel(t, m.kind)}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Meta label={t("messaging.log.recipient")}>{recipientOf(t, m)}</Meta>
            <Meta label={t("messaging.log.purpose")}>
              {m.purpose ? t(`consents.purposes.${m.purpose}`) : t("messaging.log.noConsentNeeded")}
            </Meta>
            <Meta label={t("messaging.log.created")}>{formatDateTime(m.createdAt)}</Meta>
            <Meta label={t("messaging.log.sentAt")}>{m.sentAt ? formatDateTime(m.sentAt) : null}</Meta>
            <Meta label={t("messaging.log.attempts")}>{formatNumber(m.attempts)}</Meta>
            {m.status === "queued" && m.nextAttemptAt && (
              <Meta label={t("messaging.log.nextAttempt")}>{formatDateTime(m.nextAttemptAt)}</Meta>
            )}
            {m.providerMessageId && <Meta label={t("messaging.log.providerId")}>{m.providerMessageId}</Meta>}
            {m.providerResponse && (
              <Meta label={t("messaging.log.providerResponse")}>
                <Text size="sm" ff="monospace" data-testid="provider-response">
                  {m.providerResponse}
                </Text>
              </Meta>
            )}
            {deliveryReason(t, m) && (
              <Meta label={t("messaging.log.reason")}>
                <Text size="sm" c={m.status === "failed" ? "red.9" : undefined} data-testid="message-reason">
                  {deliveryReason(t, m)}
                </Text>
              </Meta>
            )}
            {m.memberId && (
              <Meta label={t("messaging.log.member")}>
                <Anchor component={Link} to={`/members/${m.memberId}`} onClick={onClose}>
                  {t("messaging.log.memberCard")}
                </Anchor>
              </Meta>
            )}
          </SimpleGrid>
          {(m.channel === "email" || m.channel === "push") && (
            <Meta label={m.channel === "push" ? t("messaging.push.title") : t("messaging.subject")}>
              <Text fw={600}>{m.subject}</Text>
            </Meta>
          )}
          {m.channel === "push" && m.url && (
            <Meta label={t("messaging.push.url")}>
              <Text size="sm" style={{ overflowWrap: "anywhere" }} data-testid="message-url">
                {m.url}
              </Text>
            </Meta>
          )}
          {m.channel === "email" && m.html ? (
            <Tabs defaultValue="html" keepMounted={false}>
              <Tabs.List>
                <Tabs.Tab value="html">{t("messaging.preview.html")}</Tabs.Tab>
                <Tabs.Tab value="text">{t("messaging.preview.text")}</Tabs.Tab>
              </Tabs.List>
              <Tabs.Panel value="html" pt="xs">
                <EmailFrame html={m.html} title={m.subject || t("messaging.log.messageTitle")} />
              </Tabs.Panel>
              <Tabs.Panel value="text" pt="xs">
                <Code block style={{ whiteSpace: "pre-wrap" }}>
                  {m.text}
                </Code>
              </Tabs.Panel>
            </Tabs>
          ) : (
            <Code block style={{ whiteSpace: "pre-wrap" }} data-testid="message-text">
              {m.text || "—"}
            </Code>
          )}
        </Stack>
      )}
    </Modal>
  );
}
