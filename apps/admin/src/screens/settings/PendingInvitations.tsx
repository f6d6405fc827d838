import { Badge, Button, Group, Paper, Stack, Text, Title } from "@mantine/core";
import { IconMailForward, IconX } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type InvitationSent, type StaffInvitation, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { confirmAction } from "../../components/confirm";
import { notifyError, notifySaved } from "../../components/feedback";
import { formatDate, formatDateTime } from "../../format";

/** Open invitations with resend and revoke; nothing shows while there are none. */
export function PendingInvitations({ canWrite, onResent }: { canWrite: boolean; onResent: (sent: InvitationSent) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const invitations = useQuery({
    queryKey: queryKeys.invitations.list(),
    queryFn: () => unwrap(api.GET("/api/v1/staff/invitations")),
    select: (r) => r.data,
  });
  const resend = useMutation({
    mutationFn: (i: StaffInvitation) => unwrap(api.POST("/api/v1/staff/invitations/{id}/resend", { params: { path: { id: i.id } } })),
    onSuccess: (sent) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations.all });
      if (sent.inviteUrl) onResent(sent);
      else notifySaved(t, t("staff.resent", { email: sent.invitation.email }));
    },
    onError: (err) => notifyError(t, err),
  });
  const revoke = useMutation({
    mutationFn: (i: StaffInvitation) => unwrap(api.DELETE("/api/v1/staff/invitations/{id}", { params: { path: { id: i.id } } })),
    onSuccess: (_r, i) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.invitations.all });
      notifySaved(t, t("staff.revoked", { email: i.email }));
    },
    onError: (err) => notifyError(t, err),
  });
  const list = invitations.data ?? [];
  if (list.length === 0) return null;
  return (
    <section aria-labelledby="pending-invitations">
      <Title order={2} size="h4" mt="xl" mb="xs" id="pending-invitations">
        {t("staff.invitationsTitle")}
      </Title>
      <Text size="sm" c="gray.7" mb="sm">
        {t("staff.invitationsDescription")}
      </Text>
      <Stack gap="xs">
        {list.map((i) => (
          <Paper key={i.id} withBorder p="sm" radius="md">
            <Group justify="space-between" gap="sm">
              <div style={{ minWidth: 0, flex: "1 1 220px" }}>
                <Text fw={600} size="sm" style={{ overflowWrap: "anywhere" }}>
                  {i.email}
                </Text>
                <Group gap={6} mt={4}>
                  <Badge variant="light">{t(`roles.${i.role}`)}</Badge>
                  {i.expired ? (
                    <Badge color="orange" variant="light">
                      {t("staff.expired")}
                    </Badge>
                  ) : (
                    <Text size="xs" c="gray.7">
                      {t("staff.expiresOn", { date: formatDateTime(i.expiresAt) })}
                    </Text>
                  )}
                  <Text size="xs" c="gray.7">
                    {t("staff.invitedOn", { date: formatDate(i.createdAt) })}
                  </Text>
                </Group>
              </div>
              {canWrite && (
                <Group gap="xs" aria-label={t("staff.invitationsFor", { email: i.email })} role="group">
                  <Button
                    variant="default"
                    size="sm"
                    leftSection={<IconMailForward size={16} />}
                    loading={resend.isPending && resend.variables?.id === i.id}
                    onClick={() => resend.mutate(i)}
                  >
                    {t("staff.resend")}
                  </Button>
                  <Button
                    variant="subtle"
                    color="red"
                    size="sm"
                    leftSection={<IconX size={16} />}
                    onClick={() =>
                      confirmAction(t, {
                        title: t("staff.revokeTitle", { email: i.email }),
                        message: t("staff.revokeMessage"),
                        confirmLabel: t("staff.revoke"),
                        onConfirm: () => revoke.mutate(i),
                      })
                    }
                  >
                    {t("staff.revoke")}
                  </Button>
                </Group>
              )}
            </Group>
          </Paper>
        ))}
      </Stack>
    </section>
  );
}
