import { Card, Group, Text } from "@mantine/core";
import { IconQuote } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { counted } from "../../components/AutomationRun";
import { formatDateTime } from "../../format";
import type { ScenarioValues } from "./scenario-form";
import { nameOf, type ScenarioLookups } from "./scenario-lookups";
import { scenarioSentence } from "./scenario-sentence";

/** The scenario as one sentence, with where and how often it works, as the builder is edited. */
export function ScenarioSummary({ values, lookups, currency }: { values: ScenarioValues; lookups: ScenarioLookups; currency: string }) {
  const { t } = useTranslation();
  const limit = values.limited && Number(values.frequencyLimit.runs) > 0 && Number(values.frequencyLimit.days) > 0;
  const details = [
    values.programId
      ? t("automation.summary.program", { name: nameOf(lookups.programs, values.programId) ?? "…" })
      : t("automation.summary.allPrograms"),
    limit
      ? t("automation.summary.limit", {
          runs: counted(t, "times", Number(values.frequencyLimit.runs)),
          days: counted(t, "daysWithin", Number(values.frequencyLimit.days)),
        })
      : t("automation.summary.noLimit"),
    values.activeFrom ? t("automation.summary.from", { when: formatDateTime(values.activeFrom) }) : null,
    values.activeUntil ? t("automation.summary.until", { when: formatDateTime(values.activeUntil) }) : null,
  ].filter(Boolean);
  return (
    <Card withBorder radius="lg" p="md" bg="indigo.0" mb="md" component="section" aria-label={t("automation.summary.title")}>
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <IconQuote size={22} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
        <div style={{ minWidth: 0 }}>
          <Text fw={700} size="lg" data-testid="scenario-sentence" style={{ overflowWrap: "anywhere" }}>
            {scenarioSentence(t, values, lookups, currency)}
          </Text>
          <Text size="sm" c="gray.8" mt={4}>
            {details.join(" · ")}
          </Text>
        </div>
      </Group>
    </Card>
  );
}
