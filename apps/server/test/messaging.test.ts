import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backgroundWork } from "../src/background.js";
import { dispatchDueMessages } from "../src/modules/messaging/dispatcher.js";
import { type OutgoingMessage, queueMessage } from "../src/modules/messaging/outbox.service.js";
import { decryptSecret, encryptSecret } from "../src/platform/secrets.js";
import {
  type Auth,
  call,
  countRows,
  createApiKeyVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  onPostgres,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import {
  closedPort,
  startJsonEndpoint,
  startSmsapiServer,
  startSmtpServer,
  type TestHttpProvider,
  type TestSmtp,
} from "./messaging-fixtures.js";

let ctx: TestContext;
let a: TestCompany;
let smtp: TestSmtp;
let smsapi: TestHttpProvider;
const clock = new TestClock(new Date("2026-03-10T10:00:00Z"));
const SMTP_USER = "mailer";
const SMTP_PASS = "smtp-pa$$word-Ω";
const SMSAPI_TOKEN = "smsapi-oauth-token-123";
const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

const api = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown, auth: Auth = a.owner) =>
  call(ctx, { method, url: `/api/v1${url}`, body, auth });

function emailSettings(port: number, extra: Record<string, unknown> = {}) {
  return {
    enabled: true,
    host: "127.0.0.1",
    port,
    security: "none",
    username: SMTP_USER,
    password: SMTP_PASS,
    fromName: "Kawiarnia Test",
    fromEmail: "hello@kawiarnia.example",
    replyTo: "help@kawiarnia.example",
    ...extra,
  };
}

async function consentId(company: TestCompany, key: string): Promise<string> {
  const res = await call(ctx, { method: "GET", url: "/api/v1/consents", auth: company.owner });
  return res.data.data.find((c: { key: string }) => c.key === key).id;
}

async function grant(company: TestCompany, memberId: string, key: string, granted = true) {
  const res = await call(ctx, {
    method: "POST",
    url: `/api/v1/members/${memberId}/consents`,
    auth: company.owner,
    body: { changes: [{ consentId: await consentId(company, key), granted }] },
  });
  expect(res.statusCode, res.body).toBe(200);
}

function queue(msg: Partial<OutgoingMessage> & Pick<OutgoingMessage, "memberId" | "channel">, company = a) {
  return ctx.db.transaction((tx) =>
    queueMessage(
      tx,
      {
        companyId: company.companyId,
        kind: "campaign",
        purpose: msg.channel === "email" ? "newsletter" : "sms_marketing",
        subject: "Nowości w marcu",
        html: "<p>Cześć <b>Jan</b>, mamy nowości!</p>",
        text: "Cześć Jan, mamy nowości!",
        dedupeKey: unique("test:"),
        ...msg,
      },
      { now: clock.now(), config: ctx.config },
    ),
  );
}

const dispatch = (company = a, now = clock.now()) =>
  dispatchDueMessages({ db: ctx.db, config: ctx.config, now, companyId: company.companyId });
const delivery = async (id: string, company = a) =>
  (await call(ctx, { method: "GET", url: `/api/v1/messages/${id}`, auth: company.owner })).data;

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
  smtp = await startSmtpServer({ auth: { user: SMTP_USER, pass: SMTP_PASS } });
  smsapi = await startSmsapiServer(SMSAPI_TOKEN);
  expect((await api("PUT", "/messaging/settings/email", emailSettings(smtp.port))).statusCode).toBe(200);
  const sms = await api("PUT", "/messaging/settings/sms", {
    provider: "smsapi",
    senderName: "Kawiarnia",
    token: SMSAPI_TOKEN,
    smsapiBaseUrl: smsapi.baseUrl,
    normalizePolish: true,
  });
  expect(sms.statusCode, sms.body).toBe(200);
});
afterAll(async () => {
  await ctx.close();
  await smtp.close();
  await smsapi.close();
});

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

