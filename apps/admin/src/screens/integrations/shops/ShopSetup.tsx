import { Alert, List, Stack, Text, Title } from "@mantine/core";
import { IconInfoCircle } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import type { ShopConnection, ShopPlatform } from "../../../api/shops";
import { CopyField } from "../../../components/CopyField";
import { confirmAction } from "../../../components/confirm";
import { notifyError, notifySaved } from "../../../components/feedback";
import { SecretActions } from "../../../components/SecretActions";

const STEPS = ["step1", "step2", "step3", "step4"] as const;
const MASKED = "•".repeat(28);

/** Where to paste the address and the secret in the shop's own admin, step by step. */
export function PlatformInstructions({ platform }: { platform: ShopPlatform }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="shop-instructions">
      <Title order={3} size="h5">
        {t(`integrations.shops.instructions.${platform}.title`)}
      </Title>
      <List type="ordered" spacing={6} size="sm">
        {STEPS.map((step) => (
          <List.Item key={step}>{t(`integrations.shops.instructions.${platform}.${step}`)}</List.Item>
        ))}
      </List>
    </Stack>
  );
}

/**
 * The address the shop sends its webhooks to and the secret it signs them with, to copy, with the
 * platform's instructions. `secret` is given right after connecting; later it is revealed on request
 * (each reveal is audited). Shopify's secret is the app's own: it is changed by editing, not rotated.
 */
export function ShopSetup({ shop, secret: initial, canWrite }: { shop: ShopConnection; secret?: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [secret, setSecret] = useState<string | null>(initial ?? null);
  const reveal = useMutation({
    mutationFn: () => unwrap(api.GET("/api/v1/shops/{id}/secret", { params: { path: { id: shop.id } } })),
    onSuccess: (s) => setSecret(s.secret),
    onError: (err) => notifyError(t, err),
  });
  const rotate = useMutation({
    mutationFn: () => unwrap(api.POST("/api/v1/shops/{id}/rotate-secret", { params: { path: { id: shop.id } } })),
    onSuccess: (s) => {
      setSecret(s.secret);
      void queryClient.invalidateQueries({ queryKey: queryKeys.shops.all });
      notifySaved(t, t("integrations.shops.secretRotated"));
    },
    onError: (err) => notifyError(t, err),
  });
  const askRotate = () =>
    confirmAction(t, {
      title: t("integrations.shops.rotateTitle"),
      message: t("integrations.shops.rotateMessage"),
      confirmLabel: t("integrations.shops.rotate"),
      onConfirm: () => rotate.mutate(),
    });
  const shopify = shop.platform === "shopify";
  return (
    <Stack gap="md">
      <CopyField
        label={t("integrations.shops.inboundUrl")}
        value={shop.inboundUrl}
        copyLabel={t("integrations.shops.copyUrl")}
        testId="shop-url"
      />
      {shopify ? (
        <Alert color="blue" icon={<IconInfoCircle />} p="sm">
          {t("integrations.shops.shopifySecretNote")}
        </Alert>
      ) : canWrite ? (
        <CopyField
          label={t("integrations.shops.secret")}
          value={secret ?? MASKED}
          copyLabel={t("integrations.shops.copySecret")}
          copyable={secret !== null}
          testId="shop-secret"
          actions={
            initial ? undefined : (
              <SecretActions
                shown={secret !== null}
                onShow={() => reveal.mutate()}
                onHide={() => setSecret(null)}
                showing={reveal.isPending}
                onRotate={askRotate}
                rotating={rotate.isPending}
                labels={{
                  show: t("integrations.shops.showSecret"),
                  hide: t("integrations.shops.hideSecret"),
                  rotate: t("integrations.shops.rotate"),
                }}
              />
            )
          }
        />
      ) : (
        <Text size="sm" c="dimmed">
          {t("integrations.shops.secretNoAccess")}
        </Text>
      )}
      <PlatformInstructions platform={shop.platform} />
    </Stack>
  );
}
