import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStaff,
  type Call,
  call as callApp,
  countRows,
  createLocationVia,
  createTestCompany,
  login,
  PASSWORD,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { startSmtpServer, type TestSmtp } from "./messaging-fixtures.js";
import { reportReliability } from "./reliability.js";

// Staff join by a one-time link sent by e-mail (issue 20, security): the e-mail goes through a real
// SMTP server, the test reads the link out of the received message and accepts it.

let ctx: TestContext;
let smtp: TestSmtp;

// Every answer of the invitation and accept routes, for docs/RELIABILITY.md: refusals are 4xx, never 5xx.
const answers = { requests: 0, ok: 0, refused4xx: 0, errors5xx: 0, acceptRefusals: 0 };
async function call(context: TestContext, c: Call) {
  const res = await callApp(context, c);
  if (/invitations/.test(c.url)) {
    answers.requests++;
    if (res.statusCode >= 500) answers.errors5xx++;
    else if (res.statusCode >= 400) {
      answers.refused4xx++;
      if (c.url.endsWith("/accept")) answers.acceptRefusals++;
    } else answers.ok++;
  }
  return res;
}
let a: TestCompany;
let b: TestCompany;

const NEW_PASSWORD = "linden-kettle-orbit";

beforeAll(async () => {
  ctx = await startTestApp();
  smtp = await startSmtpServer();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  const settings = {
    enabled: false,
    host: "127.0.0.1",
    port: smtp.port,
    security: "none",
    fromName: "Kawiarnia",
    fromEmail: "hello@kawiarnia.example",
  };
  const res = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/email", auth: a.owner, body: settings });
  expect(res.statusCode, res.body).toBe(200);
});
afterAll(async () => {
  const figures = { ...answers, emailsReceived: smtp.messages.length };
  reportReliability("staff-invitations", figures);
  await smtp.close();
  await ctx.close();
});

async function invite(company: TestCompany, body: Record<string, unknown>, auth = company.owner) {
  return call(ctx, { method: "POST", url: "/api/v1/staff/invitations", auth, body });
}

/** Invites a new address of company a and returns the link's token, read from the received e-mail. */
async function invitedByMail(role = "cashier", extra: Record<string, unknown> = {}) {
  const email = `${unique("inv")}@example.com`;
  const before = smtp.messages.length;
  const res = await invite(a, { email, role, ...extra });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.data.email.status).toBe("sent");
  expect(res.data.inviteUrl).toBeNull();
  const mail = (await smtp.waitFor(before + 1))[before];
  expect(mail?.to).toEqual([email]);
  const token = tokenOf(mail?.text ?? "");
  expect(mail?.html).toContain(`/admin/invite/${token}`);
  return { email, token, id: res.data.invitation.id as string };
}