describe("queued e-mail", () => {
  it("is delivered by the dispatcher with the branded layout, personal content, List-Unsubscribe headers and a text part", async () => {
    const media = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/media",
      payload: Buffer.concat([
        Buffer.from('--b\r\nContent-Disposition: form-data; name="file"; filename="logo.png"\r\nContent-Type: image/png\r\n\r\n'),
        PNG,
        Buffer.from("\r\n--b--\r\n"),
      ]),
      headers: { cookie: a.owner.cookie, "x-csrf-token": a.owner.csrf, "content-type": "multipart/form-data; boundary=b" },
    });
    const logoId = JSON.parse(media.body).id;
    await api("PATCH", "/company", { logoMediaId: logoId });
    const programId = await createProgramVia(ctx, a.owner, { name: "Kawa Club", primaryColor: "#aa3300" });
    const email = `${unique("jan")}@example.com`;
    const member = await createMemberVia(ctx, a.owner, { firstName: "Jan", email });
    await grant(a, member.id, "newsletter_email");
    const before = smtp.messages.length;

    const queued = await queue({ memberId: member.id, channel: "email", programId });
    expect(queued.status).toBe("queued");
    expect(await dispatch()).toBe(1);
    const mail = (await smtp.waitFor(before + 1))[before];
    expect(mail?.to).toEqual([email]);
    expect(mail?.headers.subject).toBe("Nowości w marcu");
    expect(mail?.headers.from).toBe(`"Kawiarnia Test" <hello@kawiarnia.example>`);
    expect(mail?.headers["reply-to"]).toBe("help@kawiarnia.example");
    const link = /^<(http:\/\/localhost:3000\/unsubscribe\/[A-Za-z0-9_.-]+)>$/.exec(mail?.headers["list-unsubscribe"] ?? "")?.[1];
    expect(link).toBeTruthy();
    expect(mail?.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail?.headers["x-regulars-message-id"]).toBe(queued.id);
    expect(mail?.html).toContain("<p>Cześć <b>Jan</b>, mamy nowości!</p>");
    expect(mail?.html).toContain(`src="http://localhost:3000/media/${logoId}"`);
    expect(mail?.html).toContain("Kawa Club");
    expect(mail?.html).toContain("background:#aa3300");
    expect(mail?.html).toContain(`href="${link}"`);
    expect(mail?.html).toContain("Wypisz się");
    expect(mail?.text).toContain("Cześć Jan, mamy nowości!");
    expect(mail?.text).toContain(link);

    const record = await delivery(queued.id);
    expect(record).toMatchObject({
      status: "sent",
      attempts: 1,
      to: email,
      kind: "campaign",
      purpose: "newsletter",
      programId,
      memberId: member.id,
    });
    expect(record.providerResponse).toMatch(/^250 /);
    expect(record.sentAt).toBe(clock.now().toISOString());
    expect(record.html).toContain("Kawa Club");
    const list = await api("GET", `/messages?memberId=${member.id}`);
    expect(list.data.data.map((d: { id: string }) => d.id)).toEqual([queued.id]);
    expect(list.data.data[0].textPreview).toContain("Cześć Jan");
    expect(list.data.data[0].html).toBeUndefined();
  });

  it("without the consent it is recorded as skipped (no_consent) and nothing is delivered; without an address as no_address", async () => {
    const member = await createMemberVia(ctx, a.owner, { email: `${unique("n")}@example.com` });
    const before = smtp.messages.length;
    const res = await queue({ memberId: member.id, channel: "email" });
    expect(res).toMatchObject({ status: "skipped", reason: "no_consent" });
    expect(await dispatch()).toBe(0);
    expect(smtp.messages.length).toBe(before);
    expect(await delivery(res.id)).toMatchObject({ status: "skipped", skipReason: "no_consent", attempts: 0 });

    const noEmail = await createMemberVia(ctx, a.owner);
    await grant(a, noEmail.id, "newsletter_email");
    expect(await queue({ memberId: noEmail.id, channel: "email" })).toMatchObject({ status: "skipped", reason: "no_address" });
    const c = await createTestCompany(ctx);
    const other = await createMemberVia(ctx, c.owner, { email: `${unique("c")}@example.com` });
    expect(await queue({ memberId: other.id, channel: "email" }, c)).toMatchObject({ status: "skipped", reason: "channel_not_configured" });
  });

  it("a consent withdrawn after queueing stops the message", async () => {
    const member = await createMemberVia(ctx, a.owner, { email: `${unique("w")}@example.com` });
    await grant(a, member.id, "newsletter_email");
    const res = await queue({ memberId: member.id, channel: "email" });
    expect(res.status).toBe("queued");
    await grant(a, member.id, "newsletter_email", false);
    const before = smtp.messages.length;
    expect(await dispatch()).toBe(1);
    expect(smtp.messages.length).toBe(before);
    expect(await delivery(res.id)).toMatchObject({ status: "skipped", skipReason: "no_consent" });
  });

  it("the dedupe key makes a second queue a no-op", async () => {
    const member = await createMemberVia(ctx, a.owner, { email: `${unique("d")}@example.com` });
    await grant(a, member.id, "newsletter_email");
    const key = unique("notif:evt_");
    const first = await queue({ memberId: member.id, channel: "email", dedupeKey: key });
    const second = await queue({ memberId: member.id, channel: "email", dedupeKey: key, subject: "Again" });
    expect(first.status).toBe("queued");
    expect(second).toEqual({ id: first.id, status: "duplicate" });
    expect(await countRows(ctx.db, "message_deliveries", "company_id = $1 and member_id = $2", [a.companyId, member.id])).toBe(1);
    // a skipped message keeps its key too
    const none = await createMemberVia(ctx, a.owner);
    const k2 = unique("k");
    expect((await queue({ memberId: none.id, channel: "email", dedupeKey: k2 })).status).toBe("skipped");
    expect((await queue({ memberId: none.id, channel: "email", dedupeKey: k2 })).status).toBe("duplicate");
    await dispatch();
  });

  it("SMTP down: retried after 1, 5, 15 and 60 minutes, then failed with the reason; other companies' messages go out", async () => {
    const down = await createTestCompany(ctx);
    await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: down.owner, body: emailSettings(await closedPort()) });
    const m = await createMemberVia(ctx, down.owner, { email: `${unique("r")}@example.com` });
    await grant(down, m.id, "newsletter_email");
    const stuck = await queue({ memberId: m.id, channel: "email" }, down);
    const okMember = await createMemberVia(ctx, a.owner, { email: `${unique("ok")}@example.com` });
    await grant(a, okMember.id, "newsletter_email");
    const fine = await queue({ memberId: okMember.id, channel: "email" });

    const t0 = clock.now().getTime();
    const at = (minutes: number) => new Date(t0 + minutes * 60_000);
    expect(await dispatch(down, at(0))).toBe(1);
    expect(await dispatch(a, at(0))).toBe(1);
    expect(await delivery(fine.id)).toMatchObject({ status: "sent" });
    let r = await delivery(stuck.id, down);
    expect(r).toMatchObject({ status: "queued", attempts: 1 });
    expect(r.lastError).toMatch(/ECONNREFUSED/);
    expect(r.nextAttemptAt).toBe(at(1).toISOString());

    expect(await dispatch(down, at(0.5))).toBe(0);
    const schedule: [number, number, number | null][] = [
      [1, 2, 6],
      [6, 3, 21],
      [21, 4, 81],
    ];
    for (const [now, attempts, next] of schedule) {
      expect(await dispatch(down, at(now))).toBe(1);
      r = await delivery(stuck.id, down);
      expect(r).toMatchObject({ status: "queued", attempts, nextAttemptAt: at(next as number).toISOString() });
    }
    expect(await dispatch(down, at(80))).toBe(0);
    expect(await dispatch(down, at(81))).toBe(1);
    r = await delivery(stuck.id, down);
    expect(r).toMatchObject({ status: "failed", attempts: 5, nextAttemptAt: null });
    expect(r.lastError).toMatch(/ECONNREFUSED/);
    expect(await dispatch(down, at(10_000))).toBe(0);
    const failed = await call(ctx, { method: "GET", url: "/api/v1/messages?status=failed", auth: down.owner });
    expect(failed.data.data.map((d: { id: string }) => d.id)).toEqual([stuck.id]);
  });

  it("a crashed worker's message is taken over once its lease has passed", async () => {
    const member = await createMemberVia(ctx, a.owner, { email: `${unique("l")}@example.com` });
    await grant(a, member.id, "newsletter_email");
    const res = await queue({ memberId: member.id, channel: "email" });
    await ctx.db.query(
      "update message_deliveries set status = 'sending', attempts = 1, lease_until = $3 where company_id = $1 and id = $2",
      [a.companyId, res.id, new Date(clock.now().getTime() + 5 * 60_000)],
    );
    expect(await dispatch(a, new Date(clock.now().getTime() + 60_000))).toBe(0);
    expect(await dispatch(a, new Date(clock.now().getTime() + 5 * 60_000))).toBe(1);
    expect(await delivery(res.id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("the worker runs the dispatcher as a polling task", async () => {
    const task = backgroundWork(ctx.config).tasks.find((t) => t.name === "messages-dispatch");
    expect(task).toBeDefined();
    const member = await createMemberVia(ctx, a.owner, { email: `${unique("t")}@example.com` });
    await grant(a, member.id, "newsletter_email");
    const res = await queue({ memberId: member.id, channel: "email", notBefore: new Date(clock.now().getTime() + 3_600_000) });
    // not due yet: scheduled for an hour later
    await dispatch();
    expect(await delivery(res.id)).toMatchObject({ status: "queued" });
    // The task serves every company. On the PostgreSQL shared by parallel test files it would
    // also send other files' messages, so there it only runs at a time when nothing is due.
    const later = new Date(clock.now().getTime() + 3_600_000);
    if (onPostgres) {
      expect(await task?.run(new Date(0), { db: ctx.db })).toBe(0);
      await dispatch(a, later);
    } else expect(await task?.run(later, { db: ctx.db })).toBeGreaterThanOrEqual(1);
    expect(await delivery(res.id)).toMatchObject({ status: "sent" });
  });
});

describe("SMS", () => {
  it("quiet hours (company time zone) delay an SMS until they end; then SMSAPI gets it", async () => {
    await api("PUT", "/messaging/settings/sms", {
      provider: "smsapi",
      senderName: "Kawiarnia",
      smsapiBaseUrl: smsapi.baseUrl,
      normalizePolish: true,
      quietHoursStart: "21:00",
      quietHoursEnd: "08:00",
    });
    const member = await createMemberVia(ctx, a.owner, { phone: "600 200 300" });
    await grant(a, member.id, "sms_marketing");
    const night = new Date("2026-03-10T21:30:00Z"); // 22:30 in Warsaw (CET)
    const res = await ctx.db.transaction((tx) =>
      queueMessage(
        tx,
        {
          companyId: a.companyId,
          memberId: member.id,
          channel: "sms",
          kind: "notification.points_earned",
          purpose: "sms_marketing",
          text: "Zdobyłeś 120 pkt! Saldo: 1 234 pkt.",
          dedupeKey: unique("notif:"),
        },
        { now: night, config: ctx.config },
      ),
    );
    expect(res.status).toBe("queued");
    const record = await delivery(res.id);
    expect(record.nextAttemptAt).toBe("2026-03-11T07:00:00.000Z"); // 08:00 in Warsaw
    const before = smsapi.requests.length;
    expect(await dispatch(a, night)).toBe(0);
    expect(await dispatch(a, new Date("2026-03-11T06:59:00Z"))).toBe(0);
    expect(await dispatch(a, new Date("2026-03-11T07:00:00Z"))).toBe(1);
    expect(smsapi.requests.length).toBe(before + 1);
    expect(smsapi.requests.at(-1)?.form).toMatchObject({
      to: "48600200300",
      message: "Zdobyłeś 120 pkt! Saldo: 1 234 pkt.",
      normalize: "1",
    });
    expect(await delivery(res.id)).toMatchObject({ status: "sent", to: "+48600200300", providerMessageId: expect.stringMatching(/^6A1B/) });
    await api("PUT", "/messaging/settings/sms", {
      provider: "smsapi",
      senderName: "Kawiarnia",
      smsapiBaseUrl: smsapi.baseUrl,
      normalizePolish: true,
    });
  });

  it("an SMS retried into the quiet hours waits for their end without using up an attempt", async () => {
    const c = await createTestCompany(ctx);
    await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/sms",
      auth: c.owner,
      body: { provider: "log", quietHoursStart: "22:00", quietHoursEnd: "07:30" },
    });
    const member = await createMemberVia(ctx, c.owner, { phone: "600 200 301" });
    await grant(c, member.id, "sms_marketing");
    const evening = new Date("2026-03-10T20:00:00Z"); // 21:00 in Warsaw
    const res = await ctx.db.transaction((tx) =>
      queueMessage(
        tx,
        {
          companyId: c.companyId,
          memberId: member.id,
          channel: "sms",
          kind: "campaign",
          purpose: "sms_marketing",
          text: "Hej",
          dedupeKey: "k1",
        },
        { now: evening, config: ctx.config },
      ),
    );
    // the dispatcher first sees it at 22:10 (inside the window)
    expect(await dispatch(c, new Date("2026-03-10T21:10:00Z"))).toBe(1);
    expect(await delivery(res.id, c)).toMatchObject({ status: "queued", attempts: 0, nextAttemptAt: "2026-03-11T06:30:00.000Z" });
    expect(await dispatch(c, new Date("2026-03-11T06:30:00Z"))).toBe(1);
    expect(await delivery(res.id, c)).toMatchObject({
      status: "sent",
      attempts: 1,
      providerResponse: "recorded by the log-only provider (nothing was sent)",
    });
  });
});

