import { ActionIcon, Button, Select, Text, Tooltip } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import {
  IconArchive,
  IconChevronRight,
  IconPlayerPause,
  IconPlayerPlay,
  IconPlus,
  IconRobot,
  IconSearch,
  IconSparkles,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { SCENARIO_STATUSES, type Scenario, type ScenarioStatus, TRIGGER_TYPES, type TriggerType } from "../../api/automation";
import { api, unwrap } from "../../api/client";
import { useCompanyCurrency } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { confirmAction } from "../../components/confirm";
import { type ListState, useCursorList } from "../../components/cursor-list";
import { notifyError, notifySaved } from "../../components/feedback";
import { ListPage } from "../../components/ListPage";
import { formatDateTime, formatNumber, formatPoints } from "../../format";
import { ScenarioStatusBadge } from "./AutomationParts";
import { useScenarioLookups } from "./scenario-lookups";
import { savedTriggerPhrase } from "./scenario-sentence";

/** Pause or activate, and archive (asked first), from the list's rows. */
function useRowActions() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const done = (message: string) => {
    void queryClient.invalidateQueries({ queryKey: queryKeys.automationScenarios.all });
    notifySaved(t, message);
  };
  const setStatus = useMutation({
    mutationFn: ({ s, status }: { s: Scenario; status: ScenarioStatus }) =>
      unwrap(api.PATCH("/api/v1/automation/scenarios/{id}", { params: { path: { id: s.id } }, body: { status } })),
    onSuccess: (saved) =>
      done(t(saved.status === "active" ? "automation.activatedMessage" : "automation.pausedMessage", { name: saved.name })),
    onError: (err) => notifyError(t, err),
  });
  const archive = useMutation({
    mutationFn: (s: Scenario) => unwrap(api.DELETE("/api/v1/automation/scenarios/{id}", { params: { path: { id: s.id } } })),
    onSuccess: (_d, s) => done(t("automation.archivedMessage", { name: s.name })),
    onError: (err) => notifyError(t, err),
  });
  const askArchive = (s: Scenario) =>
    confirmAction(t, {
      title: t("automation.archiveTitle", { name: s.name }),
      message: t("automation.archiveMessage"),
      confirmLabel: t("automation.archive"),
      onConfirm: () => archive.mutate(s),
    });
  return { setStatus, askArchive };
}

