import { Fieldset, NumberInput, SegmentedControl, SimpleGrid, Stack, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";
import { type Reward, useVoucherPools } from "../../../components/RewardShared";
import { formatNumber } from "../../../format";
import type { Values } from "./reward-form";

/**
 * Price and stock. An e-voucher's stock is its pool's available codes (shown, not set here); a
 * single stock starts with the quantity on hand, which is required.
 */
export function StockFields({ form, reward }: { form: UseFormReturnType<Values>; reward: Reward | undefined }) {
  const { t } = useTranslation();
  const editing = !!reward;
  const v = form.getValues();
  const pools = useVoucherPools(v.kind === "voucher");
  const voucher = v.kind === "voucher";
  const poolAvailable =
    reward?.voucherPoolId === v.voucherPoolId && reward?.poolAvailable != null
      ? reward.poolAvailable
      : pools.data?.find((p) => p.id === v.voucherPoolId)?.counts.available;
  return (
    <Fieldset legend={t("rewards.form.priceAndStock")} radius="md">
      <Stack>
        <NumberInput
          label={t("rewards.form.pointsPrice")}
          withAsterisk
          min={1}
          allowDecimal={false}
          thousandSeparator=" "
          maw={260}
          {...form.getInputProps("pointsPrice")}
        />
        {voucher ? (
          <Text size="sm" data-testid="voucher-stock">
            {poolAvailable === undefined
              ? t("rewards.form.voucherStockNoPool")
              : t("rewards.stock.poolCodes", { count: poolAvailable, formatted: formatNumber(poolAvailable) })}
          </Text>
        ) : (
          <div>
            <Text size="sm" fw={500} mb={4} id="stock-mode-label">
              {t("rewards.form.stockMode")}
            </Text>
            <SegmentedControl
              aria-labelledby="stock-mode-label"
              disabled={editing}
              fullWidth
              data={(["unlimited", "global", "per_location"] as const).map((m) => ({
                value: m,
                label: t(`rewards.stockModes.${m}`),
              }))}
              {...form.getInputProps("stockMode")}
            />
            <Text size="xs" mt={4}>
              {editing ? t("rewards.form.stockModeFixed") : t(`rewards.stockModeHelp.${v.stockMode}`)}
            </Text>
          </div>
        )}
        {!voucher && v.stockMode !== "unlimited" && (
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            {!editing && v.stockMode === "global" && (
              <NumberInput
                label={t("rewards.form.initialStock")}
                description={t("rewards.form.initialStockHelp")}
                withAsterisk
                min={1}
                allowDecimal={false}
                {...form.getInputProps("initialStock")}
              />
            )}
            <NumberInput
              label={t("rewards.form.lowStockThreshold")}
              description={t("rewards.form.lowStockHelp")}
              min={0}
              allowDecimal={false}
              {...form.getInputProps("lowStockThreshold")}
            />
          </SimpleGrid>
        )}
      </Stack>
    </Fieldset>
  );
}
