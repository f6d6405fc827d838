import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import type { components } from "../../../api/schema";
import { useCan } from "../../../api/session";
import { useCursorList } from "../../../components/cursor-list";
import { notifyError, notifySaved } from "../../../components/feedback";

export type Referral = components["schemas"]["Referral"];
export type ReferralReport = components["schemas"]["ReferralReport"];
export type ReferralPerson = Referral["friend"];

export interface ReferralFilter {
  referrerId?: string;
  review?: "flagged";
}

const PAGE = 50;

/** Referrals, newest first: one referrer's (the member card) or the ones flagged for review. */
export function useReferralList(filter: ReferralFilter, enabled = true) {
  return useCursorList<Referral>({
    queryKey: queryKeys.referrals.list(filter),
    enabled,
    fetchPage: (cursor) => unwrap(api.GET("/api/v1/referrals", { params: { query: { ...filter, limit: PAGE, cursor } } })),
  });
}

/** The report: totals and referrers for referrals registered in [from, to) (ISO instants; none = all time). */
export function referralReportQuery(period: { from?: string; to?: string }) {
  return queryOptions({
    queryKey: queryKeys.referrals.list({ report: true, ...period }),
    queryFn: () => unwrap(api.GET("/api/v1/referrals/report", { params: { query: period } })),
  });
}

/** How many referrals wait for staff review (the sidebar's badge); at most 100 are counted. */
export function useFlaggedReferralCount(): number {
  const can = useCan("members.read");
  const query = useQuery({
    queryKey: queryKeys.referrals.list({ badge: true }),
    enabled: can,
    refetchInterval: 60_000,
    queryFn: () => unwrap(api.GET("/api/v1/referrals", { params: { query: { review: "flagged", limit: 100 } } })),
  });
  return query.data?.data.length ?? 0;
}

/**
 * Approve or reject a flagged referral. Approving lets the rewards flow run (the worker pays the
 * referrer shortly after), so members' points refresh too.
 */
export function useReviewReferral() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ referral, decision }: { referral: Referral; decision: "approve" | "reject" }) =>
      unwrap(api.POST("/api/v1/referrals/{id}/review", { params: { path: { id: referral.id } }, body: { decision } })),
    onSuccess: (_data, { decision }) => {
      notifySaved(t, decision === "approve" ? t("referrals.review.approved") : t("referrals.review.rejected"));
      void queryClient.invalidateQueries({ queryKey: queryKeys.referrals.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
    },
    onError: (err) => notifyError(t, err),
  });
}
