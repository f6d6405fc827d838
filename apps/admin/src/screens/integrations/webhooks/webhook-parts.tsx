import { Badge, Button, Text } from "@mantine/core";
import { IconArrowLeft } from "@tabler/icons-react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { DeliveryStatus, WebhookEndpoint, WebhookEventType } from "../../../api/webhooks";
import { counted } from "../../../components/AutomationRun";
import { formatDateTime } from "../../../format";

// Webhook endpoints and deliveries in words: statuses, why an endpoint is off, the event filter.

/** "member.created" -> "Member joined" (a type newer than this admin: the API's description, else the code). */
export function eventTypeLabel(t: TFunction, type: string, catalogue?: WebhookEventType[]): string {
  const fallback = catalogue?.find((e) => e.type === type)?.description ?? type;
  return t(`integrations.eventTypes.${type}` as "integrations.eventTypes.webhook.test", { defaultValue: fallback });
}

export function eventGroupLabel(t: TFunction, group: string): string {
  return t(`integrations.eventGroups.${group}` as "integrations.eventGroups.webhook", { defaultValue: group });
}

/** What an endpoint receives: "Every event", or the chosen types ("Member joined, Purchase recorded and 3 more"). */
export function eventFilterText(t: TFunction, eventTypes: string[], catalogue?: WebhookEventType[]): string {
  if (eventTypes.length === 0) return t("integrations.webhooks.allEvents");
  const names = eventTypes.map((type) => eventTypeLabel(t, type, catalogue));
  if (names.length <= 3) return names.join(", ");
  return t("integrations.webhooks.someEvents", { names: names.slice(0, 2).join(", "), more: names.length - 2 });
}

/** Why an endpoint is disabled, in a sentence; "" when it is enabled. */
export function disabledReasonText(
  t: TFunction,
  e: Pick<WebhookEndpoint, "status" | "disabledReason" | "disabledAt" | "failingSince">,
): string {
  if (e.status !== "disabled") return "";
  if (e.disabledReason === "gone") return t("integrations.webhooks.disabledGone");
  if (e.disabledReason === "failing") {
    const from = e.failingSince ? new Date(e.failingSince).getTime() : Number.NaN;
    const to = e.disabledAt ? new Date(e.disabledAt).getTime() : Date.now();
    const days = Math.max(1, Math.round((to - from) / 86_400_000));
    return Number.isFinite(days)
      ? t("integrations.webhooks.disabledFailingDays", { days: counted(t, "days", days) })
      : t("integrations.webhooks.disabledFailing");
  }
  return t("integrations.webhooks.disabledManual");
}

export function EndpointStatusBadge({ endpoint }: { endpoint: Pick<WebhookEndpoint, "status" | "failingSince" | "disabledReason"> }) {
  const { t } = useTranslation();
  const failing = endpoint.status === "enabled" && !!endpoint.failingSince;
  const color = endpoint.status === "disabled" ? (endpoint.disabledReason === "manual" ? "gray" : "red") : failing ? "orange" : "green";
  return (
    <Badge color={color} variant="light" data-testid="endpoint-status">
      {failing ? t("integrations.webhooks.statuses.failing") : t(`integrations.webhooks.statuses.${endpoint.status}`)}
    </Badge>
  );
}

/** The status line under the badge: why it is off, or since when it fails. */
export function EndpointStatusNote({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const text =
    endpoint.status === "disabled"
      ? disabledReasonText(t, endpoint)
      : endpoint.failingSince
        ? t("integrations.webhooks.failingSince", { date: formatDateTime(endpoint.failingSince) })
        : "";
  if (!text) return null;
  return (
    <Text
      size="xs"
      c={endpoint.status === "disabled" && endpoint.disabledReason !== "manual" ? "red.9" : "gray.8"}
      mt={2}
      data-testid="endpoint-reason"
    >
      {text}
    </Text>
  );
}

const DELIVERY_COLORS: Record<DeliveryStatus, string> = { pending: "blue", retrying: "orange", delivered: "green", dead: "red" };

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={DELIVERY_COLORS[status]} variant="light" data-testid="webhook-delivery-status">
      {t(`integrations.deliveries.statuses.${status}`)}
    </Badge>
  );
}

/** An HTTP status: a failure (not 2xx) in red; none: "no response" when there was an error, else "—". */
export function ResponseStatus({ status, error, testId }: { status: number | null; error?: string | null; testId?: string }) {
  const { t } = useTranslation();
  if (status === null)
    return (
      <Text size="sm" c={error ? "red.9" : "gray.7"} component="span" data-testid={testId}>
        {error ? t("integrations.deliveries.noResponse") : "—"}
      </Text>
    );
  return (
    // Only a failure is coloured: green on the striped rows would not be readable enough.
    <Text size="sm" fw={600} c={status >= 200 && status < 300 ? undefined : "red.9"} component="span" ff="monospace" data-testid={testId}>
      {status}
    </Text>
  );
}

export function BackToWebhooks() {
  const { t } = useTranslation();
  return (
    <Button component={Link} to="/webhooks" variant="default" leftSection={<IconArrowLeft size={18} />}>
      {t("integrations.webhooks.back")}
    </Button>
  );
}
