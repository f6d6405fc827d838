import { Alert, Group, Tabs, Text } from "@mantine/core";
import { IconBolt, IconGift, IconInfoCircle, IconSettings, IconShoppingCart, IconStairsUp } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useParams, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { CheckoutTab } from "./checkout/CheckoutTab";
import { CostPanel } from "./program/CostPanel";
import { RewardsTab } from "./program/RewardsTab";
import { RulesTab } from "./program/RulesTab";
import { SettingsTab } from "./program/SettingsTab";
import { TiersTab } from "./program/TiersTab";
import { ActivateButton, ProgramStatusBadge } from "./program-shared";

const TABS = ["settings", "tiers", "rules", "rewards", "checkout"] as const;
type Tab = (typeof TABS)[number];

/** One program: its settings, tiers, earning rules, rewards and e-shop checkout, one tab each (?tab=… keeps the tab in the address). */
export function ProgramScreen() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const canWrite = useCan("programs.write");
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((x) => x === params.get("tab")) ?? "settings";
  const program = useQuery({
    queryKey: queryKeys.programs.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/programs/{id}", { params: { path: { id } } })),
  });
  return (
    <QueryView query={program}>
      {(p) => (
        <>
          <PageHeader
            title={p.name}
            description={p.slogan || t("programs.detailDescription")}
            actions={<ProgramStatusBadge status={p.status} />}
          />
          {p.status === "draft" && (
            <Alert
              color="yellow"
              variant="light"
              icon={<IconInfoCircle />}
              title={t("programs.draftNotice.title")}
              mb="md"
              data-testid="draft-notice"
            >
              <Group justify="space-between" gap="sm">
                <Text size="sm">{t("programs.draftNotice.text")}</Text>
                {canWrite && <ActivateButton program={p} />}
              </Group>
            </Alert>
          )}
          <CostPanel programId={p.id} />
          <Tabs
            value={tab}
            onChange={(value) => setParams(value && value !== "settings" ? { tab: value } : {}, { replace: true })}
            keepMounted={false}
          >
            <Tabs.List mb="md">
              <Tabs.Tab value="settings" leftSection={<IconSettings size={18} />}>
                {t("programs.tabs.settings")}
              </Tabs.Tab>
              <Tabs.Tab value="tiers" leftSection={<IconStairsUp size={18} />}>
                {t("programs.tabs.tiers")}
              </Tabs.Tab>
              <Tabs.Tab value="rules" leftSection={<IconBolt size={18} />}>
                {t("programs.tabs.rules")}
              </Tabs.Tab>
              <Tabs.Tab value="rewards" leftSection={<IconGift size={18} />}>
                {t("programs.tabs.rewards")}
              </Tabs.Tab>
              <Tabs.Tab value="checkout" leftSection={<IconShoppingCart size={18} />}>
                {t("checkout.tab")}
              </Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="settings">
              <SettingsTab program={p} />
            </Tabs.Panel>
            <Tabs.Panel value="tiers">
              <TiersTab program={p} />
            </Tabs.Panel>
            <Tabs.Panel value="rules">
              <RulesTab program={p} />
            </Tabs.Panel>
            <Tabs.Panel value="rewards">
              <RewardsTab program={p} />
            </Tabs.Panel>
            <Tabs.Panel value="checkout">
              <CheckoutTab program={p} />
            </Tabs.Panel>
          </Tabs>
        </>
      )}
    </QueryView>
  );
}
