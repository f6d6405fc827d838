// http_ece ships no types; the tests' push service uses only decrypt.
declare module "http_ece" {
  import type { ECDH } from "node:crypto";
  export function decrypt(
    buffer: Buffer,
    params: { version: "aes128gcm" | "aesgcm"; privateKey?: ECDH; authSecret?: string; dh?: string; keyid?: string },
  ): Buffer;
}
