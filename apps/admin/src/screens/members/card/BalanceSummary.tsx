import { Button, Card, Group, SimpleGrid, Skeleton, Stack, Text, Title } from "@mantine/core";
import { IconCoins } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import type { Balance } from "../../../api/client";
import { ErrorState } from "../../../components/ErrorState";
import { formatDate, formatPoints } from "../../../format";
import { NoTierBadge, TierBadge } from "../MemberBadges";
import { useBalances } from "./balances";

export function Stat({
  label,
  value,
  color,
  testId,
  size = "xl",
  hint,
}: {
  label: string;
  value: string;
  color?: string;
  testId?: string;
  size?: string;
  hint?: string;
}) {
  return (
    <div>
      <Text size="xs" c="gray.7" fw={700} tt="uppercase">
        {label}
      </Text>
      <Text fw={700} size={size} c={color} data-testid={testId} lh={1.2}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="gray.7">
          {hint}
        </Text>
      )}
    </div>
  );
}

function ProgramBalance({ balance: b, single }: { balance: Balance; single: boolean }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" p="lg" data-testid={`summary-${b.programId}`}>
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap" gap="xs">
        <div>
          <Title order={2} size="h4">
            {single ? t("members.pointsTitle") : b.programName}
          </Title>
          {single && (
            <Text size="sm" c="gray.7">
              {b.programName}
            </Text>
          )}
        </div>
        {b.tier ? <TierBadge tier={b.tier} /> : <NoTierBadge />}
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <Stat
          label={t("points.available")}
          value={formatPoints(b.available)}
          color={b.available < 0 ? "red.8" : "indigo.8"}
          size="2rem"
          testId="summary-available"
        />
        <Stat label={t("points.pending")} value={formatPoints(b.pending)} testId="summary-pending" />
        <Stat
          label={t("points.expiringSoon")}
          value={formatPoints(b.expiringSoon)}
          color={b.expiringSoon > 0 ? "orange.9" : undefined}
          testId="summary-expiring"
          hint={b.expiringSoon > 0 && b.nextExpiryAt ? t("members.nextExpiryOn", { date: formatDate(b.nextExpiryAt) }) : undefined}
        />
      </SimpleGrid>
    </Card>
  );
}

/** The member's points and tier in each program, first on the card: what staff look for. */
export function BalanceSummary({ memberId, onOpenPoints }: { memberId: string; onOpenPoints: () => void }) {
  const { t } = useTranslation();
  const balances = useBalances(memberId);
  if (balances.isError) return <ErrorState error={balances.error} onRetry={() => void balances.refetch()} />;
  if (balances.isPending) return <Skeleton h={140} radius="lg" />;
  if (balances.data.length === 0)
    return (
      <Card withBorder radius="lg" p="lg">
        <Group justify="space-between" wrap="wrap">
          <Stack gap={2}>
            <Text fw={700}>{t("points.notEnrolledTitle")}</Text>
            <Text size="sm">{t("points.notEnrolled")}</Text>
          </Stack>
          <Button variant="light" leftSection={<IconCoins size={18} />} onClick={onOpenPoints}>
            {t("members.openPoints")}
          </Button>
        </Group>
      </Card>
    );
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, lg: balances.data.length > 1 ? 2 : 1 }}>
        {balances.data.map((b) => (
          <ProgramBalance key={b.programId} balance={b} single={balances.data.length === 1} />
        ))}
      </SimpleGrid>
      <Group>
        <Button variant="subtle" leftSection={<IconCoins size={18} />} onClick={onOpenPoints}>
          {t("members.openPoints")}
        </Button>
      </Group>
    </Stack>
  );
}
