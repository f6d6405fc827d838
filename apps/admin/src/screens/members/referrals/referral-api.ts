import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import { useCan } from "../../../api/session";
import { useCursorList } from "../../../components/cursor-list";
import { notifyError, notifySaved } from "../../../components/feedback";

// The referrals API (GET /api/v1/referrals, /referrals/report, POST /referrals/:id/review), typed
// from the issue-23 contract until the SDK carries it; then these become the generated schemas.

export interface ReferralPerson {
  id: string;
  cardNumber: string;
  firstName: string;
  lastName: string;
}

export type ReferralStatus = "registered" | "successful" | "rewarded";
export type ReferralReview = "none" | "flagged" | "approved" | "rejected";
export type ReferralSource = "portal_link" | "staff" | "api";

export interface Referral {
  /** The friend's member id: one referral per referred member. */
  id: string;
  friend: ReferralPerson;
  referrer: ReferralPerson;
  source: ReferralSource;
  status: ReferralStatus;
  review: ReferralReview;
  flagReason: "same_address" | "same_device" | null;
  registeredAt: string;
  successfulAt: string | null;
  rewardedAt: string | null;
  pointsPaid: number;
}

export interface ReferralReport {
  totals: { referrals: number; successful: number; rewarded: number; successShare: number; pointsPaid: number; flagged: number };
  referrers: { member: ReferralPerson; referrals: number; successful: number; rewarded: number; pointsPaid: number }[];
}

export interface ReferralFilter {
  referrerId?: string;
  review?: "flagged";
}

type Result = Promise<{ data?: unknown; error?: unknown; response: Response }>;
/** openapi-fetch without the generated paths (the referrals routes are not in the SDK yet). */
const untyped = api as unknown as {
  GET(path: string, init: { params: { query: Record<string, unknown> } }): Result;
  POST(path: string, init: { params: { path: Record<string, string> }; body: unknown }): Result;
};

const PAGE = 50;

/** Referrals, newest first: one referrer's (the member card) or the ones flagged for review. */
export function useReferralList(filter: ReferralFilter, enabled = true) {
  return useCursorList<Referral>({
    queryKey: queryKeys.referrals.list(filter),
    enabled,
    fetchPage: (cursor) =>
      unwrap(untyped.GET("/api/v1/referrals", { params: { query: { ...filter, limit: PAGE, cursor } } })) as Promise<{
        data: Referral[];
        nextCursor: string | null;
      }>,
  });
}

/** The report: totals and referrers for referrals registered in [from, to) (ISO instants; none = all time). */
export function referralReportQuery(period: { from?: string; to?: string }) {
  return queryOptions({
    queryKey: queryKeys.referrals.list({ report: true, ...period }),
    queryFn: () => unwrap(untyped.GET("/api/v1/referrals/report", { params: { query: period } })) as Promise<ReferralReport>,
  });
}

/** How many referrals wait for staff review (the sidebar's badge); at most 100 are counted. */
export function useFlaggedReferralCount(): number {
  const can = useCan("members.read");
  const query = useQuery({
    queryKey: queryKeys.referrals.list({ badge: true }),
    enabled: can,
    refetchInterval: 60_000,
    queryFn: () =>
      unwrap(untyped.GET("/api/v1/referrals", { params: { query: { review: "flagged", limit: 100 } } })) as Promise<{ data: Referral[] }>,
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
      unwrap(
        untyped.POST("/api/v1/referrals/{id}/review", { params: { path: { id: referral.id } }, body: { decision } }),
      ) as Promise<Referral>,
    onSuccess: (_data, { decision }) => {
      notifySaved(t, decision === "approve" ? t("referrals.review.approved") : t("referrals.review.rejected"));
      void queryClient.invalidateQueries({ queryKey: queryKeys.referrals.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.members.all });
    },
    onError: (err) => notifyError(t, err),
  });
}