/** The company's automatic scenarios with what they have done. */
export function ScenariosScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("automation.write");
  const lookups = useScenarioLookups();
  const currency = useCompanyCurrency();
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim().toLocaleLowerCase(), 200);
  const [status, setStatus] = useState<ScenarioStatus | null>(null);
  const [trigger, setTrigger] = useState<TriggerType | null>(null);
  const params = { status, trigger };
  const list = useCursorList({
    queryKey: queryKeys.automationScenarios.list(params),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/automation/scenarios", {
          params: { query: { status: status ?? undefined, trigger: trigger ?? undefined, limit: 100, cursor } },
        }),
      ),
  });
  const actions = useRowActions();
  // The API filters by status and trigger; the name is searched among the loaded scenarios.
  const rows = list.rows.filter((s) => !q || s.name.toLocaleLowerCase().includes(q));
  const shown: ListState<Scenario> = { ...list, rows, data: list.data ? rows : undefined };
  const add = canWrite && (
    <Button component={Link} to="/automation/scenarios/new" leftSection={<IconPlus size={18} />}>
      {t("automation.add")}
    </Button>
  );
  return (
    <ListPage<Scenario>
      title={t("automation.title")}
      description={t("automation.description")}
      actions={add}
      search={{ value: search, onChange: setSearch, label: t("automation.search") }}
      filters={
        <>
          <Select
            label={t("automation.statusFilter")}
            placeholder={t("automation.anyStatus")}
            clearable
            w={170}
            value={status}
            onChange={(v) => setStatus(v as ScenarioStatus | null)}
            data={SCENARIO_STATUSES.map((x) => ({ value: x, label: t(`automation.statuses.${x}`) }))}
          />
          <Select
            label={t("automation.triggerFilter")}
            placeholder={t("automation.anyTrigger")}
            clearable
            searchable
            w={260}
            value={trigger}
            onChange={(v) => setTrigger(v as TriggerType | null)}
            data={TRIGGER_TYPES.map((x) => ({ value: x, label: t(`automation.triggers.${x}`) }))}
          />
        </>
      }
      list={shown}
      label={t("automation.title")}
      rowKey={(s) => s.id}
      onRowClick={(s) => navigate(`/automation/scenarios/${s.id}`)}
      filtered={q !== "" || !!status || !!trigger}
      empty={{
        icon: <IconRobot />,
        title: t("automation.emptyTitle"),
        description: t("automation.empty"),
        action: canWrite && (
          <Button component={Link} to="/automation/scenarios/new" leftSection={<IconSparkles size={18} />}>
            {t("automation.emptyAction")}
          </Button>
        ),
      }}
      noMatches={{ icon: <IconSearch />, title: t("automation.noMatchesTitle"), description: t("automation.noMatches") }}
      columns={[
        {
          key: "name",
          header: t("automation.columns.name"),
          cell: (s) => (
            <div>
              <Text
                component={Link}
                to={`/automation/scenarios/${s.id}`}
                fw={600}
                c="indigo.8"
                td="none"
                style={{ overflowWrap: "anywhere" }}
                onClick={(e) => e.stopPropagation()}
              >
                {s.name}
              </Text>
              <Text size="sm" c="gray.8" data-testid="scenario-trigger">
                {t("automation.sentence.when", { trigger: savedTriggerPhrase(t, s.trigger, lookups, currency) })}
              </Text>
            </div>
          ),
        },
        { key: "status", header: t("automation.columns.status"), cell: (s) => <ScenarioStatusBadge status={s.status} /> },
        { key: "runs", header: t("automation.columns.runs"), align: "right", nowrap: true, cell: (s) => formatNumber(s.stats.runs) },
        {
          key: "points",
          header: t("automation.columns.points"),
          align: "right",
          nowrap: true,
          priority: 3,
          cell: (s) => formatPoints(s.stats.pointsGiven),
        },
        {
          key: "messages",
          header: t("automation.columns.messages"),
          align: "right",
          nowrap: true,
          priority: 3,
          cell: (s) => formatNumber(s.stats.messagesQueued),
        },
        {
          key: "lastRun",
          header: t("automation.columns.lastRun"),
          priority: 2,
          cell: (s) => (s.stats.lastRunAt ? formatDateTime(s.stats.lastRunAt) : t("automation.never")),
        },
      ]}
      rowActions={(s) => (
        <>
          {canWrite && (
            <Tooltip label={t(s.status === "active" ? "automation.pause" : "automation.activate")}>
              <ActionIcon
                variant="subtle"
                color={s.status === "active" ? "orange.9" : "green.9"}
                aria-label={t(s.status === "active" ? "automation.pauseNamed" : "automation.activateNamed", { name: s.name })}
                loading={actions.setStatus.isPending && actions.setStatus.variables?.s.id === s.id}
                onClick={() => actions.setStatus.mutate({ s, status: s.status === "active" ? "paused" : "active" })}
              >
                {s.status === "active" ? <IconPlayerPause size={20} /> : <IconPlayerPlay size={20} />}
              </ActionIcon>
            </Tooltip>
          )}
          {canWrite && (
            <Tooltip label={t("automation.archive")}>
              <ActionIcon
                variant="subtle"
                color="red.9"
                aria-label={t("automation.archiveNamed", { name: s.name })}
                onClick={() => actions.askArchive(s)}
              >
                <IconArchive size={20} />
              </ActionIcon>
            </Tooltip>
          )}
          <ActionIcon
            component={Link}
            to={`/automation/scenarios/${s.id}`}
            aria-label={t("automation.openNamed", { name: s.name })}
            variant="subtle"
          >
            <IconChevronRight size={20} />
          </ActionIcon>
        </>
      )}
    />
  );
}
