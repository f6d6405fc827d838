import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconPencil, IconPlayerPause, IconPlayerPlay, IconSend, IconTrash } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate, useParams } from "react-router";
import { useCan } from "../../../api/session";
import { type EndpointSecret, useWebhookEndpoint, useWebhookEventTypes, type WebhookEndpoint } from "../../../api/webhooks";
import { CopyField } from "../../../components/CopyField";
import { confirmAction } from "../../../components/confirm";
import { Stat } from "../../../components/Figures";
import { PageHeader } from "../../../components/PageHeader";
import { QueryView } from "../../../components/QueryView";
import { SecretActions } from "../../../components/SecretActions";
import { formatDateTime } from "../../../format";
import { DeliveryLog } from "./DeliveryLog";
import { VerifyNote } from "./SigningSecretModal";
import { WebhookDrawer } from "./WebhookDrawer";
import { useDeleteEndpoint, useRevealSecret, useRotateSecret, useSendTest, useSetEndpointStatus } from "./webhook-actions";
import { BackToWebhooks, disabledReasonText, EndpointStatusBadge, eventFilterText, ResponseStatus } from "./webhook-parts";

/** The server keeps signing with the previous secret this long after a rotation (said in the confirmation). */
const PREVIOUS_SECRET_HOURS = 24;
const MASKED = `whsec_${"•".repeat(24)}`;

