import { Accordion, Anchor, Button, Code, Drawer, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconRefresh } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import type { WebhookAttempt, WebhookDeliveryDetail, WebhookEventType } from "../../../api/webhooks";
import { confirmAction } from "../../../components/confirm";
import { QueryView } from "../../../components/QueryView";
import { formatDateTime, formatNumber } from "../../../format";
import { useReplayDelivery } from "./webhook-actions";
import { DeliveryStatusBadge, eventTypeLabel, ResponseStatus } from "./webhook-parts";

/** A JSON body indented for reading; anything else as it came. */
export function prettyBody(body: string | null | undefined): string {
  if (!body) return "";
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function Line({ label, children }: { label: string; children: ReactNode }) {
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

/** Headers one per line, "name: value". */
export function HeadersBlock({ headers, testId }: { headers: Record<string, string> | null | undefined; testId?: string }) {
  const entries = Object.entries(headers ?? {});
  return (
    <Code block data-testid={testId} style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }}>
      {entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join("\n") : "—"}
    </Code>
  );
}

export function BodyBlock({ body, testId }: { body: string | null | undefined; testId?: string }) {
  return (
    <Code
      block
      data-testid={testId}
      style={{ whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12, maxHeight: 360, overflow: "auto" }}
    >
      {prettyBody(body) || "—"}
    </Code>
  );
}

function Attempt({ attempt, n }: { attempt: WebhookAttempt; n: number }) {
  const { t } = useTranslation();
  return (
    <Accordion.Item value={String(n)} data-testid="webhook-attempt">
      <Accordion.Control>
        <Group gap="sm" wrap="wrap">
          <Text size="sm" fw={600}>
            {t("integrations.deliveries.attemptTitle", { n })}
          </Text>
          <ResponseStatus status={attempt.responseStatus} error={attempt.error} testId="attempt-status" />
          <Text size="sm" c="gray.7">
            {formatDateTime(attempt.at)} · {t("integrations.deliveries.duration", { ms: formatNumber(attempt.durationMs) })}
          </Text>
        </Group>
      </Accordion.Control>
      <Accordion.Panel>
        <Stack gap="xs">
          {attempt.error && (
            <Text size="sm" c="red.9" data-testid="attempt-error">
              {attempt.error}
            </Text>
          )}
          <Text size="sm" fw={600}>
            {t("integrations.deliveries.responseHeaders")}
          </Text>
          <HeadersBlock headers={attempt.responseHeaders} />
          <Text size="sm" fw={600}>
            {t("integrations.deliveries.responseBody")}
          </Text>
          <BodyBlock body={attempt.responseBody} testId="attempt-body" />
        </Stack>
      </Accordion.Panel>
    </Accordion.Item>
  );
}

function DeliveryDetail({ delivery, catalogue }: { delivery: WebhookDeliveryDetail; catalogue?: WebhookEventType[] }) {
  const { t } = useTranslation();
  const canWrite = useCan("integrations.write");
  const replay = useReplayDelivery();
  const attempts = delivery.attempts;
  const askReplay = () =>
    confirmAction(t, {
      title: t("integrations.deliveries.replayTitle"),
      message: t("integrations.deliveries.replayMessage"),
      confirmLabel: t("integrations.deliveries.replay"),
      danger: false,
      onConfirm: () => replay.mutate(delivery),
    });
  return (
    <Stack data-testid="webhook-delivery-drawer">
      <SimpleGrid cols={2} spacing="sm">
        <Line label={t("integrations.deliveries.eventType")}>{eventTypeLabel(t, delivery.eventType, catalogue)}</Line>
        <Line label={t("integrations.deliveries.status")}>
          <DeliveryStatusBadge status={delivery.status} />
        </Line>
        <Line label={t("integrations.deliveries.createdAt")}>{formatDateTime(delivery.createdAt)}</Line>
        <Line label={t("integrations.deliveries.deliveredAt")}>{delivery.deliveredAt ? formatDateTime(delivery.deliveredAt) : null}</Line>
        <Line label={t("integrations.deliveries.attempts")}>
          <span data-testid="delivery-attempt-count">{formatNumber(delivery.attemptCount)}</span>
        </Line>
        {delivery.status === "retrying" && (
          <Line label={t("integrations.deliveries.nextAttempt")}>{formatDateTime(delivery.nextAttemptAt)}</Line>
        )}
        {delivery.memberId && (
          <Line label={t("integrations.deliveries.member")}>
            <Anchor component={Link} to={`/members/${delivery.memberId}`} c="indigo.9">
              {t("integrations.deliveries.openMember")}
            </Anchor>
          </Line>
        )}
        <Line label={t("integrations.deliveries.webhookId")}>
          <Text ff="monospace" size="xs" component="span">
            {delivery.eventId}
          </Text>
        </Line>
      </SimpleGrid>
      {canWrite && (
        <Group>
          <Button leftSection={<IconRefresh size={18} />} variant="light" loading={replay.isPending} onClick={askReplay}>
            {t("integrations.deliveries.replay")}
          </Button>
        </Group>
      )}
      <Title order={3} size="h5">
        {t("integrations.deliveries.request")}
      </Title>
      <Text size="sm" ff="monospace" style={{ overflowWrap: "anywhere" }}>
        POST {delivery.request.url}
      </Text>
      <Text size="sm" fw={600}>
        {t("integrations.deliveries.requestHeaders")}
      </Text>
      <HeadersBlock headers={delivery.request.headers} testId="request-headers" />
      <Text size="sm" fw={600}>
        {t("integrations.deliveries.requestBody")}
      </Text>
      <BodyBlock body={delivery.request.body} testId="request-body" />
      <Title order={3} size="h5">
        {t("integrations.deliveries.attemptsTitle")}
      </Title>
      {attempts.length === 0 ? (
        <Text size="sm" c="gray.7">
          {t("integrations.deliveries.noAttempts")}
        </Text>
      ) : (
        <Accordion variant="separated" multiple defaultValue={[String(delivery.attemptCount)]}>
          {attempts.map((a, i) => (
            <Attempt key={a.at} attempt={a} n={delivery.attemptCount - attempts.length + i + 1} />
          ))}
        </Accordion>
      )}
    </Stack>
  );
}

/** One delivery in a drawer: the request as sent, every attempt's response, and "Replay". */
export function DeliveryDrawer({
  deliveryId,
  onClose,
  catalogue,
}: {
  deliveryId: string | null;
  onClose: () => void;
  catalogue?: WebhookEventType[];
}) {
  const { t } = useTranslation();
  const detail = useQuery({
    queryKey: queryKeys.webhookDeliveries.detail(deliveryId ?? ""),
    enabled: !!deliveryId,
    queryFn: () => unwrap(api.GET("/api/v1/webhooks/deliveries/{id}", { params: { path: { id: deliveryId ?? "" } } })),
    // On its way: asked again until it is delivered or dead.
    refetchInterval: (q) => (q.state.data && (q.state.data.status === "pending" || q.state.data.status === "retrying") ? 3000 : false),
  });
  return (
    <Drawer
      opened={!!deliveryId}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        <Text fw={700} size="lg" component="h2">
          {t("integrations.deliveries.drawerTitle")}
        </Text>
      }
    >
      {deliveryId && <QueryView query={detail}>{(d) => <DeliveryDetail delivery={d} catalogue={catalogue} />}</QueryView>}
    </Drawer>
  );
}
