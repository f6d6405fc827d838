import { Avatar, Grid, Group, Loader, Text } from "@mantine/core";
import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { activeMembership, useCan, useCurrentSession } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { StartChecklist } from "./StartChecklist";
import { Attention, FigureCards } from "./StartFigures";
import { useStartOverview } from "./start-data";

const ActivityCharts = lazy(() => import("./StartCharts").then((m) => ({ default: m.ActivityCharts })));

/**
 * Home: the company's figures (members, the last 30 days' purchases and points), what needs
 * attention (rewards running low, messages that failed) and a new company's first steps. Each part
 * shows only when the account's permissions allow it (the server leaves the others out).
 */
export function StartScreen() {
  const { t } = useTranslation();
  const session = useCurrentSession();
  const membership = activeMembership(session);
  const canRead = useCan("members.read");
  const overview = useStartOverview(Boolean(membership) && canRead);

  return (
    <>
      <PageHeader title={t("start.title", { name: session.staff.name })} description={membership ? undefined : t("start.noCompany")} />
      {membership && (
        <Group gap="sm" mt={-8} mb="lg" wrap="nowrap">
          <Avatar src={membership.company.logoUrl} size={40} radius="md" color="indigo" alt="">
            {membership.company.name.slice(0, 2).toUpperCase()}
          </Avatar>
          <Text>
            <Text span fw={700} data-testid="company-name">
              {membership.company.name}
            </Text>
            <Text span c="gray.7">
              {` · ${t("start.yourRole", { role: t(`roles.${membership.role}`) })}`}
            </Text>
          </Text>
        </Group>
      )}
      {membership && canRead && (
        <QueryView query={overview}>
          {(o) => {
            const side = o.checklist !== null || o.lowStockRewards !== null || o.failedMessages !== null;
            return (
              <>
                <FigureCards overview={o} />
                {o.activity && (
                  <Suspense fallback={<Loader my="xl" aria-label={t("common.loading")} />}>
                    <ActivityCharts activity={o.activity} currency={o.currency} />
                  </Suspense>
                )}
                {side && (
                  <Grid gap="lg">
                    {o.checklist && (
                      <Grid.Col span={{ base: 12, md: 7 }}>
                        <StartChecklist steps={o.checklist} />
                      </Grid.Col>
                    )}
                    <Grid.Col span={{ base: 12, md: o.checklist ? 5 : 12 }}>
                      <Attention overview={o} />
                    </Grid.Col>
                  </Grid>
                )}
                {!o.members && !o.activity && !side && <Text c="gray.7">{t("start.noCompany")}</Text>}
              </>
            );
          }}
        </QueryView>
      )}
    </>
  );
}
