import { describe, expect, it } from "vitest";
import { call, countRows, createMemberVia, createProgramVia, createTestCompany, unique } from "./harness.js";
import {
  a,
  b,
  ctx,
  grantAll,
  lastMail,
  MEMBER_PASSWORD,
  newEmail,
  portal,
  sessionFrom,
  signUpVerified,
  signupBody,
  smtp,
  useIdentityApp,
  withPortal,
} from "./member-identity-suite.js";

// Member sign-up in the portal (issue 21): the form, the 202 that never tells whether an address
// has a card, the verification e-mail through a real SMTP server, and the card it creates.

useIdentityApp();

const staff = (url: string, company = a) => call(ctx, { method: "GET", url: `/api/v1${url}`, auth: company.owner });

describe("the sign-up form", () => {
  it("lists the active consents with their current text and version, and the fields a member fills in", async () => {
    const c = await withPortal(await createTestCompany(ctx), smtp.port);
    const post = (url: string, body: unknown) => call(ctx, { method: "POST", url: `/api/v1${url}`, auth: c.owner, body });
    await post("/custom-fields", { key: "shoe_size", label: "Shoe size", type: "number", required: true });
    await post("/custom-fields", {
      key: "favourite",
      label: "Favourite coffee",
      type: "choice",
      options: ["latte", "flat white"],
      visibleToMember: true,
    });
    await post("/custom-fields", { key: "internal_note", label: "Internal", type: "text" });
    const consents = (await staff("/consents", c)).data.data as { id: string; key: string }[];
    const newsletter = consents[1] as { id: string };
    await call(ctx, { method: "PATCH", url: `/api/v1/consents/${newsletter.id}`, auth: c.owner, body: { text: "Nowa treść zgody" } });

    const res = await portal(c, "GET", "/signup-form");
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.consents).toHaveLength(consents.length);
    expect(res.data.consents.find((x: { id: string }) => x.id === newsletter.id)).toMatchObject({ text: "Nowa treść zgody", version: 2 });
    expect(res.data.customFields.map((f: { key: string }) => f.key).sort()).toEqual(["favourite", "shoe_size"]);
    expect(res.data.customFields.find((f: { key: string }) => f.key === "shoe_size")).toMatchObject({ required: true, type: "number" });
    expect(res.data.languages).toEqual(["pl", "en"]);
    expect(res.data.referral).toBeNull();

    // A required field missing, a hidden one given, a wrong type: each named.
    const body = signupBody(newEmail(), { customFields: { internal_note: "x", favourite: "espresso" } });
    const bad = await portal(c, "POST", "/signup", body);
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details.map((d: { path: string }) => d.path)).toEqual(["customFields.internal_note"]);
    const bad2 = await portal(c, "POST", "/signup", signupBody(newEmail(), { customFields: { favourite: "espresso" } }));
    expect(bad2.data.error.details.map((d: { path: string; code: string }) => `${d.path}:${d.code}`).sort()).toEqual([
      "customFields.favourite:invalid_option",
      "customFields.shoe_size:required",
    ]);
    const email = newEmail();
    const ok = await portal(c, "POST", "/signup", signupBody(email, { customFields: { favourite: "latte", shoe_size: 38 } }));
    expect(ok.statusCode, ok.body).toBe(202);
    const { code } = await lastMail(email);
    const verified = await portal(c, "POST", "/signup/verify", { email, code });
    expect(verified.statusCode, verified.body).toBe(201);
    const card = (await staff(`/members/${verified.data.member.id}`, c)).data;
    expect(card.customFields).toEqual({ favourite: "latte", shoe_size: 38 });
  });

  it("says whether a referral code is a member's; an unknown slug is 404", async () => {
    const referrer = await createMemberVia(ctx, a.owner);
    const code = (await staff(`/members/${referrer.id}`)).data.referralCode;
    expect((await portal(a, "GET", `/signup-form?ref=${code}`)).data.referral).toEqual({ code, valid: true });
    expect((await portal(a, "GET", "/signup-form?ref=NOPE1234")).data.referral).toEqual({ code: "NOPE1234", valid: false });
    expect((await portal({ slug: unique("no-such-") }, "GET", "/signup-form")).statusCode).toBe(404);
  });
});

