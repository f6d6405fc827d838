import { Anchor, Badge, Button, Card, Group, Progress, Stack, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { useMemberSession } from "../../api/session";
import { plainList } from "../../components/lists";
import { OperationLine } from "../../components/OperationLine";
import { formatBp, formatDay, formatMoney, formatPoints } from "../../format";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";
import { type ProgramHome, useHome } from "./api";

/** The member's start screen: points, what expires, tier and the way to the next, last operations. */
export function HomeScreen() {
  const { t } = useTranslation();
  const session = useMemberSession();
  const home = useHome();
  if (home.isPending) return <ScreenLoader />;
  if (home.isError || !home.data) return <ErrorState onRetry={() => void home.refetch()} />;
  const name = session.data?.member.firstName;
  const { programs, lastOperations, currency } = home.data;
  return (
    <Stack gap="lg">
      <Title order={1} size="h2">
        {name ? t("home.greeting", { name }) : t("home.greetingAnonymous")}
      </Title>
      {programs.length === 0 ? <Text>{t("home.noPrograms")}</Text> : null}
      {programs.map((p) => (
        <ProgramCard key={p.programId} program={p} currency={currency} showName={programs.length > 1} />
      ))}
      <Card withBorder radius="md" padding="md">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">
            {t("home.lastOperations")}
          </Title>
          <Anchor component={Link} to="/history" size="sm">
            {t("home.allHistory")}
          </Anchor>
        </Group>
        {lastOperations.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("home.noOperations")}
          </Text>
        ) : (
          <Stack gap="sm" component="ul" style={plainList}>
            {lastOperations.map((op) => (
              <li key={op.id}>
                <OperationLine op={op} />
              </li>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}

function ProgramCard({ program: p, currency, showName }: { program: ProgramHome; currency: string; showName: boolean }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        {showName ? (
          <Text fw={600} size="sm">
            {p.programName}
          </Text>
        ) : null}
        <div>
          <Text size="sm" c="dimmed">
            {t("home.available")}
          </Text>
          <Text component="p" fz={40} fw={800} lh={1.1} data-testid="available-points">
            {formatPoints(p.available)}
          </Text>
          {p.pending > 0 ? (
            <Text size="sm" c="dimmed">
              {t("home.pending", { points: formatPoints(p.pending) })}
            </Text>
          ) : null}
        </div>
        <Button component={Link} to="/rewards" variant="light" radius="md">
          {t("home.rewards")}
        </Button>
        <Expiring program={p} />
        <Tier program={p} currency={currency} />
      </Stack>
    </Card>
  );
}

function Expiring({ program: p }: { program: ProgramHome }) {
  const { t } = useTranslation();
  return (
    <div>
      <Text fw={600} size="sm">
        {t("home.expiringTitle")}
      </Text>
      {p.expiring.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("home.noExpiring")}
        </Text>
      ) : (
        <Stack gap={2} component="ul" style={plainList}>
          {p.expiring.map((x) => (
            <Text key={x.lastDay} component="li" size="sm" fw={600}>
              {t("home.expiringLine", { points: formatPoints(x.points), date: formatDay(x.lastDay) })}
            </Text>
          ))}
        </Stack>
      )}
    </div>
  );
}

function Tier({ program: p, currency }: { program: ProgramHome; currency: string }) {
  const { t } = useTranslation();
  const progress = p.progress;
  if (!progress) return null;
  const amount = (n: number) => (progress.basis === "points" ? formatPoints(n) : formatMoney(n, currency));
  const next = progress.next;
  const percent = next ? Math.min(100, Math.round((progress.current / Math.max(1, next.threshold)) * 100)) : 100;
  const periodKey = progress.basis === "points" ? "home.period" : "home.periodSpend";
  return (
    <div>
      <Text fw={600} size="sm">
        {t("home.tier")}
      </Text>
      <Group gap="xs" my={4}>
        {p.tier ? (
          <>
            <Badge size="lg" color="dark" variant="outline">
              {p.tier.name}
            </Badge>
            {p.tier.discountBp > 0 ? <Text size="sm">{t("home.discount", { discount: formatBp(p.tier.discountBp) })}</Text> : null}
          </>
        ) : (
          <Text size="sm">{t("home.noTier")}</Text>
        )}
      </Group>
      {next ? (
        <>
          <Progress value={percent} size="lg" radius="xl" aria-label={t("home.progressLabel", { tier: next.name })} my={6} />
          <Text size="sm">{t("home.nextTier", { tier: next.name, needed: amount(progress.needed ?? 0) })}</Text>
        </>
      ) : (
        <Text size="sm">{t("home.topTier")}</Text>
      )}
      <Text size="xs" c="dimmed">
        {t(`${periodKey}.${progress.period}`, { days: progress.periodDays ?? 0 })}
      </Text>
    </div>
  );
}
