import { useDebouncedValue } from "@mantine/hooks";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { api, unwrap } from "./client";
import { queryKeys } from "./query-keys";
import type { components } from "./schema";

type Schemas = components["schemas"];

export type MessagingSettings = Schemas["MessageSettings"];
export type EmailSettings = MessagingSettings["email"];
export type SmsSettings = MessagingSettings["sms"];
export type SendReport = Schemas["SendReport"];
export type MessageDelivery = Schemas["MessageDelivery"];
export type MessageDetail = Schemas["MessageDeliveryDetail"];
export type MessageTemplate = Schemas["MessageTemplate"];
export type MessagePreview = Schemas["MessagePreview"];
export type ProgramNotification = Schemas["Notification"];
export type Campaign = Schemas["Campaign"];
export type Audience = Campaign["audience"];
export type AudienceCount = Schemas["AudienceCount"];

export type Channel = "email" | "sms" | "push";
export type DeliveryStatus = MessageDelivery["status"];
export type CampaignStatus = Campaign["status"];
export type ConsentPurpose = Schemas["Consent"]["purpose"];
export type TextMode = "auto" | "custom";

export const CHANNELS: Channel[] = ["email", "sms", "push"];
export const DELIVERY_STATUSES: DeliveryStatus[] = ["queued", "sending", "sent", "failed", "skipped"];
export const CONSENT_PURPOSES: ConsentPurpose[] = [
  "direct_marketing",
  "newsletter",
  "commercial_information",
  "profiling",
  "sms_marketing",
  "push_notifications",
  "other",
];
export const NOTIFICATION_KINDS = [
  "welcome",
  "points_earned",
  "points_spent",
  "points_returned",
  "points_expiring",
  "tier_changed",
  "reward_issued",
  "redemption_cancelled",
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
/** Kinds a delivery record can have (filters of the delivery log). */
export const DELIVERY_KINDS = [...NOTIFICATION_KINDS.map((k) => `notification.${k}`), "campaign", "test"];

/** The default consent purpose of a campaign on a channel. */
export const defaultCampaignPurpose = (channel: Channel): ConsentPurpose =>
  channel === "sms" ? "sms_marketing" : channel === "push" ? "push_notifications" : "newsletter";

/** The company's outbox (SMTP, SMS provider) and whether each channel can send now. */
export function useMessagingSettings() {
  return useQuery({ queryKey: queryKeys.outbox.all, queryFn: () => unwrap(api.GET("/api/v1/messaging/settings")) });
}

/**
 * Whether messages can go out on a channel (the check the API makes when a campaign is sent):
 * `undefined` while unknown (loading, or the settings could not be read), so nothing is blocked
 * on a guess.
 */
export function useChannelReady(channel: Channel): { ready: boolean | undefined; recheck: () => void; checking: boolean } {
  const settings = useMessagingSettings();
  return {
    ready: settings.data?.ready[channel],
    recheck: () => void settings.refetch(),
    checking: settings.isFetching,
  };
}

export function usePlaceholders() {
  return useQuery({
    queryKey: queryKeys.messagePlaceholders.all,
    queryFn: async () => (await unwrap(api.GET("/api/v1/message-placeholders"))).data,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMessageTemplates(channel: Channel | null, enabled = true) {
  return useQuery({
    queryKey: queryKeys.templates.list({ channel, all: true }),
    enabled,
    queryFn: async () =>
      (await unwrap(api.GET("/api/v1/message-templates", { params: { query: { channel: channel ?? undefined, limit: 200 } } }))).data,
    staleTime: 10_000,
  });
}

/**
 * `useDebouncedValue` for a plain object built anew on every render. Mantine's hook compares by
 * reference, so such an object would re-arm its timer on every render and re-render the screen
 * every `wait` ms for ever; comparing the JSON keeps it quiet until the content changes.
 */
export function useDebouncedObject<T>(value: T, wait: number): T {
  const [json] = useDebouncedValue(JSON.stringify(value), wait);
  return useMemo(() => JSON.parse(json) as T, [json]);
}

export interface PreviewInput {
  channel: Channel;
  subject?: string;
  html?: string;
  text?: string;
  /** push: the link the notification opens */
  url?: string;
  memberId?: string | null;
  programId?: string | null;
}

/**
 * The message as the member will see it, rendered by the API (debounced while typing). Keeps the
 * previous preview on screen while the next one loads.
 */
export function usePreview(input: PreviewInput, enabled = true) {
  const debounced = useDebouncedObject(input, 400);
  return useQuery({
    queryKey: queryKeys.messagePreviews.list(debounced),
    enabled,
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: () =>
      unwrap(
        api.POST("/api/v1/message-templates/preview", {
          body: {
            channel: debounced.channel,
            subject: debounced.channel === "email" ? debounced.subject : undefined,
            html: debounced.channel === "email" ? debounced.html : undefined,
            text: debounced.text || undefined,
            memberId: debounced.memberId ?? undefined,
            programId: debounced.programId ?? undefined,
          },
        }),
      ),
  });
}
