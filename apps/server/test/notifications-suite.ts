import { afterAll, beforeAll, expect } from "vitest";
import { call, createTestCompany, startTestApp, TestClock, type TestCompany, type TestContext } from "./harness.js";
import { startSmtpServer, type TestSmtp } from "./messaging-fixtures.js";

// What the notifications test files share: one app per file, company `a` with e-mail (a test SMTP
// server) and the log-only SMS provider, its consents by key. Live bindings, set by useNotificationsApp.
export let ctx: TestContext;
export let a: TestCompany;
export let smtp: TestSmtp;
export let company: { slug: string; name: string };
export let consentIds: Record<string, string>;
// Daytime in Warsaw (reminders go out from 9:00 local time); today, so that nothing queued by
// another process's real clock lies in this test's future.
const start = new Date();
start.setUTCHours(10, 0, 0, 0);
export const clock = new TestClock(start);

/** Starts the app and the test SMTP server and sets up company `a`'s outbox (call once per file). */
export function useNotificationsApp(): void {
  beforeAll(async () => {
    ctx = await startTestApp({ clock: clock.now });
    a = await createTestCompany(ctx);
    smtp = await startSmtpServer();
    const settings = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/email",
      auth: a.owner,
      body: { enabled: true, host: "127.0.0.1", port: smtp.port, security: "none", fromName: "Kawiarnia", fromEmail: "club@example.com" },
    });
    expect(settings.statusCode, settings.body).toBe(200);
    const sms = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/sms",
      auth: a.owner,
      body: { provider: "log", senderName: "Kawiarnia" },
    });
    expect(sms.statusCode, sms.body).toBe(200);
    company = (await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner })).data;
    const consents = (await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner })).data.data as {
      id: string;
      key: string;
    }[];
    consentIds = Object.fromEntries(consents.map((c) => [c.key, c.id]));
  });
  afterAll(async () => {
    await smtp.close();
    await ctx.close();
  });
}

/** Saves one kind of the program's notification, switched on: its current settings with `body` merged in. */
export async function setNotification(programId: string, kind: string, body: Record<string, unknown> = {}) {
  const current = (await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/notifications`, auth: a.owner })).data.data.find(
    (n: { kind: string }) => n.kind === kind,
  );
  const { kind: _k, updatedAt: _u, ...rest } = current;
  const res = await call(ctx, {
    method: "PUT",
    url: `/api/v1/programs/${programId}/notifications/${kind}`,
    auth: a.owner,
    body: {
      ...rest,
      enabled: true,
      ...body,
      email: { ...rest.email, ...(body.email as object) },
      sms: { ...rest.sms, ...(body.sms as object) },
      push: { ...rest.push, ...(body.push as object) },
    },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.data;
}
