import { Badge, Button, Card, EmptyState, Group, Select, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconCoins, IconLock, IconPlus, IconStairsUp } from "@tabler/icons-react";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, type Balance, type LedgerEntry, type Member, unwrap } from "../../../api/client";
import { usePrograms } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { ErrorState } from "../../../components/ErrorState";
import { notifyError, notifySaved } from "../../../components/feedback";
import { LoadMore } from "../../../components/LoadMore";
import { PageLoader } from "../../../components/PageLoader";
import { AdjustmentModal, ReverseModal, TierAssignModal } from "../../../components/PointsDialogs";
import { formatDate, formatPoints } from "../../../format";
import { NoTierBadge, TierBadge } from "../MemberBadges";
import { Stat } from "./BalanceSummary";
import { useBalances } from "./balances";
import { LedgerTable } from "./LedgerTable";

function BalanceCard({ balance: b, onAssignTier }: { balance: Balance; onAssignTier?: () => void }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="lg" p="lg" data-testid={`balance-${b.programId}`}>
      <Group justify="space-between" mb="md" wrap="wrap">
        <Group gap="sm">
          <Title order={2} size="h4">
            {b.programName}
          </Title>
          {b.tier ? <TierBadge tier={b.tier} /> : <NoTierBadge />}
          {b.tierLocked && (
            <Badge variant="outline" color="gray" leftSection={<IconLock size={12} />}>
              {t("points.locked")}
            </Badge>
          )}
        </Group>
        {onAssignTier && (
          <Button variant="subtle" leftSection={<IconStairsUp size={18} />} onClick={onAssignTier}>
            {t("points.assignTier")}
          </Button>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="md">
        <Stat label={t("points.available")} value={formatPoints(b.available)} color="indigo.8" testId="balance-available" />
        <Stat label={t("points.pending")} value={formatPoints(b.pending)} testId="balance-pending" />
        <Stat label={t("points.debt")} value={formatPoints(b.debt)} color={b.debt > 0 ? "red.8" : undefined} />
        <Stat label={t("points.expiringSoon")} value={formatPoints(b.expiringSoon)} color={b.expiringSoon > 0 ? "orange.9" : undefined} />
        <Stat label={t("points.lifetime")} value={formatPoints(b.lifetimeEarned)} />
        <Stat label={t("points.spent")} value={formatPoints(b.spent)} />
        <Stat label={t("points.expired")} value={formatPoints(b.expired)} />
        <Stat label={t("points.nextExpiry")} value={b.nextExpiryAt ? formatDate(b.nextExpiryAt) : "—"} />
      </SimpleGrid>
    </Card>
  );
}

export function PointsTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const canAdjust = useCan("points.adjust");
  const canWrite = useCan("members.write");
  const balances = useBalances(member.id);
  const programs = usePrograms();
  const [programId, setProgramId] = useState<string | null>(null);
  const [adjusting, setAdjusting] = useState(false);
  const [reversing, setReversing] = useState<LedgerEntry | undefined>(undefined);
  const [assigning, setAssigning] = useState<Balance | undefined>(undefined);
  const [enrollIn, setEnrollIn] = useState<string | null>(null);

  // Not useCursorList: the first page also carries the totals of the filter.
  const ledger = useInfiniteQuery({
    queryKey: queryKeys.members.part(member.id, "ledger", { programId }),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/members/{id}/ledger", {
          params: { path: { id: member.id }, query: { limit: 25, cursor: pageParam, programId: programId ?? undefined } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

  const enroll = useMutation({
    mutationFn: (pid: string) =>
      unwrap(api.POST("/api/v1/members/{id}/enrollments", { params: { path: { id: member.id } }, body: { programId: pid } })),
    onSuccess: (b) => {
      // The card's balances and ledger, and the lists' points.
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
      notifySaved(t, t("points.enrolledMessage", { program: b.programName }));
      setEnrollIn(null);
    },
    onError: (err) => notifyError(t, err),
  });

  if (balances.isError) return <ErrorState error={balances.error} onRetry={() => void balances.refetch()} />;
  if (balances.isPending) return <PageLoader />;
  const enrolled = new Set(balances.data.map((b) => b.programId));
  const notEnrolled = (programs.data ?? []).filter((p) => p.status === "active" && !enrolled.has(p.id));
  const programName = new Map((programs.data ?? []).map((p) => [p.id, p.name]));
  const entries = ledger.data?.pages.flatMap((p) => p.data) ?? [];
  const sums = ledger.data?.pages[0]?.sums;

  return (
    <Stack>
      <Group align="flex-end">
        {canAdjust && balances.data.length > 0 && (
          <Button leftSection={<IconPlus size={18} />} onClick={() => setAdjusting(true)}>
            {t("points.adjust")}
          </Button>
        )}
        {canWrite && notEnrolled.length > 0 && (
          <Group gap="xs" align="flex-end">
            <Select
              label={t("points.enrollProgram")}
              data={notEnrolled.map((p) => ({ value: p.id, label: p.name }))}
              value={enrollIn}
              onChange={setEnrollIn}
              w={240}
            />
            <Button variant="light" disabled={!enrollIn} loading={enroll.isPending} onClick={() => enrollIn && enroll.mutate(enrollIn)}>
              {t("points.enroll")}
            </Button>
          </Group>
        )}
      </Group>
      {balances.data.length === 0 ? (
        <EmptyState icon={<IconCoins />} title={t("points.notEnrolledTitle")} description={t("points.notEnrolled")} />
      ) : (
        balances.data.map((b) => <BalanceCard key={b.programId} balance={b} onAssignTier={canAdjust ? () => setAssigning(b) : undefined} />)
      )}

      <Group justify="space-between" align="flex-end" mt="md" wrap="wrap">
        <Title order={2} size="h3">
          {t("points.ledger")}
        </Title>
        {balances.data.length > 1 && (
          <Select
            label={t("points.program")}
            placeholder={t("points.allPrograms")}
            clearable
            w={240}
            data={balances.data.map((b) => ({ value: b.programId, label: b.programName }))}
            value={programId}
            onChange={setProgramId}
          />
        )}
      </Group>
      {ledger.isError ? (
        <ErrorState error={ledger.error} onRetry={() => void ledger.refetch()} />
      ) : ledger.isPending ? (
        <PageLoader />
      ) : entries.length === 0 ? (
        <Text c="gray.7">{t("points.ledgerEmpty")}</Text>
      ) : (
        <>
          <LedgerTable
            entries={entries}
            sums={sums}
            programName={balances.data.length > 1 ? (id) => programName.get(id) : undefined}
            onReverse={canAdjust ? setReversing : undefined}
          />
          <LoadMore
            shown={entries.length}
            hasMore={ledger.hasNextPage}
            loading={ledger.isFetchingNextPage}
            onLoad={() => void ledger.fetchNextPage()}
          />
        </>
      )}
      <AdjustmentModal
        memberId={member.id}
        balances={balances.data}
        programId={programId}
        opened={adjusting}
        onClose={() => setAdjusting(false)}
      />
      <ReverseModal memberId={member.id} entry={reversing} onClose={() => setReversing(undefined)} />
      <TierAssignModal memberId={member.id} balance={assigning} onClose={() => setAssigning(undefined)} />
    </Stack>
  );
}
