import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { Card, SimpleGrid, Text, Title } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatMoney, formatPoints, locale } from "../../format";
import { dayLabel, type StartOverview } from "./start-data";

// Loaded on its own (React.lazy): the charts library stays out of the panel's first download.

/** Purchases per day, and points issued against points redeemed per day, over the last 30 days. */
export function ActivityCharts({ activity, currency }: { activity: NonNullable<StartOverview["activity"]>; currency: string }) {
  const { t } = useTranslation();
  const data = activity.days.map((d) => ({
    day: dayLabel(d.day, locale()),
    purchases: d.purchases,
    issued: d.pointsIssued,
    redeemed: d.pointsRedeemed,
    amount: d.amountMinor,
  }));
  const quiet = activity.totals.purchases === 0 && activity.totals.pointsRedeemed === 0;
  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} mb="lg">
      <Card withBorder radius="lg" p="md" data-testid="start-purchases-chart">
        <Title order={2} size="h5" mb="sm">
          {t("start.purchasesChart")}
        </Title>
        {quiet && (
          <Text size="sm" c="gray.7" mb="xs">
            {t("start.noActivity")}
          </Text>
        )}
        <BarChart
          h={220}
          data={data}
          dataKey="day"
          series={[{ name: "purchases", label: t("start.seriesPurchases"), color: "indigo.6" }]}
          valueFormatter={(v) => formatPoints(v)}
          tooltipProps={{
            formatter: (v, _n, item) => [
              `${formatPoints(Number(v))} · ${formatMoney(item.payload.amount, currency)}`,
              t("start.seriesPurchases"),
            ],
          }}
          tickLine="none"
          gridAxis="x"
          xAxisProps={{ interval: "preserveStartEnd", minTickGap: 16 }}
          yAxisProps={{ allowDecimals: false }}
        />
      </Card>
      <Card withBorder radius="lg" p="md" data-testid="start-points-chart">
        <Title order={2} size="h5" mb="sm">
          {t("start.pointsChart")}
        </Title>
        <BarChart
          h={220}
          data={data}
          dataKey="day"
          series={[
            { name: "issued", label: t("start.seriesIssued"), color: "teal.6" },
            { name: "redeemed", label: t("start.seriesRedeemed"), color: "orange.6" },
          ]}
          valueFormatter={(v) => formatPoints(v)}
          withLegend
          tickLine="none"
          gridAxis="x"
          xAxisProps={{ interval: "preserveStartEnd", minTickGap: 16 }}
          yAxisProps={{ allowDecimals: false }}
        />
      </Card>
    </SimpleGrid>
  );
}
