import { createHmac, randomBytes } from "node:crypto";

/** A new endpoint secret, Standard Webhooks style: "whsec_" + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** `v1,<base64 HMAC-SHA256(secret bytes, "id.timestamp.body")>`: the key is the base64 after "whsec_". */
export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64")}`;
}

/**
 * The request's headers. During a rotation both secrets sign (space-separated signatures), so a
 * receiver holding either secret verifies every request of the changeover.
 */
export function signedHeaders(opts: { id: string; timestampSeconds: number; body: string; secrets: string[] }): Record<string, string> {
  return {
    "content-type": "application/json",
    "content-length": String(Buffer.byteLength(opts.body)),
    "user-agent": "Regulars-Webhooks/1",
    "webhook-id": opts.id,
    "webhook-timestamp": String(opts.timestampSeconds),
    "webhook-signature": opts.secrets.map((s) => signature(s, opts.id, opts.timestampSeconds, opts.body)).join(" "),
  };
}
