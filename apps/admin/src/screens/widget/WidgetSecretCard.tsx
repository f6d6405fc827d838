import { Alert, Button, Card, Stack, Text, Title } from "@mantine/core";
import { IconShieldX } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { CopyField } from "../../components/CopyField";
import { confirmAction } from "../../components/confirm";
import { notifyError, notifySaved } from "../../components/feedback";
import { SecretActions } from "../../components/SecretActions";
import { formatDateTime } from "../../format";
import type { WidgetSecrets, WidgetSettings } from "./widget-api";

/** How long the old secret keeps working after a rotation (the server's rule, said in the confirmation). */
const ROTATION_DAYS = 7;
const MASKED = `wsk_${"•".repeat(24)}`;

/**
 * The secret the company's server signs member tokens with. Hidden until asked for (each reveal is
 * audited); rotating keeps the old one valid for a week so the site can be updated without a gap.
 */
export function WidgetSecretCard({ settings, canWrite }: { settings: WidgetSettings; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [shown, setShown] = useState<WidgetSecrets | null>(null);
  const previousValidUntil = settings.secret.previousValidUntil;
  const rotating = previousValidUntil !== null && new Date(previousValidUntil) > new Date();

  const reveal = useMutation({
    mutationFn: () => unwrap(api.GET("/api/v1/widget-settings/secrets")),
    onSuccess: setShown,
    onError: (err) => notifyError(t, err),
  });
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/widget-settings/secrets/rotate")),
    onSuccess: (secrets) => {
      setShown(secrets);
      void queryClient.invalidateQueries({ queryKey: queryKeys.widgetSettings.all });
      notifySaved(t, t("widget.secret.rotated"));
    },
    onError: (err) => notifyError(t, err),
  });
  const revoke = useMutation({
    mutationFn: () => unwrap(api.DELETE("/api/v1/widget-settings/secrets/previous")),
    onSuccess: (next) => {
      queryClient.setQueryData(queryKeys.widgetSettings.all, next);
      setShown((s) => (s ? { ...s, previous: null, previousValidUntil: null } : s));
      notifySaved(t, t("widget.secret.revoked"));
    },
    onError: (err) => notifyError(t, err),
  });

  const askRotate = () =>
    confirmAction(t, {
      title: t("widget.secret.rotateTitle"),
      message: t("widget.secret.rotateMessage", { days: ROTATION_DAYS }),
      confirmLabel: t("widget.secret.rotate"),
      danger: false,
      onConfirm: () => rotate.mutate(),
    });
  const askRevoke = () =>
    confirmAction(t, {
      title: t("widget.secret.revokeTitle"),
      message: t("widget.secret.revokeMessage"),
      confirmLabel: t("widget.secret.revoke"),
      onConfirm: () => revoke.mutate(),
    });

  return (
    <Card withBorder radius="lg" p="lg" data-testid="widget-secret">
      <Stack gap="md">
        <div>
          <Title order={2} size="h4" mb={4}>
            {t("widget.secret.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("widget.secret.help")}
          </Text>
        </div>
        {canWrite && (
          <CopyField
            label={t("widget.secret.current")}
            value={shown ? shown.current : MASKED}
            copyLabel={t("widget.secret.copy")}
            copyable={Boolean(shown)}
            testId="widget-secret-value"
            actions={
              <SecretActions
                shown={Boolean(shown)}
                onShow={() => reveal.mutate()}
                onHide={() => setShown(null)}
                showing={reveal.isPending}
                onRotate={askRotate}
                rotating={rotate.isPending}
                labels={{ show: t("widget.secret.show"), hide: t("widget.secret.hide"), rotate: t("widget.secret.rotate") }}
              />
            }
          />
        )}
        {!canWrite && (
          <Text size="sm" c="dimmed">
            {t("widget.secret.noAccess")}
          </Text>
        )}
        {settings.secret.rotatedAt && (
          <Text size="sm" c="dimmed">
            {t("widget.secret.rotatedAt", { date: formatDateTime(settings.secret.rotatedAt) })}
          </Text>
        )}
        {rotating && (
          <Alert color="blue" p="sm" data-testid="widget-previous-secret">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t("widget.secret.previousValid", { date: formatDateTime(previousValidUntil) })}</Text>
              {canWrite && (
                <Button
                  size="xs"
                  color="red"
                  variant="light"
                  leftSection={<IconShieldX size={14} />}
                  loading={revoke.isPending}
                  onClick={askRevoke}
                >
                  {t("widget.secret.revoke")}
                </Button>
              )}
            </Stack>
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
