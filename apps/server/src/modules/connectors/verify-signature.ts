import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { Webhook, WebhookVerificationError } from "standardwebhooks";
import type { Platform } from "./connectors.schemas.js";

/** What the inbound route knows of a request: lower-case headers and the body's exact bytes. */
export interface InboundRequest {
  headers: Record<string, string | string[] | undefined>;
  raw: Buffer;
}

export const header = (req: InboundRequest, name: string): string | null => {
  const v = req.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === "" ? null : s;
};

/** Equal byte strings, in time independent of where they differ (no timing oracle on the signature). */
function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const hmacBase64 = (secret: string, raw: Buffer) => createHmac("sha256", secret).update(raw).digest();

export type Verdict = { ok: true } | { ok: false; detail: "signature_missing" | "signature_invalid" | "timestamp_out_of_tolerance" };

/**
 * Each platform's documented scheme (test/fixtures/ecommerce/SOURCES.md), always over the raw
 * bytes received (a re-serialised body would not match):
 * - Shopify: X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256(app client secret, body);
 * - WooCommerce: X-WC-Webhook-Signature = base64 HMAC-SHA256(webhook secret, body);
 * - Shoper: X-Webhook-Sha1 = hex sha1(X-Webhook-Id + ":" + secret + ":" + body);
 * - generic: Standard Webhooks (webhook-id, webhook-timestamp within 5 minutes, webhook-signature
 *   "v1,<base64 HMAC-SHA256 of id.timestamp.body>" under the whsec_ key), by the standardwebhooks library.
 */
export function verifySignature(platform: Platform, secret: string, req: InboundRequest): Verdict {
  switch (platform) {
    case "shopify":
    case "woocommerce": {
      const given = header(req, platform === "shopify" ? "x-shopify-hmac-sha256" : "x-wc-webhook-signature");
      if (!given) return { ok: false, detail: "signature_missing" };
      return sameBytes(Buffer.from(given, "base64"), hmacBase64(secret, req.raw))
        ? { ok: true }
        : { ok: false, detail: "signature_invalid" };
    }
    case "shoper": {
      const given = header(req, "x-webhook-sha1");
      const id = header(req, "x-webhook-id");
      if (!given || !id) return { ok: false, detail: "signature_missing" };
      const expected = createHash("sha1").update(`${id}:${secret}:`).update(req.raw).digest("hex");
      return sameBytes(Buffer.from(given.toLowerCase()), Buffer.from(expected)) ? { ok: true } : { ok: false, detail: "signature_invalid" };
    }
    case "generic":
      return verifyStandardWebhook(secret, req);
  }
}

function verifyStandardWebhook(secret: string, req: InboundRequest): Verdict {
  const id = header(req, "webhook-id");
  const timestamp = header(req, "webhook-timestamp");
  const signature = header(req, "webhook-signature");
  if (!id || !timestamp || !signature) return { ok: false, detail: "signature_missing" };
  try {
    // The library checks the timestamp (5 minutes either way) and each "v1,…" of a space-separated
    // list in constant time; the raw bytes are passed, never a re-serialised body.
    new Webhook(secret).verify(
      req.raw,
      { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature },
      { jsonParse: false },
    );
    return { ok: true };
  } catch (err) {
    if (!(err instanceof WebhookVerificationError)) throw err;
    return { ok: false, detail: /timestamp/i.test(err.message) ? "timestamp_out_of_tolerance" : "signature_invalid" };
  }
}
