import { EmptyState, Table } from "@mantine/core";
import { IconStairsUp } from "@tabler/icons-react";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, type Member, unwrap } from "../../../api/client";
import { usePrograms } from "../../../api/lookups";
import { queryKeys } from "../../../api/query-keys";
import { ErrorState } from "../../../components/ErrorState";
import { PageLoader } from "../../../components/PageLoader";
import { formatDateTime } from "../../../format";

export function TierHistoryTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const history = useQuery({
    queryKey: queryKeys.members.part(member.id, "tier-history"),
    queryFn: async () => (await unwrap(api.GET("/api/v1/members/{id}/tier-history", { params: { path: { id: member.id } } }))).data,
  });
  const programs = usePrograms();
  const programIds = [...new Set((history.data ?? []).map((h) => h.programId))];
  // The same queries as useTiers (api/lookups), one per program of the history.
  const tierLists = useQueries({
    queries: programIds.map((programId) => ({
      queryKey: queryKeys.tiers.list({ programId }),
      queryFn: async () => (await unwrap(api.GET("/api/v1/programs/{id}/tiers", { params: { path: { id: programId } } }))).data,
      staleTime: 30_000,
    })),
  });
  const tierName = new Map(tierLists.flatMap((q) => q.data ?? []).map((tier) => [tier.id, tier.name]));
  const programName = new Map((programs.data ?? []).map((p) => [p.id, p.name]));
  if (history.isError) return <ErrorState error={history.error} onRetry={() => void history.refetch()} />;
  if (history.isPending) return <PageLoader />;
  if (history.data.length === 0)
    return <EmptyState icon={<IconStairsUp />} title={t("members.noTierChangesTitle")} description={t("members.noTierChanges")} />;
  const name = (id: string | null) => (id ? (tierName.get(id) ?? "…") : t("points.noTier"));
  return (
    <Table.ScrollContainer minWidth={600}>
      <Table striped verticalSpacing="sm" aria-label={t("members.tabs.tiers")}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("points.when")}</Table.Th>
            <Table.Th>{t("points.program")}</Table.Th>
            <Table.Th>{t("members.tierChange")}</Table.Th>
            <Table.Th>{t("members.tierReason")}</Table.Th>
            <Table.Th>{t("points.actor")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.data.map((h) => (
            <Table.Tr key={h.id}>
              <Table.Td className="nowrap">{formatDateTime(h.occurredAt)}</Table.Td>
              <Table.Td>{programName.get(h.programId) ?? "—"}</Table.Td>
              <Table.Td>
                {name(h.fromTierId)} → <b>{name(h.toTierId)}</b>
              </Table.Td>
              <Table.Td>{t(`members.tierReasons.${h.reason}`)}</Table.Td>
              <Table.Td>{h.actorName}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
