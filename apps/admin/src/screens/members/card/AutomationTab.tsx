import { Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { IconRobot } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, type Member, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCursorList } from "../../../components/cursor-list";
import { ListTable } from "../../../components/ListPage";
import { formatDateTime } from "../../../format";
import { type AutomationRun, runReason, stepText } from "./run-labels";

const STATUS_COLOR = { pending: "gray", waiting: "blue", completed: "green", skipped: "gray", failed: "red" } as const;
const OUTCOME_COLOR = { done: "green", skipped: "gray", failed: "red" } as const;

function StatusCell({ run }: { run: AutomationRun }) {
  const { t } = useTranslation();
  const reason = runReason(t, run.reason);
  return (
    <Stack gap={4} align="flex-start">
      <Badge color={STATUS_COLOR[run.status]} variant="light" data-testid="run-status">
        {t(`members.automationTab.statuses.${run.status}`)}
      </Badge>
      {reason && <Text size="xs">{reason}</Text>}
      {run.status === "waiting" && run.dueAt && (
        <Text size="xs" c="gray.7">
          {t("members.automationTab.continuesAt", { date: formatDateTime(run.dueAt) })}
        </Text>
      )}
    </Stack>
  );
}

/** Each action the run took, in order: its outcome and what it did or why not. */
function StepsCell({ run }: { run: AutomationRun }) {
  const { t } = useTranslation();
  if (run.steps.length === 0)
    return (
      <Text size="sm" c="gray.7">
        {t("members.automationTab.noSteps")}
      </Text>
    );
  return (
    <Stack gap={6} component="ol" m={0} p={0} style={{ listStyle: "none" }}>
      {run.steps.map((s) => (
        <Group component="li" key={s.index} gap={6} wrap="nowrap" align="flex-start" data-testid="run-step">
          <Badge size="sm" variant="dot" color={OUTCOME_COLOR[s.outcome]} style={{ flexShrink: 0 }}>
            {t(`members.automationTab.outcomes.${s.outcome}`)}
          </Badge>
          <Text size="sm">{stepText(t, s, run)}</Text>
        </Group>
      ))}
    </Stack>
  );
}

/** What automatic scenarios did for this member (or why they did nothing), newest first. */
export function AutomationTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const list = useCursorList({
    queryKey: queryKeys.automationRuns.list({ memberId: member.id }),
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/automation/runs", { params: { query: { memberId: member.id, limit: 25, cursor } } })),
  });
  return (
    <ListTable
      list={list}
      label={t("members.automationTab.table")}
      rowKey={(r) => r.id}
      empty={{ icon: <IconRobot />, title: t("members.automationTab.emptyTitle"), description: t("members.automationTab.empty") }}
      columns={[
        {
          key: "scenario",
          header: t("members.automationTab.scenario"),
          cell: (r) => (
            <Anchor component={Link} to={`/automation/scenarios/${r.scenarioId}`} fw={600} size="sm">
              {r.scenarioName}
            </Anchor>
          ),
        },
        { key: "when", header: t("members.automationTab.when"), nowrap: true, cell: (r) => formatDateTime(r.createdAt) },
        { key: "status", header: t("members.automationTab.status"), width: 180, cell: (r) => <StatusCell run={r} /> },
        { key: "steps", header: t("members.automationTab.steps"), cell: (r) => <StepsCell run={r} /> },
      ]}
    />
  );
}
