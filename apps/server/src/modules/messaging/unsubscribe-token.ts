import type { Config } from "../../config.js";
import { signValue, verifySignature } from "../../platform/secrets.js";
import { CONSENT_PURPOSES, type ConsentPurpose } from "../consents/consents.schemas.js";
import { CHANNELS, type Channel } from "./messaging.schemas.js";

export interface UnsubscribeClaim {
  companyId: string;
  memberId: string;
  channel: Channel;
  purpose: ConsentPurpose;
}

const PURPOSE = "unsubscribe/v1";
/** 144 bits: plenty against forgery, and keeps the link short. */
const SIGNATURE_BYTES = 18;
const CROCKFORD = "0123456789abcdefghjkmnpqrstvwxyz";

/** The 16 bytes of an id's ULID ("mbr_01j…" -> bytes); null when the id is not prefix_ulid. */
function ulidBytes(id: string, prefix: string): Buffer | null {
  const m = new RegExp(`^${prefix}_([0-9a-hjkmnp-tv-z]{26})$`).exec(id);
  if (!m) return null;
  let n = 0n;
  for (const ch of m[1] as string) n = (n << 5n) | BigInt(CROCKFORD.indexOf(ch));
  return Buffer.from(n.toString(16).padStart(32, "0"), "hex");
}

function ulidFromBytes(bytes: Buffer, prefix: string): string {
  let n = BigInt(`0x${bytes.toString("hex")}`);
  let out = "";
  for (let i = 0; i < 26; i++) {
    out = CROCKFORD[Number(n & 31n)] + out;
    n >>= 5n;
  }
  return `${prefix}_${out}`;
}

/**
 * "<payload>.<signature>", about 70 characters: the payload packs company and member ULIDs
 * (16 bytes each), channel and purpose; the HMAC under a key derived from SECRET_KEY proves we
 * issued it, so verifying needs no database row. Tokens do not expire: the link in an old
 * e-mail must keep working.
 */
export function unsubscribeToken(config: Config, claim: UnsubscribeClaim): string {
  const company = ulidBytes(claim.companyId, "cmp");
  const member = ulidBytes(claim.memberId, "mbr");
  if (!company || !member) throw new Error("unsubscribe tokens need cmp_/mbr_ ULID ids");
  const code = CHANNELS.indexOf(claim.channel) * 16 + CONSENT_PURPOSES.indexOf(claim.purpose);
  const payload = Buffer.concat([company, member, Buffer.from([code])]).toString("base64url");
  return `${payload}.${signValue(config.secretKey, PURPOSE, payload, SIGNATURE_BYTES)}`;
}

export function unsubscribeUrl(config: Config, claim: UnsubscribeClaim): string {
  return `${config.publicUrl}/unsubscribe/${unsubscribeToken(config, claim)}`;
}

/** The claim of a genuine token, or null for anything altered or malformed. */
export function verifyUnsubscribeToken(config: Config, token: string): UnsubscribeClaim | null {
  const [payload, signature, ...rest] = token.split(".");
  if (!payload || !signature || rest.length > 0) return null;
  if (!verifySignature(config.secretKey, PURPOSE, payload, signature, SIGNATURE_BYTES)) return null;
  const bytes = Buffer.from(payload, "base64url");
  if (bytes.length !== 33) return null;
  const code = bytes[32] as number;
  const channel = CHANNELS[code >> 4];
  const purpose = CONSENT_PURPOSES[code & 15];
  if (!channel || !purpose) return null;
  return {
    companyId: ulidFromBytes(bytes.subarray(0, 16), "cmp"),
    memberId: ulidFromBytes(bytes.subarray(16, 32), "mbr"),
    channel,
    purpose,
  };
}
