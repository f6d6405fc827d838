import { Alert, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconCalendarTime, IconPlayerStop } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { usePrograms } from "../../api/lookups";
import type { Campaign } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { ChannelBadge, DeliveriesTable } from "../../components/Deliveries";
import { Stat } from "../../components/Figures";
import { notifyError, notifySaved } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { formatDateTime } from "../../format";
import { BackToCampaigns, CampaignStatusBadge, Detail } from "./CampaignParts";

/** A campaign that is scheduled, sending or done: when, to whom, and what happened. */
export function CampaignResults({ campaign: c }: { campaign: Campaign }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canSend = useCan("messages.send");
  const programs = usePrograms();
  const cancel = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/campaigns/{id}/cancel", { params: { path: { id: c.id } } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.campaigns.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.messages.all });
      notifySaved(t, t("messaging.campaigns.cancelledMessage", { name: saved.name }));
    },
    onError: (err) => notifyError(t, err),
  });
  const r = c.results;
  const active = c.status === "scheduled" || c.status === "sending";
  // New results mean new delivery records: reload the list below with them.
  const progress = `${c.status}:${r.total}:${r.sent}:${r.failed}:${r.noConsent}:${r.noAddress}:${r.cancelled}`;
  // biome-ignore lint/correctness/useExhaustiveDependencies: progress is the trigger
  useEffect(() => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.messages.list({ campaignId: c.id }) });
  }, [progress]);
  const programName = programs.data?.find((p) => p.id === c.audience.programId)?.name;
  return (
    <>
      <PageHeader
        title={c.name}
        actions={
          <>
            <BackToCampaigns />
            <CampaignStatusBadge status={c.status} />
          </>
        }
      />
      <Stack>
        {active && canSend && (
          <Alert
            color="blue"
            variant="light"
            icon={<IconCalendarTime />}
            title={t(`messaging.campaigns.activeTitle.${c.status as "scheduled" | "sending"}`)}
          >
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Text size="sm">
                {c.status === "scheduled"
                  ? t("messaging.campaigns.scheduledFor", { when: formatDateTime(c.scheduledAt) })
                  : t("messaging.campaigns.sendingHelp")}
              </Text>
              <Button
                color="red"
                variant="light"
                leftSection={<IconPlayerStop size={18} />}
                loading={cancel.isPending}
                onClick={() =>
                  confirmAction(t, {
                    title: t("messaging.campaigns.cancelTitle", { name: c.name }),
                    message: t("messaging.campaigns.cancelMessage"),
                    confirmLabel: t("messaging.campaigns.cancel"),
                    onConfirm: () => cancel.mutate(),
                  })
                }
              >
                {t("messaging.campaigns.cancel")}
              </Button>
            </Group>
          </Alert>
        )}
        <Card withBorder radius="lg" p="lg" data-testid="campaign-results">
          <Title order={2} size="h4" mb="md">
            {t("messaging.campaigns.resultsTitle")}
          </Title>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
            <Stat label={t("messaging.campaigns.results.total")} value={r.total} testId="result-total" />
            <Stat label={t("messaging.campaigns.results.queued")} value={r.queued} color="blue.8" testId="result-queued" />
            <Stat label={t("messaging.campaigns.results.sent")} value={r.sent} color="green.8" testId="result-sent" />
            <Stat label={t("messaging.campaigns.results.failed")} value={r.failed} color="red.8" testId="result-failed" />
            <Stat label={t("messaging.campaigns.results.noConsent")} value={r.noConsent} color="orange.9" testId="result-no-consent" />
            <Stat label={t("messaging.campaigns.results.noAddress")} value={r.noAddress} color="gray.7" testId="result-no-address" />
            <Stat label={t("messaging.campaigns.results.cancelled")} value={r.cancelled} color="gray.7" testId="result-cancelled" />
          </SimpleGrid>
        </Card>
        <Card withBorder radius="lg" p="lg">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
            <Detail label={t("messaging.channel")}>
              <ChannelBadge channel={c.channel} />
            </Detail>
            <Detail label={t("messaging.purpose")}>{t(`consents.purposes.${c.purpose}`)}</Detail>
            <Detail label={t("messaging.campaigns.program")}>{programName ?? t("messaging.campaigns.anyProgram")}</Detail>
            <Detail label={t("messaging.campaigns.scheduleAt")}>{c.scheduledAt ? formatDateTime(c.scheduledAt) : null}</Detail>
            <Detail label={t("messaging.campaigns.started")}>{c.startedAt ? formatDateTime(c.startedAt) : null}</Detail>
            <Detail label={t("messaging.campaigns.finished")}>{c.finishedAt ? formatDateTime(c.finishedAt) : null}</Detail>
            {c.channel === "email" && <Detail label={t("messaging.subject")}>{c.subject}</Detail>}
            <Detail label={t("messaging.campaigns.throttle")}>
              {c.throttlePerMinute
                ? t("messaging.campaigns.perMinute", { count: c.throttlePerMinute })
                : t("messaging.campaigns.noThrottle")}
            </Detail>
          </SimpleGrid>
        </Card>
        <Title order={2} size="h4">
          {t("messaging.campaigns.deliveries")}
        </Title>
        <DeliveriesTable
          filter={{ campaignId: c.id }}
          empty={{ title: t("messaging.campaigns.noDeliveriesTitle"), description: t("messaging.campaigns.noDeliveries") }}
        />
      </Stack>
    </>
  );
}
