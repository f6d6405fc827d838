import { Button, Card, Group, List, Progress, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconCheck, IconChevronRight, IconCircleDashed } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { STEP_PATHS, type StartOverview } from "./start-data";

/** A new company's first steps (the guide's four, then the rest), ticked off as they are done. */
export function StartChecklist({ steps }: { steps: NonNullable<StartOverview["checklist"]> }) {
  const { t } = useTranslation();
  const done = steps.filter((s) => s.done).length;
  return (
    <Card withBorder radius="lg" p="lg" data-testid="start-checklist">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap">
          <Title order={2} size="h4">
            {t("start.checklist")}
          </Title>
          <Text fw={600} data-testid="start-checklist-progress">
            {t("start.checklistProgress", { done, total: steps.length })}
          </Text>
        </Group>
        <Progress value={(done / steps.length) * 100} size="lg" radius="xl" aria-label={t("start.checklist")} />
        {done === steps.length && <Text c="teal.9">{t("start.checklistDone")}</Text>}
        <List spacing="xs" listStyleType="none" p={0}>
          {steps.map(({ step, done: isDone }) => (
            <List.Item key={step} data-testid={`start-step-${step}`} data-done={isDone}>
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Group wrap="nowrap" gap="sm" style={{ minWidth: 0 }}>
                  <ThemeIcon color={isDone ? "teal" : "gray"} variant={isDone ? "filled" : "light"} radius="xl" size={28}>
                    {isDone ? <IconCheck size={18} /> : <IconCircleDashed size={18} />}
                  </ThemeIcon>
                  <Text td={isDone ? "line-through" : undefined} c={isDone ? "gray.7" : undefined}>
                    {t(`start.steps.${step}`)}
                    <Text span size="sm" c="gray.7">
                      {` · ${isDone ? t("start.done") : t("start.todo")}`}
                    </Text>
                  </Text>
                </Group>
                {!isDone && (
                  <Button
                    component={Link}
                    to={STEP_PATHS[step]}
                    size="xs"
                    variant="light"
                    rightSection={<IconChevronRight size={14} />}
                    aria-label={`${t("start.checklistDo")}: ${t(`start.steps.${step}`)}`}
                  >
                    {t("start.checklistDo")}
                  </Button>
                )}
              </Group>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}
