import { describe, expect, it } from "vitest";
import { afterQuietHours } from "../src/modules/messaging/quiet-hours.js";
import { unsubscribeToken, verifyUnsubscribeToken } from "../src/modules/messaging/unsubscribe-token.js";
import { newId } from "../src/platform/ids.js";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "../src/platform/secrets.js";
import { testConfig } from "./harness.js";

const KEY = "test-secret-key-0123456789abcdef0123456789";
const OTHER_KEY = "another-secret-key-0123456789abcdef012345";

describe("provider secrets (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time and a versioned format", () => {
    for (const secret of ["short-pw", "pa$$wörd-Żółć-😀", "x".repeat(2000)]) {
      const a = encryptSecret(KEY, secret);
      const b = encryptSecret(KEY, secret);
      expect(a).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
      expect(a).not.toBe(b);
      expect(a).not.toContain(secret);
      expect(decryptSecret(KEY, a)).toBe(secret);
      expect(decryptSecret(KEY, b)).toBe(secret);
    }
  });

  it("detects tampering with the ciphertext, tag, IV or version, and a different key", () => {
    const stored = encryptSecret(KEY, "smtp-password");
    const [v, iv, tag, ct] = stored.split(":") as [string, string, string, string];
    const flip = (s: string) => {
      const bytes = Buffer.from(s, "base64url");
      bytes[0] = (bytes[0] as number) ^ 1;
      return bytes.toString("base64url");
    };
    const tampered = [
      [v, iv, tag, flip(ct)],
      [v, iv, flip(tag), ct],
      [v, flip(iv), tag, ct],
      ["v2", iv, tag, ct],
      [v, iv, tag],
      [v, iv, tag, ct, "extra"],
    ].map((p) => p.join(":"));
    for (const t of tampered) expect(() => decryptSecret(KEY, t), t).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(OTHER_KEY, stored)).toThrow(SecretDecryptionError);
    expect(() => decryptSecret(KEY, "plain text")).toThrow(SecretDecryptionError);
  });
});

describe("unsubscribe tokens", () => {
  const config = testConfig();
  const claim = { companyId: newId("cmp"), memberId: newId("mbr"), channel: "email" as const, purpose: "newsletter" as const };

  it("carry company, member, channel and purpose, stay short, and verify without a database", () => {
    const token = unsubscribeToken(config, claim);
    expect(token.length).toBeLessThanOrEqual(100);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(verifyUnsubscribeToken(config, token)).toEqual(claim);
    const sms = { ...claim, channel: "sms" as const, purpose: "sms_marketing" as const };
    expect(verifyUnsubscribeToken(config, unsubscribeToken(config, sms))).toEqual(sms);
  });

  it("refuse any change and another SECRET_KEY", () => {
    const token = unsubscribeToken(config, claim);
    const [payload, signature] = token.split(".") as [string, string];
    const other = unsubscribeToken(config, { ...claim, memberId: newId("mbr") });
    expect(verifyUnsubscribeToken(config, `${other.split(".")[0]}.${signature}`)).toBeNull();
    // One character of the signature changed (to another one: a signature may end in "A" already).
    const changed = signature.endsWith("A") ? "B" : "A";
    expect(verifyUnsubscribeToken(config, `${payload}.${signature.slice(0, -1)}${changed}`)).toBeNull();
    expect(verifyUnsubscribeToken(config, payload)).toBeNull();
    expect(verifyUnsubscribeToken(config, `${token}.x`)).toBeNull();
    expect(verifyUnsubscribeToken(testConfig({ SECRET_KEY: OTHER_KEY }), token)).toBeNull();
  });
});

describe("quiet hours", () => {
  const warsaw = "Europe/Warsaw";
  const at = (iso: string) => new Date(iso);

  it("leaves times outside the window alone", () => {
    expect(afterQuietHours(at("2026-03-10T12:00:00Z"), { start: "21:00", end: "08:00" }, warsaw)).toEqual(at("2026-03-10T12:00:00Z"));
    expect(afterQuietHours(at("2026-03-10T12:00:00Z"), { start: null, end: null }, warsaw)).toEqual(at("2026-03-10T12:00:00Z"));
    expect(afterQuietHours(at("2026-03-10T07:00:00Z"), { start: "21:00", end: "08:00" }, warsaw)).toEqual(at("2026-03-10T07:00:00Z"));
  });

  it("moves times inside a window that wraps midnight to its end, in the company's zone", () => {
    // 22:30 CET -> 08:00 CET next day
    expect(afterQuietHours(at("2026-03-10T21:30:00Z"), { start: "21:00", end: "08:00" }, warsaw)).toEqual(at("2026-03-11T07:00:00Z"));
    // 03:15 CET -> 08:00 CET the same day
    expect(afterQuietHours(at("2026-03-11T02:15:30Z"), { start: "21:00", end: "08:00" }, warsaw)).toEqual(at("2026-03-11T07:00:00Z"));
    // summer time (CEST, UTC+2)
    expect(afterQuietHours(at("2026-07-01T20:00:00Z"), { start: "21:00", end: "08:00" }, warsaw)).toEqual(at("2026-07-02T06:00:00Z"));
    // the same instant in New York is 16:30: outside
    expect(afterQuietHours(at("2026-03-10T21:30:00Z"), { start: "21:00", end: "08:00" }, "America/New_York")).toEqual(
      at("2026-03-10T21:30:00Z"),
    );
  });

  it("handles a window within one day and the night of a clock change", () => {
    expect(afterQuietHours(at("2026-03-10T12:30:00Z"), { start: "13:00", end: "15:00" }, warsaw)).toEqual(at("2026-03-10T14:00:00Z"));
    // 29 March 2026: Warsaw goes from 02:00 CET to 03:00 CEST; 01:00 CET -> 08:00 CEST = 06:00Z
    expect(afterQuietHours(at("2026-03-29T00:00:00Z"), { start: "22:00", end: "08:00" }, warsaw)).toEqual(at("2026-03-29T06:00:00Z"));
    // 25 October 2026: back from CEST to CET; 01:00 CEST -> 08:00 CET = 07:00Z
    expect(afterQuietHours(at("2026-10-24T23:00:00Z"), { start: "22:00", end: "08:00" }, warsaw)).toEqual(at("2026-10-25T07:00:00Z"));
  });
});
