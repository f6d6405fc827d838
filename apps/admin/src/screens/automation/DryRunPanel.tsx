import { Anchor, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { IconInfoCircle, IconUsers } from "@tabler/icons-react";
import { useMutation } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { DRY_RUN_NOTES, type DryRun, type ScenarioInput } from "../../api/automation";
import { api, unwrap } from "../../api/client";
import { Stat } from "../../components/Figures";
import { errorMessage } from "../../components/feedback";
import { formatNumber, formatPoints, memberName } from "../../format";

type Messages = DryRun["perRun"]["messages"];

function messagesText(t: TFunction, m: Messages): string {
  const parts = (["email", "sms", "push"] as const)
    .filter((ch) => m[ch] > 0)
    .map((ch) => `${t(`messaging.channels.${ch}`)}: ${formatNumber(m[ch])}`);
  return parts.length ? parts.join(" · ") : t("automation.dryRun.noMessages");
}

function noteText(t: TFunction, note: string): string {
  return (DRY_RUN_NOTES as readonly string[]).includes(note)
    ? t(`automation.dryRun.notes.${note as (typeof DRY_RUN_NOTES)[number]}`)
    : note;
}

function DryRunResult({ result }: { result: DryRun }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="dry-run-result" aria-live="polite">
      <Text size="sm">{t(`automation.dryRun.scope.${result.scope}`)}</Text>
      <SimpleGrid cols={2} spacing="sm">
        <Stat label={t("automation.dryRun.members")} value={result.members} testId="dry-run-members" />
        <Stat label={t("automation.dryRun.totalPoints")} value={formatPoints(result.total.points)} testId="dry-run-points" />
      </SimpleGrid>
      <Table withRowBorders={false} verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>
              <span className="visually-hidden">{t("automation.dryRun.what")}</span>
            </Table.Th>
            <Table.Th>{t("automation.dryRun.perRun")}</Table.Th>
            <Table.Th>{t("automation.dryRun.total")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          <Table.Tr>
            <Table.Th scope="row">{t("automation.dryRun.points")}</Table.Th>
            <Table.Td>{formatPoints(result.perRun.points, true)}</Table.Td>
            <Table.Td>{formatPoints(result.total.points, true)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t("automation.dryRun.messages")}</Table.Th>
            <Table.Td>{messagesText(t, result.perRun.messages)}</Table.Td>
            <Table.Td data-testid="dry-run-messages">{messagesText(t, result.total.messages)}</Table.Td>
          </Table.Tr>
          <Table.Tr>
            <Table.Th scope="row">{t("automation.dryRun.rewards")}</Table.Th>
            <Table.Td>{formatNumber(result.perRun.rewards)}</Table.Td>
            <Table.Td>{formatNumber(result.total.rewards)}</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
      {result.sample.length > 0 && (
        <div>
          <Text size="sm" fw={700}>
            {t("automation.dryRun.sample")}
          </Text>
          <Group gap="xs" wrap="wrap">
            {result.sample.map((m) => (
              <Anchor key={m.id} component={Link} to={`/members/${m.id}`} size="sm" c="indigo.9">
                {memberName(m)}
              </Anchor>
            ))}
          </Group>
        </div>
      )}
      {result.notes.length > 0 && (
        <List size="sm" spacing={4} icon={<IconInfoCircle size={16} aria-hidden />} data-testid="dry-run-notes">
          {result.notes.map((note) => (
            <List.Item key={note}>{noteText(t, note)}</List.Item>
          ))}
        </List>
      )}
    </Stack>
  );
}

/** "Check who it reaches": the API's dry run of the builder as it is now (nothing is written). */
export function DryRunPanel({ body, onInvalid }: { body: () => ScenarioInput | null; onInvalid: (err: unknown) => void }) {
  const { t } = useTranslation();
  const check = useMutation({
    mutationFn: (input: ScenarioInput) => unwrap(api.POST("/api/v1/automation/dry-run", { body: input })),
    onError: onInvalid,
  });
  return (
    <Card withBorder radius="lg" p="md" component="section" aria-labelledby="dry-run-title" data-testid="dry-run">
      <Stack gap="sm">
        <Group gap="xs">
          <IconUsers size={20} aria-hidden />
          <Title order={2} size="h4" id="dry-run-title">
            {t("automation.dryRun.title")}
          </Title>
        </Group>
        <Text size="sm" c="gray.7">
          {t("automation.dryRun.help")}
        </Text>
        <Group>
          <Button
            variant="light"
            loading={check.isPending}
            onClick={() => {
              const input = body();
              if (input) check.mutate(input);
            }}
          >
            {t("automation.dryRun.check")}
          </Button>
        </Group>
        {check.isError && (
          <Text size="sm" c="red.9" role="alert">
            {errorMessage(t, check.error)}
          </Text>
        )}
        {check.data && !check.isPending && <DryRunResult result={check.data} />}
      </Stack>
    </Card>
  );
}
