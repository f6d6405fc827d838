import { createECDH, createPublicKey, type ECDH, randomBytes, verify } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import * as ece from "http_ece";

/**
 * A browser's side of a push subscription: the P-256 key pair and auth secret it would generate
 * (PushManager.subscribe), so the test can decrypt what the server sends exactly as the browser does.
 */
export interface BrowserKeys {
  ecdh: ECDH;
  p256dh: string;
  auth: string;
}

export function newBrowserKeys(): BrowserKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return { ecdh, p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") };
}

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A push service on loopback (what fcm.googleapis.com or Mozilla's autopush are to a browser):
 * records every message and answers 201 with a Location, or the status set for an endpoint path
 * (410 Gone = the browser unsubscribed).
 */
export interface TestPushService {
  url: string;
  received: ReceivedPush[];
  /** The endpoint URL of a new subscription on this service. */
  endpoint(): string;
  answer(path: string, status: number): void;
  close(): Promise<void>;
}

export async function startPushService(): Promise<TestPushService> {
  const received: ReceivedPush[] = [];
  const answers = new Map<string, number>();
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks) });
      const status = answers.get(path) ?? 201;
      if (status === 201) res.writeHead(201, { location: `${url}/m/${received.length}` });
      else res.writeHead(status, { "content-type": "text/plain" });
      res.end(status === 201 ? "" : "push subscription has unsubscribed or expired");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    endpoint: () => `${url}/wpush/v2/${++n}-${randomBytes(8).toString("hex")}`,
    answer: (path, status) => answers.set(path, status),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Decrypts an aes128gcm message (RFC 8291) with the subscription's private key and auth secret. */
export function decryptPush(body: Buffer, keys: BrowserKeys): string {
  return ece.decrypt(body, { version: "aes128gcm", privateKey: keys.ecdh, authSecret: keys.auth }).toString("utf8");
}

/**
 * Checks the VAPID Authorization header (RFC 8292) as a push service does: `vapid t=<JWT>, k=<key>`,
 * the JWT signed ES256 by that key, its audience the endpoint's origin. Returns the public key and claims.
 */
export function verifyVapid(headers: http.IncomingHttpHeaders, endpointOrigin: string): { k: string; claims: Record<string, unknown> } {
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(headers.authorization ?? ""));
  if (!m) throw new Error(`not a VAPID authorization: ${headers.authorization}`);
  const [, jwt = "", k = ""] = m;
  const [head = "", payload = "", signature = ""] = jwt.split(".");
  const raw = Buffer.from(k, "base64url");
  const key = createPublicKey({
    key: { kty: "EC", crv: "P-256", x: raw.subarray(1, 33).toString("base64url"), y: raw.subarray(33, 65).toString("base64url") },
    format: "jwk",
  });
  const ok = verify("sha256", Buffer.from(`${head}.${payload}`), { key, dsaEncoding: "ieee-p1363" }, Buffer.from(signature, "base64url"));
  if (!ok) throw new Error("the VAPID signature does not verify");
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  if (claims.aud !== endpointOrigin) throw new Error(`VAPID aud ${String(claims.aud)} is not ${endpointOrigin}`);
  return { k, claims };
}
