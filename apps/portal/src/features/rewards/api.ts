import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, slug, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

export type PortalReward = components["schemas"]["PortalReward"];
export type Reason = PortalReward["reasons"][number];
export type Redemption = components["schemas"]["PortalRedemption"];

export interface RewardFilters {
  programId: string;
  category: string;
  affordable: boolean;
}

export function useRewards(filters: RewardFilters) {
  return useQuery({
    queryKey: ["portal", "me", "rewards", filters],
    queryFn: () =>
      unwrap(
        api.GET("/api/v1/portal/{slug}/me/rewards", {
          params: {
            path: { slug },
            query: {
              programId: filters.programId || undefined,
              category: filters.category || undefined,
              affordable: filters.affordable ? "true" : undefined,
            },
          },
        }),
      ),
  });
}

export function useMyRedemptions() {
  return useInfiniteQuery({
    queryKey: ["portal", "me", "redemptions"],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/v1/portal/{slug}/me/redemptions", {
          params: { path: { slug }, query: { limit: 20, cursor: pageParam || undefined } },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export interface RedeemInput {
  rewardId: string;
  locationId: string | null;
  /** One per attempt: a retry of the same attempt (a lost answer) sends the same key and spends once. */
  idempotencyKey: string;
}

export function useRedeem() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: RedeemInput) =>
      unwrap(
        api.POST("/api/v1/portal/{slug}/me/redemptions", {
          params: { path: { slug }, header: { "idempotency-key": input.idempotencyKey } },
          body: { rewardId: input.rewardId, locationId: input.locationId },
        }),
      ),
    onSuccess: () => {
      // Points, the catalog's reasons, My rewards, the card's balance: all changed.
      void queryClient.invalidateQueries({ queryKey: ["portal", "me"] });
    },
  });
}

/** A new key for a new attempt (randomUUID needs a secure context; tests run on http://127.0.0.1). */
export function newAttemptKey(): string {
  if (typeof crypto !== "undefined" && "randomUUID" in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${Math.random().toString(36).slice(2)}`;
}
