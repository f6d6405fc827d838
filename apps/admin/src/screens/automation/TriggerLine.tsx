import { Group, NumberInput, SegmentedControl, Select, Stack, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { EVENT_TRIGGERS, PURCHASE_CONDITIONS, SCHEDULED_TRIGGERS, type TriggerType } from "../../api/automation";
import type { ScenarioForm } from "./scenario-form";
import type { ScenarioLookups } from "./scenario-lookups";

/** "When [trigger ▾] [its parameters]". */
export function TriggerLine({ form, lookups, currencySymbol }: { form: ScenarioForm; lookups: ScenarioLookups; currencySymbol: string }) {
  const { t } = useTranslation();
  const trigger = form.getValues().trigger;
  const type = trigger.type;
  const purchaseConditions = form.getValues().conditions.some((c) => (PURCHASE_CONDITIONS as readonly string[]).includes(c.type));
  return (
    <Stack gap="sm">
      <Select
        label={t("automation.builder.trigger")}
        allowDeselect={false}
        searchable
        maxDropdownHeight={360}
        data={[
          {
            group: t("automation.triggerGroups.events"),
            items: EVENT_TRIGGERS.map((x) => ({ value: x, label: t(`automation.triggers.${x}`) })),
          },
          {
            group: t("automation.triggerGroups.scheduled"),
            items: SCHEDULED_TRIGGERS.map((x) => ({ value: x, label: t(`automation.triggers.${x}`) })),
          },
        ]}
        {...form.getInputProps("trigger.type")}
        onChange={(value) => {
          if (!value) return;
          form.setFieldValue("trigger.type", value as TriggerType);
          if (value === "no_purchase") form.setFieldValue("trigger.days", 90);
          if (value === "points_expiring") form.setFieldValue("trigger.days", 14);
        }}
        data-testid="trigger-type"
      />
      <Text size="sm" c="gray.7">
        {t(`automation.triggerHelp.${type}`)}
      </Text>
      {purchaseConditions && type !== "purchase_recorded" && (
        <Text size="sm" c="orange.9" fw={600}>
          {t("automation.builder.purchaseConditionsNeedPurchase")}
        </Text>
      )}
      {(type === "consent_granted" || type === "consent_withdrawn") && (
        <Select
          label={t("automation.builder.consent")}
          withAsterisk
          searchable
          data={lookups.consents.map((c) => ({ value: c.id, label: c.name }))}
          {...form.getInputProps("trigger.consentId")}
        />
      )}
      {type === "referral_successful" && (
        <Group align="flex-end" gap="sm" wrap="wrap">
          <div>
            <Text size="sm" fw={500} id="referral-measure" mb={4}>
              {t("automation.builder.measure")}
            </Text>
            <SegmentedControl
              aria-labelledby="referral-measure"
              data={[
                { value: "spent", label: t("automation.builder.measures.spent") },
                { value: "points", label: t("automation.builder.measures.points") },
              ]}
              value={trigger.measure}
              onChange={(v) => {
                form.setFieldValue("trigger.measure", v as "spent" | "points");
                form.setFieldValue("trigger.threshold", "");
              }}
            />
          </div>
          <TextInput
            label={trigger.measure === "spent" ? t("automation.builder.thresholdMoney") : t("automation.builder.thresholdPoints")}
            withAsterisk
            inputMode={trigger.measure === "spent" ? "decimal" : "numeric"}
            rightSection={
              <Text size="sm" c="gray.7">
                {trigger.measure === "spent" ? currencySymbol : t("automation.builder.pointsShort")}
              </Text>
            }
            rightSectionWidth={48}
            w={200}
            {...form.getInputProps("trigger.threshold")}
          />
        </Group>
      )}
      {type === "custom_event" && (
        <TextInput
          label={t("automation.builder.eventName")}
          description={t("automation.builder.eventNameHelp")}
          withAsterisk
          maxLength={100}
          {...form.getInputProps("trigger.name")}
        />
      )}
      {(type === "no_purchase" || type === "points_expiring") && (
        <NumberInput
          label={type === "no_purchase" ? t("automation.builder.noPurchaseDays") : t("automation.builder.expiringDays")}
          withAsterisk
          min={1}
          max={type === "no_purchase" ? 3650 : 365}
          allowDecimal={false}
          w={220}
          {...form.getInputProps("trigger.days")}
        />
      )}
    </Stack>
  );
}
