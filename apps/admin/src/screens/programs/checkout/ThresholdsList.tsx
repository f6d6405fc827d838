import { ActionIcon, Button, Group, NumberInput, Stack, Text } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { IconPlus, IconTrash } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { type CheckoutValues, rowKey } from "./checkout-form";

/** Discount thresholds bought with points: an editable list, ascending (more points, a bigger discount). */
export function ThresholdsList({ form, disabled }: { form: UseFormReturnType<CheckoutValues>; disabled: boolean }) {
  const { t } = useTranslation();
  const rows = form.getValues().discountThresholds;
  const last = rows[rows.length - 1];
  return (
    <>
      <Text size="sm" c="dimmed">
        {t("checkout.thresholds.help")}
      </Text>
      {rows.length === 0 && <Text size="sm">{t("checkout.thresholds.empty")}</Text>}
      <Stack gap="xs" data-testid="checkout-thresholds">
        {rows.map((row, i) => (
          <Group
            key={row.key}
            align="flex-start"
            gap="sm"
            wrap="nowrap"
            role="group"
            aria-label={t("checkout.thresholds.row", { n: i + 1 })}
          >
            <NumberInput
              label={t("checkout.thresholds.points")}
              min={1}
              allowDecimal={false}
              style={{ flex: 1 }}
              {...form.getInputProps(`discountThresholds.${i}.points`)}
            />
            <NumberInput
              label={t("checkout.thresholds.percent")}
              min={1}
              max={100}
              allowDecimal={false}
              suffix=" %"
              style={{ flex: 1 }}
              {...form.getInputProps(`discountThresholds.${i}.percent`)}
            />
            {!disabled && (
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                mt={28}
                aria-label={t("checkout.thresholds.remove", { n: i + 1 })}
                onClick={() => form.removeListItem("discountThresholds", i)}
              >
                <IconTrash size={18} />
              </ActionIcon>
            )}
          </Group>
        ))}
      </Stack>
      {!disabled && (
        <Group>
          <Button
            variant="light"
            leftSection={<IconPlus size={18} />}
            onClick={() =>
              form.insertListItem("discountThresholds", {
                key: rowKey(),
                // a next step above the last one, as the list must ascend
                points: last ? Number(last.points) + 100 : 100,
                percent: last ? Math.min(100, Number(last.percent) + 10) : 10,
              })
            }
          >
            {t("checkout.thresholds.add")}
          </Button>
        </Group>
      )}
    </>
  );
}
