import http from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { type OutboundPolicy, resolveOutboundHost } from "./outbound-guard.js";

export interface OutboundAnswer {
  status: number;
  location: string | null;
  /** the answer's headers (repeated ones joined with ", ") */
  headers: Record<string, string>;
  /** the first `maxBodyBytes` of the answer */
  body: string;
}

/**
 * One HTTP(S) request to an address a company typed in (a push service, a webhook receiver): the
 * host is resolved and checked by the outbound guard, and the connection goes to the checked
 * address while the name stays in Host and TLS (SNI, certificate), so DNS rebinding cannot
 * redirect it. Written on node:http because fetch cannot be given a checked address.
 */
export async function outboundRequest(opts: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  policy: OutboundPolicy;
  timeoutMs: number;
  maxBodyBytes?: number;
}): Promise<OutboundAnswer> {
  const url = new URL(opts.url);
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error(`unsupported scheme ${url.protocol}`);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const checked = await resolveOutboundHost(host, opts.policy);
  const lookup: LookupFunction = (_name, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [checked]);
    else callback(null, checked.address, checked.family);
  };
  const client = url.protocol === "https:" ? https : http;
  const maxBody = opts.maxBodyBytes ?? 4096;
  return new Promise<OutboundAnswer>((resolve, reject) => {
    const req = client.request(
      {
        protocol: url.protocol,
        hostname: host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: opts.method,
        headers: opts.headers,
        lookup: isIP(host) ? undefined : lookup,
        timeout: opts.timeoutMs,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (c: Buffer) => {
          if (size < maxBody) chunks.push(c.subarray(0, maxBody - size));
          size += c.length;
        });
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            location: typeof res.headers.location === "string" ? res.headers.location : null,
            headers: Object.fromEntries(
              Object.entries(res.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(", ") : v]])),
            ),
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`no answer within ${opts.timeoutMs / 1000} s`)));
    req.on("error", reject);
    req.end(opts.body ?? undefined);
  });
}
