import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { ConfigError } from "../src/config.js";
import { vapidKeys } from "../src/modules/push/vapid-keys.js";
import { decryptSecret, encryptSecret, SecretDecryptionError } from "../src/platform/secrets.js";
import { rotateSecretKey } from "../src/rotate-secret-key.js";
import { call, createProgramVia, createTestCompany, startTestApp, type TestCompany, type TestContext, testConfig } from "./harness.js";
import { startSmtpServer, type TestSmtp } from "./messaging-fixtures.js";
import { enableWidget } from "./widget-fixtures.js";

// `regulars rotate-secret-key` on a database of its own (it re-encrypts every company's secrets).

const SMTP = { user: "mailer", pass: "rotate-pa$$word-Ω" };
let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let smtp: TestSmtp;
let dataDir: string;
/** Company a's widget secrets during a rotation: the current and the previous one. */
let widget: { current: string; previous: string };
/** Company a's e-shop connection and its signing secret. */
let shop: { id: string; secret: string };

const widgetSecrets = async () =>
  (
    await ctx.db.query<{ secret_enc: string; previous_secret_enc: string }>(
      "select secret_enc, previous_secret_enc from widget_settings where company_id = $1",
      [a.companyId],
    )
  )[0] as { secret_enc: string; previous_secret_enc: string };

const secrets = async () =>
  ctx.db.query<{ company_id: string; smtp_password_enc: string | null; sms_token_enc: string | null }>(
    "select company_id, smtp_password_enc, sms_token_enc from message_settings order by company_id",
  );

beforeAll(async () => {
  ctx = await startTestApp({ empty: true });
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  smtp = await startSmtpServer({ auth: SMTP });
  const email = {
    enabled: true,
    host: "127.0.0.1",
    port: smtp.port,
    security: "none",
    username: SMTP.user,
    password: SMTP.pass,
    fromEmail: "hello@kawiarnia.example",
  };
  for (const c of [a, b]) {
    const res = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: c.owner, body: email });
    expect(res.statusCode, res.body).toBe(200);
  }
  const sms = await call(ctx, {
    method: "PUT",
    url: "/api/v1/messaging/settings/sms",
    auth: b.owner,
    body: { provider: "smsapi", senderName: "Kawiarnia", token: "sms-token-123" },
  });
  expect(sms.statusCode, sms.body).toBe(200);
  const { secret } = await enableWidget(ctx, a.owner);
  const rotated = await call(ctx, { method: "POST", url: "/api/v1/widget-settings/secrets/rotate", auth: a.owner });
  widget = { current: rotated.data.current, previous: secret };
  const programId = await createProgramVia(ctx, a.owner);
  const connected = await call(ctx, {
    method: "POST",
    url: "/api/v1/shops",
    auth: a.owner,
    body: { platform: "woocommerce", name: "Rotated shop", programId },
  });
  expect(connected.statusCode, connected.body).toBe(201);
  shop = { id: connected.data.shop.id, secret: connected.data.secret };
  // An embedded installation whose key file holds the key the settings were saved with.
  dataDir = mkdtempSync(path.join(os.tmpdir(), "regulars-rotate-"));
  writeFileSync(path.join(dataDir, "secret-key"), `${ctx.config.secretKey}\n`);
});

