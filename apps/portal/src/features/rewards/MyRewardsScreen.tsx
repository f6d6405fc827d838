import { Badge, Button, Card, Group, Image, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDate, formatPoints } from "../../format";
import { ErrorState } from "../../shell/ErrorState";
import { ScreenLoader } from "../../shell/Layout";
import { type Redemption, useMyRedemptions } from "./api";
import { RewardsTabs } from "./RewardsTabs";
import { VoucherCode } from "./VoucherCode";

const STATUS_COLOR = { issued: "teal.9", fulfilled: "gray.8", cancelled: "red.9" } as const;

/** "My rewards": what the member redeemed, with voucher codes to copy or scan and their statuses. */
export function MyRewardsScreen() {
  const { t } = useTranslation();
  const mine = useMyRedemptions();
  const items = mine.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <Stack gap="md">
      <RewardsTabs />
      {mine.isPending ? (
        <ScreenLoader />
      ) : mine.isError ? (
        <ErrorState onRetry={() => void mine.refetch()} />
      ) : items.length === 0 ? (
        <Text c="dimmed">{t("rewards.mine.empty")}</Text>
      ) : (
        <Stack gap="md">
          {items.map((r) => (
            <MyReward key={r.id} redemption={r} />
          ))}
          {mine.hasNextPage ? (
            <Button variant="subtle" loading={mine.isFetchingNextPage} onClick={() => void mine.fetchNextPage()}>
              {t("rewards.mine.more")}
            </Button>
          ) : null}
        </Stack>
      )}
    </Stack>
  );
}

function MyReward({ redemption: r }: { redemption: Redemption }) {
  const { t, i18n } = useTranslation();
  const name = i18n.language === "en" ? r.rewardNameEn : r.rewardNamePl;
  const usable = r.status === "issued";
  return (
    <Card withBorder radius="md" padding="md" data-testid="my-reward">
      <Group align="flex-start" wrap="nowrap" gap="md">
        {r.imageUrl ? <Image src={r.imageUrl} alt="" w={64} h={64} radius="sm" fit="cover" /> : null}
        <Stack gap={6} style={{ minWidth: 0, flex: 1 }}>
          <Group justify="space-between" gap="xs">
            <Text fw={700} component="h2" size="md" m={0}>
              {name}
            </Text>
            <Badge variant="outline" color={STATUS_COLOR[r.status]}>
              {t(`rewards.mine.status.${r.status}`)}
            </Badge>
          </Group>
          <Text size="xs" c="dimmed">
            {t("rewards.mine.redeemedAt", { date: formatDate(r.createdAt), points: formatPoints(r.points) })}
          </Text>
          {usable && r.codes.length === 0 && r.locationName ? (
            <Text size="sm">{t("rewards.mine.pickup", { place: r.locationName })}</Text>
          ) : null}
          {usable ? r.codes.map((c) => <VoucherCode key={c.code} code={c.code} expiresAt={c.expiresAt} />) : null}
        </Stack>
      </Group>
    </Card>
  );
}
