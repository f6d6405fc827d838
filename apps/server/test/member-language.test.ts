import { describe, expect, it } from "vitest";
import { notificationsConsumer } from "../src/modules/notifications/notifications.consumer.js";
import { consumeEvents } from "../src/platform/events.js";
import { call, createMemberVia, createProgramVia } from "./harness.js";
import { a, ctx, grantAll, lastMail, newEmail, signUpVerified, useIdentityApp } from "./member-identity-suite.js";

// The member's language (issue 21): kept on the card (set at sign-up, edited by staff), and the
// messages to the member follow it while the company's language is Polish.

useIdentityApp();

async function runNotifications(): Promise<void> {
  const consumer = notificationsConsumer(ctx.config);
  for (;;) {
    const errors: unknown[] = [];
    const { consumed } = await consumeEvents({ db: ctx.db, consumer, onError: (err) => errors.push(err) });
    if (errors.length > 0) throw errors[0];
    if (consumed === 0) return;
  }
}

/** Switches the program's welcome e-mail on with the texts it shows (the company's language: Polish). */
async function enableWelcome(programId: string) {
  const list = await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/notifications`, auth: a.owner });
  const { kind: _k, updatedAt: _u, ...welcome } = list.data.data.find((n: { kind: string }) => n.kind === "welcome");
  const res = await call(ctx, {
    method: "PUT",
    url: `/api/v1/programs/${programId}/notifications/welcome`,
    auth: a.owner,
    body: { ...welcome, enabled: true },
  });
  expect(res.statusCode, res.body).toBe(200);
}

describe("the member's language", () => {
  it("sends the welcome e-mail in English to a member who signed up in English, in Polish to the others", async () => {
    const programId = await createProgramVia(ctx, a.owner, { welcomePoints: 1500 });
    await enableWelcome(programId);
    // The welcome e-mail rests on the commercial information consent: both grant every consent.
    const consents = await grantAll(a);
    const en = await signUpVerified(a, newEmail("en"), { language: "en", consents });
    const pl = await signUpVerified(a, newEmail("pl"), { language: "pl", consents });
    await runNotifications();

    const english = (await lastMail(en.email)).mail;
    expect(english.headers.subject).toMatch(/^Welcome to /);
    expect(english.text).toContain("1,500 points");
    expect(english.html).toContain('<html lang="en"');
    const polish = (await lastMail(pl.email)).mail;
    expect(polish.headers.subject).toMatch(/^Witaj w programie /);
    expect(polish.html).toContain('<html lang="pl"');
  });

  it("is shown on the card and staff change it; the sign-in code e-mail follows it", async () => {
    const email = newEmail("staff");
    const member = await createMemberVia(ctx, a.owner, { email });
    const card = await call(ctx, { method: "GET", url: `/api/v1/members/${member.id}`, auth: a.owner });
    expect(card.data.language).toBe("pl");
    const patched = await call(ctx, { method: "PATCH", url: `/api/v1/members/${member.id}`, auth: a.owner, body: { language: "en" } });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.data.language).toBe("en");
    const bad = await call(ctx, { method: "PATCH", url: `/api/v1/members/${member.id}`, auth: a.owner, body: { language: "de" } });
    expect(bad.statusCode).toBe(400);
    await call(ctx, { method: "POST", url: `/api/v1/portal/${a.slug}/login/code`, body: { email } });
    const { mail, code } = await lastMail(email);
    expect(mail.headers.subject).toMatch(/^Your sign-in code – /);
    expect(mail.text).toContain(`The code is valid for 10 minutes`);
    expect(code).toMatch(/^\d{6}$/);
  });
});
