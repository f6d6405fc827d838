import { Badge, Button, Stack, Table, Text, Title } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Member, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { confirmAction } from "../../../components/confirm";
import { ErrorState } from "../../../components/ErrorState";
import { notifyError, notifySaved } from "../../../components/feedback";
import { PageLoader } from "../../../components/PageLoader";
import { formatDateTime } from "../../../format";

export function ConsentsTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const canWrite = useCan("members.write");
  const queryClient = useQueryClient();
  const consents = useQuery({
    queryKey: queryKeys.members.part(member.id, "consents"),
    queryFn: () => unwrap(api.GET("/api/v1/members/{id}/consents", { params: { path: { id: member.id } } })),
  });
  const change = useMutation({
    mutationFn: (c: { consentId: string; granted: boolean }) =>
      unwrap(api.POST("/api/v1/members/{id}/consents", { params: { path: { id: member.id } }, body: { changes: [c] } })),
    onSuccess: (data, c) => {
      queryClient.setQueryData(queryKeys.members.part(member.id, "consents"), data);
      notifySaved(t, c.granted ? t("members.consentGranted") : t("members.consentWithdrawn"));
    },
    onError: (err) => notifyError(t, err),
  });
  const ask = (c: { consentId: string; name: string; granted: boolean }) => {
    if (c.granted) return change.mutate({ consentId: c.consentId, granted: true });
    confirmWithdraw(c.name, () => change.mutate({ consentId: c.consentId, granted: false }));
  };
  const confirmWithdraw = (name: string, onConfirm: () => void) =>
    confirmAction(t, {
      title: t("members.withdrawTitle", { name }),
      message: t("members.withdrawMessage"),
      confirmLabel: t("members.withdraw"),
      onConfirm,
    });
  if (consents.isError) return <ErrorState error={consents.error} onRetry={() => void consents.refetch()} />;
  if (consents.isPending) return <PageLoader />;
  const consentName = new Map(consents.data.current.map((c) => [c.consentId, c.name]));
  return (
    <Stack>
      <Table.ScrollContainer minWidth={640}>
        <Table verticalSpacing="sm" aria-label={t("members.currentConsents")}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("members.consent")}</Table.Th>
              <Table.Th>{t("members.decision")}</Table.Th>
              <Table.Th>{t("members.changedAt")}</Table.Th>
              {canWrite && <Table.Th>{t("common.actions")}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {consents.data.current.map((c) => (
              <Table.Tr key={c.consentId} data-testid={`consent-${c.key}`}>
                <Table.Td>
                  <Text fw={600}>{c.name}</Text>
                  <Text size="xs" c="gray.7">
                    {t(`consents.purposes.${c.purpose}`)} · {t(`consents.channels.${c.channel}`)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Badge color={c.granted ? "green" : "gray"} variant="light">
                    {c.granted ? t("members.granted") : t("members.notGranted")}
                  </Badge>
                  {c.granted && c.version !== null && c.version < c.currentVersion && (
                    <Text size="xs" c="orange">
                      {t("members.olderVersion", { version: c.version })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td className="nowrap">{c.changedAt ? formatDateTime(c.changedAt) : "—"}</Table.Td>
                {canWrite && (
                  <Table.Td>
                    {c.granted ? (
                      <Button size="sm" variant="light" color="red" onClick={() => ask({ ...c, granted: false })}>
                        {t("members.withdraw")}
                      </Button>
                    ) : (
                      c.active && (
                        <Button size="sm" variant="light" onClick={() => ask({ ...c, granted: true })}>
                          {t("members.grant")}
                        </Button>
                      )
                    )}
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Title order={2} size="h4">
        {t("members.consentHistory")}
      </Title>
      {consents.data.history.length === 0 ? (
        <Text c="gray.7">{t("members.noConsentHistory")}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped verticalSpacing="sm" aria-label={t("members.consentHistory")}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t("points.when")}</Table.Th>
                <Table.Th>{t("members.consent")}</Table.Th>
                <Table.Th>{t("members.decision")}</Table.Th>
                <Table.Th>{t("members.version")}</Table.Th>
                <Table.Th>{t("members.source")}</Table.Th>
                <Table.Th>{t("points.actor")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {consents.data.history.map((h) => (
                <Table.Tr key={h.id} data-testid="consent-history-row">
                  <Table.Td className="nowrap">{formatDateTime(h.occurredAt)}</Table.Td>
                  <Table.Td>{consentName.get(h.consentId) ?? h.key}</Table.Td>
                  <Table.Td>
                    <Badge color={h.granted ? "green" : "red"} variant="light">
                      {h.granted ? t("members.grantedEvent") : t("members.withdrawnEvent")}
                    </Badge>
                  </Table.Td>
                  <Table.Td>v{h.version}</Table.Td>
                  <Table.Td>{t(`members.sources.${h.source}`)}</Table.Td>
                  <Table.Td>{h.actorName}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
