import { Tabs } from "@mantine/core";
import { IconChartBar, IconListDetails, IconRoute } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useLocation, useNavigate, useParams, useSearchParams } from "react-router";
import { type Scenario, useScenario, useScenarioTemplates } from "../../api/automation";
import { notifySaved } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { currentLanguage } from "../../i18n";
import { BackToScenarios, ScenarioStatusBadge } from "./AutomationParts";
import { ResultsTab } from "./ResultsTab";
import { RunLogTab } from "./RunLogTab";
import { ScenarioBuilder } from "./ScenarioBuilder";
import { emptyScenario, scenarioValues } from "./scenario-form";
import { builderFrom, TemplateGallery } from "./TemplateGallery";

const TABS = ["builder", "runs", "results"] as const;
type Tab = (typeof TABS)[number];

/** A saved scenario: the builder, its run log and its results, one tab each (?tab=… keeps the tab). */
function SavedScenario({ scenario }: { scenario: Scenario }) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get("tab")) ?? "builder";
  return (
    <>
      <PageHeader
        title={scenario.name}
        description={scenario.description || undefined}
        actions={
          <>
            <BackToScenarios />
            <ScenarioStatusBadge status={scenario.status} />
          </>
        }
      />
      <Tabs
        value={tab}
        onChange={(value) => setParams(value && value !== "builder" ? { tab: value } : {}, { replace: true })}
        keepMounted={false}
      >
        <Tabs.List mb="md">
          <Tabs.Tab value="builder" leftSection={<IconRoute size={18} />}>
            {t("automation.tabs.builder")}
          </Tabs.Tab>
          <Tabs.Tab value="runs" leftSection={<IconListDetails size={18} />}>
            {t("automation.tabs.runs")}
          </Tabs.Tab>
          <Tabs.Tab value="results" leftSection={<IconChartBar size={18} />}>
            {t("automation.tabs.results")}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="builder">
          <ScenarioBuilder key={scenario.id} scenario={scenario} initial={scenarioValues(scenario)} />
        </Tabs.Panel>
        <Tabs.Panel value="runs">
          <RunLogTab scenarioId={scenario.id} />
        </Tabs.Panel>
        <Tabs.Panel value="results">
          <ResultsTab scenario={scenario} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}

/** The builder started from a ready-made scenario; one of several goes on to the next when saved. */
function FromTemplate({ templateKey, part }: { templateKey: string; part: number }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const templates = useScenarioTemplates(currentLanguage());
  return (
    <QueryView query={templates}>
      {(list) => {
        const template = list.find((x) => x.key === templateKey);
        const draft = template?.scenarios[part];
        if (!template || !draft) return <TemplateGallery />;
        const count = template.scenarios.length;
        const onSaved = (saved: Scenario) => {
          if (part + 1 < count) {
            notifySaved(t, t("automation.builder.partSaved", { name: saved.name, n: part + 2, count }));
            navigate(builderFrom(template.key, part + 1));
            window.scrollTo({ top: 0 });
          } else navigate(`/automation/scenarios/${saved.id}`, { replace: true });
        };
        return (
          <>
            <PageHeader
              title={t("automation.newFrom", { name: template.name })}
              description={template.description}
              actions={<BackToScenarios />}
            />
            <ScenarioBuilder
              key={`${template.key}:${part}:${location.key}`}
              initial={scenarioValues(draft)}
              part={count > 1 ? { name: template.name, index: part, count, onSaved } : undefined}
            />
          </>
        );
      }}
    </QueryView>
  );
}

/** /automation/scenarios/new (the gallery, then the builder) and /automation/scenarios/:id. */
export function ScenarioScreen() {
  const { t } = useTranslation();
  const { id } = useParams();
  const location = useLocation();
  const [params] = useSearchParams();
  const scenario = useScenario(id);
  if (id) return <QueryView query={scenario}>{(s) => <SavedScenario scenario={s} />}</QueryView>;
  const start = params.get("start");
  if (!start) return <TemplateGallery />;
  if (start === "blank")
    return (
      <>
        <PageHeader title={t("automation.newTitle")} description={t("automation.newDescription")} actions={<BackToScenarios />} />
        <ScenarioBuilder key={location.key} initial={emptyScenario()} />
      </>
    );
  return <FromTemplate templateKey={start} part={Number(params.get("part")) || 0} />;
}
