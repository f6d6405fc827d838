import { Button, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { IconFilterOff, IconFlag, IconUsersGroup } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { wholeList } from "../../../components/cursor-list";
import { DateField } from "../../../components/DateFields";
import { FigureCard } from "../../../components/Figures";
import { ListTable } from "../../../components/ListPage";
import { PageHeader } from "../../../components/PageHeader";
import { QueryView } from "../../../components/QueryView";
import { formatDate, formatNumber, formatPoints } from "../../../format";
import { PersonCell, ReviewButtons } from "./ReferralParts";
import { type ReferralReport, referralReportQuery, useReferralList } from "./referral-api";

/** "2025-03-01" (a local calendar day) → the ISO instant it starts; `plusDays` for an exclusive end. */
function dayStart(value: string, plusDays = 0): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + plusDays).toISOString();
}

function Totals({ totals }: { totals: ReferralReport["totals"] }) {
  const { t } = useTranslation();
  return (
    <section aria-label={t("referrals.report.totals")}>
      <SimpleGrid cols={{ base: 2, sm: 3, lg: 5 }}>
        <FigureCard label={t("referrals.report.referrals")} value={formatNumber(totals.referrals)} testId="referrals-total" />
        <FigureCard
          label={t("referrals.report.successShare")}
          value={formatNumber(totals.successShare, { style: "percent", maximumFractionDigits: 1 })}
          hint={t("referrals.report.successfulCount", { count: totals.successful })}
          testId="referrals-success-share"
        />
        <FigureCard label={t("referrals.report.rewarded")} value={formatNumber(totals.rewarded)} testId="referrals-rewarded" />
        <FigureCard label={t("referrals.report.pointsPaid")} value={formatPoints(totals.pointsPaid)} testId="referrals-points" />
        <FigureCard
          label={t("referrals.report.flagged")}
          value={formatNumber(totals.flagged)}
          hint={t("referrals.report.flaggedHint")}
          testId="referrals-flagged"
        />
      </SimpleGrid>
    </section>
  );
}

/** Referrals flagged for review (any period): whoever can edit members approves or rejects them here. */
function FlaggedReferrals() {
  const { t } = useTranslation();
  const list = useReferralList({ review: "flagged" });
  return (
    <Stack gap="xs" component="section" aria-labelledby="flagged-referrals">
      <Title order={2} size="h4" id="flagged-referrals">
        {t("referrals.report.flaggedTitle")}
      </Title>
      <Text size="sm" c="gray.7">
        {t("referrals.report.flaggedHelp")}
      </Text>
      <ListTable
        list={list}
        label={t("referrals.report.flaggedTitle")}
        rowKey={(r) => r.id}
        empty={{ icon: <IconFlag />, title: t("referrals.report.noFlaggedTitle"), description: t("referrals.report.noFlagged") }}
        columns={[
          { key: "friend", header: t("referrals.friend"), cell: (r) => <PersonCell person={r.friend} /> },
          { key: "referrer", header: t("referrals.referrer"), cell: (r) => <PersonCell person={r.referrer} /> },
          {
            key: "reason",
            header: t("referrals.flagReason"),
            priority: 2,
            cell: (r) => (r.flagReason ? t(`referrals.flagReasons.${r.flagReason}`) : "—"),
          },
          { key: "registered", header: t("referrals.registeredAt"), priority: 3, nowrap: true, cell: (r) => formatDate(r.registeredAt) },
        ]}
        rowActions={(r) => <ReviewButtons referral={r} />}
      />
    </Stack>
  );
}

/** The referral report: how many referrals, how many became successful, what they cost in points, per referrer. */
export function ReferralReportScreen() {
  const { t } = useTranslation();
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const period = referralReportQuery({ from: dayStart(from), to: dayStart(to, 1) });
  const report = useQuery(period);
  // The same query (one request), seen as the list of referrers.
  const referrers = wholeList(useQuery({ ...period, select: (data) => data.referrers }));
  return (
    <>
      <PageHeader title={t("referrals.report.title")} description={t("referrals.report.description")} />
      <Group mb="md" gap="sm" wrap="wrap" align="flex-end">
        <Group gap="sm" wrap="nowrap" align="flex-end" style={{ flex: "0 1 420px", minWidth: 0 }}>
          <div style={{ flex: 1, minWidth: 0 }}>
            <DateField label={t("referrals.report.from")} value={from} onChange={setFrom} maxDate={to || undefined} />
          </div>
          <div style={{ flex: 1, minWidth: 0 }}>
            <DateField label={t("referrals.report.to")} value={to} onChange={setTo} minDate={from || undefined} />
          </div>
        </Group>
        <Button
          variant="subtle"
          size="md"
          leftSection={<IconFilterOff size={18} />}
          onClick={() => {
            setFrom("");
            setTo("");
          }}
          disabled={!from && !to}
        >
          {t("referrals.report.allTime")}
        </Button>
      </Group>
      <Stack gap="xl">
        <QueryView query={report}>{(data) => <Totals totals={data.totals} />}</QueryView>
        <FlaggedReferrals />
        <Stack gap="xs" component="section" aria-labelledby="referrers-title">
          <Title order={2} size="h4" id="referrers-title">
            {t("referrals.report.referrersTitle")}
          </Title>
          <ListTable
            list={referrers}
            label={t("referrals.report.referrersTitle")}
            rowKey={(r) => r.member.id}
            filtered={Boolean(from || to)}
            empty={{ icon: <IconUsersGroup />, title: t("referrals.report.emptyTitle"), description: t("referrals.report.empty") }}
            noMatches={{ icon: <IconUsersGroup />, title: t("referrals.report.emptyTitle"), description: t("referrals.report.noMatches") }}
            columns={[
              { key: "member", header: t("referrals.referrer"), cell: (r) => <PersonCell person={r.member} /> },
              { key: "referrals", header: t("referrals.report.referrals"), align: "right", cell: (r) => formatNumber(r.referrals) },
              { key: "successful", header: t("referrals.report.successful"), align: "right", cell: (r) => formatNumber(r.successful) },
              {
                key: "rewarded",
                header: t("referrals.report.rewarded"),
                align: "right",
                cell: (r) => formatNumber(r.rewarded),
              },
              {
                key: "points",
                header: t("referrals.report.pointsPaid"),
                align: "right",
                nowrap: true,
                cell: (r) => formatPoints(r.pointsPaid),
              },
            ]}
          />
        </Stack>
      </Stack>
    </>
  );
}