describe("signing up", () => {
  it("verifies by the e-mailed link: the card is created with consents, referrer, welcome points, language and a session", async () => {
    const programId = await createProgramVia(ctx, a.owner, { welcomePoints: 50 });
    const referrer = await createMemberVia(ctx, a.owner);
    const refCode = (await staff(`/members/${referrer.id}`)).data.referralCode;
    const consents = await grantAll(a);
    const email = newEmail("link");
    const res = await portal(a, "POST", "/signup", {
      ...signupBody(email, { language: "en", phone: "600 100 200", birthday: "1990-05-01" }),
      consents: consents.map((c, i) => ({ ...c, granted: i === 0 })),
      referralCode: refCode,
    });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.data.status).toBe("accepted");
    expect(await countRows(ctx.db, "members", "company_id = $1 and lower(email) = $2", [a.companyId, email])).toBe(0);

    const { mail, code, token } = await lastMail(email);
    expect(mail.headers.subject).toMatch(/^Confirm your e-mail address/);
    expect(code).toMatch(/^\d{6}$/);
    expect(mail.text).toContain(`/p/${a.slug}/verify?token=`);
    expect(token).not.toBeNull();

    const verified = await portal(a, "POST", "/signup/verify", { token });
    expect(verified.statusCode, verified.body).toBe(201);
    expect(String(verified.headers["set-cookie"])).toContain(`Path=/api/v1/portal/${a.slug}`);
    expect(verified.data.member).toMatchObject({ email, firstName: "Ola", language: "en", emailVerified: true });
    const memberId = verified.data.member.id as string;

    const card = (await staff(`/members/${memberId}`)).data;
    expect(card).toMatchObject({ referrerId: referrer.id, language: "en", phone: "+48600100200", birthday: "1990-05-01" });
    expect(card.referrer).toMatchObject({ id: referrer.id });
    const referrals = (await staff(`/members/${referrer.id}/referrals`)).data.data.map((m: { id: string }) => m.id);
    expect(referrals).toContain(memberId);
    const balance = (await staff(`/members/${memberId}/balances?programId=${programId}`)).data.data[0];
    expect(balance.available).toBe(50);
    const history = (await staff(`/members/${memberId}/consents`)).data.history;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ consentId: consents[0]?.consentId, granted: true, source: "portal", version: consents[0]?.version });
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and entity_id = $2 and type = 'member.portal_activated'", [a.companyId, memberId]),
    ).toBe(1);
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and entity_id = $2 and type = 'member.enrolled'", [a.companyId, memberId]),
    ).toBeGreaterThan(0);

    // The session works; the link works once.
    const session = await portal(a, "GET", "/session", undefined, { auth: sessionFrom(verified) });
    expect(session.statusCode).toBe(200);
    expect(session.data.member.cardNumber).toBe(card.cardNumber);
    const again = await portal(a, "POST", "/signup/verify", { token });
    expect(again.statusCode).toBe(400);
    expect(again.data.error.details[0].code).toBe("token_invalid");
  });

  it("verifies by e-mail and code; an unknown referral code is ignored", async () => {
    const { res } = await signUpVerified(a, newEmail("code"), { referralCode: "ZZZZZZZZ" });
    const card = (await staff(`/members/${res.data.member.id}`)).data;
    expect(card.referrerId).toBeNull();
    expect(card.language).toBe("pl");
  });

  it("answers an address that has a card exactly like a new one, and e-mails 'you already have a card'", async () => {
    const email = newEmail("has");
    const member = await createMemberVia(ctx, a.owner, { email });
    const res = await portal(a, "POST", "/signup", signupBody(email));
    const fresh = await portal(a, "POST", "/signup", signupBody(newEmail()));
    expect(res.statusCode).toBe(202);
    expect(res.body).toBe(fresh.body);
    const { mail, code } = await lastMail(email);
    expect(mail.headers.subject).toMatch(/^Masz już kartę/);
    expect(mail.text).toContain(`/p/${a.slug}/sign-in`);
    expect(code).toBe("");
    expect(await countRows(ctx.db, "member_signups", "company_id = $1 and email = $2", [a.companyId, email])).toBe(0);
    expect(await countRows(ctx.db, "members", "company_id = $1 and lower(email) = $2", [a.companyId, email])).toBe(1);
    expect(member.id).toBeTruthy();
  });

  it("refuses bad input naming the field, writing nothing", async () => {
    const consents = await grantAll(a);
    const email = newEmail("bad");
    const cases: [Record<string, unknown>, number, string, string][] = [
      [{ password: "short" }, 400, "password", "too_short"],
      [{ password: "password1234" }, 400, "password", "password_common"],
      [{ password: `${email}x` }, 400, "password", "password_personal"],
      [{ email: "not-an-email" }, 400, "email", "email"],
      [{ language: "de" }, 400, "language", "invalid_option"],
      [{ firstName: "" }, 400, "firstName", "required"],
      [{ birthday: "2999-01-01" }, 400, "birthday", "not_in_future"],
      [{ phone: "abc" }, 400, "phone", "invalid"],
      [{ consents: [{ consentId: "cns_nope", version: 1, granted: true }] }, 400, "consents.0.consentId", "not_company_consent"],
      [{ consents: [{ ...consents[0], version: 99 }] }, 409, "consents.0.version", "consent_version_stale"],
    ];
    for (const [extra, status, path, code] of cases) {
      const res = await portal(a, "POST", "/signup", signupBody(email, extra));
      expect(res.statusCode, `${JSON.stringify(extra)}: ${res.body}`).toBe(status);
      const detail = res.data.error.details.find((d: { path: string }) => d.path === path);
      expect(detail?.code === code || (path === "phone" && detail), `${JSON.stringify(extra)}: ${res.body}`).toBeTruthy();
    }
    expect(await countRows(ctx.db, "member_signups", "company_id = $1 and email = $2", [a.companyId, email])).toBe(0);
    expect(await countRows(ctx.db, "message_deliveries", "company_id = $1 and to_address = $2", [a.companyId, email])).toBe(0);
    expect((await portal(a, "POST", "/signup", "text", {})).statusCode).toBe(415);
  });

  it("refuses the verification when a consent's text changed since the form: 409, no card", async () => {
    const c = await withPortal(await createTestCompany(ctx), smtp.port);
    const consents = await grantAll(c);
    const email = newEmail("stale");
    expect((await portal(c, "POST", "/signup", { ...signupBody(email), consents })).statusCode).toBe(202);
    const { code } = await lastMail(email);
    await call(ctx, { method: "PATCH", url: `/api/v1/consents/${consents[0]?.consentId}`, auth: c.owner, body: { text: "Changed text" } });
    const res = await portal(c, "POST", "/signup/verify", { email, code });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.data.error.details[0]).toMatchObject({ path: "consents.0.version", code: "consent_version_stale" });
    expect(await countRows(ctx.db, "members", "company_id = $1", [c.companyId])).toBe(0);
  });

  it("spends a code after five wrong tries; a newer code replaces the older one", async () => {
    const email = newEmail("tries");
    expect((await portal(a, "POST", "/signup", signupBody(email))).statusCode).toBe(202);
    const first = await lastMail(email);
    expect((await portal(a, "POST", "/signup", signupBody(email))).statusCode).toBe(202);
    const second = await lastMail(email);
    if (first.code !== second.code) {
      const old = await portal(a, "POST", "/signup/verify", { email, code: first.code });
      expect(old.data.error.details[0].code).toBe("code_invalid");
    }
    const wrong = second.code === "000000" ? "111111" : "000000";
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) codes.push((await portal(a, "POST", "/signup/verify", { email, code: wrong })).data.error.details[0].code);
    expect(codes.slice(0, first.code !== second.code ? 3 : 4).every((c) => c === "code_invalid")).toBe(true);
    expect(codes.includes("code_attempts_exceeded")).toBe(true);
    const late = await portal(a, "POST", "/signup/verify", { email, code: second.code });
    expect(late.statusCode).toBe(400);
    expect(late.data.error.details[0].code).toBe("code_invalid");
    // The link of the spent sign-up does not work either; a code of company a does nothing in b.
    expect((await portal(a, "POST", "/signup/verify", { token: second.token })).statusCode).toBe(400);
    const other = newEmail("iso");
    expect((await portal(a, "POST", "/signup", signupBody(other))).statusCode).toBe(202);
    const mail = await lastMail(other);
    expect((await portal(b, "POST", "/signup/verify", { email: other, code: mail.code })).statusCode).toBe(400);
    expect((await portal(b, "POST", "/signup/verify", { token: mail.token })).statusCode).toBe(400);
    expect((await portal(a, "POST", "/signup/verify", { email: other, code: mail.code })).statusCode).toBe(201);
  });

  it("keeps the password of the sign-up", async () => {
    const { email } = await signUpVerified(a);
    const res = await portal(a, "POST", "/login", { email, password: MEMBER_PASSWORD });
    expect(res.statusCode, res.body).toBe(200);
  });
});
