import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Provider secrets (SMTP passwords, SMS tokens) are stored encrypted with AES-256-GCM under a key
 * derived from SECRET_KEY. The stored string names its format version ("v1:iv:tag:ciphertext",
 * base64url parts), so a later key rotation or algorithm change can read old values.
 */
const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 32-byte key for one purpose: different purposes never share key material. */
export function deriveKey(secretKey: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", Buffer.from(secretKey, "utf8"), Buffer.from("regulars"), Buffer.from(purpose), 32));
}

export class SecretDecryptionError extends Error {}

export function encryptSecret(secretKey: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secretKey, "provider-secrets/v1"), iv);
  // The version is authenticated too, so it cannot be swapped on a stored value.
  cipher.setAAD(Buffer.from(VERSION));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(":");
}

/** Throws SecretDecryptionError when the value was altered or encrypted under another key. */
export function decryptSecret(secretKey: string, stored: string): string {
  const [version, iv, tag, ciphertext, ...rest] = stored.split(":");
  if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined || rest.length > 0)
    throw new SecretDecryptionError("Unknown secret format");
  const ivBytes = Buffer.from(iv, "base64url");
  const tagBytes = Buffer.from(tag, "base64url");
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) throw new SecretDecryptionError("Malformed secret");
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(secretKey, "provider-secrets/v1"), ivBytes, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(VERSION));
    decipher.setAuthTag(tagBytes);
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretDecryptionError("The secret cannot be decrypted (altered, or SECRET_KEY changed)");
  }
}

/** HMAC-SHA256 under a purpose-derived key (optionally truncated to `bytes`), base64url; for signed links. */
export function signValue(secretKey: string, purpose: string, value: string, bytes = 32): string {
  return createHmac("sha256", deriveKey(secretKey, purpose)).update(value).digest().subarray(0, bytes).toString("base64url");
}

/** Constant-time check of a signValue signature of the same length. */
export function verifySignature(secretKey: string, purpose: string, value: string, signature: string, bytes = 32): boolean {
  const expected = Buffer.from(signValue(secretKey, purpose, value, bytes));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
