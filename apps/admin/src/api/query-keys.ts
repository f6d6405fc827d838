import type { QueryKey } from "@tanstack/react-query";

/**
 * Query keys, one factory per resource, so a save invalidates exactly what it changed:
 * `all` is every query about the resource (lists and details), `list(params)` one filtered list,
 * `detail(id)` one entity and `part(id, name)` something shown with it (a member's ledger).
 */
function resource<const Name extends string>(name: Name) {
  return {
    all: [name] as const,
    list: (params: object = {}) => [name, "list", params] as const,
    detail: (id: string) => [name, "detail", id] as const,
    part: (id: string, part: string, params: object = {}) => [name, "detail", id, part, params] as const,
  };
}

export const queryKeys = {
  setup: resource("setup"),
  session: resource("session"),
  start: resource("start"),
  company: resource("company"),
  locations: resource("locations"),
  staff: resource("staff"),
  invitations: resource("staff-invitations"),
  roles: resource("roles"),
  apiKeys: resource("api-keys"),
  auditLog: resource("audit-log"),
  members: resource("members"),
  memberSettings: resource("member-settings"),
  privacyRequests: resource("privacy-requests"),
  referrals: resource("referrals"),
  customFields: resource("custom-fields"),
  consents: resource("consents"),
  programs: resource("programs"),
  tiers: resource("tiers"),
  rules: resource("rules"),
  purchases: resource("purchases"),
  rewards: resource("rewards"),
  voucherPools: resource("voucher-pools"),
  redemptions: resource("redemptions"),
  outbox: resource("outbox"),
  templates: resource("message-templates"),
  notifications: resource("notifications"),
  campaigns: resource("campaigns"),
  messages: resource("messages"),
  portalSettings: resource("portal-settings"),
  portalPages: resource("portal-pages"),
  widgetSettings: resource("widget-settings"),
  automationScenarios: resource("automation-scenarios"),
  automationRuns: resource("automation-runs"),
  automationTemplates: resource("automation-templates"),
  checkoutSettings: resource("checkout-settings"),
  checkoutReservations: resource("checkout-reservations"),
  webhookEndpoints: resource("webhook-endpoints"),
  webhookDeliveries: resource("webhook-deliveries"),
  webhookEventTypes: resource("webhook-event-types"),
  shops: resource("shops"),
  shopDeliveries: resource("shop-deliveries"),
  // Not entities: what the message editors compute from the API (see api/messaging.ts).
  messagePlaceholders: resource("message-placeholders"),
  messagePreviews: resource("message-previews"),
  campaignAudience: resource("campaign-audience"),
} satisfies Record<string, { all: QueryKey }>;