afterAll(async () => {
  await ctx.close();
  await smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The configuration of the embedded installation: the key from DATA_DIR/secret-key. */
const fileConfig = (extra: Record<string, string> = {}) => testConfig({ SECRET_KEY: "", DATA_DIR: dataDir, ...extra });

describe("rotate-secret-key", () => {
  it("with SECRET_KEY in the environment it needs NEW_SECRET_KEY, and a different one", async () => {
    await expect(rotateSecretKey({ db: ctx.db, config: testConfig() })).rejects.toThrow(ConfigError);
    await expect(rotateSecretKey({ db: ctx.db, config: testConfig({ NEW_SECRET_KEY: ctx.config.secretKey }) })).rejects.toThrow(
      /is the current SECRET_KEY/,
    );
  });

  it("a value that does not decrypt stops the rotation: every value and the key file stay as they were", async () => {
    // The company re-encrypted last had its password saved (say) under some other key: the
    // rotation has already re-encrypted the other company's values when it meets it.
    const before = await secrets();
    const last = before[before.length - 1];
    if (!last || before.length < 2) throw new Error("two companies expected");
    const foreign = encryptSecret("some-other-key-0123456789abcdef0123456789", SMTP.pass);
    await ctx.db.query("update message_settings set smtp_password_enc = $2 where company_id = $1", [last.company_id, foreign]);
    const tampered = await secrets();
    await expect(rotateSecretKey({ db: ctx.db, config: fileConfig() })).rejects.toThrow(
      new RegExp(`Company ${last.company_id}: the stored SMTP password does not decrypt`),
    );
    expect(await secrets()).toEqual(tampered);
    expect(readFileSync(path.join(dataDir, "secret-key"), "utf8").trim()).toBe(ctx.config.secretKey);
    expect(existsSync(path.join(dataDir, "secret-key.new"))).toBe(false);
    await ctx.db.query("update message_settings set smtp_password_enc = $2 where company_id = $1", [
      last.company_id,
      last.smtp_password_enc,
    ]);
  });

  it("re-encrypts every stored secret under a new key written to DATA_DIR/secret-key; the app with it sends through SMTP", async () => {
    const oldKey = ctx.config.secretKey;
    const result = await rotateSecretKey({ db: ctx.db, config: fileConfig() });
    // Two SMTP passwords, one SMS token, the widget's current and previous secrets, the shop's secret.
    expect(result.reencrypted).toBe(6);
    const newKey = readFileSync(path.join(dataDir, "secret-key"), "utf8").trim();
    expect(newKey).toBe(result.newKey);
    expect(newKey).not.toBe(oldKey);
    for (const r of await secrets()) {
      expect(() => decryptSecret(oldKey, r.smtp_password_enc ?? "")).toThrow(SecretDecryptionError);
      expect(decryptSecret(newKey, r.smtp_password_enc ?? "")).toBe(SMTP.pass);
      if (r.company_id === b.companyId) expect(decryptSecret(newKey, r.sms_token_enc ?? "")).toBe("sms-token-123");
    }
    const w = await widgetSecrets();
    expect(decryptSecret(newKey, w.secret_enc)).toBe(widget.current);
    expect(decryptSecret(newKey, w.previous_secret_enc)).toBe(widget.previous);
    const [s] = await ctx.db.query<{ secret_enc: string }>("select secret_enc from shop_connections where id = $1", [shop.id]);
    expect(decryptSecret(newKey, s?.secret_enc ?? "")).toBe(shop.secret);

    // The restarted installation reads its new key and logs in to the SMTP server with the password.
    const config = fileConfig();
    expect(config.secretKey).toBe(newKey);
    const app = await buildApp({ config, db: ctx.db }, { logger: false });
    try {
      const res = await call(
        { ...ctx, app, config },
        { method: "POST", url: "/api/v1/messaging/settings/email/test", auth: a.owner, body: {} },
      );
      expect(res.data.ok, res.body).toBe(true);
      await smtp.waitFor(1);
      expect(smtp.logins).toContain(SMTP.user);
    } finally {
      await app.close();
    }
    // The old key's app can no longer read it: a clear failure, not a crash.
    const stale = await call(ctx, { method: "POST", url: "/api/v1/messaging/settings/email/test", auth: a.owner, body: {} });
    expect(stale.statusCode).toBe(200);
    expect(stale.data.ok).toBe(false);
    expect(stale.data.response).toMatch(/cannot be decrypted/);
  });

  it("with NEW_SECRET_KEY given, uses it (SECRET_KEY from the environment)", async () => {
    const current = readFileSync(path.join(dataDir, "secret-key"), "utf8").trim();
    const next = "operator-chosen-key-0123456789abcdef012345";
    const result = await rotateSecretKey({ db: ctx.db, config: testConfig({ SECRET_KEY: current, NEW_SECRET_KEY: next }) });
    expect(result).toMatchObject({ newKey: next, keyFile: null, reencrypted: 6 });
    const [row] = await secrets();
    expect(decryptSecret(next, row?.smtp_password_enc ?? "")).toBe(SMTP.pass);
  });

  it("re-encrypts the installation's stored VAPID private key too: the push key pair survives the rotation", async () => {
    const current = testConfig({ SECRET_KEY: "operator-chosen-key-0123456789abcdef012345" });
    const pair = await vapidKeys(ctx.db, current);
    const next = "operator-chosen-key-2-0123456789abcdef0123";
    const result = await rotateSecretKey({ db: ctx.db, config: testConfig({ SECRET_KEY: current.secretKey, NEW_SECRET_KEY: next }) });
    // The three messaging secrets, the two widget secrets, the shop's secret and the VAPID private key.
    expect(result.reencrypted).toBe(7);
    const [stored] = await ctx.db.query<{ public_key: string; private_key_enc: string }>("select * from push_vapid_keys");
    expect(stored?.public_key).toBe(pair.publicKey);
    expect(decryptSecret(next, stored?.private_key_enc ?? "")).toBe(pair.privateKey);
  });

  it("re-encrypts the webhook endpoints' signing secrets, the previous one of a rotation too", async () => {
    const key = "operator-chosen-key-2-0123456789abcdef0123";
    const app = await buildApp({ config: testConfig({ SECRET_KEY: key }), db: ctx.db }, { logger: false });
    let created: { secret: string; endpoint: { id: string } };
    let rotated: { secret: string };
    try {
      const own = { ...ctx, app, config: testConfig({ SECRET_KEY: key }) };
      const res = await call(own, {
        method: "POST",
        url: "/api/v1/webhooks/endpoints",
        auth: a.owner,
        body: { url: "https://example.com/rotate" },
      });
      expect(res.statusCode, res.body).toBe(201);
      created = res.data;
      rotated = (await call(own, { method: "POST", url: `/api/v1/webhooks/endpoints/${created.endpoint.id}/rotate-secret`, auth: a.owner }))
        .data;
    } finally {
      await app.close();
    }
    const next = "operator-chosen-key-3-0123456789abcdef0123";
    const result = await rotateSecretKey({ db: ctx.db, config: testConfig({ SECRET_KEY: key, NEW_SECRET_KEY: next }) });
    // The seven values before and the endpoint's current and previous secrets.
    expect(result.reencrypted).toBe(9);
    const [row] = await ctx.db.query<{ secret_enc: string; previous_secret_enc: string }>(
      "select secret_enc, previous_secret_enc from webhook_endpoints where company_id = $1 and id = $2",
      [a.companyId, created.endpoint.id],
    );
    expect(decryptSecret(next, row?.secret_enc ?? "")).toBe(rotated.secret);
    expect(decryptSecret(next, row?.previous_secret_enc ?? "")).toBe(created.secret);
  });
});
