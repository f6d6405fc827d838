import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { currentCsrfToken, getPortalJson, slug, toApiError } from "../../api/client";

export interface Reason {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

export interface PortalReward {
  rewardId: string;
  programId: string;
  programName: string;
  namePl: string;
  nameEn: string;
  descriptionPl: string;
  descriptionEn: string;
  category: string;
  kind: string;
  fulfilment: "pickup" | "shipping" | "none";
  pointsPrice: number;
  imageUrls: string[];
  stock: number | null;
  endsAt: string | null;
  needsLocation: boolean;
  locations: { id: string; name: string; stock: number | null }[];
  available: boolean;
  affordable: boolean;
  missingPoints: number;
  reasons: Reason[];
}

export interface Redemption {
  id: string;
  rewardId: string;
  rewardNamePl: string;
  rewardNameEn: string;
  imageUrl: string | null;
  kind: string;
  fulfilment: "pickup" | "shipping" | "none";
  quantity: number;
  points: number;
  status: "issued" | "fulfilled" | "cancelled";
  collected: "collected" | "shipped" | null;
  locationName: string | null;
  codes: { code: string; expiresAt: string | null; status: string }[];
  validUntil: string | null;
  createdAt: string;
}

export interface RewardFilters {
  programId: string;
  category: string;
  affordable: boolean;
}

export function useRewards(filters: RewardFilters) {
  return useQuery({
    queryKey: ["portal", "me", "rewards", filters],
    queryFn: () => {
      const q = new URLSearchParams();
      if (filters.programId) q.set("programId", filters.programId);
      if (filters.category) q.set("category", filters.category);
      if (filters.affordable) q.set("affordable", "true");
      return getPortalJson<{ data: PortalReward[]; categories: string[] }>(`me/rewards${q.size ? `?${q}` : ""}`);
    },
  });
}

export function useMyRedemptions() {
  return useInfiniteQuery({
    queryKey: ["portal", "me", "redemptions"],
    initialPageParam: "",
    queryFn: ({ pageParam }) =>
      getPortalJson<{ data: Redemption[]; nextCursor: string | null }>(`me/redemptions?limit=20${pageParam ? `&cursor=${pageParam}` : ""}`),
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
    mutationFn: async (input: RedeemInput) => {
      const response = await fetch(`/api/v1/portal/${encodeURIComponent(slug)}/me/redemptions`, {
        method: "POST",
        credentials: "include",
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          "x-csrf-token": currentCsrfToken() ?? "",
          "idempotency-key": input.idempotencyKey,
        },
        body: JSON.stringify({ rewardId: input.rewardId, locationId: input.locationId }),
      });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw toApiError(body, response);
      return body as { redemption: Redemption; replayed: boolean; balance: { available: number; pending: number } };
    },
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
