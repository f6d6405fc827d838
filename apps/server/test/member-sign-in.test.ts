import { describe, expect, it } from "vitest";
import { buildApp } from "../src/app.js";
import { call, countRows, createMemberVia, type TestContext, testConfig } from "./harness.js";
import {
  a,
  b,
  ctx,
  lastMail,
  MEMBER_PASSWORD,
  newEmail,
  portal,
  SMSAPI_TOKEN,
  sessionFrom,
  signUpVerified,
  smsapi,
  smtp,
  useIdentityApp,
} from "./member-identity-suite.js";

// Signing in to the portal (issue 21): password, e-mailed code, password reset, change of password,
// activation of a card staff created, blocked cards, isolation between companies, rate limits.

useIdentityApp();

const NEW_PASSWORD = "violet-harbour-seven-kites";

describe("password and code sign-in", () => {
  it("signs in with the password; a wrong password and an unknown address get the same 401", async () => {
    const { email } = await signUpVerified(a);
    const ok = await portal(a, "POST", "/login", { email: email.toUpperCase(), password: MEMBER_PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.data.member.email).toBe(email);
    const wrong = await portal(a, "POST", "/login", { email, password: "not-the-password" });
    const unknown = await portal(a, "POST", "/login", { email: newEmail(), password: "not-the-password" });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.data.error.message).toBe(unknown.data.error.message);
    // The same address in company b is another person: a's password does not open b.
    expect((await portal(b, "POST", "/login", { email, password: MEMBER_PASSWORD })).statusCode).toBe(401);
    expect((await portal(a, "POST", "/login", { email: "x", password: "" })).statusCode).toBe(400);
  });

  it("signs in with an e-mailed code, also a card staff created; 202 alike for unknown addresses", async () => {
    const email = newEmail("code");
    const member = await createMemberVia(ctx, a.owner, { email, language: "en" });
    const before = smtp.messages.length;
    const unknown = await portal(a, "POST", "/login/code", { email: newEmail() });
    const known = await portal(a, "POST", "/login/code", { email });
    expect(unknown.statusCode).toBe(202);
    expect(known.body).toBe(unknown.body);
    const { mail, code } = await lastMail(email);
    expect(smtp.messages.length).toBe(before + 1);
    expect(mail.headers.subject).toMatch(/^Your sign-in code – /);
    expect(mail.text).toContain(code);
    // The delivery record staff see keeps no usable code once the message is sent.
    const log = await call(ctx, { method: "GET", url: `/api/v1/messages?memberId=${member.id}`, auth: a.owner });
    const delivery = log.data.data.find((d: { kind: string }) => d.kind === "member.login_code");
    expect(delivery).toMatchObject({ status: "sent", channel: "email" });
    expect(JSON.stringify(delivery)).not.toContain(code);
    const detail = await call(ctx, { method: "GET", url: `/api/v1/messages/${delivery.id}`, auth: a.owner });
    expect(detail.statusCode).toBe(200);
    expect(detail.body).not.toContain(code);
    expect((await portal(b, "POST", "/login/code/verify", { email, code })).statusCode).toBe(400);
    const res = await portal(a, "POST", "/login/code/verify", { email, code });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.member).toMatchObject({ id: member.id, emailVerified: true, language: "en" });
    expect((await portal(a, "POST", "/login/code/verify", { email, code })).statusCode).toBe(400);
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and entity_id = $2 and type = 'member.portal_activated'", [
        a.companyId,
        member.id,
      ]),
    ).toBe(1);
    // No password yet: the member sets a first one without a current one.
    const auth = sessionFrom(res);
    const set = await portal(a, "PUT", "/me/password", { newPassword: NEW_PASSWORD }, { auth });
    expect(set.statusCode, set.body).toBe(204);
    expect((await portal(a, "POST", "/login", { email, password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await portal(a, "POST", "/login/code/verify", { email, code: "12345" })).statusCode).toBe(400);
  });
});

