import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { queryKeys } from "../../../api/query-keys";
import type { EndpointSecret, EndpointStatus, WebhookDelivery, WebhookEndpoint } from "../../../api/webhooks";
import { notifyError, notifySaved } from "../../../components/feedback";

// What staff do to an endpoint and its deliveries; each refreshes what it changed.

export function useSetEndpointStatus() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ endpoint, status }: { endpoint: WebhookEndpoint; status: EndpointStatus }) =>
      unwrap(api.PATCH("/api/v1/webhooks/endpoints/{id}", { params: { path: { id: endpoint.id } }, body: { status } })),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.webhookEndpoints.detail(saved.id), saved);
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints.all });
      notifySaved(t, t(saved.status === "enabled" ? "integrations.webhooks.enabledMessage" : "integrations.webhooks.disabledMessage"));
    },
    onError: (err) => notifyError(t, err),
  });
}

export function useDeleteEndpoint(onDeleted: () => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: WebhookEndpoint) =>
      unwrap(api.DELETE("/api/v1/webhooks/endpoints/{id}", { params: { path: { id: endpoint.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints.all });
      notifySaved(t, t("integrations.webhooks.deleted"));
      onDeleted();
    },
    onError: (err) => notifyError(t, err),
  });
}

/** Sends a "webhook.test" event now; its delivery appears in the log (which polls while it is on its way). */
export function useSendTest() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: WebhookEndpoint) =>
      unwrap(api.POST("/api/v1/webhooks/endpoints/{id}/test", { params: { path: { id: endpoint.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookDeliveries.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints.all });
      notifySaved(t, t("integrations.webhooks.testSent"));
    },
    onError: (err) => notifyError(t, err),
  });
}

export function useRevealSecret(onShown: (s: EndpointSecret) => void) {
  const { t } = useTranslation();
  return useMutation({
    mutationFn: (endpoint: WebhookEndpoint) =>
      unwrap(api.GET("/api/v1/webhooks/endpoints/{id}/secret", { params: { path: { id: endpoint.id } } })),
    onSuccess: onShown,
    onError: (err) => notifyError(t, err),
  });
}

export function useRotateSecret(onShown: (s: EndpointSecret) => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (endpoint: WebhookEndpoint) =>
      unwrap(api.POST("/api/v1/webhooks/endpoints/{id}/rotate-secret", { params: { path: { id: endpoint.id } } })),
    onSuccess: (s) => {
      onShown(s);
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints.all });
      notifySaved(t, t("integrations.webhooks.secret.rotated"));
    },
    onError: (err) => notifyError(t, err),
  });
}

/** Sends a delivery again now (a dead one comes back); the row and the drawer show the new attempt. */
export function useReplayDelivery() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (delivery: Pick<WebhookDelivery, "id">) =>
      unwrap(api.POST("/api/v1/webhooks/deliveries/{id}/replay", { params: { path: { id: delivery.id } } })),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookDeliveries.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.webhookEndpoints.all });
      notifySaved(t, t("integrations.deliveries.replayed"));
    },
    onError: (err) => notifyError(t, err),
  });
}
