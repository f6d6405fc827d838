import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { queryKeys } from "./query-keys";
import type { components } from "./schema";

// Inbound e-shop connections (GET/POST /api/v1/shops/…): the types the screens use and the code
// lists they translate.

type Schemas = components["schemas"];

export type ShopConnection = Schemas["ShopConnection"];
export type InboundDelivery = Schemas["InboundDelivery"];
export type ShopPlatform = ShopConnection["platform"];
export type ShopStatus = ShopConnection["status"];
export type InboundOutcome = InboundDelivery["outcome"];

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
    queryFn: () => unwrap(api.GET("/api/v1/shops/{id}", { params: { path: { id: id ?? "" } } })),
  });
}
