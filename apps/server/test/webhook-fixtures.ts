import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { PUBLISHED_EVENT_TYPES } from "../src/modules/webhooks/event-catalogue.js";
import { sendDueDeliveries } from "../src/modules/webhooks/send-deliveries.js";
import { webhooksConsumer } from "../src/modules/webhooks/webhooks.consumer.js";
import { consumeEvents } from "../src/platform/events.js";
import { sql } from "../src/platform/sql.js";
import { type Auth, call, type TestContext } from "./harness.js";

/** A request as the receiver got it, verified with the Standard Webhooks library. */
export interface Received {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
  /** which of the receiver's secrets verified it (index), or -1: none did */
  verifiedBy: number[];
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The receiver's secrets, set by the test: each request is verified with every one of them. */
  secrets: string[];
  /** The status to answer (by default 200); the test changes it between passes. */
  answer: (r: Omit<Received, "status">) => number;
  close(): Promise<void>;
}

/** A real HTTP receiver on 127.0.0.1 that verifies every request with `standardwebhooks`. */
export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    url: "",
    received: [],
    secrets: [],
    answer: () => 200,
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const headers = {
        "webhook-id": String(req.headers["webhook-id"] ?? ""),
        "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
        "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
      };
      const verifiedBy: number[] = [];
      receiver.secrets.forEach((secret, i) => {
        try {
          new Webhook(secret).verify(body, headers);
          verifiedBy.push(i);
        } catch {
          // not this secret
        }
      });
      const r = {
        path: req.url ?? "/",
        id: headers["webhook-id"],
        timestamp: headers["webhook-timestamp"],
        signature: headers["webhook-signature"],
        body,
        json: JSON.parse(body || "{}"),
        verifiedBy,
      };
      const status = receiver.answer(r);
      receiver.received.push({ ...r, status });
      res.writeHead(status, { "content-type": "text/plain", "x-receiver": "test" }).end(status >= 300 ? `failed ${status}` : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  receiver.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return receiver;
}

/**
 * The worker's side by hand, with the test's clock: the `webhooks` consumer until these companies'
 * events are all handled (on PostgreSQL other files' events are in the same outbox), then the
 * sender (the worker task's function) until it finds nothing due of these companies.
 */
export async function runWebhooks(ctx: TestContext, now: () => Date, companyIds: string[]): Promise<number> {
  const consumer = webhooksConsumer(now);
  for (let pass = 0; pass < 500; pass++) {
    const errors: unknown[] = [];
    const { consumed } = await consumeEvents({ db: ctx.db, consumer, batchSize: 500, onError: (err) => errors.push(err) });
    if (errors.length > 0) throw errors[0];
    if (consumed > 0) continue;
    const [left] = await ctx.db.query<{ n: number }>(
      sql`select count(*)::int as n from events e
           where e.company_id = any(${companyIds}::text[]) and e.type = any(${[...PUBLISHED_EVENT_TYPES]}::text[])
             and not exists (select 1 from event_consumptions x where x.consumer = 'webhooks' and x.event_seq = e.seq)`,
    );
    if ((left?.n ?? 0) === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  // Only these companies: another file's senders on the same PostgreSQL run with their own clocks.
  let sent = 0;
  for (;;) {
    const n = await sendDueDeliveries({ db: ctx.db, config: ctx.config, now: now(), limit: 500, companyIds });
    sent += n;
    if (n === 0) return sent;
  }
}

export async function createEndpointVia(
  ctx: TestContext,
  auth: Auth,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string; endpoint: Record<string, unknown> }> {
  const res = await call(ctx, { method: "POST", url: "/api/v1/webhooks/endpoints", auth, body });
  if (res.statusCode !== 201) throw new Error(`createEndpoint failed: ${res.statusCode} ${res.body}`);
  return { id: res.data.endpoint.id, secret: res.data.secret, endpoint: res.data.endpoint };
}

export async function deliveriesVia(ctx: TestContext, auth: Auth, query: string) {
  const res = await call(ctx, { method: "GET", url: `/api/v1/webhooks/deliveries?${query}`, auth });
  if (res.statusCode !== 200) throw new Error(`deliveries failed: ${res.statusCode} ${res.body}`);
  return res.data.data as {
    id: string;
    eventId: string;
    eventType: string;
    memberId: string | null;
    status: string;
    attempts: number;
    nextAttemptAt: string | null;
    lastResponseStatus: number | null;
  }[];
}
