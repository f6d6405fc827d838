import { Button, Drawer, Group, Radio, SimpleGrid, Stack, Stepper, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { PLATFORMS, type ShopConnection, type ShopPlatform } from "../../../api/shops";
import { notifySaved, showFormError } from "../../../components/feedback";
import { ShopFields, type ShopValues, shopBody, shopValidation, shopValues } from "./ShopFields";
import { ShopSetup } from "./ShopSetup";
import { PlatformIcon } from "./shop-parts";

/** The platforms as cards to pick from, each with a line on what it is. */
function PlatformChoice({ value, onChange }: { value: ShopPlatform; onChange: (p: ShopPlatform) => void }) {
  const { t } = useTranslation();
  return (
    <Radio.Group value={value} onChange={(v) => onChange(v as ShopPlatform)} label={t("integrations.shops.connect.platform")}>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" mt="xs">
        {PLATFORMS.map((p) => (
          <Radio.Card key={p} value={p} radius="md" p="md" data-testid={`platform-${p}`}>
            <Group wrap="nowrap" align="flex-start" gap="sm">
              <Radio.Indicator />
              <PlatformIcon platform={p} />
              <div style={{ minWidth: 0 }}>
                <Text fw={600} size="sm">
                  {t(`integrations.shops.platforms.${p}`)}
                </Text>
                <Text size="xs" c="gray.7">
                  {t(`integrations.shops.platformHelp.${p}`)}
                </Text>
              </div>
            </Group>
          </Radio.Card>
        ))}
      </SimpleGrid>
    </Radio.Group>
  );
}

/**
 * "Connect a shop": the platform, then the connection's settings, then what to paste in the shop's
 * admin (the address and the secret, shown whole here once).
 */
export function ConnectShopDrawer({
  opened,
  onClose,
  onDone,
}: {
  opened: boolean;
  onClose: () => void;
  onDone: (shop: ShopConnection) => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [step, setStep] = useState(0);
  const [result, setResult] = useState<{ shop: ShopConnection; secret: string } | null>(null);
  const form = useForm<ShopValues>({ initialValues: shopValues(null), validate: shopValidation(t, false) });
  const create = useMutation({
    mutationFn: (v: ShopValues) => unwrap(api.POST("/api/v1/shops", { body: { platform: v.platform, ...shopBody(v) } })),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.shops.all });
      notifySaved(t, t("integrations.shops.connected", { name: created.shop.name }));
      setResult(created);
      setStep(2);
    },
    onError: (err) => showFormError(t, form, err),
  });
  const close = () => {
    if (result) onDone(result.shop);
    else onClose();
  };
  return (
    <Drawer
      opened={opened}
      onClose={close}
      position="right"
      size="xl"
      closeOnClickOutside={!result}
      title={
        <Text fw={700} size="lg" component="h2">
          {t("integrations.shops.connect.title")}
        </Text>
      }
    >
      <Stepper active={step} size="sm" mb="lg" allowNextStepsSelect={false} onStepClick={(s) => !result && s < step && setStep(s)}>
        <Stepper.Step label={t("integrations.shops.connect.stepPlatform")} />
        <Stepper.Step label={t("integrations.shops.connect.stepSettings")} />
        <Stepper.Step label={t("integrations.shops.connect.stepSetup")} />
      </Stepper>
      {step === 0 && (
        <Stack>
          <PlatformChoice value={form.values.platform} onChange={(p) => form.setFieldValue("platform", p)} />
          <Group justify="flex-end" mt="md">
            <Button variant="default" onClick={onClose}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => setStep(1)}>{t("integrations.shops.connect.next")}</Button>
          </Group>
        </Stack>
      )}
      {step === 1 && (
        <form onSubmit={form.onSubmit((v) => create.mutate(v))} noValidate>
          <Stack>
            <Group gap="sm">
              <PlatformIcon platform={form.values.platform} />
              <Text fw={600}>{t(`integrations.shops.platforms.${form.values.platform}`)}</Text>
            </Group>
            <ShopFields form={form} editing={false} />
            <Group justify="space-between" mt="md">
              <Button variant="default" onClick={() => setStep(0)}>
                {t("integrations.shops.connect.back")}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t("integrations.shops.connect.submit")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {step === 2 && result && (
        <Stack data-testid="shop-connected">
          <Text size="sm">{t("integrations.shops.connect.doneIntro", { name: result.shop.name })}</Text>
          <ShopSetup shop={result.shop} secret={result.secret} canWrite />
          <Group justify="flex-end" mt="md">
            <Button onClick={close}>{t("integrations.shops.connect.finish")}</Button>
          </Group>
        </Stack>
      )}
    </Drawer>
  );
}
