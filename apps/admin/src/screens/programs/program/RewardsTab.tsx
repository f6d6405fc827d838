import { Badge, Button, Group, Stack, Text } from "@mantine/core";
import { IconGift, IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type Program, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { wholeList } from "../../../components/cursor-list";
import { ListTable } from "../../../components/ListPage";
import { KindBadge, localName, RewardThumb, stockSummary } from "../../../components/RewardShared";
import { formatNumber } from "../../../format";

/** The rewards of this program, and "Add reward" that creates one in it. */
export function RewardsTab({ program }: { program: Program }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const canWrite = useCan("rewards.write");
  const rewards = wholeList(
    useQuery({
      queryKey: queryKeys.rewards.list({ programId: program.id }),
      queryFn: async () => (await unwrap(api.GET("/api/v1/rewards", { params: { query: { programId: program.id } } }))).data,
    }),
  );
  // The reward screen's "back" returns here.
  const rewardPath = (id: string) => `/rewards/${id}?programId=${encodeURIComponent(program.id)}`;
  const add = canWrite && (
    <Button component={Link} to={`/rewards/new?programId=${encodeURIComponent(program.id)}`} leftSection={<IconPlus size={18} />}>
      {t("programs.rewards.add")}
    </Button>
  );
  return (
    <Stack>
      <Group justify="space-between">
        <Text size="sm">{t("programs.rewards.help", { name: program.name })}</Text>
        {add}
      </Group>
      <ListTable
        list={rewards}
        label={t("programs.tabs.rewards")}
        rowKey={(r) => r.id}
        onRowClick={(r) => navigate(rewardPath(r.id))}
        empty={{
          icon: <IconGift />,
          title: t("programs.rewards.emptyTitle"),
          description: t("programs.rewards.empty"),
        }}
        columns={[
          {
            key: "name",
            header: t("rewards.name"),
            cell: (r) => (
              <Group gap="sm" wrap="nowrap">
                <RewardThumb url={r.imageUrls[0]} alt="" size={40} />
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text component={Link} to={rewardPath(r.id)} fw={600} c="indigo.8" td="none" onClick={(e) => e.stopPropagation()}>
                    {localName(r, i18n.language)}
                  </Text>
                  <KindBadge kind={r.kind} />
                </Stack>
              </Group>
            ),
          },
          { key: "price", header: t("rewards.price"), align: "right", nowrap: true, cell: (r) => formatNumber(r.pointsPrice) },
          { key: "stock", header: t("rewards.stockColumn"), priority: 2, cell: (r) => stockSummary(t, r) },
          {
            key: "status",
            header: t("rewards.status"),
            cell: (r) => (
              <Badge color={r.active ? "green" : "gray"} variant="light">
                {r.active ? t("rewards.active") : t("rewards.inactive")}
              </Badge>
            ),
          },
        ]}
      />
    </Stack>
  );
}
