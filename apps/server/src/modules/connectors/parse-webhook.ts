import type { z } from "zod";
import { detail, type ErrorDetail } from "../../platform/errors.js";
import { matchFieldError } from "../../platform/field-errors.js";
import type { Platform } from "./connectors.schemas.js";
import { genericBody, genericEvent } from "./generic.js";
import { PayloadError, parseJson } from "./payload.js";
import type { ShopEvent } from "./shop-event.js";
import { shoperEvent } from "./shoper.js";
import { shopifyEvent } from "./shopify.js";
import { header, type InboundRequest } from "./verify-signature.js";
import { wooEvent } from "./woocommerce.js";

export type ParsedWebhook =
  /** `topic`: the body's own event name where the platform sends none in a header (generic: `type`). */
  | { kind: "event"; event: ShopEvent; topic?: string }
  /** The generic connector's body broke its documented schema: 400 naming the fields. */
  | { kind: "invalid"; detail: string; details: ErrorDetail[] }
  | { kind: "unsupported_media_type"; detail: string; message: string };

function mediaType(req: InboundRequest): string {
  return header(req, "content-type")?.split(";")[0]?.trim().toLowerCase() ?? "";
}

const isXml = (type: string, raw: Buffer) =>
  type.endsWith("/xml") || type.endsWith("+xml") || raw.subarray(0, 64).toString("latin1").trimStart().startsWith("<");

/**
 * A verified webhook's body, read by its platform's adapter. Only JSON is read: Shoper may be set
 * to send XML, which is answered 415 with what to change in the shop.
 */
export function parseShopWebhook(platform: Platform, topic: string, req: InboundRequest, shopCurrency: string): ParsedWebhook {
  const type = mediaType(req);
  if (isXml(type, req.raw))
    return {
      kind: "unsupported_media_type",
      detail: "xml_body",
      message:
        platform === "shoper"
          ? "Regulars reads JSON webhooks: in Shoper's webhook settings choose the JSON format for this address"
          : "Regulars reads JSON webhooks: send the body as application/json",
    };
  if (type !== "" && type !== "application/json" && !(type.startsWith("application/") && type.endsWith("+json")))
    return { kind: "unsupported_media_type", detail: "not_json", message: `Send the body as application/json (got ${type})` };
  let body: ReturnType<typeof parseJson>;
  try {
    body = parseJson(req.raw);
  } catch (err) {
    if (!(err instanceof PayloadError)) throw err;
    if (platform === "generic") return { kind: "invalid", detail: "body_not_json", details: [detail("body", "body")] };
    return { kind: "event", event: { type: "ignored", externalId: null, detail: "body_not_json" } };
  }
  switch (platform) {
    case "shopify":
      return { kind: "event", event: shopifyEvent(topic, body, shopCurrency) };
    case "woocommerce":
      return { kind: "event", event: wooEvent(topic, body) };
    case "shoper":
      return { kind: "event", event: shoperEvent(topic, body, shopCurrency) };
    case "generic": {
      const checked = genericBody.safeParse(body);
      if (!checked.success) {
        const details = checked.error.issues.slice(0, 20).map(issueDetail);
        return {
          kind: "invalid",
          detail: details
            .map((d) => `${d.path}: ${d.message}`)
            .join("; ")
            .slice(0, 900),
          details,
        };
      }
      return { kind: "event", event: genericEvent(checked.data, shopCurrency), topic: checked.data.type };
    }
  }
}

/** A schema problem as the API names it everywhere: the field's path and a catalog code. */
function issueDetail(issue: z.core.$ZodIssue): ErrorDetail {
  const path = issue.path.map(String).join(".") || "body";
  if (issue.code === "unrecognized_keys")
    return detail(issue.keys.map((k) => (path === "body" ? k : `${path}.${k}`)).join(", "), "unknown_field");
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return detail(path, "required");
  if (issue.code === "invalid_union" || (issue.code === "invalid_value" && path === "type"))
    return detail(path, "invalid_option", { options: "order.paid, order.cancelled, order.refunded, customer.created, customer.updated" });
  const known = matchFieldError(issue.message);
  return known ? detail(path, known.code, known.params) : detail(path, "invalid");
}
