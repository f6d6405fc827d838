import type { UseFormReturnType } from "@mantine/form";
import type { Audience, Campaign, Channel, ConsentPurpose, TextMode } from "../../api/messaging";
import type { TKey } from "../../i18n";

/** The campaign editor's values: the campaign, and when to send it (not saved with the draft). */
export interface CampaignValues {
  name: string;
  channel: Channel;
  purpose: ConsentPurpose;
  subject: string;
  html: string;
  text: string;
  textMode: TextMode;
  /** push: the link the notification opens */
  url: string;
  programId: string | null;
  tierIds: string[];
  tags: string[];
  locationIds: string[];
  consentIds: string[];
  throttlePerMinute: number | string;
  /** "YYYY-MM-DDTHH:mm" (local time) or "" (send now). */
  scheduledAt: string;
}

export type CampaignForm = UseFormReturnType<CampaignValues>;

export const EMPTY_CAMPAIGN: CampaignValues = {
  name: "",
  channel: "email",
  purpose: "newsletter",
  subject: "",
  html: "",
  text: "",
  textMode: "auto",
  url: "",
  programId: null,
  tierIds: [],
  tags: [],
  locationIds: [],
  consentIds: [],
  throttlePerMinute: "",
  scheduledAt: "",
};

export function campaignValues(c: Campaign): CampaignValues {
  return {
    name: c.name,
    channel: c.channel,
    purpose: c.purpose,
    subject: c.subject ?? "",
    html: c.html ?? "",
    text: c.text ?? "",
    textMode: c.channel === "email" && c.text ? "custom" : "auto",
    url: c.url ?? "",
    programId: c.audience.programId ?? null,
    tierIds: c.audience.tierIds ?? [],
    tags: c.audience.tags ?? [],
    locationIds: c.audience.locationIds ?? [],
    consentIds: c.audience.consentIds ?? [],
    throttlePerMinute: c.throttlePerMinute ?? "",
    scheduledAt: "",
  };
}

export function audienceOf(v: CampaignValues): Audience {
  return {
    programId: v.programId,
    tierIds: v.programId ? v.tierIds : [],
    tags: v.tags,
    locationIds: v.locationIds,
    consentIds: v.consentIds,
  };
}

/** What the API receives for the campaign (the channel only when it is created). */
export function campaignBody(v: CampaignValues) {
  const email = v.channel === "email";
  const push = v.channel === "push";
  return {
    name: v.name.trim(),
    channel: v.channel,
    purpose: v.purpose,
    subject: email || push ? v.subject : undefined,
    html: email ? v.html : undefined,
    text: !email || v.textMode === "custom" ? v.text : undefined,
    url: push ? v.url.trim() : undefined,
    audience: audienceOf(v),
    throttlePerMinute: v.throttlePerMinute === "" ? null : Number(v.throttlePerMinute),
  };
}

/** Server paths -> the inputs of this form ("audience.tierIds.0" -> "tierIds"). */
export function formPath(path: string): string {
  return path.replace(/^audience\./, "").replace(/\.\d+$/, "");
}

/** The label of each input, for the summary of what stopped a send. */
export function fieldLabel(field: string, channel: Channel): TKey | undefined {
  const labels: Partial<Record<keyof CampaignValues, TKey>> = {
    name: "messaging.campaigns.name",
    channel: "messaging.channel",
    purpose: "messaging.purpose",
    subject: channel === "push" ? "messaging.push.title" : "messaging.subject",
    html: "messaging.body",
    text: channel === "sms" ? "messaging.smsText" : channel === "push" ? "messaging.push.body" : "messaging.plainTextCustom",
    url: "messaging.push.url",
    programId: "messaging.campaigns.program",
    tierIds: "messaging.campaigns.tiers",
    tags: "messaging.campaigns.tags",
    locationIds: "messaging.campaigns.locations",
    consentIds: "messaging.campaigns.consents",
    throttlePerMinute: "messaging.campaigns.throttle",
    scheduledAt: "messaging.campaigns.scheduleAt",
  };
  return labels[field as keyof CampaignValues];
}

/** "YYYY-MM-DDTHH:mm" (local) -> an instant; "" -> null. */
export function instantOf(local: string): Date | null {
  return local ? new Date(local) : null;
}
