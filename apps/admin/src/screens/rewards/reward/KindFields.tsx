import { Fieldset, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useCompanyCurrency } from "../../../api/lookups";
import { REWARD_KINDS, useVoucherPools } from "../../../components/RewardShared";
import { formatNumber } from "../../../format";
import type { Values } from "./reward-form";

/** What the reward is: its kind and what the kind needs (coupon value, product, code pool, fulfilment). */
export function KindFields({ form, editing }: { form: UseFormReturnType<Values>; editing: boolean }) {
  const { t } = useTranslation();
  const pools = useVoucherPools();
  const currency = useCompanyCurrency();
  const v = form.getValues();
  const poolOptions = (pools.data ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} (${t("rewards.pools.availableCount", { count: p.counts.available, formatted: formatNumber(p.counts.available) })})`,
  }));
  return (
    <Fieldset legend={t("rewards.form.kindSection")} radius="md">
      <Stack>
        <Select
          label={t("rewards.kind")}
          withAsterisk
          allowDeselect={false}
          disabled={editing}
          description={editing ? t("rewards.form.fixedAfterCreate") : t(`rewards.kindHelp.${v.kind}`)}
          data={REWARD_KINDS.map((k) => ({ value: k, label: t(`rewards.kinds.${k}`) }))}
          {...form.getInputProps("kind")}
        />
        {v.kind === "coupon" && (
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <Select
              label={t("rewards.form.couponKind")}
              allowDeselect={false}
              data={[
                { value: "percent", label: t("rewards.form.couponPercent") },
                { value: "amount", label: t("rewards.form.couponAmount") },
              ]}
              {...form.getInputProps("couponKind")}
            />
            {v.couponKind === "percent" ? (
              <NumberInput
                label={t("rewards.form.couponValuePercent")}
                withAsterisk
                min={1}
                max={100}
                allowDecimal={false}
                suffix=" %"
                {...form.getInputProps("couponValue")}
              />
            ) : (
              <TextInput
                label={t("rewards.form.couponValueAmount", { currency })}
                withAsterisk
                inputMode="decimal"
                placeholder="0,00"
                {...form.getInputProps("couponAmount")}
              />
            )}
            <TextInput
              label={t("rewards.form.couponMinOrder", { currency })}
              inputMode="decimal"
              placeholder={t("rewards.form.none")}
              {...form.getInputProps("couponMinOrder")}
            />
          </SimpleGrid>
        )}
        {v.kind === "free_product" && (
          <TextInput label={t("rewards.form.productSku")} withAsterisk maxLength={100} {...form.getInputProps("productSku")} />
        )}
        {v.kind === "voucher" && (
          <Select
            label={t("rewards.form.voucherPool")}
            withAsterisk
            data={poolOptions}
            placeholder={pools.data?.length === 0 ? t("rewards.form.noPools") : undefined}
            description={
              <Text component={Link} to="/voucher-pools" size="xs" c="indigo.8">
                {t("rewards.form.managePools")}
              </Text>
            }
            {...form.getInputProps("voucherPoolId")}
          />
        )}
        {v.kind === "physical" && (
          <Select
            label={t("rewards.form.fulfilment")}
            allowDeselect={false}
            data={(["pickup", "shipping", "none"] as const).map((f) => ({ value: f, label: t(`rewards.fulfilments.${f}`) }))}
            {...form.getInputProps("fulfilment")}
          />
        )}
      </Stack>
    </Fieldset>
  );
}
