import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../src/config.js";
import { isCommonPassword, passwordProblems } from "../src/modules/auth/password-policy.js";
import { createStaffAccountCli } from "../src/modules/staff/staff.cli.js";
import {
  call,
  countRows,
  createTestCompany,
  login,
  PASSWORD,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// Issue 20 (security): a password set by the CLI must be changed at the first sign-in, and one
// policy (length, common passwords, not the person's e-mail or name) applies wherever a password is
// set. Setup's refusals are in setup.test.ts, the invitation's in invitations.test.ts.

let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const slugOf = async (companyId: string) =>
  (await ctx.db.query<{ slug: string }>("select slug from companies where id = $1", [companyId]))[0]?.slug as string;

async function cliAccount(password = "given-by-operator-7") {
  const email = `${unique("cli")}@example.com`;
  await createStaffAccountCli({
    db: ctx.db,
    email,
    name: "Cli Person",
    password,
    companySlug: await slugOf(a.companyId),
    role: "admin",
    operator: false,
  });
  return { email, password };
}

describe("a password set by the CLI", () => {
  it("must be changed at the first sign-in: every other call answers 403 until it is", async () => {
    const { email, password } = await cliAccount();
    const auth = await login(ctx, email, password);
    const session = await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth });
    expect(session.statusCode).toBe(200);
    expect(session.data.mustChangePassword).toBe(true);
    for (const [method, url, body] of [
      ["GET", "/api/v1/company", undefined],
      ["GET", "/api/v1/members", undefined],
      ["PATCH", "/api/v1/auth/profile", { name: "Renamed" }],
      ["POST", "/api/v1/auth/switch-company", { companyId: a.companyId }],
      ["POST", "/api/v1/locations", { name: "Nope" }],
    ] as const) {
      const res = await call(ctx, { method, url, auth, body });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.data.error.code).toBe("password_change_required");
    }
    expect(await countRows(ctx.db, "locations", "company_id = $1 and name = 'Nope'", [a.companyId])).toBe(0);

    const same = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/password",
      auth,
      body: { currentPassword: password, newPassword: password },
    });
    expect(same.statusCode).toBe(400);
    expect(same.data.error.details[0]).toMatchObject({ path: "newPassword", code: "password_unchanged" });

    const changed = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/password",
      auth,
      body: { currentPassword: password, newPassword: "my-own-secret-42" },
    });
    expect(changed.statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth })).statusCode).toBe(200);
    expect((await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth })).data.mustChangePassword).toBe(false);
    const fresh = await login(ctx, email, "my-own-secret-42");
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: fresh })).statusCode).toBe(200);
  });

  it("lets a forced account sign out", async () => {
    const { email, password } = await cliAccount();
    const auth = await login(ctx, email, password);
    expect((await call(ctx, { method: "POST", url: "/api/v1/auth/logout", auth })).statusCode).toBe(204);
  });

  it("leaves accounts that chose their own password alone (setup, invitations, the demo)", async () => {
    const session = await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: a.owner });
    expect(session.data.mustChangePassword).toBe(false);
  });

  it.each([
    ["short", "short1", /--password: must be at least 10 characters/],
    ["common", "1234567890", /--password: is one of the most common passwords/],
    ["personal", "cli-person-2026", /--password: must not contain your e-mail address or name/],
  ])("refuses a %s password and creates nothing", async (_what, password, message) => {
    const email = `${unique("cli")}@example.com`;
    const run = createStaffAccountCli({ db: ctx.db, email, name: "Cli Person", password, role: "owner", operator: false });
    await expect(run).rejects.toThrow(ConfigError);
    await expect(run).rejects.toThrow(message);
    expect(await countRows(ctx.db, "staff_accounts", "lower(email) = lower($1)", [email])).toBe(0);
  });
});

describe("changing a password", () => {
  it.each([
    ["too short", "short-pw", "too_short"],
    ["too long", "y".repeat(257), "too_long"],
    ["common", "password123", "password_common"],
    ["the name", "Owner-Test-forever", "password_personal"],
    ["the e-mail", "EMAIL!", "password_personal"],
  ])("refuses a %s new password naming newPassword, and the old one still works", async (_what, newPassword, code) => {
    const c = await createTestCompany(ctx);
    const pw = newPassword === "EMAIL!" ? `${c.ownerEmail}!` : newPassword;
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/password",
      auth: c.owner,
      body: { currentPassword: PASSWORD, newPassword: pw },
    });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details).toContainEqual(expect.objectContaining({ path: "newPassword", code }));
    await login(ctx, c.ownerEmail, PASSWORD);
  });
});

describe("the policy", () => {
  it("knows the common passwords whatever their case, and lets an uncommon long one through", () => {
    expect(isCommonPassword("QwertyUiop")).toBe(true);
    expect(isCommonPassword("1q2w3e4r5t")).toBe(true);
    expect(passwordProblems("password", "lipowa-kawa-o-siodmej", { email: "anna@example.com", name: "Anna Lipa" })).toEqual([]);
    expect(passwordProblems("password", "anna-to-ja-2026", { email: "anna@example.com", name: "Anna Lipa" })[0]?.code).toBe(
      "password_personal",
    );
  });
});