function tokenOf(text: string): string {
  const token = /http:\/\/localhost:3000\/admin\/invite\/([A-Za-z0-9_-]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no invitation link in: ${text}`);
  return token;
}

const accept = (token: string, body: Record<string, unknown>) =>
  call(ctx, { method: "POST", url: `/api/v1/invitations/${token}/accept`, body });

describe("inviting staff by e-mail", () => {
  it("sends a one-time link; accepting it sets name and password, signs in, and the account can sign in again", async () => {
    const loc = await createLocationVia(ctx, a.owner);
    const { email, token, id } = await invitedByMail("branch_manager", { locationIds: [loc] });
    const listed = await call(ctx, { method: "GET", url: "/api/v1/staff/invitations", auth: a.owner });
    expect(listed.data.data.find((i: { id: string }) => i.id === id)).toMatchObject({ email, role: "branch_manager", expired: false });

    const preview = await call(ctx, { method: "GET", url: `/api/v1/invitations/${token}` });
    expect(preview.statusCode).toBe(200);
    expect(preview.data).toMatchObject({ email, existingAccount: false });

    const res = await accept(token, { name: "Ewa Lipa", password: NEW_PASSWORD, language: "en" });
    expect(res.statusCode, res.body).toBe(200);
    expect(String(res.headers["set-cookie"])).toMatch(/regulars_session=.+HttpOnly/);
    expect(res.data).toMatchObject({
      companyId: a.companyId,
      mustChangePassword: false,
      staff: { email, name: "Ewa Lipa", language: "en" },
    });
    expect(res.data.memberships[0]).toMatchObject({ role: "branch_manager", locationIds: [loc] });
    const cookie = String(res.headers["set-cookie"]).split(";")[0] as string;
    const me = await call(ctx, { method: "GET", url: "/api/v1/company", auth: { cookie, csrf: res.data.csrfToken } });
    expect(me.statusCode).toBe(200);

    const again = await login(ctx, email, NEW_PASSWORD);
    expect((await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: again })).data.companyId).toBe(a.companyId);
    expect(await countRows(ctx.db, "audit_log", "company_id = $1 and action = 'staff.invited' and entity_id = $2", [a.companyId, id])).toBe(
      1,
    );
    expect(
      await countRows(ctx.db, "audit_log", "company_id = $1 and action = 'staff.invitation_accepted' and changes->>'invitationId' = $2", [
        a.companyId,
        id,
      ]),
    ).toBe(1);
    // The link's secret is stored only as its hash.
    expect(await countRows(ctx.db, "staff_invitations", "token_hash = $1", [token])).toBe(0);
    const open = await call(ctx, { method: "GET", url: "/api/v1/staff/invitations", auth: a.owner });
    expect(open.data.data.map((i: { id: string }) => i.id)).not.toContain(id);
  });

  it("works once: a second acceptance is refused and changes nothing", async () => {
    const { email, token } = await invitedByMail();
    expect((await accept(token, { name: "Raz", password: NEW_PASSWORD })).statusCode).toBe(200);
    const second = await accept(token, { name: "Dwa", password: "another-long-secret" });
    expect(second.statusCode).toBe(404);
    expect(second.data.error.details[0]).toMatchObject({ path: "token", code: "invitation_invalid" });
    expect(await countRows(ctx.db, "staff_accounts", "lower(email) = lower($1) and name = 'Raz'", [email])).toBe(1);
    expect((await call(ctx, { method: "GET", url: `/api/v1/invitations/${token}` })).statusCode).toBe(404);
  });

  it("refuses an expired link", async () => {
    const { email, token, id } = await invitedByMail();
    await ctx.db.query("update staff_invitations set expires_at = now() - interval '1 second' where company_id = $1 and id = $2", [
      a.companyId,
      id,
    ]);
    expect((await call(ctx, { method: "GET", url: `/api/v1/invitations/${token}` })).statusCode).toBe(404);
    expect((await accept(token, { name: "Late", password: NEW_PASSWORD })).statusCode).toBe(404);
    expect(await countRows(ctx.db, "staff_accounts", "lower(email) = lower($1)", [email])).toBe(0);
    const listed = await call(ctx, { method: "GET", url: "/api/v1/staff/invitations", auth: a.owner });
    expect(listed.data.data.find((i: { id: string }) => i.id === id)).toMatchObject({ expired: true });
  });

  it("refuses a revoked link; resending makes a new link and the old one stops working", async () => {
    const first = await invitedByMail();
    const before = smtp.messages.length;
    const resent = await call(ctx, { method: "POST", url: `/api/v1/staff/invitations/${first.id}/resend`, auth: a.owner });
    expect(resent.statusCode, resent.body).toBe(200);
    const newToken = tokenOf((await smtp.waitFor(before + 1))[before]?.text ?? "");
    expect(newToken).not.toBe(first.token);
    expect((await accept(first.token, { name: "Old", password: NEW_PASSWORD })).statusCode).toBe(404);

    const revoked = await call(ctx, { method: "DELETE", url: `/api/v1/staff/invitations/${first.id}`, auth: a.owner });
    expect(revoked.statusCode).toBe(204);
    expect((await accept(newToken, { name: "New", password: NEW_PASSWORD })).statusCode).toBe(404);
    expect(await countRows(ctx.db, "staff_accounts", "lower(email) = lower($1)", [first.email])).toBe(0);
    const audit = await ctx.db.query<{ action: string }>(
      "select action from audit_log where company_id = $1 and entity_id = $2 order by id",
      [a.companyId, first.id],
    );
    expect(audit.map((r) => r.action)).toEqual(["staff.invited", "staff.invitation_resent", "staff.invitation_revoked"]);
  });

  it("keeps another company's invitations out of reach (list, resend, revoke answer as unknown)", async () => {
    const { id, token } = await invitedByMail();
    const listed = await call(ctx, { method: "GET", url: "/api/v1/staff/invitations", auth: b.owner });
    expect(listed.data.data.map((i: { id: string }) => i.id)).not.toContain(id);
    expect((await call(ctx, { method: "POST", url: `/api/v1/staff/invitations/${id}/resend`, auth: b.owner })).statusCode).toBe(404);
    expect((await call(ctx, { method: "DELETE", url: `/api/v1/staff/invitations/${id}`, auth: b.owner })).statusCode).toBe(404);
    // Accepted, the person belongs to company a only.
    const res = await accept(token, { name: "Only A", password: NEW_PASSWORD });
    expect(res.data.memberships.map((m: { company: { id: string } }) => m.company.id)).toEqual([a.companyId]);
  });

  it("hands the link to the inviter when the company has no e-mail set up", async () => {
    const email = `${unique("nomail")}@example.com`;
    const before = smtp.messages.length;
    const res = await invite(b, { email, role: "analyst" });
    expect(res.statusCode).toBe(201);
    expect(res.data.email).toEqual({ status: "not_configured", response: null });
    const token = tokenOf(res.data.inviteUrl);
    expect(smtp.messages.length).toBe(before);
    expect((await accept(token, { name: "Bez Poczty", password: NEW_PASSWORD })).data.companyId).toBe(b.companyId);
  });

  it("adds an existing account (another company's) only after it signs in with its own password", async () => {
    const person = await addStaff(ctx, b, "analyst");
    const before = smtp.messages.length;
    const res = await invite(a, { email: person.email, role: "marketer" });
    expect(res.statusCode).toBe(201);
    const token = tokenOf((await smtp.waitFor(before + 1))[before]?.text ?? "");
    expect(await countRows(ctx.db, "memberships", "company_id = $1 and staff_id = $2", [a.companyId, person.id])).toBe(0);
    expect((await call(ctx, { method: "GET", url: `/api/v1/invitations/${token}` })).data.existingAccount).toBe(true);

    const wrong = await accept(token, { password: "not-the-password" });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data.error.details[0]).toMatchObject({ path: "password", code: "wrong_password" });
    expect(await countRows(ctx.db, "memberships", "company_id = $1 and staff_id = $2", [a.companyId, person.id])).toBe(0);

    const ok = await accept(token, { password: PASSWORD });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.data.companyId).toBe(a.companyId);
    expect(ok.data.memberships.map((m: { company: { id: string } }) => m.company.id).sort()).toEqual([a.companyId, b.companyId].sort());
    // Its password and name are untouched.
    await login(ctx, person.email, PASSWORD);
  });

  it.each([
    ["too short", "short-pw", "too_short"],
    ["too long", "x".repeat(257), "too_long"],
    ["common", "qwertyuiop", "password_common"],
    ["the e-mail's name", "EMAIL-PART-2026", "password_personal"],
  ])("refuses a %s password naming the field, and the link stays usable", async (_what, password, code) => {
    const { email, token } = await invitedByMail();
    const pw = password.replace("EMAIL-PART", email.split("@")[0] as string);
    const res = await accept(token, { name: "Policy Person", password: pw });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details).toContainEqual(expect.objectContaining({ path: "password", code }));
    expect(await countRows(ctx.db, "staff_accounts", "lower(email) = lower($1)", [email])).toBe(0);
    expect((await accept(token, { name: "Policy Person", password: NEW_PASSWORD })).statusCode).toBe(200);
  });

  it("asks a new person for a name", async () => {
    const { token } = await invitedByMail();
    const res = await accept(token, { password: NEW_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details[0]).toMatchObject({ path: "name", code: "required_new_account" });
  });

  it("refuses inviting a member twice, a second open invitation, and grants the inviter does not hold", async () => {
    const dup = await invite(a, { email: a.ownerEmail, role: "cashier" });
    expect(dup.statusCode).toBe(409);
    expect(dup.data.error.details[0]).toMatchObject({ path: "email", code: "already_member" });
    const { email } = await invitedByMail();
    const second = await invite(a, { email: email.toUpperCase(), role: "cashier" });
    expect(second.statusCode).toBe(409);
    expect(second.data.error.details[0]).toMatchObject({ path: "email", code: "already_invited" });

    const admin = await addStaff(ctx, a, "admin");
    const owner = await invite(a, { email: `${unique()}@example.com`, role: "owner" }, admin.auth);
    expect(owner.statusCode).toBe(403);
    const cashier = await addStaff(ctx, a, "cashier");
    expect((await invite(a, { email: `${unique()}@example.com`, role: "cashier" }, cashier.auth)).statusCode).toBe(403);
  });

  it.each([
    ["email", { email: "not-an-email", role: "cashier" }],
    ["role", { email: "x@example.com", role: "king" }],
    ["permissions.0", { email: "x@example.com", role: "cashier", permissions: ["launch.rockets"] }],
    ["password", { email: "x@example.com", role: "cashier", password: "initial-pass-123" }],
  ])("refuses a bad %s and writes nothing", async (path, body) => {
    const before = await countRows(ctx.db, "staff_invitations", "company_id = $1", [a.companyId]);
    const res = await invite(a, body);
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "staff_invitations", "company_id = $1", [a.companyId])).toBe(before);
  });
});

describe("the invitation routes' answers", () => {
  it("were never a server error", () => {
    expect(answers.requests).toBeGreaterThan(0);
    expect(answers.errors5xx).toBe(0);
  });
});
