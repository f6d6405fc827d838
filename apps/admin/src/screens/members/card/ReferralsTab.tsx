import { Anchor, Stack, Text } from "@mantine/core";
import { IconUsersGroup } from "@tabler/icons-react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router";
import { api, type Member, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCursorList } from "../../../components/cursor-list";
import { ListTable } from "../../../components/ListPage";
import { formatDate, memberName } from "../../../format";
import { MemberStatusBadge } from "../MemberBadges";

export function ReferralsTab({ member }: { member: Member }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useCursorList({
    queryKey: queryKeys.members.part(member.id, "referrals"),
    fetchPage: (cursor) =>
      unwrap(api.GET("/api/v1/members/{id}/referrals", { params: { path: { id: member.id }, query: { limit: 25, cursor } } })),
  });
  return (
    <Stack>
      <Text size="sm" c="gray.7">
        {t("members.referralCodeHelp", { code: member.referralCode })}
      </Text>
      <ListTable
        list={list}
        label={t("members.tabs.referrals")}
        rowKey={(r) => r.id}
        onRowClick={(r) => navigate(`/members/${r.id}`)}
        empty={{ icon: <IconUsersGroup />, title: t("members.noReferralsTitle"), description: t("members.noReferrals") }}
        columns={[
          {
            key: "name",
            header: t("members.name"),
            cell: (r) => (
              <Anchor component={Link} to={`/members/${r.id}`} fw={600} onClick={(e) => e.stopPropagation()}>
                {memberName(r)}
              </Anchor>
            ),
          },
          { key: "card", header: t("members.cardNumber"), nowrap: true, cell: (r) => <Text ff="monospace">{r.cardNumber}</Text> },
          { key: "joined", header: t("members.joined"), priority: 2, cell: (r) => formatDate(r.createdAt) },
          { key: "status", header: t("members.status"), cell: (r) => <MemberStatusBadge member={r} /> },
        ]}
      />
    </Stack>
  );
}
