import { Badge, Button, EmptyState, Group, Loader, Select, Table, Text, TextInput } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconPlus, IconSearch, IconSpeakerphone } from "@tabler/icons-react";
import { useInfiniteQuery } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { type Campaign, type CampaignStatus, CHANNELS, type Channel } from "../../api/messaging";
import { useCan } from "../../api/session";
import { ChannelBadge } from "../../components/Deliveries";
import { ErrorState } from "../../components/ErrorState";
import { LoadMore } from "../../components/LoadMore";
import { PageHeader } from "../../components/PageHeader";
import { PageLoader } from "../../components/PageLoader";
import { formatDateTime, formatNumber } from "../../format";

const STATUS_COLORS: Record<CampaignStatus, string> = {
  draft: "gray",
  scheduled: "blue",
  sending: "cyan",
  sent: "green",
  cancelled: "red",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" data-testid="campaign-status">
      {t(`messaging.campaigns.statuses.${status}`)}
    </Badge>
  );
}

/** When: sent, started, scheduled or last edited, whichever tells most. */
function campaignWhen(t: TFunction, c: Campaign): string {
  if (c.finishedAt) return t("messaging.campaigns.finishedAt", { when: formatDateTime(c.finishedAt) });
  if (c.startedAt) return t("messaging.campaigns.startedAt", { when: formatDateTime(c.startedAt) });
  if (c.scheduledAt) return t("messaging.campaigns.scheduledFor", { when: formatDateTime(c.scheduledAt) });
  return t("messaging.campaigns.editedAt", { when: formatDateTime(c.updatedAt) });
}

const STATUSES: CampaignStatus[] = ["draft", "scheduled", "sending", "sent", "cancelled"];

/** One-off messages to chosen members. */
export function CampaignsScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("messages.write");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim().toLocaleLowerCase(), 200);
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const [channel, setChannel] = useState<Channel | null>(null);
  const list = useInfiniteQuery({
    queryKey: ["campaigns", "list", { status, channel }],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/campaigns", {
          params: { query: { status: status ?? undefined, channel: channel ?? undefined, limit: 100, cursor: pageParam } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchInterval: (query) =>
      query.state.data?.pages.some((p) => p.data.some((c) => c.status === "sending" || c.status === "scheduled")) ? 5000 : false,
  });
  const all = list.data?.pages.flatMap((p) => p.data) ?? [];
  // The API filters by status and channel; the name is searched among the loaded campaigns.
  const rows = all.filter((c) => !q || c.name.toLocaleLowerCase().includes(q));
  const filtered = q !== "" || !!status || !!channel;
  const add = canWrite && (
    <Button component={Link} to="/messages/campaigns/new" leftSection={<IconPlus size={18} />}>
      {t("messaging.campaigns.add")}
    </Button>
  );
  return (
    <>
      <PageHeader title={t("messaging.campaigns.title")} description={t("messaging.campaigns.description")} actions={add} />
      <Group mb="md" gap="sm" wrap="wrap">
        <TextInput
          aria-label={t("messaging.campaigns.search")}
          placeholder={t("messaging.campaigns.search")}
          leftSection={<IconSearch size={18} />}
          rightSection={list.isFetching ? <Loader size="xs" /> : null}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          style={{ flex: "1 1 220px" }}
        />
        <Select
          aria-label={t("messaging.campaigns.statusFilter")}
          placeholder={t("messaging.campaigns.anyStatus")}
          clearable
          w={190}
          value={status}
          onChange={(v) => setStatus(v as CampaignStatus | null)}
          data={STATUSES.map((x) => ({ value: x, label: t(`messaging.campaigns.statuses.${x}`) }))}
        />
        <Select
          aria-label={t("messaging.channelFilter")}
          placeholder={t("messaging.allChannels")}
          clearable
          w={200}
          value={channel}
          onChange={(v) => setChannel(v as Channel | null)}
          data={CHANNELS.map((c) => ({ value: c, label: t(`messaging.channels.${c}`) }))}
        />
      </Group>
      {list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.isPending ? (
        <PageLoader />
      ) : rows.length === 0 ? (
        filtered ? (
          <EmptyState
            icon={<IconSearch />}
            title={t("messaging.campaigns.noMatchesTitle")}
            description={t("messaging.campaigns.noMatches")}
          />
        ) : (
          <EmptyState icon={<IconSpeakerphone />} title={t("messaging.campaigns.emptyTitle")} description={t("messaging.campaigns.empty")}>
            {canWrite && (
              <Button component={Link} to="/messages/campaigns/new" leftSection={<IconPlus size={18} />}>
                {t("messaging.campaigns.addFirst")}
              </Button>
            )}
          </EmptyState>
        )
      ) : (
        <>
          <Table.ScrollContainer minWidth={720}>
            <Table striped highlightOnHover verticalSpacing="sm" aria-label={t("messaging.campaigns.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("messaging.campaigns.name")}</Table.Th>
                  <Table.Th>{t("messaging.campaigns.status")}</Table.Th>
                  <Table.Th ta="right">{t("messaging.campaigns.results.sent")}</Table.Th>
                  <Table.Th ta="right">{t("messaging.campaigns.results.failed")}</Table.Th>
                  <Table.Th ta="right">{t("messaging.campaigns.results.noConsent")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((c) => (
                  <Table.Tr
                    key={c.id}
                    data-testid="campaign-row"
                    style={{ cursor: "pointer" }}
                    onClick={() => navigate(`/messages/campaigns/${c.id}`)}
                  >
                    <Table.Td miw={240}>
                      <Group gap="xs" wrap="nowrap">
                        <Text
                          component={Link}
                          to={`/messages/campaigns/${c.id}`}
                          fw={600}
                          c="indigo.8"
                          td="none"
                          onClick={(e) => e.stopPropagation()}
                        >
                          {c.name}
                        </Text>
                        <ChannelBadge channel={c.channel} />
                      </Group>
                      <Text size="xs" c="dimmed">
                        {campaignWhen(t, c)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <CampaignStatusBadge status={c.status} />
                    </Table.Td>
                    <Table.Td ta="right" className="nowrap">
                      {c.status === "draft" ? "—" : formatNumber(c.results.sent)}
                    </Table.Td>
                    <Table.Td ta="right" className="nowrap" c={c.results.failed > 0 ? "red.8" : undefined}>
                      {c.status === "draft" ? "—" : formatNumber(c.results.failed)}
                    </Table.Td>
                    <Table.Td ta="right" className="nowrap">
                      {c.status === "draft" ? "—" : formatNumber(c.results.noConsent)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <LoadMore
            shown={rows.length}
            hasMore={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoad={() => void list.fetchNextPage()}
          />
        </>
      )}
    </>
  );
}
