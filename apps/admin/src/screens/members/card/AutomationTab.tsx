import { ActionIcon, Anchor, Badge, Group, Stack, Text } from "@mantine/core";
import { IconListDetails, IconRobot } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import type { AutomationRun } from "../../../api/automation";
import { api, type Member, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { RunDrawer, RunStatusBadge, runReasonText, stepDetailText } from "../../../components/AutomationRun";
import { useCursorList } from "../../../components/cursor-list";
import { ListTable } from "../../../components/ListPage";
import { formatDateTime } from "../../../format";

const OUTCOME_COLOR = { done: "green", skipped: "gray", failed: "red" } as const;

function StatusCell({ run }: { run: AutomationRun }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} align="flex-start">
      <RunStatusBadge status={run.status} />
      {run.reason && <Text size="xs">{runReasonText(t, run.reason)}</Text>}
      {run.status === "waiting" && run.dueAt && (
        <Text size="xs" c="gray.7">
          {t("automation.runs.waitingUntil", { when: formatDateTime(run.dueAt) })}
        </Text>
      )}
    </Stack>
  );
}

/** Each action the run took, in order: its outcome and what it did or why not (the drawer has the rest). */
function StepsCell({ run }: { run: AutomationRun }) {
  const { t } = useTranslation();
  if (run.steps.length === 0)
    return (
      <Text size="sm" c="gray.7">
        {t("automation.runs.noSteps")}
      </Text>
    );
  return (
    <Stack gap={6} component="ol" m={0} p={0} style={{ listStyle: "none" }}>
      {run.steps.map((s) => (
        <Group component="li" key={`${s.index}-${s.at}`} gap={6} wrap="nowrap" align="flex-start" data-testid="run-step">
          <Badge size="sm" variant="dot" color={OUTCOME_COLOR[s.outcome]} style={{ flexShrink: 0 }}>
            {t(`automation.steps.outcomes.${s.outcome}`)}
          </Badge>
          <Text size="sm">{stepDetailText(t, s)}</Text>
        </Group>
      ))}
    </Stack>
  );
}

/** What automatic scenarios did for this member (or why they did nothing), newest first; a row opens the run. */
export function AutomationTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<AutomationRun | null>(null);
  const list = useCursorList({
    queryKey: queryKeys.automationRuns.list({ memberId: member.id }),
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/automation/runs", { params: { query: { memberId: member.id, limit: 25, cursor } } })),
  });
  return (
    <>
      <ListTable<AutomationRun>
        list={list}
        label={t("members.automationTab.table")}
        rowKey={(r) => r.id}
        onRowClick={setOpen}
        empty={{ icon: <IconRobot />, title: t("members.automationTab.emptyTitle"), description: t("members.automationTab.empty") }}
        columns={[
          {
            key: "scenario",
            header: t("automation.runs.scenario"),
            cell: (r) => (
              <Anchor
                component={Link}
                to={`/automation/scenarios/${r.scenarioId}`}
                fw={600}
                size="sm"
                c="indigo.9"
                onClick={(e) => e.stopPropagation()}
              >
                {r.scenarioName}
              </Anchor>
            ),
          },
          { key: "when", header: t("automation.runs.when"), nowrap: true, cell: (r) => formatDateTime(r.createdAt) },
          { key: "status", header: t("automation.runs.status"), cell: (r) => <StatusCell run={r} /> },
          { key: "steps", header: t("automation.runs.steps"), cell: (r) => <StepsCell run={r} /> },
        ]}
        rowActions={(r) => (
          <ActionIcon variant="light" aria-label={t("members.automationTab.openRun", { name: r.scenarioName })} onClick={() => setOpen(r)}>
            <IconListDetails size={20} />
          </ActionIcon>
        )}
      />
      <RunDrawer run={open} onClose={() => setOpen(null)} showScenario />
    </>
  );
}