describe("passwords", () => {
  it("resets the password by the e-mailed link, ending every session", async () => {
    const { email, auth } = await signUpVerified(a);
    expect((await portal(a, "POST", "/password-reset", { email })).statusCode).toBe(202);
    const { mail, token, code } = await lastMail(email);
    expect(mail.headers.subject).toMatch(/^Ustaw nowe hasło/);
    expect(mail.text).toContain(`/p/${a.slug}/reset?token=`);
    expect(code).toMatch(/^\d{6}$/);
    const weak = await portal(a, "POST", "/password-reset/confirm", { token, password: "short" });
    expect(weak.statusCode).toBe(400);
    expect(weak.data.error.details[0].path).toBe("password");
    const res = await portal(a, "POST", "/password-reset/confirm", { token, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect((await portal(a, "GET", "/session", undefined, { auth })).statusCode).toBe(401);
    expect((await portal(a, "GET", "/session", undefined, { auth: sessionFrom(res) })).statusCode).toBe(200);
    expect((await portal(a, "POST", "/login", { email, password: MEMBER_PASSWORD })).statusCode).toBe(401);
    expect((await portal(a, "POST", "/login", { email, password: NEW_PASSWORD })).statusCode).toBe(200);
    expect((await portal(a, "POST", "/password-reset/confirm", { token, password: NEW_PASSWORD })).statusCode).toBe(400);
  });

  it("resets by e-mail and code; unknown addresses get the same 202 and no e-mail", async () => {
    const { email } = await signUpVerified(a);
    const nobody = newEmail();
    expect((await portal(a, "POST", "/password-reset", { email: nobody })).statusCode).toBe(202);
    expect((await portal(a, "POST", "/password-reset", { email })).statusCode).toBe(202);
    const { code } = await lastMail(email);
    const res = await portal(a, "POST", "/password-reset/confirm", { email, code, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
    expect(smtp.messages.some((m) => m.to.includes(nobody))).toBe(false);
  });

  it("changes the password with the current one; other sessions end, this one stays", async () => {
    const { email, auth } = await signUpVerified(a);
    const other = sessionFrom(await portal(a, "POST", "/login", { email, password: MEMBER_PASSWORD }));
    const wrong = await portal(a, "PUT", "/me/password", { currentPassword: "nope", newPassword: NEW_PASSWORD }, { auth });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data.error.details[0]).toMatchObject({ path: "currentPassword", code: "wrong_current_password" });
    const missing = await portal(a, "PUT", "/me/password", { newPassword: NEW_PASSWORD }, { auth });
    expect(missing.data.error.details[0]).toMatchObject({ path: "currentPassword", code: "required" });
    const weak = await portal(a, "PUT", "/me/password", { currentPassword: MEMBER_PASSWORD, newPassword: "password1234" }, { auth });
    expect(weak.data.error.details[0]).toMatchObject({ path: "newPassword", code: "password_common" });
    const ok = await portal(a, "PUT", "/me/password", { currentPassword: MEMBER_PASSWORD, newPassword: NEW_PASSWORD }, { auth });
    expect(ok.statusCode, ok.body).toBe(204);
    expect((await portal(a, "GET", "/session", undefined, { auth })).statusCode).toBe(200);
    expect((await portal(a, "GET", "/session", undefined, { auth: other })).statusCode).toBe(401);
    // Without the CSRF header a write is refused.
    const noCsrf = await call(ctx, {
      method: "PUT",
      url: `/api/v1/portal/${a.slug}/me/password`,
      headers: { cookie: auth.cookie },
      body: { currentPassword: NEW_PASSWORD, newPassword: MEMBER_PASSWORD },
    });
    expect(noCsrf.statusCode).toBe(403);
  });
});

describe("activating a card staff created", () => {
  it("by card number: the code goes to the card's e-mail; the card gets a password and a session", async () => {
    const email = newEmail("act");
    const member = await createMemberVia(ctx, a.owner, { email });
    expect((await portal(a, "POST", "/activate", { identifier: member.cardNumber.toLowerCase() })).statusCode).toBe(202);
    const { mail, code } = await lastMail(email);
    expect(mail.headers.subject).toMatch(/^Aktywacja karty – /);
    expect(mail.text).toContain(code);
    const weak = await portal(a, "POST", "/activate/confirm", { identifier: member.cardNumber, code, password: "short" });
    expect(weak.statusCode).toBe(400);
    const res = await portal(a, "POST", "/activate/confirm", { identifier: member.cardNumber, code, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.member).toMatchObject({ id: member.id, emailVerified: true });
    expect((await portal(a, "POST", "/login", { email, password: NEW_PASSWORD })).statusCode).toBe(200);
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and entity_id = $2 and type = 'member.portal_activated'", [
        a.companyId,
        member.id,
      ]),
    ).toBe(1);
  });

  it("by SMS when the card has no e-mail; unknown cards get the same 202", async () => {
    const member = await createMemberVia(ctx, a.owner, { phone: "+48 601 222 333" });
    const sent = smsapi.requests.length;
    expect((await portal(a, "POST", "/activate", { identifier: "NO-SUCH-CARD" })).statusCode).toBe(202);
    expect((await portal(a, "POST", "/activate", { identifier: member.cardNumber })).statusCode).toBe(202);
    const { dispatchDueMessages } = await import("../src/modules/messaging/dispatcher.js");
    while ((await dispatchDueMessages({ db: ctx.db, config: ctx.config, now: new Date(), companyId: a.companyId })) > 0);
    expect(smsapi.requests.length).toBe(sent + 1);
    const request = smsapi.requests[sent];
    expect(request?.headers.authorization).toBe(`Bearer ${SMSAPI_TOKEN}`);
    expect(request?.form.to).toBe("48601222333");
    const code = request?.form.message?.match(/\b(\d{6})\b/)?.[1] as string;
    const res = await portal(a, "POST", "/activate/confirm", { identifier: member.cardNumber, code, password: NEW_PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.member.emailVerified).toBe(false);
  });

  it("refuses a blocked card with member_blocked, after the code or password proved who asks", async () => {
    const email = newEmail("blk");
    const { res } = await signUpVerified(a, email);
    const memberId = res.data.member.id as string;
    const block = await call(ctx, { method: "PATCH", url: `/api/v1/members/${memberId}`, auth: a.owner, body: { status: "blocked" } });
    expect(block.statusCode, block.body).toBe(200);
    expect((await portal(a, "GET", "/session", undefined, { auth: sessionFrom(res) })).statusCode).toBe(401);
    const login = await portal(a, "POST", "/login", { email, password: MEMBER_PASSWORD });
    expect(login.statusCode).toBe(422);
    expect(login.data.error.code).toBe("member_blocked");
    expect((await portal(a, "POST", "/login", { email, password: "wrong-password" })).statusCode).toBe(401);
    expect((await portal(a, "POST", "/activate", { identifier: email })).statusCode).toBe(202);
    const { code } = await lastMail(email);
    const activate = await portal(a, "POST", "/activate/confirm", { identifier: email, code, password: NEW_PASSWORD });
    expect(activate.statusCode).toBe(422);
    expect(activate.data.error.code).toBe("member_blocked");
    expect((await portal(a, "POST", "/login/code", { email })).statusCode).toBe(202);
    const byCode = await portal(a, "POST", "/login/code/verify", { email, code: (await lastMail(email)).code });
    expect(byCode.data.error.code).toBe("member_blocked");
    // No session was opened: only the sign-up's is there, which the block made unusable.
    expect(await countRows(ctx.db, "member_sessions", "company_id = $1 and member_id = $2", [a.companyId, memberId])).toBe(1);
  });
});

describe("rate limits", () => {
  it("refuses with 429 and Retry-After when sign-in failures or codes sent reach the limits", async () => {
    const config = testConfig({
      MEMBER_AUTH_FAILURES_PER_IDENTIFIER: "3",
      MEMBER_AUTH_CODES_PER_IDENTIFIER: "2",
      MEMBER_AUTH_FAILURES_PER_ADDRESS: "50",
    });
    const app = await buildApp({ config, db: ctx.db });
    await app.ready();
    const limited: TestContext = { app, db: ctx.db, config, close: () => app.close() };
    try {
      const { email } = await signUpVerified(a);
      const post = (path: string, body: unknown, ip = "10.1.1.1") =>
        call(limited, { method: "POST", url: `/api/v1/portal/${a.slug}${path}`, body, ip });
      for (let i = 0; i < 3; i++) expect((await post("/login", { email, password: "wrong-password" })).statusCode).toBe(401);
      const refused = await post("/login", { email, password: MEMBER_PASSWORD });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers["retry-after"])).toBeGreaterThan(0);
      // Another address's failures are its own.
      const other = await signUpVerified(a);
      expect((await post("/login", { email: other.email, password: MEMBER_PASSWORD })).statusCode).toBe(200);

      const codes = newEmail("rlc");
      await createMemberVia(ctx, a.owner, { email: codes });
      expect((await post("/login/code", { email: codes })).statusCode).toBe(202);
      expect((await post("/login/code", { email: codes })).statusCode).toBe(202);
      const third = await post("/login/code", { email: codes });
      expect(third.statusCode).toBe(429);
      expect(third.headers["retry-after"]).toBeDefined();
      // Wrong codes count as failures too.
      const fresh = newEmail("rl");
      await createMemberVia(ctx, a.owner, { email: fresh });
      for (let i = 0; i < 3; i++) await post("/login/code/verify", { email: fresh, code: "000000" });
      expect((await post("/login/code/verify", { email: fresh, code: "000000" })).statusCode).toBe(429);
    } finally {
      await limited.close();
    }
  });
});
