import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { type Scenario, useScenario } from "../../api/automation";
import { Stat } from "../../components/Figures";
import { formatDateTime, formatPoints } from "../../format";

/** What the scenario has done so far: runs by how they ended, points, messages and rewards. */
export function ResultsTab({ scenario }: { scenario: Scenario }) {
  const { t } = useTranslation();
  // Read anew when the tab opens: runs happen while the page is open.
  const fresh = useScenario(scenario.id);
  const s = (fresh.data ?? scenario).stats;
  return (
    <Stack data-testid="scenario-results">
      <Card withBorder radius="lg" p="lg">
        <Title order={2} size="h4" mb="md">
          {t("automation.results.runsTitle")}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="md">
          <Stat label={t("automation.results.runs")} value={s.runs} testId="result-runs" />
          <Stat label={t("automation.runs.statuses.completed")} value={s.completed} color="green.8" testId="result-completed" />
          <Stat label={t("automation.results.waiting")} value={s.waiting} color="cyan.9" testId="result-waiting" />
          <Stat label={t("automation.runs.statuses.skipped")} value={s.skipped} color="gray.7" testId="result-skipped" />
          <Stat label={t("automation.runs.statuses.failed")} value={s.failed} color="red.8" testId="result-failed" />
        </SimpleGrid>
      </Card>
      <Card withBorder radius="lg" p="lg">
        <Title order={2} size="h4" mb="md">
          {t("automation.results.effectsTitle")}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
          <Stat label={t("automation.results.pointsGiven")} value={formatPoints(s.pointsGiven)} color="indigo.8" testId="result-points" />
          <Stat label={t("automation.results.messagesQueued")} value={s.messagesQueued} testId="result-messages" />
          <Stat label={t("automation.results.rewardsIssued")} value={s.rewardsIssued} testId="result-rewards" />
          <div>
            <Text size="xs" c="gray.7" fw={700} tt="uppercase">
              {t("automation.results.lastRun")}
            </Text>
            <Text fw={700} mt={6} data-testid="result-last-run">
              {s.lastRunAt ? formatDateTime(s.lastRunAt) : t("automation.never")}
            </Text>
          </div>
        </SimpleGrid>
      </Card>
    </Stack>
  );
}
