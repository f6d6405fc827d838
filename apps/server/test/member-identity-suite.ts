import { afterAll, beforeAll, expect } from "vitest";
import { dispatchDueMessages } from "../src/modules/messaging/dispatcher.js";
import { type Auth, call, createTestCompany, startTestApp, type TestCompany, type TestContext, unique } from "./harness.js";
import { type ReceivedMail, startSmsapiServer, startSmtpServer, type TestHttpProvider, type TestSmtp } from "./messaging-fixtures.js";

// What the member identity test files share: one app per file, companies `a` and `b` with their
// outbox set up (a real SMTP server, SMSAPI for `a`), their portal slugs, and helpers that read the
// code and link out of the e-mail the SMTP server received. Live bindings, set by useIdentityApp.
export let ctx: TestContext;
export let a: TestCompany & { slug: string };
export let b: TestCompany & { slug: string };
export let smtp: TestSmtp;
export let smsapi: TestHttpProvider;
export const SMSAPI_TOKEN = "smsapi-token-identity";
export const MEMBER_PASSWORD = "amber-lantern-quiet-river";

/** Companies whose outbox this file set up: deliver() sends only their messages (other files share PostgreSQL). */
const companies: string[] = [];

export async function withPortal(company: TestCompany, port: number) {
  companies.push(company.companyId);
  const settings = { enabled: true, host: "127.0.0.1", port, security: "none", fromName: "Kawiarnia", fromEmail: "club@example.com" };
  const res = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: company.owner, body: settings });
  expect(res.statusCode, res.body).toBe(200);
  const slug = (await call(ctx, { method: "GET", url: "/api/v1/company", auth: company.owner })).data.slug as string;
  return { ...company, slug };
}

export function useIdentityApp(): void {
  beforeAll(async () => {
    // A database of its own (on PostgreSQL a scratch copy): the welcome messages' balances are read
    // when the notifications consumer runs, and another file's consumer on a shared database would
    // take this file's events with its own test clock.
    ctx = await startTestApp({ empty: true });
    smtp = await startSmtpServer();
    smsapi = await startSmsapiServer(SMSAPI_TOKEN);
    a = await withPortal(await createTestCompany(ctx), smtp.port);
    b = await withPortal(await createTestCompany(ctx), smtp.port);
    const sms = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/sms",
      auth: a.owner,
      body: { provider: "smsapi", senderName: "Kawiarnia", token: SMSAPI_TOKEN, smsapiBaseUrl: smsapi.baseUrl, normalizePolish: false },
    });
    expect(sms.statusCode, sms.body).toBe(200);
  });
  afterAll(async () => {
    await ctx.close();
    await smtp.close();
    await smsapi.close();
  });
}

/** A portal route of the company: POST/GET/PUT `/api/v1/portal/<slug><path>`. */
export function portal(
  company: { slug: string },
  method: "GET" | "POST" | "PUT",
  path: string,
  body?: unknown,
  opts: { auth?: Auth; ip?: string } = {},
) {
  return call(ctx, { method, url: `/api/v1/portal/${company.slug}${path}`, body, auth: opts.auth ?? null, ip: opts.ip });
}

/** Sends what the outbox queued (the worker's sender, run by hand) and returns the e-mails that arrived for `to`. */
export async function deliver(to: string, count = 1): Promise<ReceivedMail[]> {
  for (const companyId of companies) {
    while ((await dispatchDueMessages({ db: ctx.db, config: ctx.config, now: new Date(), companyId })) > 0);
  }
  const until = Date.now() + 10_000;
  for (;;) {
    const mails = smtp.messages.filter((m) => m.to.includes(to));
    if (mails.length >= count) return mails;
    if (Date.now() > until) throw new Error(`expected ${count} e-mails to ${to}, got ${mails.length}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const seen = new Map<string, number>();

/** The next e-mail to `to` (one more than the last call saw): its 6-digit code and its portal link's token, if any. */
export async function lastMail(to: string): Promise<{ mail: ReceivedMail; code: string; token: string | null }> {
  const count = (seen.get(to) ?? 0) + 1;
  const mails = await deliver(to, count);
  seen.set(to, mails.length);
  const mail = mails[mails.length - 1] as ReceivedMail;
  const code = mail.text.match(/\b(\d{6})\b/)?.[1] ?? "";
  const token = mail.text.match(/[?&]token=([A-Za-z0-9_-]+)/)?.[1] ?? null;
  return { mail, code, token };
}

/** The member session cookie from a sign-in answer, as `call` sends it. */
export function sessionFrom(res: { headers: Record<string, unknown>; data: { csrfToken: string } }): { cookie: string; csrf: string } {
  const setCookie = String(res.headers["set-cookie"]);
  return { cookie: setCookie.split(";")[0] as string, csrf: res.data.csrfToken };
}

export const newEmail = (prefix = "m") => `${unique(prefix)}@example.com`;

/** The consents of the sign-up form, all granted at their shown version. */
export async function grantAll(company: { slug: string }) {
  const form = await portal(company, "GET", "/signup-form");
  expect(form.statusCode, form.body).toBe(200);
  return (form.data.consents as { id: string; version: number }[]).map((c) => ({ consentId: c.id, version: c.version, granted: true }));
}

export function signupBody(email: string, extra: Record<string, unknown> = {}) {
  return { email, password: MEMBER_PASSWORD, firstName: "Ola", lastName: "Nowak", language: "pl", ...extra };
}

/** Signs up through the API and verifies by the e-mailed code: the 201 answer. */
export async function signUpVerified(company: { slug: string }, email = newEmail(), extra: Record<string, unknown> = {}) {
  const res = await portal(company, "POST", "/signup", signupBody(email, extra));
  expect(res.statusCode, res.body).toBe(202);
  const { code } = await lastMail(email);
  const verified = await portal(company, "POST", "/signup/verify", { email, code });
  expect(verified.statusCode, verified.body).toBe(201);
  return { email, res: verified, auth: sessionFrom(verified) };
}
