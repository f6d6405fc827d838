import { Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconArrowRight, IconPencilPlus, IconPlayerPause, IconSparkles } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { type ScenarioTemplate, useScenarioTemplates } from "../../api/automation";
import { api, unwrap } from "../../api/client";
import { useCompanyCurrency } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { notifyError, notifySaved } from "../../components/feedback";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { currentLanguage } from "../../i18n";
import { BackToScenarios } from "./AutomationParts";
import { scenarioBody, scenarioValues } from "./scenario-form";
import { useScenarioLookups } from "./scenario-lookups";
import { scenarioSentence } from "./scenario-sentence";

/** The address of the builder started from a ready-made scenario (its `part`-th scenario). */
export const builderFrom = (key: string, part = 0) => `/automation/scenarios/new?start=${encodeURIComponent(key)}&part=${part}`;

/**
 * A template of several scenarios (the referral bonus: one on registration, one on success) can
 * be set up in the builder one after the other, or created at once, paused, to be checked in the list.
 */
function useCreateAll() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (template: ScenarioTemplate) => {
      for (const draft of template.scenarios)
        await unwrap(api.POST("/api/v1/automation/scenarios", { body: { ...scenarioBody(scenarioValues(draft)), status: "paused" } }));
      return template;
    },
    onSuccess: (template) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.automationScenarios.all });
      notifySaved(t, t("automation.gallery.createdAll", { count: template.scenarios.length, name: template.name }));
      navigate("/automation/scenarios");
    },
    onError: (err) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.automationScenarios.all });
      notifyError(t, err);
    },
  });
}

function TemplateCard({ template, onCreateAll, creating }: { template: ScenarioTemplate; onCreateAll: () => void; creating: boolean }) {
  const { t } = useTranslation();
  const lookups = useScenarioLookups();
  const currency = useCompanyCurrency();
  const canWrite = useCan("automation.write");
  const several = template.scenarios.length > 1;
  return (
    <Card withBorder radius="lg" p="lg" component="article" aria-label={template.name} data-testid={`template-${template.key}`}>
      <Stack gap="sm" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h4">
            {template.name}
          </Title>
          {several && (
            <Badge variant="light" color="indigo" style={{ flexShrink: 0 }}>
              {t("automation.gallery.parts", { count: template.scenarios.length })}
            </Badge>
          )}
        </Group>
        <Text size="sm" c="gray.7">
          {template.description}
        </Text>
        <List size="sm" spacing={4} style={{ flex: 1 }}>
          {template.scenarios.map((draft) => (
            <List.Item key={draft.name}>
              <Text size="sm" fw={500}>
                {scenarioSentence(t, scenarioValues(draft), lookups, currency)}
              </Text>
            </List.Item>
          ))}
        </List>
        <Group gap="sm" wrap="wrap">
          <Button component={Link} to={builderFrom(template.key)} rightSection={<IconArrowRight size={18} />}>
            {several ? t("automation.gallery.useSeveral") : t("automation.gallery.use")}
          </Button>
          {several && canWrite && (
            <Button variant="default" leftSection={<IconPlayerPause size={18} />} onClick={onCreateAll} loading={creating}>
              {t("automation.gallery.createAllPaused")}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}

/** /automation/scenarios/new: the ready-made scenarios first, and "start from scratch". */
export function TemplateGallery() {
  const { t } = useTranslation();
  const templates = useScenarioTemplates(currentLanguage());
  const createAll = useCreateAll();
  return (
    <>
      <PageHeader title={t("automation.gallery.title")} description={t("automation.gallery.description")} actions={<BackToScenarios />} />
      <QueryView query={templates}>
        {(list) => (
          <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md">
            {list.map((template) => (
              <TemplateCard
                key={template.key}
                template={template}
                onCreateAll={() => createAll.mutate(template)}
                creating={createAll.isPending && createAll.variables?.key === template.key}
              />
            ))}
            <Card withBorder radius="lg" p="lg" component="article" aria-label={t("automation.gallery.scratchTitle")} bg="gray.0">
              <Stack gap="sm">
                <Group gap="xs">
                  <IconPencilPlus size={22} aria-hidden />
                  <Title order={2} size="h4">
                    {t("automation.gallery.scratchTitle")}
                  </Title>
                </Group>
                <Text size="sm" c="gray.7">
                  {t("automation.gallery.scratchText")}
                </Text>
                <Group>
                  <Button
                    component={Link}
                    to="/automation/scenarios/new?start=blank"
                    variant="default"
                    leftSection={<IconSparkles size={18} />}
                  >
                    {t("automation.gallery.scratch")}
                  </Button>
                </Group>
              </Stack>
            </Card>
          </SimpleGrid>
        )}
      </QueryView>
    </>
  );
}
