import type { Platform } from "./connectors.schemas.js";
import type { ParsedWebhook } from "./shop-event.js";
import type { InboundRequest } from "./verify-signature.js";

export function parseShopWebhook(_platform: Platform, topic: string, _req: InboundRequest): ParsedWebhook {
  return { kind: "event", event: { type: "ignored", externalId: null, detail: `topic_not_handled: ${topic}` } };
}
