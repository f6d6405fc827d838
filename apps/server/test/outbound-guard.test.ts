import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import {
  OutboundRefusedError,
  parseOutboundPolicy,
  resolveOutboundHost,
  STRICT_OUTBOUND,
  specialAddressKind,
} from "../src/platform/outbound-guard.js";
import { call, createTestCompany, startTestApp, type TestCompany, type TestContext, testConfig } from "./harness.js";
import { startSmtpServer, type TestSmtp } from "./messaging-fixtures.js";
import { reportReliability } from "./reliability.js";

// Outgoing connections to hosts a company typed in (SMTP today) refuse the server's own networks by
// default; the test configuration allows loopback explicitly (harness.ts), this file proves the default.

const SPECIAL = [
  "127.0.0.1",
  "10.0.0.5",
  "192.168.1.10",
  "172.16.0.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "::1",
  "fc00::1",
  "fd12::5",
  "fe80::1",
  "::ffff:127.0.0.1",
  "::ffff:7f00:1",
  "::ffff:10.0.0.1",
  "::",
];
const PUBLIC = ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111", "::ffff:8.8.8.8"];
const SETTINGS_HOSTS = ["127.0.0.1", "10.0.0.5", "192.168.1.10", "169.254.169.254", "localhost"];

let ctx: TestContext;
let strict: TestContext;
let a: TestCompany;
let smtp: TestSmtp;
const refusals: Record<string, number> = { guard: 0, settings: 0, delivery: 0 };

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  smtp = await startSmtpServer();
  // The same database under the default configuration (no ALLOW_PRIVATE_NETWORK_HOSTS).
  const config = testConfig({ ALLOW_PRIVATE_NETWORK_HOSTS: "" });
  expect(config.outbound).toEqual(STRICT_OUTBOUND);
  const app = await buildApp({ config, db: ctx.db }, { logger: false });
  await app.ready();
  strict = { app, db: ctx.db, config, close: () => app.close() };
});

afterAll(async () => {
  await strict.close();
  await ctx.close();
  await smtp.close();
  const figures = { ...refusals, addressesTried: SPECIAL.length + SETTINGS_HOSTS.length };
  reportReliability("outbound-refusals", figures);
});

const settings = (host: string, port: number) => ({
  enabled: true,
  host,
  port,
  security: "none",
  fromName: "Kawiarnia",
  fromEmail: "hello@kawiarnia.example",
});

describe("outbound guard", () => {
  it("refuses loopback, private, link-local and other special addresses, IPv4 and IPv6, IPv4-mapped too", async () => {
    for (const address of SPECIAL) {
      expect(specialAddressKind(address), address).not.toBeNull();
      await expect(resolveOutboundHost(address, STRICT_OUTBOUND), address).rejects.toBeInstanceOf(OutboundRefusedError);
      refusals.guard = (refusals.guard ?? 0) + 1;
    }
    for (const address of PUBLIC) {
      expect(specialAddressKind(address), address).toBeNull();
      expect((await resolveOutboundHost(address, STRICT_OUTBOUND)).address).toBe(address);
    }
    expect(specialAddressKind("::1")).toBe("loopback");
    expect(specialAddressKind("::ffff:7f00:1")).toBe("loopback");
    expect(specialAddressKind("169.254.169.254")).toBe("link-local");
    expect(specialAddressKind("fc00::")).toBe("private");
  });

  it("checks every address a host name resolves to (localhost resolves to loopback)", async () => {
    await expect(resolveOutboundHost("localhost", STRICT_OUTBOUND)).rejects.toThrow(/localhost resolves to .*loopback/);
  });

  it("lets the operator allow everything, or named hosts and ranges", async () => {
    expect(parseOutboundPolicy("true")).toMatchObject({ allowPrivate: true });
    const listed = parseOutboundPolicy("mail.internal, 10.0.0.0/8, ::1");
    if (typeof listed === "string") throw new Error(listed);
    expect((await resolveOutboundHost("10.1.2.3", listed)).address).toBe("10.1.2.3");
    expect((await resolveOutboundHost("::1", listed)).address).toBe("::1");
    expect((await resolveOutboundHost("::ffff:10.9.9.9", listed)).address).toBe("::ffff:10.9.9.9");
    await expect(resolveOutboundHost("192.168.0.1", listed)).rejects.toBeInstanceOf(OutboundRefusedError);
    expect(parseOutboundPolicy("10.0.0.0/33")).toMatch(/bad range/);
    expect(parseOutboundPolicy("not a host!")).toMatch(/neither/);
    expect(() => testConfig({ ALLOW_PRIVATE_NETWORK_HOSTS: "10.0.0.0/99" })).toThrow(/ALLOW_PRIVATE_NETWORK_HOSTS/);
  });

  it("refuses a special SMTP host when the settings are saved: 400 naming host, nothing written", async () => {
    for (const host of SETTINGS_HOSTS) {
      const res = await call(strict, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: a.owner, body: settings(host, 2525) });
      expect(res.statusCode, `${host}: ${res.body}`).toBe(400);
      expect(res.data.error.details).toEqual([expect.objectContaining({ path: "host", code: "host_not_allowed" })]);
      refusals.settings = (refusals.settings ?? 0) + 1;
    }
    const rows = await ctx.db.query("select 1 from message_settings where company_id = $1", [a.companyId]);
    expect(rows).toHaveLength(0);
  });

  it("refuses to deliver to a special host saved while it was allowed, with a clear error, and sends nothing", async () => {
    // Saved through the test configuration, which allows loopback; then the operator takes it back.
    const saved = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/email",
      auth: a.owner,
      body: settings("127.0.0.1", smtp.port),
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const allowed = await call(ctx, { method: "POST", url: "/api/v1/messaging/settings/email/test", auth: a.owner, body: {} });
    expect(allowed.data.ok, allowed.body).toBe(true);
    await smtp.waitFor(1);

    const res = await call(strict, { method: "POST", url: "/api/v1/messaging/settings/email/test", auth: a.owner, body: {} });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.ok).toBe(false);
    expect(res.data.response).toMatch(/127\.0\.0\.1 resolves to 127\.0\.0\.1, a loopback address.*ALLOW_PRIVATE_NETWORK_HOSTS/);
    refusals.delivery = (refusals.delivery ?? 0) + 1;
    expect(smtp.messages).toHaveLength(1);
  });
});
