/**
 * A webhook receiver verifying Regulars' signatures with the Standard Webhooks library
 * (https://www.standardwebhooks.com, `npm install standardwebhooks`). Regulars sends
 * `webhook-id`, `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256>` with a JSON
 * body `{ type, timestamp, data }`; the endpoint's secret (`whsec_…`) is shown when it is created.
 * While a secret is being rotated, both signatures arrive and either one verifies.
 *
 *   WEBHOOK_SECRET=whsec_… npx tsx webhook-receiver.ts
 */
import { createServer } from "node:http";
import { Webhook, WebhookVerificationError } from "standardwebhooks";

interface RegularsEvent {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

const webhook = new Webhook(process.env.WEBHOOK_SECRET ?? "");
/** Deliveries are at least once: remember the ids handled (a database table in production). */
const handled = new Set<string>();

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    // Verify the raw body as received: parsing and serialising it again would change the bytes.
    const body = Buffer.concat(chunks).toString("utf8");
    let event: RegularsEvent;
    try {
      event = webhook.verify(body, {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      }) as RegularsEvent;
    } catch (e) {
      // A wrong signature, or a timestamp more than 5 minutes away (a replay): refuse it.
      res.writeHead(e instanceof WebhookVerificationError ? 401 : 400).end();
      return;
    }
    const id = String(req.headers["webhook-id"]);
    if (!handled.has(id)) {
      handled.add(id);
      console.log(`${event.type} at ${event.timestamp}`, event.data);
    }
    // Any 2xx within the timeout ends the delivery; anything else is retried with backoff; 410 disables the endpoint.
    res.writeHead(204).end();
  });
});

server.listen(Number(process.env.PORT ?? 8080), () => console.log("listening for Regulars webhooks"));
