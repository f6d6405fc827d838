import { Stack, Text } from "@mantine/core";
import { IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import type { Member } from "../../../api/client";
import { ListTable } from "../../../components/ListPage";
import { formatDate, formatPoints } from "../../../format";
import { PersonCell, ReferralStatusCell, ReviewButtons } from "../referrals/ReferralParts";
import { useReferralList } from "../referrals/referral-api";

/** The friends this member referred: each one's status, the points paid for it, and the review of flagged ones. */
export function ReferralsTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useReferralList({ referrerId: member.id });
  return (
    <Stack>
      <Text size="sm" c="gray.7">
        {t("members.referralCodeHelp", { code: member.referralCode })}
      </Text>
      <ListTable
        list={list}
        label={t("members.tabs.referrals")}
        rowKey={(r) => r.id}
        onRowClick={(r) => navigate(`/members/${r.friend.id}`)}
        empty={{ icon: <IconUsersGroup />, title: t("members.noReferralsTitle"), description: t("members.noReferrals") }}
        columns={[
          { key: "friend", header: t("referrals.friend"), cell: (r) => <PersonCell person={r.friend} /> },
          { key: "status", header: t("referrals.status"), cell: (r) => <ReferralStatusCell referral={r} /> },
          { key: "registered", header: t("referrals.registeredAt"), priority: 3, nowrap: true, cell: (r) => formatDate(r.registeredAt) },
          { key: "successful", header: t("referrals.successfulAt"), priority: 3, nowrap: true, cell: (r) => formatDate(r.successfulAt) },
          { key: "source", header: t("referrals.source"), priority: 3, cell: (r) => t(`referrals.sources.${r.source}`) },
          {
            key: "points",
            header: t("referrals.pointsPaid"),
            align: "right",
            nowrap: true,
            cell: (r) => (
              <Text size="sm" fw={600} data-testid="referral-points">
                {r.pointsPaid > 0 ? formatPoints(r.pointsPaid, true) : "—"}
              </Text>
            ),
          },
        ]}
        rowActions={(r) => <ReviewButtons referral={r} />}
      />
    </Stack>
  );
}
