import { ActionIcon, Group, NumberInput, Paper, Select, Text, TextInput } from "@mantine/core";
import { IconArrowDown, IconArrowUp, IconTrash } from "@tabler/icons-react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { ACTION_TYPES, type ActionType } from "../../api/automation";
import { newAction, type ScenarioForm } from "./scenario-form";
import { type Channel, ofProgram, type ScenarioLookups } from "./scenario-lookups";

const grow = { flex: "1 1 220px", minWidth: 0 };
const CHANNELS: Channel[] = ["email", "sms", "push"];

function ActionFields({ form, index, lookups }: { form: ScenarioForm; index: number; lookups: ScenarioLookups }): ReactNode {
  const { t } = useTranslation();
  const programId = form.getValues().programId;
  const a = form.getValues().actions[index];
  if (!a) return null;
  const input = (field: string) => form.getInputProps(`actions.${index}.${field}`);
  switch (a.type) {
    case "add_points":
    case "deduct_points":
      return (
        <>
          <NumberInput label={t("automation.builder.points")} withAsterisk allowDecimal={false} w={130} {...input("points")} />
          <TextInput
            label={t("automation.builder.reason")}
            description={t("automation.builder.reasonHelp")}
            withAsterisk
            maxLength={200}
            style={grow}
            {...input("reason")}
          />
        </>
      );
    case "send_message": {
      const groups = CHANNELS.map((ch) => ({
        group: t(`messaging.channels.${ch}`),
        items: lookups.templates.filter((x) => x.channel === ch).map((x) => ({ value: x.id, label: x.name })),
      })).filter((g) => g.items.length > 0);
      return (
        <Select
          label={t("automation.builder.template")}
          description={lookups.templates.length ? undefined : t("automation.builder.noTemplates")}
          withAsterisk
          searchable
          style={grow}
          data={groups}
          {...input("templateId")}
        />
      );
    }
    case "issue_reward":
      return (
        <Select
          label={t("automation.builder.reward")}
          description={lookups.rewards.length ? t("automation.builder.rewardHelp") : t("automation.builder.noRewards")}
          withAsterisk
          searchable
          style={grow}
          data={ofProgram(lookups.rewards, programId).map((x) => ({ value: x.id, label: x.name }))}
          {...input("rewardId")}
        />
      );
    case "set_tier":
      return (
        <Select
          label={t("automation.builder.tier")}
          withAsterisk
          searchable
          style={grow}
          data={ofProgram(lookups.tiers, programId).map((x) => ({ value: x.id, label: `${x.name} (${x.programName})` }))}
          {...input("tierId")}
        />
      );
    case "add_tag":
    case "remove_tag":
      return <TextInput label={t("automation.builder.tag")} withAsterisk maxLength={100} style={grow} {...input("tag")} />;
    case "send_webhook":
      return (
        <Select
          label={t("automation.builder.endpoint")}
          description={t("automation.builder.endpointHelp")}
          withAsterisk
          searchable
          style={grow}
          nothingFoundMessage={t("automation.builder.noEndpoints")}
          data={lookups.webhookEndpoints.map((x) => ({
            value: x.id,
            label: x.enabled ? x.name : t("automation.builder.endpointDisabled", { name: x.name }),
          }))}
          {...input("endpointId")}
        />
      );
    case "call_webhook":
      return (
        <TextInput
          label={t("automation.builder.url")}
          description={t("automation.builder.urlHelp")}
          withAsterisk
          placeholder="https://"
          maxLength={1000}
          style={grow}
          {...input("url")}
        />
      );
    case "wait":
      return (
        <>
          <NumberInput label={t("automation.builder.waitAmount")} withAsterisk min={1} allowDecimal={false} w={120} {...input("amount")} />
          <Select
            label={t("automation.builder.waitUnit")}
            allowDeselect={false}
            w={140}
            data={(["minutes", "hours", "days"] as const).map((u) => ({ value: u, label: t(`automation.waitUnits.${u}`) }))}
            {...input("unit")}
          />
        </>
      );
  }
}

/** One step of "then": its kind, its fields, and moving or removing it. */
export function ActionRow({ form, index, lookups }: { form: ScenarioForm; index: number; lookups: ScenarioLookups }) {
  const { t } = useTranslation();
  const actions = form.getValues().actions;
  const a = actions[index];
  if (!a) return null;
  const n = index + 1;
  const rowError = form.errors[`actions.${index}`];
  return (
    <Paper withBorder radius="md" p="sm" bg={a.type === "wait" ? "gray.0" : undefined} data-testid={`action-${index}`}>
      <Group align="flex-start" gap="sm" wrap="wrap">
        <Select
          label={t("automation.builder.actionType", { n })}
          allowDeselect={false}
          w={220}
          data={ACTION_TYPES.map((x) => ({ value: x, label: t(`automation.actions.${x}`) }))}
          value={a.type}
          onChange={(value) => {
            if (value) form.replaceListItem("actions", index, { ...newAction(value as ActionType), uid: a.uid });
          }}
        />
        <ActionFields form={form} index={index} lookups={lookups} />
        <Group gap={2} mt={26} wrap="nowrap" ml="auto">
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t("automation.builder.moveUp", { n })}
            disabled={index === 0}
            onClick={() => form.reorderListItem("actions", { from: index, to: index - 1 })}
          >
            <IconArrowUp size={18} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={t("automation.builder.moveDown", { n })}
            disabled={index === actions.length - 1}
            onClick={() => form.reorderListItem("actions", { from: index, to: index + 1 })}
          >
            <IconArrowDown size={18} />
          </ActionIcon>
          <ActionIcon
            variant="subtle"
            color="red.9"
            size="lg"
            aria-label={t("automation.builder.removeAction", { n })}
            onClick={() => form.removeListItem("actions", index)}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Group>
      </Group>
      {rowError && (
        <Text size="sm" c="red.9" mt={4}>
          {rowError}
        </Text>
      )}
    </Paper>
  );
}
