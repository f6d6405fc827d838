import webpush from "web-push";
import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { type OutboundAnswer, outboundRequest } from "../../platform/outbound-http.js";
import { recordPushOutcome, type SubscriptionRow, subscriptionsOf } from "./subscriptions.service.js";
import { vapidKeys } from "./vapid-keys.js";

/** What the service worker receives (apps/portal's push handler shows it). */
export interface PushPayload {
  title: string;
  body: string;
  url: string;
  icon: string;
}

export interface PushResult {
  ok: boolean;
  /** The first accepting push service's message location, if it gave one. */
  providerMessageId: string | null;
  /** One line per device: the push service's host and its answer. */
  response: string;
  /** The member had no device to send to: nothing was attempted. */
  noDevices: boolean;
  /** Every device answered that its subscription is gone (and was removed): retrying cannot help. */
  allGone: boolean;
}

const TIMEOUT_MS = 15_000;
/** Push services keep an undelivered message this long (the phone may be off). */
const TTL_SECONDS = 24 * 60 * 60;

type Answer = OutboundAnswer;

/**
 * Sends the payload to every device of the member: web-push encrypts (aes128gcm) and signs the
 * VAPID header, and the request goes to the address the outbound guard checked (a member could
 * register an endpoint on the server's own network). 404/410 mean the browser dropped the
 * subscription: the device is removed. Sent when at least one device accepted.
 */
export async function sendPushToMember(opts: {
  db: Db;
  config: Config;
  companyId: string;
  memberId: string;
  payload: PushPayload;
  now: Date;
}): Promise<PushResult> {
  const { db, config, now } = opts;
  const devices = await subscriptionsOf(db, opts.companyId, opts.memberId);
  if (devices.length === 0)
    return { ok: false, providerMessageId: null, response: "The member has no push subscription", noDevices: true, allGone: false };
  const keys = await vapidKeys(db, config);
  const body = JSON.stringify(opts.payload);
  const lines: string[] = [];
  let providerMessageId: string | null = null;
  let delivered = 0;
  let gone = 0;
  for (const device of devices) {
    const service = hostOf(device.endpoint);
    let answer: Answer;
    try {
      answer = await post(device, body, { ...keys, subject: config.vapid.subject }, config);
    } catch (err) {
      await recordPushOutcome(db, device, "failed", now);
      lines.push(`${service}: ${(err as Error).message}`);
      continue;
    }
    if (answer.status >= 200 && answer.status < 300) {
      delivered += 1;
      providerMessageId ??= answer.location;
      await recordPushOutcome(db, device, "sent", now);
      lines.push(`${service}: ${answer.status} accepted`);
    } else if (answer.status === 404 || answer.status === 410) {
      gone += 1;
      await recordPushOutcome(db, device, "gone", now);
      lines.push(`${service}: ${answer.status} subscription expired, device removed`);
    } else {
      await recordPushOutcome(db, device, "failed", now);
      lines.push(`${service}: ${answer.status} ${answer.body.slice(0, 200)}`.trim());
    }
  }
  return { ok: delivered > 0, providerMessageId, response: lines.join("; "), noDevices: false, allGone: gone === devices.length };
}

function hostOf(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return "?";
  }
}

async function post(
  device: SubscriptionRow,
  payload: string,
  vapid: { publicKey: string; privateKey: string; subject: string },
  config: Config,
): Promise<Answer> {
  const details = webpush.generateRequestDetails(
    { endpoint: device.endpoint, keys: { p256dh: device.p256dh, auth: device.auth } },
    payload,
    {
      vapidDetails: vapid,
      TTL: TTL_SECONDS,
      contentEncoding: "aes128gcm",
    },
  );
  return outboundRequest({
    url: details.endpoint,
    method: details.method,
    headers: details.headers as Record<string, string>,
    body: details.body ?? undefined,
    policy: config.outbound,
    timeoutMs: TIMEOUT_MS,
  });
}
