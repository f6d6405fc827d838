import { lookup } from "node:dns/promises";
import { BlockList, isIP } from "node:net";

/**
 * Outgoing connections to hosts a company typed in (SMTP today, webhooks later) must not reach the
 * server's own network: a loopback admin port, a cloud metadata service (169.254.169.254), a
 * database on 10.x. A host name is resolved and every address checked; the caller then connects
 * to the checked address, so a second DNS answer (rebinding) cannot point it elsewhere.
 */

/** The operator's exceptions: everything, or named hosts and address ranges (CIDR). */
export interface OutboundPolicy {
  allowPrivate: boolean;
  allowedHosts: string[];
  allowedCidrs: string[];
}

export const STRICT_OUTBOUND: OutboundPolicy = { allowPrivate: false, allowedHosts: [], allowedCidrs: [] };

/**
 * A webhook address (automation's call, a webhook endpoint): https, or http where the operator
 * allows private hosts (a test or a LAN receiver). The host itself is checked when it is resolved.
 */
export function webhookUrlOk(url: string, policy: OutboundPolicy): boolean {
  try {
    const u = new URL(url);
    const { allowPrivate, allowedHosts, allowedCidrs } = policy;
    return u.protocol === "https:" || (u.protocol === "http:" && (allowPrivate || allowedHosts.length + allowedCidrs.length > 0));
  } catch {
    return false;
  }
}

/** Parses ALLOW_PRIVATE_NETWORK_HOSTS: "true", or a comma list of host names and CIDRs/addresses. */
export function parseOutboundPolicy(value: string | undefined): OutboundPolicy | string {
  const v = (value ?? "").trim();
  if (v === "" || v === "false" || v === "0") return STRICT_OUTBOUND;
  if (v === "true" || v === "1") return { allowPrivate: true, allowedHosts: [], allowedCidrs: [] };
  const policy: OutboundPolicy = { allowPrivate: false, allowedHosts: [], allowedCidrs: [] };
  for (const item of v
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)) {
    const [address, bits] = item.split("/");
    if (address && isIP(address)) {
      const family = isIP(address) === 4 ? "ipv4" : "ipv6";
      const prefix = bits === undefined ? (family === "ipv4" ? 32 : 128) : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === "ipv4" ? 32 : 128)) return `bad range ${item}`;
      policy.allowedCidrs.push(`${address}/${prefix}`);
    } else if (/^[a-z0-9.-]+$/.test(item) && bits === undefined) {
      policy.allowedHosts.push(item.replace(/\.$/, ""));
    } else {
      return `neither a host name nor an address range: ${item}`;
    }
  }
  return policy;
}

/** Loopback, private, link-local, shared, documentation, multicast and reserved ranges (IANA special-purpose registries). */
const SPECIAL = new BlockList();
for (const [net, bits] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  SPECIAL.addSubnet(net, bits, "ipv4");
for (const [net, bits] of [
  ["::", 128],
  ["::1", 128],
  ["::", 96], // IPv4-compatible (deprecated)
  ["64:ff9b::", 96], // NAT64: may embed a private IPv4 address
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23], // IETF protocol assignments, Teredo
  ["2001:db8::", 32],
  ["2002::", 16], // 6to4: may embed a private IPv4 address
  ["fc00::", 7], // unique local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
] as const)
  SPECIAL.addSubnet(net, bits, "ipv6");

/** The eight 16-bit groups of an IPv6 address (a trailing dotted quad becomes two groups). */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase().replace(/%.*$/, "");
  const quad = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((g) => Number.parseInt(g, 16));
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d, ::ffff:7f00:1), else null. */
export function mappedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g || g.slice(0, 5).some((x) => x !== 0) || g[5] !== 0xffff) return null;
  const [hi = 0, lo = 0] = g.slice(6);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join(".");
}

/** What kind of special address this is, or null for an ordinary public address. */
export function specialAddressKind(address: string): string | null {
  const v4 = isIP(address) === 4 ? address : mappedIpv4(address);
  if (v4) {
    if (!SPECIAL.check(v4, "ipv4")) return null;
    if (v4.startsWith("127.")) return "loopback";
    if (v4.startsWith("169.254.")) return "link-local";
    if (/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(v4)) return "private";
    return "reserved";
  }
  if (isIP(address) !== 6) return "invalid";
  if (!SPECIAL.check(address, "ipv6")) return null;
  const g = ipv6Groups(address) ?? [];
  const first = g[0] ?? 0;
  if (g.slice(0, 7).every((x) => x === 0) && g[7] === 1) return "loopback";
  if ((first & 0xfe00) === 0xfc00) return "private";
  if ((first & 0xffc0) === 0xfe80) return "link-local";
  return "reserved";
}

export class OutboundRefusedError extends Error {
  constructor(
    message: string,
    readonly address: string,
  ) {
    super(message);
  }
}

function allowedByPolicy(policy: OutboundPolicy, host: string, address: string): boolean {
  if (policy.allowPrivate) return true;
  if (policy.allowedHosts.includes(host.toLowerCase().replace(/\.$/, ""))) return true;
  if (policy.allowedCidrs.length === 0) return false;
  const list = new BlockList();
  for (const cidr of policy.allowedCidrs) {
    const [net, bits] = cidr.split("/") as [string, string];
    list.addSubnet(net, Number(bits), isIP(net) === 4 ? "ipv4" : "ipv6");
  }
  const v4 = isIP(address) === 4 ? address : mappedIpv4(address);
  return v4 ? list.check(v4, "ipv4") || list.check(address, isIP(address) === 4 ? "ipv4" : "ipv6") : list.check(address, "ipv6");
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves `host` and checks every address it has; throws OutboundRefusedError naming the first
 * special one (unless the policy allows it), or the lookup's own error when the name does not
 * resolve. Returns the address to connect to.
 */
export async function resolveOutboundHost(host: string, policy: OutboundPolicy): Promise<CheckedAddress> {
  const bare = host.replace(/^\[|\]$/g, "");
  const addresses = isIP(bare)
    ? [{ address: bare, family: isIP(bare) as 4 | 6 }]
    : (await lookup(bare, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family as 4 | 6 }));
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  for (const a of addresses) {
    const kind = specialAddressKind(a.address);
    if (kind && !allowedByPolicy(policy, bare, a.address)) {
      throw new OutboundRefusedError(
        `${host} resolves to ${a.address}, a ${kind} address; connections to private networks are refused unless ALLOW_PRIVATE_NETWORK_HOSTS allows them`,
        a.address,
      );
    }
  }
  return addresses[0] as CheckedAddress;
}

/**
 * The check for a host being saved in settings: refused when it is, or resolves to, a special
 * address. A name that does not resolve now is accepted (DNS may be down or the record not yet
 * published); sending checks again and reports it.
 */
export async function outboundHostRefusal(host: string, policy: OutboundPolicy): Promise<OutboundRefusedError | null> {
  try {
    await resolveOutboundHost(host, policy);
    return null;
  } catch (err) {
    return err instanceof OutboundRefusedError ? err : null;
  }
}
