import { Anchor, Badge, Code, EmptyState, Group, Modal, SimpleGrid, Stack, Table, Tabs, Text } from "@mantine/core";
import { IconMail, IconMessage, IconMessages } from "@tabler/icons-react";
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import type { Channel, DeliveryStatus, MessageDelivery } from "../api/messaging";
import { formatDateTime, formatNumber } from "../format";
import { ErrorState } from "./ErrorState";
import { LoadMore } from "./LoadMore";
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
      color={channel === "email" ? "indigo" : "grape"}
      leftSection={channel === "email" ? <IconMail size={12} /> : <IconMessage size={12} />}
    >
      {t(`messaging.channels.${channel}`)}
    </Badge>
  );
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

export function useDeliveries(filter: DeliveryFilter, opts: { refetchInterval?: number | false } = {}) {
  return useInfiniteQuery({
    queryKey: ["messages", filter],
    initialPageParam: undefined as string | undefined,
    refetchInterval: opts.refetchInterval,
    queryFn: ({ pageParam }) => unwrap(api.GET("/api/v1/messages", { params: { query: { ...filter, limit: 25, cursor: pageParam } } })),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
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
  refetchInterval,
}: {
  filter: DeliveryFilter;
  /** Recipients link to their member cards (not on the member card itself). */
  linkMembers?: boolean;
  empty: { title: string; description: string };
  refetchInterval?: number | false;
}) {
  const { t } = useTranslation();
  const list = useDeliveries(filter, { refetchInterval });
  const [open, setOpen] = useState<string | null>(null);
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <PageLoader />;
  const rows = list.data.pages.flatMap((p) => p.data);
  if (rows.length === 0) return <EmptyState icon={<IconMessages />} title={empty.title} description={empty.description} />;
  return (
    <>
      <Table.ScrollContainer minWidth={640}>
        <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("messaging.log.table")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("messaging.log.when")}</Table.Th>
              <Table.Th>{t("messaging.log.status")}</Table.Th>
              <Table.Th>{t("messaging.log.message")}</Table.Th>
              <Table.Th>{t("messaging.log.recipient")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((d) => (
              <Table.Tr key={d.id} data-testid="delivery-row" style={{ cursor: "pointer" }} onClick={() => setOpen(d.id)}>
                <Table.Td className="nowrap">
                  <Text size="sm">{formatDateTime(d.sentAt ?? d.createdAt)}</Text>
                </Table.Td>
                <Table.Td maw={260}>
                  <DeliveryStatusBadge status={d.status} />
                  {deliveryReason(t, d) && (
                    <Text
                      size="xs"
                      mt={4}
                      c={d.status === "failed" ? "red.8" : "dimmed"}
                      style={{ overflowWrap: "anywhere" }}
                      lineClamp={3}
                    >
                      {deliveryReason(t, d)}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td miw={220}>
                  <Group gap={6} wrap="wrap" mb={2}>
                    <ChannelBadge channel={d.channel} />
                    <Text size="xs" c="dimmed">
                      {kindLabel(t, d.kind)}
                    </Text>
                  </Group>
                  <Anchor
                    component="button"
                    type="button"
                    size="sm"
                    fw={600}
                    ta="left"
                    onClick={(e) => {
                      e.stopPropagation();
                      setOpen(d.id);
                    }}
                    style={{ overflowWrap: "anywhere" }}
                  >
                    {d.subject || d.textPreview || t("messaging.log.noSubject")}
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  {linkMembers && d.memberId ? (
                    <Anchor component={Link} to={`/members/${d.memberId}`} size="sm" onClick={(e) => e.stopPropagation()}>
                      {d.to || t("messaging.log.memberCard")}
                    </Anchor>
                  ) : (
                    <Text size="sm">{d.to || "—"}</Text>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <LoadMore shown={rows.length} hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
      <MessageModal id={open} onClose={() => setOpen(null)} />
    </>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
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
    queryKey: ["message", id],
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
            <Text size="sm" c="dimmed">
              {kindLabel(t, m.kind)}
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Meta label={t("messaging.log.recipient")}>{m.to}</Meta>
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
                <Text size="sm" c={m.status === "failed" ? "red.8" : undefined} data-testid="message-reason">
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
          {m.channel === "email" && (
            <Meta label={t("messaging.subject")}>
              <Text fw={600}>{m.subject}</Text>
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
