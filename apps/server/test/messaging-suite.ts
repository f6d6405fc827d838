import { afterAll, beforeAll, expect } from "vitest";
import { dispatchDueMessages } from "../src/modules/messaging/dispatcher.js";
import { type OutgoingMessage, queueMessage } from "../src/modules/messaging/outbox.service.js";
import { type Auth, call, createTestCompany, startTestApp, TestClock, type TestCompany, type TestContext, unique } from "./harness.js";
import { startSmsapiServer, startSmtpServer, type TestHttpProvider, type TestSmtp } from "./messaging-fixtures.js";

// What the messaging test files share: one app per file, company `a` with its outbox set up (SMTP with
// a login, SMSAPI), and the helpers. The bindings are live: they are set by useMessagingApp's beforeAll.
export let ctx: TestContext;
export let a: TestCompany;
export let smtp: TestSmtp;
export let smsapi: TestHttpProvider;
export const clock = new TestClock(new Date("2026-03-10T10:00:00Z"));
export const SMTP_USER = "mailer";
export const SMTP_PASS = "smtp-pa$$word-Ω";
export const SMSAPI_TOKEN = "smsapi-oauth-token-123";

/** Starts the app, the test SMTP server and SMSAPI, and configures company `a`'s outbox (call once per file). */
export function useMessagingApp(): void {
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
}

export const api = (method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown, auth: Auth = a.owner) =>
  call(ctx, { method, url: `/api/v1${url}`, body, auth });

export function emailSettings(port: number, extra: Record<string, unknown> = {}) {
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

export async function grant(company: TestCompany, memberId: string, key: string, granted = true) {
  const res = await call(ctx, {
    method: "POST",
    url: `/api/v1/members/${memberId}/consents`,
    auth: company.owner,
    body: { changes: [{ consentId: await consentId(company, key), granted }] },
  });
  expect(res.statusCode, res.body).toBe(200);
}

export function queue(msg: Partial<OutgoingMessage> & Pick<OutgoingMessage, "memberId" | "channel">, company = a) {
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

export const dispatch = (company = a, now = clock.now()) =>
  dispatchDueMessages({ db: ctx.db, config: ctx.config, now, companyId: company.companyId });
export const delivery = async (id: string, company = a) =>
  (await call(ctx, { method: "GET", url: `/api/v1/messages/${id}`, auth: company.owner })).data;
