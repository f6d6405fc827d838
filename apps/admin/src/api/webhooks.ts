import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { queryKeys } from "./query-keys";
import type { components } from "./schema";

// Outgoing webhooks (GET/POST /api/v1/webhooks/…): the types the screens use and the code lists
// they translate.

type Schemas = components["schemas"];

export type WebhookEventType = Schemas["WebhookEventType"];
export type WebhookEndpoint = Schemas["WebhookEndpoint"];
export type CreatedEndpoint = Schemas["WebhookEndpointCreated"];
export type EndpointSecret = Schemas["WebhookEndpointSecret"];
export type WebhookDelivery = Schemas["WebhookDelivery"];
/** One delivery with the request as sent, `attemptCount` and the last attempts' responses (`attempts`). */
export type WebhookDeliveryDetail = Schemas["WebhookDeliveryDetail"];
export type WebhookAttempt = Schemas["WebhookAttempt"];
export type EndpointStatus = WebhookEndpoint["status"];
export type DisabledReason = NonNullable<WebhookEndpoint["disabledReason"]>;
export type DeliveryStatus = WebhookDelivery["status"];

export const DELIVERY_STATUSES: DeliveryStatus[] = ["pending", "retrying", "delivered", "dead"];

/** The event types an endpoint may subscribe to, grouped as the API groups them. */
export function useWebhookEventTypes(enabled = true) {
  return useQuery({
    queryKey: queryKeys.webhookEventTypes.all,
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/webhooks/event-types"))).data,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** The company's endpoints for a picker (automation's "send to a webhook endpoint"): a company has a few. */
export function useWebhookEndpointOptions() {
  return useQuery({
    queryKey: queryKeys.webhookEndpoints.list({ limit: 100 }),
    queryFn: async () => (await unwrap(api.GET("/api/v1/webhooks/endpoints", { params: { query: { limit: 100 } } }))).data,
    staleTime: 30_000,
  });
}

export function useWebhookEndpoint(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.webhookEndpoints.detail(id ?? ""),
    enabled: !!id,
    queryFn: () => unwrap(api.GET("/api/v1/webhooks/endpoints/{id}", { params: { path: { id: id ?? "" } } })),
    // Its figures follow the deliveries still on their way.
    refetchInterval: (q) => ((q.state.data?.counts.pending ?? 0) > 0 ? 3000 : false),
  });
}
