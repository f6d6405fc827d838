import { Fieldset, Group, MultiSelect, NumberInput, SimpleGrid, Stack, Switch } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";
import { useTranslation } from "react-i18next";
import type { Tier } from "../../../api/client";
import { useAllLocations } from "../../../api/lookups";
import { DateTimeField } from "../../../components/DateFields";
import type { Values } from "./reward-form";

/** When, for whom, where and how often the reward can be taken. */
export function AvailabilityFields({ form, tiers }: { form: UseFormReturnType<Values>; tiers: Tier[] }) {
  const { t } = useTranslation();
  const locations = useAllLocations();
  const v = form.getValues();
  return (
    <Fieldset legend={t("rewards.form.availability")} radius="md">
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimeField
            label={t("rewards.form.startsAt")}
            value={v.startsAt}
            onChange={(value) => form.setFieldValue("startsAt", value)}
            error={form.errors.startsAt}
          />
          <DateTimeField
            label={t("rewards.form.endsAt")}
            value={v.endsAt}
            onChange={(value) => form.setFieldValue("endsAt", value)}
            error={form.errors.endsAt}
          />
        </SimpleGrid>
        <MultiSelect
          label={t("rewards.form.tiers")}
          description={t("rewards.form.tiersHelp")}
          placeholder={v.tierIds.length ? undefined : t("rewards.form.allTiers")}
          data={tiers.map((tier) => ({ value: tier.id, label: tier.name }))}
          clearable
          {...form.getInputProps("tierIds")}
        />
        <MultiSelect
          label={t("rewards.form.locations")}
          description={t("rewards.form.locationsHelp")}
          placeholder={v.locationIds.length ? undefined : t("rewards.form.allLocations")}
          data={(locations.data ?? []).map((l) => ({ value: l.id, label: l.name }))}
          clearable
          searchable
          {...form.getInputProps("locationIds")}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label={t("rewards.form.limitPerMember")}
            placeholder={t("rewards.form.noLimit")}
            min={1}
            allowDecimal={false}
            {...form.getInputProps("limitPerMember")}
          />
          <NumberInput
            label={t("rewards.form.limitPerPeriod")}
            placeholder={t("rewards.form.noLimit")}
            min={1}
            allowDecimal={false}
            {...form.getInputProps("limitPerPeriod")}
          />
          <NumberInput
            label={t("rewards.form.limitPeriodDays")}
            placeholder={t("rewards.form.noLimit")}
            min={1}
            max={3650}
            allowDecimal={false}
            {...form.getInputProps("limitPeriodDays")}
          />
        </SimpleGrid>
        <Group gap="xl" align="flex-end" wrap="wrap">
          <NumberInput
            label={t("rewards.form.sortOrder")}
            description={t("rewards.form.sortOrderHelp")}
            allowDecimal={false}
            w={200}
            {...form.getInputProps("sortOrder")}
          />
          <Stack gap="sm">
            <Switch label={t("rewards.form.visibleInPortal")} {...form.getInputProps("visibleInPortal", { type: "checkbox" })} />
            <Switch label={t("rewards.form.active")} {...form.getInputProps("active", { type: "checkbox" })} />
          </Stack>
        </Group>
      </Stack>
    </Fieldset>
  );
}
