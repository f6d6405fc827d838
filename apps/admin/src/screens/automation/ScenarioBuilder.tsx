import { Alert, Badge, Box, Button, Card, Fieldset, Grid, Group, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconArrowDown, IconClockHour4, IconPlus, IconStack2 } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Scenario, ScenarioInput } from "../../api/automation";
import { api, unwrap } from "../../api/client";
import { useCompanyCurrency } from "../../api/lookups";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { useSaveForm } from "../../components/EntityDrawer";
import { showFormError } from "../../components/feedback";
import { locale } from "../../format";
import { ActionRow } from "./ActionRow";
import { ConditionRow } from "./ConditionRow";
import { DryRunPanel } from "./DryRunPanel";
import { ScenarioSettings } from "./ScenarioSettings";
import { ScenarioSummary } from "./ScenarioSummary";
import { formPath, newAction, newCondition, type ScenarioValues, scenarioBody } from "./scenario-form";
import { fieldTypes, useScenarioLookups } from "./scenario-lookups";
import { validateScenario } from "./scenario-validate";
import { TriggerLine } from "./TriggerLine";

/** The currency's sign as people write it after an amount ("zł"). */
function currencySymbol(currency: string): string {
  try {
    return (
      new Intl.NumberFormat(locale(), { style: "currency", currency }).formatToParts(0).find((p) => p.type === "currency")?.value ??
      currency
    );
  } catch {
    return currency;
  }
}

/** One part of the sentence: its word (When / If / Then) and what follows it. */
function SentencePart({ word, testId, children }: { word: string; testId: string; children: ReactNode }) {
  return (
    <Card withBorder radius="lg" p="md" component="section" aria-label={word} data-testid={testId}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <Badge size="lg" variant="filled" color="indigo.8" w={92} style={{ flexShrink: 0 }}>
          {word}
        </Badge>
        <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
      </Group>
    </Card>
  );
}

/** Where a multi-part ready-made scenario stands (the referral bonus is two scenarios). */
export interface TemplatePart {
  name: string;
  index: number;
  count: number;
  /** Called with the saved part; goes to the next part or to the last saved scenario. */
  onSaved: (saved: Scenario) => void;
}

/**
 * The builder: "When [trigger] · if [conditions] → [action] → [wait] → [action]", its settings,
 * a sentence that reads it back, and the dry run. A new scenario moves to its own page when saved.
 */
