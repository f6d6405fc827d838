import { ActionIcon, Button, Group, Select, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { IconChevronRight, IconPlus, IconSearch, IconSpeakerphone } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import type { Campaign, CampaignStatus, Channel } from "../../api/messaging";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { type ListState, useCursorList } from "../../components/cursor-list";
import { ChannelBadge } from "../../components/Deliveries";
import { ListPage } from "../../components/ListPage";
import { formatDateTime, formatNumber } from "../../format";
import { CAMPAIGN_STATUSES, CampaignStatusBadge } from "./CampaignParts";
import { ChannelFilter } from "./ChannelFilter";

/** When: sent, started, scheduled or last edited, whichever tells most. */
function campaignWhen(t: TFunction, c: Campaign): string {
  if (c.finishedAt) return t("messaging.campaigns.finishedAt", { when: formatDateTime(c.finishedAt) });
  if (c.startedAt) return t("messaging.campaigns.startedAt", { when: formatDateTime(c.startedAt) });
  if (c.scheduledAt) return t("messaging.campaigns.scheduledFor", { when: formatDateTime(c.scheduledAt) });
  return t("messaging.campaigns.editedAt", { when: formatDateTime(c.updatedAt) });
}

/** A number of the results, or a dash for a draft (nothing sent yet). */
const resultOf = (c: Campaign, n: number) => (c.status === "draft" ? "—" : formatNumber(n));

/** While a campaign on the screen is on its way, its numbers are reloaded every few seconds. */
function useFollowActive(list: ListState<Campaign>, params: object) {
  const queryClient = useQueryClient();
  const active = list.rows.some((c) => c.status === "sending" || c.status === "scheduled");
  const key = JSON.stringify(params);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the params
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => void queryClient.invalidateQueries({ queryKey: queryKeys.campaigns.list(params) }), 5000);
    return () => clearInterval(timer);
  }, [active, key, queryClient]);
}

/** One-off messages to chosen members. */
export function CampaignsScreen() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("messages.write");
  const [search, setSearch] = useState("");
  const [q] = useDebouncedValue(search.trim().toLocaleLowerCase(), 200);
  const [status, setStatus] = useState<CampaignStatus | null>(null);
  const [channel, setChannel] = useState<Channel | null>(null);
  const params = { status, channel };
  const list = useCursorList({
    queryKey: queryKeys.campaigns.list(params),
    fetchPage: (cursor) =>
      unwrap(
        api.GET("/api/v1/campaigns", {
          params: { query: { status: status ?? undefined, channel: channel ?? undefined, limit: 100, cursor } },
        }),
      ),
  });
  useFollowActive(list, params);
  // The API filters by status and channel; the name is searched among the loaded campaigns.
  const rows = list.rows.filter((c) => !q || c.name.toLocaleLowerCase().includes(q));
  const shown: ListState<Campaign> = { ...list, rows, data: list.data ? rows : undefined };
  const add = canWrite && (
    <Button component={Link} to="/messages/campaigns/new" leftSection={<IconPlus size={18} />}>
      {t("messaging.campaigns.add")}
    </Button>
  );
  return (
    <ListPage<Campaign>
      title={t("messaging.campaigns.title")}
      description={t("messaging.campaigns.description")}
      actions={add}
      search={{ value: search, onChange: setSearch, label: t("messaging.campaigns.search") }}
      filters={
        <>
          <Select
            label={t("messaging.campaigns.statusFilter")}
            placeholder={t("messaging.campaigns.anyStatus")}
            clearable
            w={190}
            value={status}
            onChange={(v) => setStatus(v as CampaignStatus | null)}
            data={CAMPAIGN_STATUSES.map((x) => ({ value: x, label: t(`messaging.campaigns.statuses.${x}`) }))}
          />
          <ChannelFilter value={channel} onChange={setChannel} />
        </>
      }
      list={shown}
      label={t("messaging.campaigns.title")}
      rowKey={(c) => c.id}
      onRowClick={(c) => navigate(`/messages/campaigns/${c.id}`)}
      filtered={q !== "" || !!status || !!channel}
      empty={{
        icon: <IconSpeakerphone />,
        title: t("messaging.campaigns.emptyTitle"),
        description: t("messaging.campaigns.empty"),
        action: canWrite && (
          <Button component={Link} to="/messages/campaigns/new" leftSection={<IconPlus size={18} />}>
            {t("messaging.campaigns.addFirst")}
          </Button>
        ),
      }}
      noMatches={{ icon: <IconSearch />, title: t("messaging.campaigns.noMatchesTitle"), description: t("messaging.campaigns.noMatches") }}
      columns={[
        {
          key: "name",
          header: t("messaging.campaigns.name"),
          cell: (c) => (
            <div>
              <Group gap="xs" wrap="wrap">
                <Text
                  component={Link}
                  to={`/messages/campaigns/${c.id}`}
                  fw={600}
                  c="indigo.8"
                  td="none"
                  style={{ overflowWrap: "anywhere" }}
                  onClick={(e) => e.stopPropagation()}
                >
                  {c.name}
                </Text>
                <ChannelBadge channel={c.channel} />
              </Group>
              <Text size="xs" c="gray.7">
                {campaignWhen(t, c)}
              </Text>
            </div>
          ),
        },
        { key: "status", header: t("messaging.campaigns.status"), cell: (c) => <CampaignStatusBadge status={c.status} /> },
        {
          key: "sent",
          header: t("messaging.campaigns.results.sent"),
          align: "right",
          nowrap: true,
          cell: (c) => resultOf(c, c.results.sent),
        },
        {
          key: "failed",
          header: t("messaging.campaigns.results.failed"),
          align: "right",
          nowrap: true,
          priority: 2,
          cell: (c) => (
            <Text span inherit c={c.results.failed > 0 ? "red.9" : undefined}>
              {resultOf(c, c.results.failed)}
            </Text>
          ),
        },
        {
          key: "noConsent",
          header: t("messaging.campaigns.results.noConsent"),
          align: "right",
          nowrap: true,
          priority: 3,
          cell: (c) => resultOf(c, c.results.noConsent),
        },
      ]}
      rowActions={(c) => (
        <ActionIcon
          component={Link}
          to={`/messages/campaigns/${c.id}`}
          aria-label={t("messaging.campaigns.openNamed", { name: c.name })}
          variant="subtle"
        >
          <IconChevronRight size={20} />
        </ActionIcon>
      )}
    />
  );
}