/** The signing secret: hidden until asked for (each reveal is audited), copied, rotated with a day's overlap. */
function SecretCard({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const canWrite = useCan("integrations.write");
  const [shown, setShown] = useState<EndpointSecret | null>(null);
  const reveal = useRevealSecret(setShown);
  const rotate = useRotateSecret(setShown);
  const previousUntil = shown?.previousSecretExpiresAt ?? endpoint.previousSecretExpiresAt;
  const overlapping = previousUntil !== null && new Date(previousUntil) > new Date();
  const askRotate = () =>
    confirmAction(t, {
      title: t("integrations.webhooks.secret.rotateTitle"),
      message: t("integrations.webhooks.secret.rotateMessage", { hours: PREVIOUS_SECRET_HOURS }),
      confirmLabel: t("integrations.webhooks.secret.rotate"),
      danger: false,
      onConfirm: () => rotate.mutate(endpoint),
    });
  return (
    <Card withBorder radius="lg" p="lg" data-testid="webhook-secret-card">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" mb={4}>
            {t("integrations.webhooks.secret.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("integrations.webhooks.secret.help")}
          </Text>
        </div>
        {canWrite ? (
          <CopyField
            label={t("integrations.webhooks.secret.label")}
            value={shown ? shown.secret : MASKED}
            copyLabel={t("integrations.webhooks.secret.copy")}
            copyable={Boolean(shown)}
            testId="webhook-secret-value"
            actions={
              <SecretActions
                shown={Boolean(shown)}
                onShow={() => reveal.mutate(endpoint)}
                onHide={() => setShown(null)}
                showing={reveal.isPending}
                onRotate={askRotate}
                rotating={rotate.isPending}
                labels={{
                  show: t("integrations.webhooks.secret.show"),
                  hide: t("integrations.webhooks.secret.hide"),
                  rotate: t("integrations.webhooks.secret.rotate"),
                }}
              />
            }
          />
        ) : (
          <Text size="sm" c="dimmed">
            {t("integrations.webhooks.secret.noAccess")}
          </Text>
        )}
        {overlapping && (
          <Alert color="blue" p="sm" data-testid="webhook-previous-secret">
            {t("integrations.webhooks.secret.previousValid", { date: formatDateTime(previousUntil) })}
          </Alert>
        )}
        <VerifyNote />
      </Stack>
    </Card>
  );
}

function EndpointView({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("integrations.write");
  const catalogue = useWebhookEventTypes();
  const [editing, setEditing] = useState(false);
  const setStatus = useSetEndpointStatus();
  const sendTest = useSendTest();
  const remove = useDeleteEndpoint(() => navigate("/webhooks"));
  const disabled = endpoint.status === "disabled";
  const askDelete = () =>
    confirmAction(t, {
      title: t("integrations.webhooks.deleteTitle"),
      message: t("integrations.webhooks.deleteMessage", { url: endpoint.url }),
      confirmLabel: t("integrations.webhooks.delete"),
      onConfirm: () => remove.mutate(endpoint),
    });
  const enable = () => setStatus.mutate({ endpoint, status: "enabled" });
  return (
    <>
      <PageHeader
        title={endpoint.description || t("integrations.webhooks.endpointTitle")}
        description={t("integrations.webhooks.detailDescription")}
        actions={<BackToWebhooks />}
      />
      <Stack gap="lg">
        {disabled && (
          <Alert
            color={endpoint.disabledReason === "manual" ? "gray" : "red"}
            icon={<IconAlertTriangle />}
            title={disabledReasonText(t, endpoint)}
            data-testid="endpoint-disabled"
          >
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                {endpoint.disabledReason === "manual"
                  ? t("integrations.webhooks.disabledManualHelp")
                  : t("integrations.webhooks.disabledHelp")}
              </Text>
              {canWrite && (
                <Button size="xs" color="green" leftSection={<IconPlayerPlay size={14} />} loading={setStatus.isPending} onClick={enable}>
                  {t("integrations.webhooks.enableAgain")}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
        <Card withBorder radius="lg" p="lg">
          <Stack gap="md">
            <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
              <Stack gap={4} style={{ minWidth: 0, flex: "1 1 320px" }}>
                <Text size="xs" c="gray.7" tt="uppercase" fw={700}>
                  {t("integrations.webhooks.columns.url")}
                </Text>
                <Text ff="monospace" size="sm" style={{ overflowWrap: "anywhere" }} data-testid="endpoint-url">
                  {endpoint.url}
                </Text>
                <Text size="sm" data-testid="endpoint-events">
                  {t("integrations.webhooks.receives", { events: eventFilterText(t, endpoint.eventTypes, catalogue.data) })}
                </Text>
              </Stack>
              <EndpointStatusBadge endpoint={endpoint} />
            </Group>
            {endpoint.status === "enabled" && endpoint.failingSince && (
              <Alert color="orange" icon={<IconAlertTriangle />} p="sm" data-testid="endpoint-failing">
                {t("integrations.webhooks.failingSinceHelp", { date: formatDateTime(endpoint.failingSince) })}
              </Alert>
            )}
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
              <Stat label={t("integrations.webhooks.stats.delivered24h")} value={endpoint.counts.delivered24h} testId="stat-delivered" />
              <Stat
                label={t("integrations.webhooks.stats.failed24h")}
                value={endpoint.counts.failed24h}
                color={endpoint.counts.failed24h > 0 ? "red.9" : undefined}
                testId="stat-failed"
              />
              <Stat label={t("integrations.webhooks.stats.pending")} value={endpoint.counts.pending} testId="stat-pending" />
              <div>
                <Text size="xs" c="gray.7" fw={700} tt="uppercase">
                  {t("integrations.webhooks.columns.lastDelivery")}
                </Text>
                {endpoint.lastDeliveryAt ? (
                  <Group gap={6} mt={6}>
                    <ResponseStatus status={endpoint.lastResponseStatus} />
                    <Text size="sm">{formatDateTime(endpoint.lastDeliveryAt)}</Text>
                  </Group>
                ) : (
                  <Text size="sm" mt={6} c="gray.7">
                    {t("integrations.webhooks.noDeliveries")}
                  </Text>
                )}
              </div>
            </SimpleGrid>
            {canWrite && (
              <Group gap="sm" wrap="wrap">
                <Button leftSection={<IconSend size={18} />} loading={sendTest.isPending} onClick={() => sendTest.mutate(endpoint)}>
                  {t("integrations.webhooks.sendTest")}
                </Button>
                <Button variant="default" leftSection={<IconPencil size={18} />} onClick={() => setEditing(true)}>
                  {t("common.edit")}
                </Button>
                {disabled ? (
                  <Button
                    variant="default"
                    color="green"
                    leftSection={<IconPlayerPlay size={18} />}
                    loading={setStatus.isPending}
                    onClick={enable}
                  >
                    {t("integrations.webhooks.enable")}
                  </Button>
                ) : (
                  <Button
                    variant="default"
                    leftSection={<IconPlayerPause size={18} />}
                    loading={setStatus.isPending}
                    onClick={() => setStatus.mutate({ endpoint, status: "disabled" })}
                  >
                    {t("integrations.webhooks.disable")}
                  </Button>
                )}
                <Button variant="default" c="red.9" leftSection={<IconTrash size={18} />} loading={remove.isPending} onClick={askDelete}>
                  {t("integrations.webhooks.delete")}
                </Button>
              </Group>
            )}
          </Stack>
        </Card>
        <SecretCard endpoint={endpoint} />
        <div>
          <Title order={2} size="h3" mb="sm">
            {t("integrations.deliveries.title")}
          </Title>
          <DeliveryLog endpointId={endpoint.id} catalogue={catalogue.data} />
        </div>
      </Stack>
      {canWrite && <WebhookDrawer key={`${editing}`} opened={editing} endpoint={endpoint} onClose={() => setEditing(false)} />}
    </>
  );
}

/** /webhooks/:id: one endpoint, its secret, its test button and its delivery log. */
export function WebhookScreen() {
  const { id } = useParams();
  const endpoint = useWebhookEndpoint(id);
  return <QueryView query={endpoint}>{(e) => <EndpointView endpoint={e} />}</QueryView>;
}
