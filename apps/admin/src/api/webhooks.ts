import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "./client";
import { queryKeys } from "./query-keys";

// Outgoing webhooks (GET/POST /api/v1/webhooks/…): the types the screens use and the code lists
// they translate.

export type EndpointStatus = "enabled" | "disabled";
export type DisabledReason = "manual" | "gone" | "failing";
export type DeliveryStatus = "pending" | "retrying" | "delivered" | "dead";

export interface WebhookEventType {
  type: string;
  group: string;
  description: string;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  status: EndpointStatus;
  disabledReason: DisabledReason | null;
  disabledAt: string | null;
  failingSince: string | null;
  lastDeliveryAt: string | null;
  lastResponseStatus: number | null;
  counts: { delivered24h: number; failed24h: number; pending: number };
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  memberId: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastResponseStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

export interface WebhookAttempt {
  at: string;
  responseStatus: number | null;
  error: string | null;
  durationMs: number;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
}

/** One delivery with the request as sent and every attempt's response (the contract names the list `attempts` too). */
export interface WebhookDeliveryDetail extends Omit<WebhookDelivery, "attempts"> {
  attempts: WebhookAttempt[];
  request: { url: string; headers: Record<string, string>; body: string };
}

export interface EndpointSecret {
  secret: string;
  previousSecretExpiresAt: string | null;
}

export const DELIVERY_STATUSES: DeliveryStatus[] = ["pending", "retrying", "delivered", "dead"];

/** The event types an endpoint may subscribe to, grouped as the API groups them. */
export function useWebhookEventTypes(enabled = true) {
  return useQuery({
    queryKey: queryKeys.webhookEventTypes.all,
    enabled,
    queryFn: async () => (await unwrap(api.GET("/api/v1/webhooks/event-types"))).data as WebhookEventType[],
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useWebhookEndpoint(id: string | undefined) {
  return useQuery({
    queryKey: queryKeys.webhookEndpoints.detail(id ?? ""),
    enabled: !!id,
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/webhooks/endpoints/{id}", { params: { path: { id: id ?? "" } } }))) as WebhookEndpoint,
    // Its figures follow the deliveries still on their way.
    refetchInterval: (q) => ((q.state.data?.counts.pending ?? 0) > 0 ? 3000 : false),
  });
}