describe("unsubscribe", () => {
  async function mailedMember(language?: "en") {
    const company = language ? await createTestCompany(ctx) : a;
    if (language) {
      await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: company.owner, body: { language } });
      await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: company.owner, body: emailSettings(smtp.port) });
    }
    const member = await createMemberVia(ctx, company.owner, { email: `${unique("u")}@example.com` });
    await grant(company, member.id, "newsletter_email");
    await grant(company, member.id, "commercial_information_email");
    const res = await queue({ memberId: member.id, channel: "email" }, company);
    const before = smtp.messages.length;
    await dispatch(company);
    const mail = (await smtp.waitFor(before + 1))[before];
    const url = new URL(/^<(.+)>$/.exec(mail?.headers["list-unsubscribe"] ?? "")?.[1] ?? "");
    return { company, member, url: url.pathname, deliveryId: res.id };
  }

  const consentsOf = async (company: TestCompany, memberId: string) =>
    (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/consents`, auth: company.owner })).data;

  it("the link's page (Polish) shows what will be withdrawn; its button withdraws the newsletter consent only, recorded as unsubscribe", async () => {
    const { member, url } = await mailedMember();
    const page = await ctx.app.inject({ method: "GET", url });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toContain("text/html");
    expect(page.body).toContain('<html lang="pl">');
    expect(page.body).toContain("Czy chcesz przestać otrzymywać newsletter e-mailem?");
    expect(page.body).toContain("Newsletter e-mail");
    expect(page.body).toContain('<form method="post">');
    expect(page.body).toContain('name="viewport"');
    // the page alone changes nothing
    expect((await consentsOf(a, member.id)).current.find((c: { key: string }) => c.key === "newsletter_email").granted).toBe(true);

    const done = await ctx.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "",
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain("Wycofaliśmy Twoją zgodę");
    const after = await consentsOf(a, member.id);
    expect(after.current.find((c: { key: string }) => c.key === "newsletter_email").granted).toBe(false);
    expect(after.current.find((c: { key: string }) => c.key === "commercial_information_email").granted).toBe(true);
    expect(after.history[0]).toMatchObject({ key: "newsletter_email", granted: false, source: "unsubscribe", actorType: "member" });

    // the next newsletter is not sent
    expect(await queue({ memberId: member.id, channel: "email" })).toMatchObject({ status: "skipped", reason: "no_consent" });
    // a second visit says there is nothing left to withdraw, and records nothing
    const again = await ctx.app.inject({ method: "POST", url });
    expect(again.body).toContain("Nie masz już aktywnej zgody");
    expect((await consentsOf(a, member.id)).history.length).toBe(after.history.length);
  });

  it("RFC 8058 one-click POST (List-Unsubscribe=One-Click) withdraws; English company, English page", async () => {
    const { company, member, url } = await mailedMember("en");
    const page = await ctx.app.inject({ method: "GET", url });
    expect(page.body).toContain('<html lang="en">');
    expect(page.body).toContain("Do you want to stop receiving the newsletter by e-mail?");
    const res = await ctx.app.inject({
      method: "POST",
      url,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: "List-Unsubscribe=One-Click",
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("Your consent has been withdrawn");
    const consents = await consentsOf(company, member.id);
    expect(consents.current.find((c: { key: string }) => c.key === "newsletter_email").granted).toBe(false);
    expect(consents.history[0]).toMatchObject({ source: "unsubscribe", granted: false });
    const events = await countRows(ctx.db, "events", "company_id = $1 and type = 'member.consents_changed' and entity_id = $2", [
      company.companyId,
      member.id,
    ]);
    expect(events).toBe(3); // two grants, one withdrawal
  });

  it("one-click also works sent as multipart/form-data or with no body at all", async () => {
    const multipart = await mailedMember();
    const res = await ctx.app.inject({
      method: "POST",
      url: multipart.url,
      headers: { "content-type": "multipart/form-data; boundary=x" },
      payload: '--x\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--x--\r\n',
    });
    expect(res.statusCode).toBe(200);
    expect((await consentsOf(a, multipart.member.id)).history[0]).toMatchObject({ key: "newsletter_email", source: "unsubscribe" });
    const empty = await mailedMember();
    expect((await ctx.app.inject({ method: "POST", url: empty.url })).statusCode).toBe(200);
    expect((await consentsOf(a, empty.member.id)).history[0]).toMatchObject({ key: "newsletter_email", source: "unsubscribe" });
  });

  it("a tampered or foreign token gives a 404 page and changes nothing", async () => {
    const { member, url } = await mailedMember();
    const [payload, signature] = url.replace("/unsubscribe/", "").split(".") as [string, string];
    const bytes = Buffer.from(payload, "base64url");
    bytes[32] = (bytes[32] as number) + 1; // another purpose, same signature
    const forged = bytes.toString("base64url");
    for (const bad of [`/unsubscribe/${forged}.${signature}`, `/unsubscribe/${payload}.${signature.slice(1)}x`, "/unsubscribe/nonsense"]) {
      const get = await ctx.app.inject({ method: "GET", url: bad });
      expect(get.statusCode).toBe(404);
      expect(get.body).toContain("Ten link jest nieprawidłowy");
      expect((await ctx.app.inject({ method: "POST", url: bad })).statusCode).toBe(404);
    }
    const history = (await consentsOf(a, member.id)).history;
    expect(history.every((h: { source: string }) => h.source !== "unsubscribe")).toBe(true);
  });
});
