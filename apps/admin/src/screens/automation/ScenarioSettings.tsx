import { Checkbox, Fieldset, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { DateTimeField } from "../../components/DateFields";
import type { ScenarioForm } from "./scenario-form";
import type { ScenarioLookups } from "./scenario-lookups";

/** Where and when the scenario works: program, on/off, active window, how often per member. */
export function ScenarioSettings({ form, lookups }: { form: ScenarioForm; lookups: ScenarioLookups }) {
  const { t } = useTranslation();
  const v = form.getValues();
  return (
    <Fieldset legend={t("automation.builder.settings")} radius="md">
      <Stack>
        <Switch
          label={t("automation.builder.active")}
          description={v.status === "active" ? t("automation.builder.activeOn") : t("automation.builder.activeOff")}
          checked={v.status === "active"}
          onChange={(e) => form.setFieldValue("status", e.currentTarget.checked ? "active" : "paused")}
          data-testid="status-switch"
        />
        <Select
          label={t("automation.builder.program")}
          description={t("automation.builder.programHelp")}
          placeholder={t("automation.builder.allPrograms")}
          clearable
          data={lookups.programs.map((p) => ({ value: p.id, label: p.name }))}
          {...form.getInputProps("programId")}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <DateTimeField
            label={t("automation.builder.activeFrom")}
            description={t("automation.builder.now")}
            value={v.activeFrom}
            onChange={(value) => form.setFieldValue("activeFrom", value)}
            error={form.errors.activeFrom}
          />
          <DateTimeField
            label={t("automation.builder.activeUntil")}
            description={t("automation.builder.noEnd")}
            value={v.activeUntil}
            onChange={(value) => form.setFieldValue("activeUntil", value)}
            error={form.errors.activeUntil}
          />
        </SimpleGrid>
        <div>
          <Checkbox
            label={t("automation.builder.limit")}
            description={t("automation.builder.limitHelp")}
            {...form.getInputProps("limited", { type: "checkbox" })}
          />
          {v.limited && (
            <Group gap="sm" mt="sm" align="flex-start" wrap="wrap" data-testid="frequency-limit">
              <Text size="sm" mt={34}>
                {t("automation.builder.limitAtMost")}
              </Text>
              <NumberInput
                label={t("automation.builder.limitRuns")}
                min={1}
                max={1000}
                allowDecimal={false}
                w={110}
                {...form.getInputProps("frequencyLimit.runs")}
              />
              <Text size="sm" mt={34}>
                {t("automation.builder.limitIn")}
              </Text>
              <NumberInput
                label={t("automation.builder.limitDays")}
                min={1}
                max={3650}
                allowDecimal={false}
                w={110}
                {...form.getInputProps("frequencyLimit.days")}
              />
            </Group>
          )}
        </div>
      </Stack>
    </Fieldset>
  );
}
