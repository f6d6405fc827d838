import { Button, Drawer, Group, NumberInput, SegmentedControl, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiKey, api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useSaveForm } from "../../components/EntityDrawer";
import { Stat } from "../../components/Figures";
import { QueryView } from "../../components/QueryView";
import { locale } from "../../format";
import type { UsagePoint } from "./ApiKeyUsageChart";

const ApiKeyUsageChart = lazy(() => import("./ApiKeyUsageChart").then((m) => ({ default: m.ApiKeyUsageChart })));

type Period = "day" | "month";

/** One key's usage over the last 24 hours (per hour) or 30 days (per day), and its own rate limit. */
export function ApiKeyUsageDrawer({ apiKey, canWrite, onClose }: { apiKey: ApiKey | null; canWrite: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={apiKey !== null}
      onClose={onClose}
      position="right"
      size="xl"
      closeButtonProps={{ "aria-label": t("common.close") }}
      title={
        <Text fw={700} size="lg" component="h2">
          {apiKey ? t("apiKeys.usage.title", { name: apiKey.name }) : ""}
        </Text>
      }
    >
      {apiKey && (
        <Stack gap="lg">
          <UsageFigures apiKey={apiKey} />
          <RateLimitForm apiKey={apiKey} canWrite={canWrite} />
        </Stack>
      )}
    </Drawer>
  );
}

function UsageFigures({ apiKey }: { apiKey: ApiKey }) {
  const { t } = useTranslation();
  const [period, setPeriod] = useState<Period>("day");
  const interval = period === "day" ? "hour" : "day";
  const query = useQuery({
    queryKey: queryKeys.apiKeys.part(apiKey.id, "usage", { period }),
    queryFn: () => unwrap(api.GET("/api/v1/api-keys/{id}/usage", { params: { path: { id: apiKey.id }, query: { interval } } })),
  });
  const label = (start: string, timeZone: string) =>
    new Intl.DateTimeFormat(
      locale(),
      interval === "hour" ? { hour: "2-digit", minute: "2-digit", timeZone } : { day: "numeric", month: "short", timeZone },
    ).format(new Date(start));
  return (
    <Stack gap="md">
      <SegmentedControl
        aria-label={t("apiKeys.usage.period")}
        value={period}
        onChange={(v) => setPeriod(v as Period)}
        data={[
          { value: "day", label: t("apiKeys.usage.last24h") },
          { value: "month", label: t("apiKeys.usage.last30d") },
        ]}
        style={{ alignSelf: "flex-start" }}
      />
      <QueryView query={query}>
        {(usage) => {
          const points: (UsagePoint & { start: string; clientErrors: number; serverErrors: number; requests: number })[] = usage.series.map(
            (p) => ({
              start: p.start,
              label: label(p.start, usage.timeZone),
              answered: p.requests - p.clientErrors - p.serverErrors - p.refused,
              errors: p.clientErrors + p.serverErrors,
              refused: p.refused,
              requests: p.requests,
              clientErrors: p.clientErrors,
              serverErrors: p.serverErrors,
            }),
          );
          const busy = points.filter((p) => p.requests > 0).reverse();
          return (
            <Stack gap="md">
              <SimpleGrid cols={{ base: 2, sm: 4 }}>
                <Stat label={t("apiKeys.usage.requests")} value={usage.totals.requests} testId="usage-requests" />
                <Stat label={t("apiKeys.usage.clientErrors")} value={usage.totals.clientErrors} testId="usage-client-errors" />
                <Stat label={t("apiKeys.usage.serverErrors")} value={usage.totals.serverErrors} testId="usage-server-errors" />
                <Stat
                  label={t("apiKeys.usage.refusedTotal")}
                  value={usage.totals.refused}
                  testId="usage-refused"
                  color={usage.totals.refused ? "red.8" : undefined}
                />
              </SimpleGrid>
              <Suspense fallback={<div style={{ height: 200 }} />}>
                <ApiKeyUsageChart data={points} />
              </Suspense>
              {busy.length === 0 ? (
                <Text size="sm" c="gray.7">
                  {t("apiKeys.usage.none")}
                </Text>
              ) : (
                <Table.ScrollContainer minWidth={420}>
                  <Table striped aria-label={t("apiKeys.usage.tableLabel")} data-testid="usage-table">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{interval === "hour" ? t("apiKeys.usage.hour") : t("apiKeys.usage.day")}</Table.Th>
                        <Table.Th ta="right">{t("apiKeys.usage.requests")}</Table.Th>
                        <Table.Th ta="right">{t("apiKeys.usage.clientErrors")}</Table.Th>
                        <Table.Th ta="right">{t("apiKeys.usage.serverErrors")}</Table.Th>
                        <Table.Th ta="right">{t("apiKeys.usage.refusedTotal")}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {busy.map((p) => (
                        <Table.Tr key={p.start}>
                          <Table.Td>{p.label}</Table.Td>
                          <Table.Td ta="right">{p.requests}</Table.Td>
                          <Table.Td ta="right">{p.clientErrors}</Table.Td>
                          <Table.Td ta="right">{p.serverErrors}</Table.Td>
                          <Table.Td ta="right">{p.refused}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              <Text size="xs" c="gray.7">
                {t("apiKeys.usage.note")}
              </Text>
            </Stack>
          );
        }}
      </QueryView>
    </Stack>
  );
}

function RateLimitForm({ apiKey, canWrite }: { apiKey: ApiKey; canWrite: boolean }) {
  const { t } = useTranslation();
  const form = useForm<{ rateLimitPerMinute: number | string }>({ initialValues: { rateLimitPerMinute: apiKey.rateLimitPerMinute ?? "" } });
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when another key is shown
  useEffect(() => form.setValues({ rateLimitPerMinute: apiKey.rateLimitPerMinute ?? "" }), [apiKey.id]);
  const { onSubmit, saving } = useSaveForm({
    form,
    save: (v) =>
      unwrap(
        api.PATCH("/api/v1/api-keys/{id}", {
          params: { path: { id: apiKey.id } },
          body: { rateLimitPerMinute: v.rateLimitPerMinute === "" ? null : Number(v.rateLimitPerMinute) },
        }),
      ),
    invalidate: [queryKeys.apiKeys.all],
    savedMessage: (k) => t("apiKeys.limitSaved", { name: k.name }),
  });
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t("apiKeys.rateLimit")}
        </Title>
        <Group align="flex-end">
          <NumberInput
            label={t("apiKeys.rateLimitPerMinute")}
            placeholder={t("apiKeys.rateLimitDefault")}
            min={1}
            max={1_000_000}
            allowDecimal={false}
            readOnly={!canWrite || Boolean(apiKey.revokedAt)}
            style={{ flex: 1, minWidth: 220 }}
            {...form.getInputProps("rateLimitPerMinute")}
          />
          {canWrite && !apiKey.revokedAt && (
            <Button type="submit" loading={saving}>
              {t("apiKeys.saveLimit")}
            </Button>
          )}
        </Group>
        {/* Under the row, so the button lines up with the input rather than with this text. */}
        <Text size="sm" c="gray.7">
          {t("apiKeys.rateLimitHelp")}
        </Text>
      </Stack>
    </form>
  );
}
