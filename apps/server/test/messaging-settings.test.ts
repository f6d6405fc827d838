import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "../src/platform/secrets.js";
import { call, countRows, createApiKeyVia, createTestCompany } from "./harness.js";
import { closedPort, startJsonEndpoint } from "./messaging-fixtures.js";
import { a, api, ctx, delivery, emailSettings, SMSAPI_TOKEN, SMTP_PASS, smsapi, smtp, useMessagingApp } from "./messaging-suite.js";

useMessagingApp();

describe("outbox settings", () => {
  it("starts unconfigured; secrets are stored encrypted, never returned, and audited without their values", async () => {
    const c = await createTestCompany(ctx);
    const initial = await call(ctx, { method: "GET", url: "/api/v1/messaging/settings", auth: c.owner });
    expect(initial.data.email).toMatchObject({ enabled: false, host: "", passwordSet: false, security: "starttls", port: 587 });
    expect(initial.data.sms).toMatchObject({ provider: "none", tokenSet: false, smsapiBaseUrl: "https://api.smsapi.pl" });

    const saved = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: c.owner, body: emailSettings(2525) });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.data.email).toMatchObject({
      enabled: true,
      host: "127.0.0.1",
      port: 2525,
      passwordSet: true,
      replyTo: "help@kawiarnia.example",
    });
    expect(saved.body).not.toContain(SMTP_PASS);
    const sms = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/sms",
      auth: c.owner,
      body: { provider: "smsapi", token: "very-secret-sms-token", senderName: "Test" },
    });
    expect(sms.statusCode, sms.body).toBe(200);
    expect(sms.data.sms.tokenSet).toBe(true);
    expect(sms.body).not.toContain("very-secret-sms-token");

    const [row] = await ctx.db.query<{ smtp_password_enc: string; sms_token_enc: string }>(
      "select smtp_password_enc, sms_token_enc from message_settings where company_id = $1",
      [c.companyId],
    );
    expect(row?.smtp_password_enc).toMatch(/^v1:/);
    expect(row?.smtp_password_enc).not.toContain(SMTP_PASS);
    expect(decryptSecret(ctx.config.secretKey, row?.smtp_password_enc ?? "")).toBe(SMTP_PASS);
    expect(decryptSecret(ctx.config.secretKey, row?.sms_token_enc ?? "")).toBe("very-secret-sms-token");

    const got = await call(ctx, { method: "GET", url: "/api/v1/messaging/settings", auth: c.owner });
    expect(got.body).not.toContain(SMTP_PASS);
    expect(got.body).not.toContain("v1:");
    const audit = await ctx.db.query<{ action: string; changes: unknown }>(
      "select action, changes from audit_log where company_id = $1 and entity_type = 'message_settings' order by id",
      [c.companyId],
    );
    expect(audit.map((r) => r.action)).toEqual(["messaging.email_settings_updated", "messaging.sms_settings_updated"]);
    expect(JSON.stringify(audit)).not.toContain(SMTP_PASS);
    expect(JSON.stringify(audit)).not.toContain("very-secret-sms-token");
    expect(JSON.stringify(audit[0]?.changes)).toContain("host");

    // omitted keeps the password, null removes it
    const { password: _omit, ...withoutPassword } = emailSettings(2526);
    const kept = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: c.owner, body: withoutPassword });
    expect(kept.data.email).toMatchObject({ port: 2526, passwordSet: true });
    const cleared = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/email",
      auth: c.owner,
      body: { ...withoutPassword, password: null },
    });
    expect(cleared.data.email.passwordSet).toBe(false);
  });

  it("says whether each channel is ready, the same check a campaign's send makes", async () => {
    const c = await createTestCompany(ctx);
    const ready = async () => (await call(ctx, { method: "GET", url: "/api/v1/messaging/settings", auth: c.owner })).data.ready;
    const campaign = async (channel: "email" | "sms") => {
      const body = channel === "email" ? { subject: "S", html: "<p>B</p>" } : { text: "Hej" };
      const res = await call(ctx, { method: "POST", url: "/api/v1/campaigns", auth: c.owner, body: { name: channel, channel, ...body } });
      expect(res.statusCode, res.body).toBe(201);
      return res.data.id as string;
    };
    const send = async (id: string) =>
      (await call(ctx, { method: "POST", url: `/api/v1/campaigns/${id}/send`, auth: c.owner, body: {} })).statusCode;
    const email = await campaign("email");
    const sms = await campaign("sms");

    expect(await ready()).toEqual({ email: false, sms: false, push: true });
    expect(await send(email)).toBe(422);
    expect(await send(sms)).toBe(422);

    // Saved but switched off is not ready; the answer of the save says so at once.
    const off = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/email",
      auth: c.owner,
      body: emailSettings(2525, { enabled: false }),
    });
    expect(off.data.ready).toEqual({ email: false, sms: false, push: true });
    expect(await send(email)).toBe(422);
    const on = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: c.owner, body: emailSettings(2525) });
    expect(on.data.ready).toEqual({ email: true, sms: false, push: true });
    expect(await ready()).toEqual({ email: true, sms: false, push: true });
    expect(await send(email)).toBe(200);
    expect(await send(sms)).toBe(422);

    const log = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/sms", auth: c.owner, body: { provider: "log" } });
    expect(log.data.ready).toEqual({ email: true, sms: true, push: true });
    expect(await send(sms)).toBe(200);
    const none = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/sms", auth: c.owner, body: { provider: "none" } });
    expect(none.data.ready).toEqual({ email: true, sms: false, push: true });

    // A reader without the outbox's write permission sees it too (the campaign editor needs it).
    const key = await createApiKeyVia(ctx, c.owner, ["messages.read"]);
    const asReader = await call(ctx, { method: "GET", url: "/api/v1/messaging/settings", auth: { apiKey: key.secret } });
    expect(asReader.statusCode, asReader.body).toBe(200);
    expect(asReader.data.ready).toEqual({ email: true, sms: false, push: true });
  });

  it("refuses bad input with 400 naming the field, and writes nothing", async () => {
    const c = await createTestCompany(ctx);
    const before = await countRows(ctx.db, "audit_log", "company_id = $1", [c.companyId]);
    const cases: [string, string, unknown, string][] = [
      ["PUT", "/messaging/settings/email", { enabled: true, fromEmail: "a@b.example" }, "host"],
      ["PUT", "/messaging/settings/email", { enabled: true, host: "smtp.example.com" }, "fromEmail"],
      ["PUT", "/messaging/settings/email", { ...emailSettings(70000) }, "port"],
      ["PUT", "/messaging/settings/email", { ...emailSettings(25), security: "ssl" }, "security"],
      ["PUT", "/messaging/settings/email", { ...emailSettings(25), fromEmail: "not-an-address" }, "fromEmail"],
      ["PUT", "/messaging/settings/email", { ...emailSettings(25), replyTo: "x@" }, "replyTo"],
      ["PUT", "/messaging/settings/email", { ...emailSettings(25), host: "smtp example" }, "host"],
      ["PUT", "/messaging/settings/email", { ...emailSettings(25), colour: "red" }, "colour"],
      ["PUT", "/messaging/settings/email", { host: "smtp.example.com" }, "enabled"],
      ["PUT", "/messaging/settings/sms", { provider: "twilio" }, "provider"],
      ["PUT", "/messaging/settings/sms", { provider: "smsapi" }, "token"],
      ["PUT", "/messaging/settings/sms", { provider: "http", httpBodyTemplate: '{"to":"{to}","text":"{message}"}' }, "httpUrl"],
      ["PUT", "/messaging/settings/sms", { provider: "http", httpUrl: "https://sms.example/send" }, "httpBodyTemplate"],
      [
        "PUT",
        "/messaging/settings/sms",
        { provider: "http", httpUrl: "https://sms.example/send", httpBodyTemplate: '{"to":"{to}"}' },
        "httpBodyTemplate",
      ],
      [
        "PUT",
        "/messaging/settings/sms",
        { provider: "http", httpUrl: "https://x.example", httpBodyTemplate: "{to} {message}" },
        "httpBodyTemplate",
      ],
      ["PUT", "/messaging/settings/sms", { provider: "log", senderName: "A very long sender" }, "senderName"],
      ["PUT", "/messaging/settings/sms", { provider: "log", quietHoursStart: "22:00" }, "quietHoursEnd"],
      ["PUT", "/messaging/settings/sms", { provider: "log", quietHoursStart: "25:00", quietHoursEnd: "08:00" }, "quietHoursStart"],
      ["PUT", "/messaging/settings/sms", { provider: "log", smsapiBaseUrl: "not a url" }, "smsapiBaseUrl"],
      ["PUT", "/messaging/settings/sms", { provider: "log", httpAuthHeader: "X Auth:" }, "httpAuthHeader"],
      ["POST", "/messaging/settings/email/test", { to: "nobody" }, "to"],
      ["POST", "/messaging/settings/sms/test", {}, "to"],
      ["POST", "/messaging/settings/sms/test", { to: "" }, "to"],
      ["GET", "/messages?status=lost", undefined, "query.status"],
      ["GET", "/messages?channel=fax", undefined, "query.channel"],
      ["GET", "/messages?limit=0", undefined, "query.limit"],
    ];
    for (const [method, url, body, path] of cases) {
      const res = await call(ctx, { method: method as "GET", url: `/api/v1${url}`, auth: c.owner, body });
      expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}: ${res.body}`).toBe(400);
      expect(res.data.error.code).toBe("validation_failed");
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    }
    expect(await countRows(ctx.db, "message_settings", "company_id = $1", [c.companyId])).toBe(0);
    expect(await countRows(ctx.db, "message_deliveries", "company_id = $1", [c.companyId])).toBe(0);
    expect(await countRows(ctx.db, "audit_log", "company_id = $1", [c.companyId])).toBe(before);
    expect((await call(ctx, { method: "GET", url: "/api/v1/messages/msg_nothing", auth: c.owner })).statusCode).toBe(404);
  });

  it("a test send needs configured settings (422) and, for an API key, an address", async () => {
    const c = await createTestCompany(ctx);
    const email = await call(ctx, { method: "POST", url: "/api/v1/messaging/settings/email/test", auth: c.owner, body: {} });
    expect(email.statusCode).toBe(422);
    expect(email.data.error.details[0].path).toBe("email.host");
    const sms = await call(ctx, { method: "POST", url: "/api/v1/messaging/settings/sms/test", auth: c.owner, body: { to: "600100200" } });
    expect(sms.statusCode).toBe(422);
    const key = await createApiKeyVia(ctx, a.owner, ["messages.send"]);
    const byKey = await call(ctx, { method: "POST", url: "/api/v1/messaging/settings/email/test", auth: { apiKey: key.secret }, body: {} });
    expect(byKey.statusCode).toBe(400);
    expect(byKey.data.error.details[0].path).toBe("to");
  });
});

describe("send test message", () => {
  it("reports the SMTP server's real answer and delivers to the signed-in staff member", async () => {
    const before = smtp.messages.length;
    const res = await api("POST", "/messaging/settings/email/test", {});
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.ok).toBe(true);
    expect(res.data.response).toMatch(/^250 .*Message queued as test-\d+/);
    const mail = (await smtp.waitFor(before + 1))[before];
    expect(mail?.to).toEqual([a.ownerEmail]);
    expect(mail?.headers.from).toBe(`"Kawiarnia Test" <hello@kawiarnia.example>`);
    expect(mail?.headers["reply-to"]).toBe("help@kawiarnia.example");
    expect(mail?.headers.subject).toBe("Wiadomość testowa");
    expect(mail?.headers["list-unsubscribe"]).toBeUndefined();
    expect(mail?.text).toContain("wiadomość testowa");
    const record = await delivery(res.data.deliveryId);
    expect(record).toMatchObject({ kind: "test", status: "sent", to: a.ownerEmail, attempts: 1, purpose: null });
    expect(record.providerResponse).toBe(res.data.response);
  });

  it("reports a refused login and a closed port as errors, recorded as failed", async () => {
    const c = await createTestCompany(ctx);
    await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/email",
      auth: c.owner,
      body: emailSettings(smtp.port, { password: "wrong-password" }),
    });
    const refused = await call(ctx, {
      method: "POST",
      url: "/api/v1/messaging/settings/email/test",
      auth: c.owner,
      body: { to: "x@example.com" },
    });
    expect(refused.statusCode).toBe(200);
    expect(refused.data.ok).toBe(false);
    expect(refused.data.response).toMatch(/535/);
    expect(refused.data.response).toMatch(/Invalid username or password/);
    const record = await delivery(refused.data.deliveryId, c);
    expect(record).toMatchObject({ status: "failed", lastError: refused.data.response });

    await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: c.owner, body: emailSettings(await closedPort()) });
    const down = await call(ctx, {
      method: "POST",
      url: "/api/v1/messaging/settings/email/test",
      auth: c.owner,
      body: { to: "x@example.com" },
    });
    expect(down.data.ok).toBe(false);
    expect(down.data.response).toMatch(/ECONNREFUSED/);
  });

  it("a password stored under another SECRET_KEY is reported, not a crash", async () => {
    const c = await createTestCompany(ctx);
    await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: c.owner, body: emailSettings(smtp.port) });
    await ctx.db.query("update message_settings set smtp_password_enc = $2 where company_id = $1", [
      c.companyId,
      encryptSecret("some-other-secret-key-0123456789abcdef0123", SMTP_PASS),
    ]);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/messaging/settings/email/test",
      auth: c.owner,
      body: { to: "x@example.com" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({ ok: false, response: expect.stringContaining("cannot be decrypted") });
  });

  it("sends a test SMS through SMSAPI and reports its answer; a wrong token reports SMSAPI's error", async () => {
    const res = await api("POST", "/messaging/settings/sms/test", { to: "600 100 200" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({ ok: true });
    expect(res.data.response).toMatch(/^SMSAPI QUEUE id=6A1B2C3D4E5F\d+ points=0.16$/);
    const req = smsapi.requests.at(-1);
    expect(req?.headers.authorization).toBe(`Bearer ${SMSAPI_TOKEN}`);
    expect(req?.form).toMatchObject({ to: "48600100200", from: "Kawiarnia", format: "json", encoding: "utf-8", normalize: "1" });
    expect(req?.form.message).toContain("SMS");

    const c = await createTestCompany(ctx);
    await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/sms",
      auth: c.owner,
      body: { provider: "smsapi", token: "wrong", smsapiBaseUrl: smsapi.baseUrl },
    });
    const wrong = await call(ctx, {
      method: "POST",
      url: "/api/v1/messaging/settings/sms/test",
      auth: c.owner,
      body: { to: "+48600100200" },
    });
    expect(wrong.data).toMatchObject({ ok: false, response: "SMSAPI error 101: Authorization failed" });
    const bad = await call(ctx, { method: "POST", url: "/api/v1/messaging/settings/sms/test", auth: c.owner, body: { to: "12" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details[0].path).toBe("to");
  });

  it("the generic HTTP provider posts the body template with the values JSON-escaped and the token header", async () => {
    const endpoint = await startJsonEndpoint();
    try {
      const c = await createTestCompany(ctx);
      const saved = await call(ctx, {
        method: "PUT",
        url: "/api/v1/messaging/settings/sms",
        auth: c.owner,
        body: {
          provider: "http",
          senderName: "Shop",
          httpUrl: `${endpoint.baseUrl}/send`,
          httpAuthHeader: "X-Api-Key",
          token: "generic-secret",
          httpBodyTemplate: '{"recipient":"{to}","content":"{message}","from":"{sender}","type":"sms"}',
        },
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/messaging/settings/sms/test",
        auth: c.owner,
        body: { to: "+48 600 100 300" },
      });
      expect(res.data).toMatchObject({ ok: true, response: 'HTTP 200: {"id":"gen-1"}' });
      const req = endpoint.requests[0];
      expect(req?.headers["x-api-key"]).toBe("generic-secret");
      const body = JSON.parse(req?.body ?? "{}");
      expect(body).toMatchObject({ recipient: "+48600100300", from: "Shop", type: "sms" });
      expect(body.content).toContain("SMS");
      expect((await delivery(res.data.deliveryId, c)).providerMessageId).toBe("gen-1");
    } finally {
      await endpoint.close();
    }
  });
});
