import "@mantine/charts/styles.css";
import { BarChart } from "@mantine/charts";
import { useTranslation } from "react-i18next";
import { formatNumber } from "../../format";

// Loaded on its own (React.lazy): the charts library stays out of the panel's first download.

export interface UsagePoint {
  label: string;
  answered: number;
  errors: number;
  refused: number;
}

/** Requests per hour or day, stacked: answered without error, errors (4xx and 5xx), refused (429). */
export function ApiKeyUsageChart({ data }: { data: UsagePoint[] }) {
  const { t } = useTranslation();
  return (
    <BarChart
      h={200}
      data={data as unknown as Record<string, unknown>[]}
      dataKey="label"
      type="stacked"
      series={[
        { name: "answered", label: t("apiKeys.usage.answered"), color: "indigo.6" },
        { name: "errors", label: t("apiKeys.usage.errors"), color: "orange.6" },
        { name: "refused", label: t("apiKeys.usage.refused"), color: "red.7" },
      ]}
      valueFormatter={(v) => formatNumber(v)}
      withLegend
      tickLine="none"
      gridAxis="x"
      xAxisProps={{ interval: "preserveStartEnd", minTickGap: 16 }}
      yAxisProps={{ allowDecimals: false }}
    />
  );
}
