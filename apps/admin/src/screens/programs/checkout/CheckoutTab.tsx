import { NumberInput, SimpleGrid, Stack, Switch, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { api, type Program, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { useSaveForm } from "../../../components/EntityDrawer";
import { StickySaveBar } from "../../../components/FormActions";
import { QueryView } from "../../../components/QueryView";
import { Section } from "../program/ProgramParts";
import { type CheckoutSettings, type CheckoutValues, SERVER_PATHS, toBody, toValues, validate } from "./checkout-form";
import { ProductsTable } from "./ProductsTable";
import { RecentReservations } from "./RecentReservations";
import { ThresholdsList } from "./ThresholdsList";

/** The program's "E-shop" tab: points at an online shop's checkout (docs/checkout.md), and its recent reservations. */
export function CheckoutTab({ program }: { program: Program }) {
  const settings = useQuery({
    queryKey: queryKeys.checkoutSettings.detail(program.id),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}/checkout-settings", { params: { path: { id: program.id } } })),
  });
  return (
    <Stack>
      <QueryView query={settings}>{(s) => <CheckoutForm programId={program.id} settings={s} />}</QueryView>
      <Section title={useTranslation().t("checkout.sections.reservations")}>
        <RecentReservations programId={program.id} />
      </Section>
    </Stack>
  );
}

function CheckoutForm({ programId, settings }: { programId: string; settings: CheckoutSettings }) {
  const { t } = useTranslation();
  const canWrite = useCan("programs.write");
  const form = useForm<CheckoutValues>({ initialValues: toValues(settings), validate: validate(t) });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the settings are reloaded
  useEffect(() => {
    const v = toValues(settings);
    form.setValues(v);
    form.resetDirty(v);
  }, [settings.updatedAt]);
  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v: CheckoutValues) =>
      unwrap(api.PUT("/api/v1/programs/{id}/checkout-settings", { params: { path: { id: programId } }, body: toBody(v) })),
    invalidate: [queryKeys.checkoutSettings.all],
    savedMessage: () => t("checkout.saved"),
    mapPath: (path) => SERVER_PATHS[path] ?? path,
  });
  const money = { min: 0, decimalScale: 2, fixedDecimalScale: true, decimalSeparator: ",", suffix: " zł" } as const;
  return (
    <form onSubmit={onSubmit} noValidate data-testid="checkout-settings-form">
      <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack>
          <Text size="sm">{t("checkout.intro")}</Text>
          <Section title={t("checkout.sections.general")}>
            <Switch
              label={t("checkout.enabled")}
              description={t("checkout.enabledHelp")}
              {...form.getInputProps("enabled", { type: "checkbox" })}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t("checkout.reservationMinutes")}
                description={t("checkout.reservationMinutesHelp")}
                min={1}
                max={10_080}
                allowDecimal={false}
                suffix={t("checkout.minutes")}
                {...form.getInputProps("reservationMinutes")}
              />
            </SimpleGrid>
          </Section>
          <Section title={t("checkout.sections.limits")}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NumberInput
                label={t("checkout.minimumBasket")}
                description={t("checkout.minimumBasketHelp")}
                {...money}
                {...form.getInputProps("minimumBasket")}
              />
              <NumberInput
                label={t("checkout.feePerItem")}
                description={t("checkout.feePerItemHelp")}
                {...money}
                {...form.getInputProps("feePerItem")}
              />
              <NumberInput
                label={t("checkout.maxProducts")}
                description={t("checkout.noLimit")}
                min={1}
                allowDecimal={false}
                {...form.getInputProps("maxProductsPerOrder")}
              />
              <NumberInput
                label={t("checkout.maxPoints")}
                description={t("checkout.noLimit")}
                min={1}
                allowDecimal={false}
                thousandSeparator=" "
                {...form.getInputProps("maxPointsPerOrder")}
              />
            </SimpleGrid>
          </Section>
          <Section title={t("checkout.sections.products")}>
            <ProductsTable form={form} disabled={!canWrite} />
          </Section>
          <Section title={t("checkout.sections.thresholds")}>
            <ThresholdsList form={form} disabled={!canWrite} />
          </Section>
          {canWrite && <StickySaveBar loading={saving} />}
        </Stack>
      </fieldset>
    </form>
  );
}
