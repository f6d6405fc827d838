import type { Config } from "../../config.js";
import { outboundRequest } from "../../platform/outbound-http.js";

export interface WebhookOutcome {
  ok: boolean;
  /** for the run log: status, the start of the answer, or why there was none */
  data: Record<string, unknown>;
}

const TIMEOUT_MS = 10_000;

/**
 * The `call_webhook` action: a JSON POST with the Standard Webhooks `webhook-id` (the run and
 * step, the same on a repeated call, so the receiver can drop the repeat) and `webhook-timestamp`
 * headers. Any 2xx is delivered; anything else, or no answer, is recorded as refused and the run
 * goes on (signed endpoints with retries are the webhooks module's, issue 24).
 */
export async function callWebhook(opts: {
  config: Config;
  url: string;
  id: string;
  body: Record<string, unknown>;
  now: Date;
}): Promise<WebhookOutcome> {
  const payload = JSON.stringify({ ...opts.body, timestamp: opts.now.toISOString() });
  try {
    const answer = await outboundRequest({
      url: opts.url,
      method: "POST",
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(payload)),
        "user-agent": "Regulars-Automation",
        "webhook-id": opts.id,
        "webhook-timestamp": String(Math.floor(opts.now.getTime() / 1000)),
      },
      body: payload,
      policy: opts.config.outbound,
      timeoutMs: TIMEOUT_MS,
      maxBodyBytes: 500,
    });
    return { ok: answer.status >= 200 && answer.status < 300, data: { status: answer.status, response: answer.body } };
  } catch (err) {
    return { ok: false, data: { error: err instanceof Error ? err.message : String(err) } };
  }
}
