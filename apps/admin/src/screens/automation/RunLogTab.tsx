import { Anchor, Group, Select, Text } from "@mantine/core";
import { IconListSearch, IconSearch } from "@tabler/icons-react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { type AutomationRun, RUN_STATUSES, type RunStatus } from "../../api/automation";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { RunDrawer, RunStatusBadge, runReasonText, stepDetailText } from "../../components/AutomationRun";
import { useCursorList } from "../../components/cursor-list";
import { ListTable } from "../../components/ListPage";
import { formatDateTime, formatPoints, memberName } from "../../format";

/** The scenario's runs, newest first: who, when, how it ended; a row opens its steps. */
export function RunLogTab({ scenarioId }: { scenarioId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<RunStatus | null>(null);
  const [open, setOpen] = useState<AutomationRun | null>(null);
  const params = { scenarioId, status };
  const list = useCursorList({
    queryKey: queryKeys.automationRuns.list(params),
    fetchPage: (cursor) =>
      unwrap(api.GET("/api/v1/automation/runs", { params: { query: { scenarioId, status: status ?? undefined, limit: 50, cursor } } })),
  });
  return (
    <>
      <Group mb="md" gap="sm" align="flex-end">
        <Select
          label={t("automation.runs.statusFilter")}
          placeholder={t("automation.anyStatus")}
          clearable
          w={200}
          value={status}
          onChange={(v) => setStatus(v as RunStatus | null)}
          data={RUN_STATUSES.map((x) => ({ value: x, label: t(`automation.runs.statuses.${x}`) }))}
        />
      </Group>
      <ListTable<AutomationRun>
        list={list}
        label={t("automation.runs.table")}
        rowKey={(r) => r.id}
        onRowClick={setOpen}
        filtered={!!status}
        empty={{ icon: <IconListSearch />, title: t("automation.runs.emptyTitle"), description: t("automation.runs.empty") }}
        noMatches={{ icon: <IconSearch />, title: t("automation.runs.noMatchesTitle"), description: t("automation.runs.noMatches") }}
        columns={[
          { key: "when", header: t("automation.runs.when"), nowrap: true, cell: (r) => formatDateTime(r.createdAt) },
          {
            key: "member",
            header: t("automation.runs.member"),
            cell: (r) => (
              <Anchor component={Link} to={`/members/${r.member.id}`} c="indigo.9" fw={600} onClick={(e) => e.stopPropagation()}>
                {memberName(r.member)}
              </Anchor>
            ),
          },
          {
            key: "status",
            header: t("automation.runs.status"),
            cell: (r) => (
              <div>
                <RunStatusBadge status={r.status} />
                {r.reason && (
                  <Text size="xs" c="gray.8" mt={2} data-testid="run-reason">
                    {runReasonText(t, r.reason)}
                  </Text>
                )}
              </div>
            ),
          },
          {
            key: "steps",
            header: t("automation.runs.steps"),
            priority: 2,
            cell: (r) =>
              r.steps.length ? (
                <Text size="sm" lineClamp={2}>
                  {r.steps.map((s) => stepDetailText(t, s)).join(" → ")}
                </Text>
              ) : (
                <Text size="sm" c="gray.7">
                  {r.status === "waiting" ? t("automation.runs.waitingUntil", { when: formatDateTime(r.dueAt) }) : "—"}
                </Text>
              ),
          },
          {
            key: "points",
            header: t("automation.runs.pointsGiven"),
            align: "right",
            nowrap: true,
            priority: 3,
            cell: (r) => formatPoints(r.pointsGiven, true),
          },
        ]}
      />
      <RunDrawer run={open} onClose={() => setOpen(null)} />
    </>
  );
}
