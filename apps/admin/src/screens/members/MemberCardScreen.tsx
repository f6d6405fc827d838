import { Alert, Tabs } from "@mantine/core";
import {
  IconCoins,
  IconEraser,
  IconLock,
  IconMail,
  IconReceipt,
  IconRobot,
  IconShieldCheck,
  IconStairsUp,
  IconUser,
  IconUsersGroup,
} from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { queryKeys } from "../../api/query-keys";
import { useCan } from "../../api/session";
import { DeliveriesTable } from "../../components/Deliveries";
import { PageHeader } from "../../components/PageHeader";
import { QueryView } from "../../components/QueryView";
import { RedeemButton } from "../../components/RedeemDialog";
import { formatDateTime, memberName } from "../../format";
import { AutomationTab } from "./card/AutomationTab";
import { ConsentsTab } from "./card/ConsentsTab";
import { DetailsTab } from "./card/DetailsTab";
import { PointsTab } from "./card/PointsTab";
import { PurchasesTab } from "./card/PurchasesTab";
import { ReferralsTab } from "./card/ReferralsTab";
import { TierHistoryTab } from "./card/TierHistoryTab";
import { MemberStatusBadge } from "./MemberBadges";

/** A member's card: the header (redeem, status) and one tab per part; points and tier first. */
export function MemberCardScreen() {
  const { t } = useTranslation();
  const { id = "" } = useParams();
  const [tab, setTab] = useState<string | null>("details");
  const canReadMessages = useCan("messages.read");
  const canReadAutomation = useCan("automation.read");
  const member = useQuery({
    queryKey: queryKeys.members.detail(id),
    queryFn: () => unwrap(api.GET("/api/v1/members/{id}", { params: { path: { id } } })),
  });
  return (
    <QueryView query={member}>
      {(m) => (
        <>
          <PageHeader
            title={m.erasedAt ? t("members.privacy.erasedAlert") : memberName(m)}
            description={t("members.cardOf", { card: m.cardNumber })}
            actions={
              <>
                {!m.erasedAt && <RedeemButton member={m} />}
                <MemberStatusBadge member={m} />
              </>
            }
          />
          {m.erasedAt && (
            <Alert color="gray" icon={<IconEraser />} mb="md" title={t("members.privacy.erasedAlert")}>
              {t("members.privacy.erasedOn", { date: formatDateTime(m.erasedAt) })}
            </Alert>
          )}
          {m.status === "blocked" && (
            <Alert color="red" icon={<IconLock />} mb="md" title={t("members.blockedAlert")}>
              {m.blockedReason}
            </Alert>
          )}
          <Tabs value={tab} onChange={setTab} keepMounted={false}>
            <Tabs.List mb="md">
              <Tabs.Tab value="details" leftSection={<IconUser size={18} />}>
                {t("members.tabs.details")}
              </Tabs.Tab>
              <Tabs.Tab value="points" leftSection={<IconCoins size={18} />}>
                {t("members.tabs.points")}
              </Tabs.Tab>
              <Tabs.Tab value="purchases" leftSection={<IconReceipt size={18} />}>
                {t("members.tabs.purchases")}
              </Tabs.Tab>
              <Tabs.Tab value="tiers" leftSection={<IconStairsUp size={18} />}>
                {t("members.tabs.tiers")}
              </Tabs.Tab>
              <Tabs.Tab value="consents" leftSection={<IconShieldCheck size={18} />}>
                {t("members.tabs.consents")}
              </Tabs.Tab>
              <Tabs.Tab value="referrals" leftSection={<IconUsersGroup size={18} />}>
                {t("members.tabs.referrals")}
              </Tabs.Tab>
              {canReadMessages && (
                <Tabs.Tab value="messages" leftSection={<IconMail size={18} />}>
                  {t("members.tabs.messages")}
                </Tabs.Tab>
              )}
              {canReadAutomation && (
                <Tabs.Tab value="automation" leftSection={<IconRobot size={18} />}>
                  {t("members.tabs.automation")}
                </Tabs.Tab>
              )}
            </Tabs.List>
            <Tabs.Panel value="details">
              <DetailsTab member={m} onOpenPoints={() => setTab("points")} />
            </Tabs.Panel>
            <Tabs.Panel value="points">
              <PointsTab member={m} />
            </Tabs.Panel>
            <Tabs.Panel value="purchases">
              <PurchasesTab member={m} />
            </Tabs.Panel>
            <Tabs.Panel value="tiers">
              <TierHistoryTab member={m} />
            </Tabs.Panel>
            <Tabs.Panel value="consents">
              <ConsentsTab member={m} />
            </Tabs.Panel>
            <Tabs.Panel value="referrals">
              <ReferralsTab member={m} />
            </Tabs.Panel>
            {canReadMessages && (
              <Tabs.Panel value="messages">
                <DeliveriesTable
                  filter={{ memberId: m.id }}
                  linkMembers={false}
                  empty={{ title: t("members.noMessagesTitle"), description: t("members.noMessages") }}
                />
              </Tabs.Panel>
            )}
            {canReadAutomation && (
              <Tabs.Panel value="automation">
                <AutomationTab member={m} />
              </Tabs.Panel>
            )}
          </Tabs>
        </>
      )}
    </QueryView>
  );
}
