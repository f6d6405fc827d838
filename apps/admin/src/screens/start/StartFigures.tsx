import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconAlertTriangle, IconMailX } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { FigureCard } from "../../components/Figures";
import { formatMoney, formatPoints } from "../../format";
import type { StartOverview } from "./start-data";

/** The figure cards: members, and the last 30 days' purchases and points. */
export function FigureCards({ overview }: { overview: StartOverview }) {
  const { t } = useTranslation();
  const { members, activity } = overview;
  if (!members && !activity) return null;
  return (
    <section aria-label={t("start.figures")}>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }} mb="lg">
        {members && (
          <>
            <FigureCard
              size={32}
              label={t("start.membersTotal")}
              value={formatPoints(members.total)}
              hint={t("start.allTime")}
              testId="start-members-total"
            />
            <FigureCard
              size={32}
              label={t("start.membersNew")}
              value={formatPoints(members.newThisMonth)}
              hint={t("start.thisMonth")}
              testId="start-members-new"
            />
          </>
        )}
        {activity && (
          <>
            <FigureCard
              size={32}
              label={t("start.purchases30")}
              value={formatPoints(activity.totals.purchases)}
              hint={`${t("start.last30")} · ${formatMoney(activity.totals.amountMinor, overview.currency)}`}
              testId="start-purchases"
            />
            <FigureCard
              size={32}
              label={t("start.pointsIssued30")}
              value={formatPoints(activity.totals.pointsIssued)}
              hint={t("start.last30")}
              testId="start-points-issued"
            />
            <FigureCard
              size={32}
              label={t("start.pointsRedeemed30")}
              value={formatPoints(activity.totals.pointsRedeemed)}
              hint={t("start.last30")}
              testId="start-points-redeemed"
            />
          </>
        )}
      </SimpleGrid>
    </section>
  );
}

/** Rewards low on stock and messages that failed: what needs someone's attention. */
export function Attention({ overview }: { overview: StartOverview }) {
  const { t, i18n } = useTranslation();
  const { lowStockRewards, failedMessages } = overview;
  if (lowStockRewards === null && failedMessages === null) return null;
  return (
    <Stack gap="lg">
      {lowStockRewards !== null && (
        <Card withBorder radius="lg" p="lg" data-testid="start-low-stock">
          <Title order={2} size="h4" mb="sm">
            {t("start.lowStock")}
          </Title>
          {lowStockRewards.length === 0 ? (
            <Text c="gray.7">{t("start.lowStockNone")}</Text>
          ) : (
            <Stack gap="xs">
              {lowStockRewards.map((r) => (
                <Group key={r.id} justify="space-between" wrap="nowrap">
                  <Anchor component={Link} to={`/rewards/${r.id}/stock`} fw={600} c="indigo.8">
                    {i18n.language === "en" && r.nameEn ? r.nameEn : r.namePl}
                  </Anchor>
                  <Text c="red.9" fw={600} style={{ whiteSpace: "nowrap" }}>
                    <IconAlertTriangle size={14} /> {t("start.lowStockItem", { stock: r.stock, threshold: r.threshold })}
                  </Text>
                </Group>
              ))}
            </Stack>
          )}
        </Card>
      )}
      {failedMessages !== null &&
        (failedMessages > 0 ? (
          <Alert color="red" icon={<IconMailX />} title={t("start.failedMessages")} data-testid="start-failed-messages">
            <Text>{t("start.failedMessagesCount", { count: failedMessages })}</Text>
            <Anchor component={Link} to="/messages/log" fw={600} c="red.9">
              {t("start.failedMessagesOpen")}
            </Anchor>
          </Alert>
        ) : (
          <Card withBorder radius="lg" p="lg" data-testid="start-failed-messages">
            <Title order={2} size="h4" mb="xs">
              {t("start.failedMessages")}
            </Title>
            <Text c="gray.7">{t("start.failedMessagesNone")}</Text>
          </Card>
        ))}
    </Stack>
  );
}
