import { ActionIcon, Group, MultiSelect, NumberInput, Paper, Select, TagsInput, Text, TextInput } from "@mantine/core";
import { IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { type ConditionType, MEMBER_CONDITIONS, PURCHASE_CONDITIONS } from "../../api/automation";
import { CONDITION_OPS, newCondition, type ScenarioForm } from "./scenario-form";
import { ofProgram, type ScenarioLookups } from "./scenario-lookups";

const grow = { flex: "1 1 220px", minWidth: 0 };

interface ConditionProps {
  form: ScenarioForm;
  index: number;
  lookups: ScenarioLookups;
  currencySymbol: string;
}

/** The value inputs of one condition, by kind. */
function ConditionValue({ form, index, lookups, currencySymbol }: ConditionProps): ReactNode {
  const { t } = useTranslation();
  const c = form.getValues().conditions[index];
  if (!c) return null;
  const path = (field: string) => `conditions.${index}.${field}`;
  const input = (field: string) => form.getInputProps(path(field));
  switch (c.type) {
    case "tier":
      return (
        <MultiSelect
          label={t("automation.builder.tiers")}
          withAsterisk
          searchable
          style={grow}
          data={ofProgram(lookups.tiers, form.getValues().programId).map((x) => ({ value: x.id, label: `${x.name} (${x.programName})` }))}
          {...input("tierIds")}
        />
      );
    case "tags":
      return (
        <TagsInput
          label={t("automation.builder.tags")}
          description={t("automation.builder.tagsHelp")}
          withAsterisk
          style={grow}
          {...input("tags")}
        />
      );
    case "consent":
      return (
        <Select
          label={t("automation.builder.consent")}
          withAsterisk
          searchable
          style={grow}
          data={lookups.consents.map((x) => ({ value: x.id, label: x.name }))}
          {...input("consentId")}
        />
      );
    case "program":
      return (
        <MultiSelect
          label={t("automation.builder.programs")}
          withAsterisk
          style={grow}
          data={lookups.programs.map((x) => ({ value: x.id, label: x.name }))}
          {...input("programIds")}
        />
      );
    case "join_location":
    case "purchase_location":
      return (
        <MultiSelect
          label={t("automation.builder.locations")}
          withAsterisk
          searchable
          style={grow}
          data={lookups.locations.map((x) => ({ value: x.id, label: x.name }))}
          {...input("locationIds")}
        />
      );
    case "member_attribute": {
      const choices =
        c.attribute === "gender"
          ? (["female", "male", "other"] as const).map((g) => ({ value: g, label: t(`members.genders.${g}`) }))
          : c.attribute === "language"
            ? (["pl", "en"] as const).map((l) => ({ value: l, label: t(`languages.${l}`) }))
            : null;
      return (
        <>
          <Select
            label={t("automation.builder.attribute")}
            allowDeselect={false}
            w={150}
            data={(["city", "country", "gender", "language"] as const).map((a) => ({ value: a, label: t(`automation.attributes.${a}`) }))}
            {...input("attribute")}
            onChange={(v) => {
              form.setFieldValue(path("attribute"), v as never);
              form.setFieldValue(path("value"), "");
            }}
          />
          {choices ? (
            <Select label={t("automation.builder.value")} allowDeselect={false} style={grow} data={choices} {...input("value")} />
          ) : (
            <TextInput
              label={t("automation.builder.value")}
              description={c.attribute === "country" ? t("automation.builder.countryHelp") : undefined}
              maxLength={200}
              style={grow}
              {...input("value")}
            />
          )}
        </>
      );
    }
    case "age":
      return (
        <NumberInput
          label={t("automation.builder.years")}
          withAsterisk
          min={0}
          max={150}
          allowDecimal={false}
          w={140}
          {...input("years")}
        />
      );
    case "balance":
      return <NumberInput label={t("automation.builder.balancePoints")} withAsterisk allowDecimal={false} w={180} {...input("points")} />;
    case "custom_field": {
      const field = lookups.customFields.find((f) => f.key === c.key);
      const noValue = c.op === "is_set" || c.op === "is_not_set";
      return (
        <>
          <Select
            label={t("automation.builder.customField")}
            withAsterisk
            searchable
            style={grow}
            data={lookups.customFields.map((f) => ({ value: f.key, label: f.label }))}
            {...input("key")}
          />
          {!noValue &&
            (field?.type === "boolean" ? (
              <Select
                label={t("automation.builder.value")}
                allowDeselect={false}
                w={120}
                data={[
                  { value: "true", label: t("automation.sentence.yes") },
                  { value: "false", label: t("automation.sentence.no") },
                ]}
                {...input("value")}
              />
            ) : field?.type === "choice" || field?.type === "multi_choice" ? (
              <Select label={t("automation.builder.value")} withAsterisk style={grow} data={field.options} {...input("value")} />
            ) : (
              <TextInput label={t("automation.builder.value")} withAsterisk maxLength={500} style={grow} {...input("value")} />
            ))}
        </>
      );
    }
    case "purchase_amount":
      return (
        <TextInput
          label={t("automation.builder.amount")}
          withAsterisk
          inputMode="decimal"
          rightSection={
            <Text size="sm" c="gray.7">
              {currencySymbol}
            </Text>
          }
          rightSectionWidth={48}
          w={180}
          {...input("amount")}
        />
      );
    case "purchase_product":
      return (
        <>
          <Select
            label={t("automation.builder.productMatch")}
            allowDeselect={false}
            w={170}
            data={(["category", "sku", "producer"] as const).map((m) => ({ value: m, label: t(`automation.productMatches.${m}`) }))}
            {...input("match")}
          />
          <TagsInput
            label={t("automation.builder.productValues")}
            description={t("automation.builder.tagsHelp")}
            withAsterisk
            style={grow}
            {...input("values")}
          />
        </>
      );
  }
}

/** One condition: what is checked, how, against what; and remove. */
export function ConditionRow({ form, index, lookups, currencySymbol }: ConditionProps) {
  const { t } = useTranslation();
  const v = form.getValues();
  const c = v.conditions[index];
  if (!c) return null;
  const purchase = v.trigger.type === "purchase_recorded";
  const ops = CONDITION_OPS[c.type];
  const rowError = form.errors[`conditions.${index}`];
  return (
    <Paper withBorder radius="md" p="sm" data-testid={`condition-${index}`}>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Select
          label={t("automation.builder.conditionType", { n: index + 1 })}
          allowDeselect={false}
          w={230}
          data={[
            {
              group: t("automation.conditionGroups.member"),
              items: MEMBER_CONDITIONS.map((x) => ({ value: x, label: t(`automation.conditions.${x}`) })),
            },
            {
              group: t("automation.conditionGroups.purchase"),
              items: PURCHASE_CONDITIONS.map((x) => ({
                value: x,
                label: t(`automation.conditions.${x}`),
                disabled: !purchase && c.type !== x,
              })),
            },
          ]}
          value={c.type}
          onChange={(value) => {
            if (value) form.replaceListItem("conditions", index, { ...newCondition(value as ConditionType), uid: c.uid });
          }}
        />
        {c.type !== "purchase_product" && (
          <Select
            label={t("automation.builder.op")}
            allowDeselect={false}
            w={c.type === "tags" || c.type === "custom_field" ? 200 : 170}
            data={ops.map((op) => ({ value: op, label: t(`automation.ops.${c.type}.${op}` as "automation.ops.tier.in") }))}
            {...form.getInputProps(`conditions.${index}.op`)}
          />
        )}
        <ConditionValue form={form} index={index} lookups={lookups} currencySymbol={currencySymbol} />
        <ActionIcon
          variant="subtle"
          color="red.9"
          size="lg"
          mt={26}
          ml="auto"
          aria-label={t("automation.builder.removeCondition", { n: index + 1 })}
          onClick={() => form.removeListItem("conditions", index)}
        >
          <IconTrash size={18} />
        </ActionIcon>
      </Group>
      {rowError && (
        <Text size="sm" c="red.9" mt={4}>
          {rowError}
        </Text>
      )}
    </Paper>
  );
}