export function ScenarioBuilder({ scenario, initial, part }: { scenario?: Scenario; initial: ScenarioValues; part?: TemplatePart }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canWrite = useCan("automation.write");
  const lookups = useScenarioLookups();
  const currency = useCompanyCurrency();
  const symbol = currencySymbol(currency);
  const form = useForm<ScenarioValues>({
    mode: "controlled",
    initialValues: initial,
    validate: (values) => validateScenario(t, values),
  });
  const v = form.getValues();
  const body = (values: ScenarioValues): ScenarioInput => scenarioBody(values, fieldTypes(lookups));

  const save = useSaveForm({
    form,
    save: (values: ScenarioValues) => {
      const input = body(values);
      if (!scenario) return unwrap(api.POST("/api/v1/automation/scenarios", { body: input }));
      const { templateKey: _fixed, ...patch } = input;
      return unwrap(api.PATCH("/api/v1/automation/scenarios/{id}", { params: { path: { id: scenario.id } }, body: patch }));
    },
    invalidate: [queryKeys.automationScenarios.list()],
    mapPath: formPath,
    savedMessage: (saved) => t("automation.savedMessage", { name: saved.name }),
    onSaved: (saved) => {
      queryClient.setQueryData(queryKeys.automationScenarios.detail(saved.id), saved);
      if (part) part.onSaved(saved);
      else if (!scenario) navigate(`/automation/scenarios/${saved.id}`, { replace: true });
      else form.resetDirty();
    },
  });

  return (
    <>
      {part && (
        <Alert color="indigo" variant="light" icon={<IconStack2 />} mb="md" data-testid="template-part">
          {t("automation.builder.part", { n: part.index + 1, count: part.count, name: part.name })}
        </Alert>
      )}
      {!canWrite && (
        <Alert color="gray" mb="md">
          {t("common.readOnly")}
        </Alert>
      )}
      <ScenarioSummary values={v} lookups={lookups} currency={currency} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, xl: 8 }}>
          <form onSubmit={save.onSubmit} noValidate>
            <fieldset disabled={!canWrite} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
              <Stack>
                <Fieldset legend={t("automation.builder.basics")} radius="md">
                  <Stack>
                    <TextInput label={t("automation.builder.name")} withAsterisk maxLength={200} {...form.getInputProps("name")} />
                    <Textarea
                      label={t("automation.builder.description")}
                      autosize
                      minRows={1}
                      maxLength={2000}
                      {...form.getInputProps("description")}
                    />
                  </Stack>
                </Fieldset>
                <SentencePart word={t("automation.builder.when")} testId="part-when">
                  <TriggerLine form={form} lookups={lookups} currencySymbol={symbol} />
                </SentencePart>
                <SentencePart word={t("automation.builder.if")} testId="part-if">
                  <Stack gap="sm">
                    {v.conditions.length === 0 && (
                      <Text size="sm" c="gray.7" mt={4}>
                        {t("automation.builder.noConditions")}
                      </Text>
                    )}
                    {v.conditions.map((c, i) => (
                      <Stack key={c.uid} gap={4}>
                        {i > 0 && (
                          <Text size="sm" fw={700} c="gray.7">
                            {t("automation.builder.and")}
                          </Text>
                        )}
                        <ConditionRow form={form} index={i} lookups={lookups} currencySymbol={symbol} />
                      </Stack>
                    ))}
                    {canWrite && (
                      <Group>
                        <Button
                          variant="subtle"
                          leftSection={<IconPlus size={18} />}
                          onClick={() =>
                            form.insertListItem(
                              "conditions",
                              newCondition(v.trigger.type === "purchase_recorded" ? "purchase_amount" : "tier"),
                            )
                          }
                        >
                          {t("automation.builder.addCondition")}
                        </Button>
                      </Group>
                    )}
                  </Stack>
                </SentencePart>
                <SentencePart word={t("automation.builder.then")} testId="part-then">
                  <Stack gap={4}>
                    {v.actions.map((a, i) => (
                      <Stack key={a.uid} gap={4}>
                        {i > 0 && (
                          <Group gap={4} c="gray.7" pl="sm">
                            <IconArrowDown size={16} aria-hidden />
                            <Text size="sm" fw={700}>
                              {t("automation.builder.thenNext")}
                            </Text>
                          </Group>
                        )}
                        <ActionRow form={form} index={i} lookups={lookups} />
                      </Stack>
                    ))}
                    {form.errors.actions && (
                      <Text size="sm" c="red.9" fw={600} data-testid="actions-error">
                        {form.errors.actions}
                      </Text>
                    )}
                    {canWrite && (
                      <Group gap="sm" mt="xs">
                        <Button
                          variant="subtle"
                          leftSection={<IconPlus size={18} />}
                          onClick={() => form.insertListItem("actions", newAction("add_points"))}
                        >
                          {t("automation.builder.addAction")}
                        </Button>
                        <Button
                          variant="subtle"
                          leftSection={<IconClockHour4 size={18} />}
                          onClick={() => form.insertListItem("actions", newAction("wait"))}
                        >
                          {t("automation.builder.addWait")}
                        </Button>
                      </Group>
                    )}
                  </Stack>
                </SentencePart>
                <ScenarioSettings form={form} lookups={lookups} />
                {canWrite && (
                  <Group justify="flex-end">
                    <Button type="submit" loading={save.saving} data-testid="save-scenario">
                      {part && part.index + 1 < part.count ? t("automation.builder.saveAndNext") : t("automation.builder.save")}
                    </Button>
                  </Group>
                )}
              </Stack>
            </fieldset>
          </form>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 4 }}>
          <Box style={{ position: "sticky", top: 80 }}>
            <DryRunPanel
              body={() => (form.validate().hasErrors ? null : body(form.getValues()))}
              onInvalid={(err) => showFormError(t, form, err, formPath)}
            />
          </Box>
        </Grid.Col>
      </Grid>
    </>
  );
}
