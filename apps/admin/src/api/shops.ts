import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { queryKeys } from "./query-keys";

// Inbound e-shop connections (GET/POST /api/v1/shops/…): the types the screens use and the code
// lists they translate.

export type ShopPlatform = "generic" | "woocommerce" | "shopify" | "shoper";
export type ShopStatus = "active" | "paused";
export type InboundOutcome =
  | "purchase_recorded"
  | "return_recorded"
  | "reversed"
  | "member_created"
  | "member_updated"
  | "ignored"
  | "duplicate"
  | "refused"
  | "failed";

export interface ShopConnection {
  id: string;
  platform: ShopPlatform;
  name: string;
  programId: string;
  locationId: string | null;
  shopDomain: string | null;
  consentIds: string[];
  status: ShopStatus;
  inboundUrl: string;
  lastReceivedAt: string | null;
  counts: { received24h: number; refused24h: number };
  createdAt: string;
  updatedAt: string;
}

export interface InboundDelivery {
  id: string;
  receivedAt: string;
  topic: string;
  platformDeliveryId: string | null;
  externalId: string | null;
  outcome: InboundOutcome;
  detail: string | null;
  purchaseId: string | null;
  memberId: string | null;
  httpStatus: number;
}

export const PLATFORMS: ShopPlatform[] = ["woocommerce", "shopify", "shoper", "generic"];
export const INBOUND_OUTCOMES: InboundOutcome[] = [
  "purchase_recorded",
  "return_recorded",
  "reversed",
  "member_created",
  "member_updated",
  "ignored",
  "duplicate",
  "refused",
  "failed",
];

export function useShop(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.shops.detail(id ?? ""),
    enabled: !!id,
    queryFn: async () => (await unwrap(api.GET("/api/v1/shops/{id}", { params: { path: { id: id ?? "" } } }))) as ShopConnection,
  });
}
