import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff, call, createTestCompany, login, PASSWORD, startTestApp, type TestCompany, type TestContext, unique } from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
const randomIp = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx, { operator: true });
});
afterAll(() => ctx.close());

describe("sign-in", () => {
  it("refuses a wrong password and an unknown account with the same answer", async () => {
    const ip = randomIp();
    const wrong = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/login",
      body: { email: a.ownerEmail, password: "nope-nope-nope" },
      ip,
    });
    const unknown = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/login",
      body: { email: "nobody@example.com", password: "nope-nope-nope" },
      ip,
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.data.error.message).toBe(unknown.data.error.message);
  });

  it("names missing fields", async () => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/auth/login", body: { email: "" } });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path).sort()).toEqual(["email", "password"]);
  });

  it("sets an httpOnly SameSite session cookie and signs in case-insensitively", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/login",
      body: { email: a.ownerEmail.toUpperCase(), password: PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    expect(String(res.headers["set-cookie"])).toMatch(/HttpOnly/);
    expect(String(res.headers["set-cookie"])).toMatch(/SameSite=Lax/);
    expect(res.data.companyId).toBe(a.companyId);
    expect(res.data.csrfToken).toMatch(/.{20,}/);
  });

  it("throttles an account after five failures, even with the right password then", async () => {
    const staff = await addStaff(ctx, a, "cashier");
    for (let i = 0; i < 5; i++) {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/auth/login",
        body: { email: staff.email, password: "wrong-wrong-wrong" },
        ip: randomIp(),
      });
      expect(res.statusCode).toBe(401);
    }
    const blocked = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/login",
      body: { email: staff.email, password: PASSWORD },
      ip: randomIp(),
    });
    expect(blocked.statusCode).toBe(429);
    expect(blocked.data.error.code).toBe("rate_limited");
    expect(blocked.headers["retry-after"]).toBe("900");
  });

  it("throttles an address that tries many accounts", async () => {
    const ip = randomIp();
    for (let i = 0; i < 30; i++) {
      await call(ctx, { method: "POST", url: "/api/v1/auth/login", body: { email: `${unique()}@example.com`, password: "x" }, ip });
    }
    const res = await call(ctx, { method: "POST", url: "/api/v1/auth/login", body: { email: a.ownerEmail, password: PASSWORD }, ip });
    expect(res.statusCode).toBe(429);
    const elsewhere = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/login",
      body: { email: a.ownerEmail, password: PASSWORD },
      ip: randomIp(),
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it("signs out: the cookie no longer works", async () => {
    const auth = await login(ctx, a.ownerEmail, PASSWORD);
    expect((await call(ctx, { method: "POST", url: "/api/v1/auth/logout", auth })).statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth })).statusCode).toBe(401);
  });
});

describe("password and profile", () => {
  it("changes the password, refusing a wrong current one and a short new one, and ends other sessions", async () => {
    const staff = await addStaff(ctx, a, "analyst");
    const other = await login(ctx, staff.email, PASSWORD);
    const wrong = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/password",
      auth: staff.auth,
      body: { currentPassword: "not-it-at-all", newPassword: "brand-new-password" },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.data.error.details[0].path).toBe("currentPassword");
    const short = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/password",
      auth: staff.auth,
      body: { currentPassword: PASSWORD, newPassword: "short" },
    });
    expect(short.statusCode).toBe(400);
    expect(short.data.error.details[0].path).toBe("newPassword");
    const ok = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/password",
      auth: staff.auth,
      body: { currentPassword: PASSWORD, newPassword: "brand-new-password" },
    });
    expect(ok.statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: other })).statusCode).toBe(401);
    expect((await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: staff.auth })).statusCode).toBe(200);
    await expect(login(ctx, staff.email, "brand-new-password")).resolves.toBeTruthy();
  });

  it("remembers the interface language per account and refuses unknown ones", async () => {
    const staff = await addStaff(ctx, a, "marketer");
    const bad = await call(ctx, { method: "PATCH", url: "/api/v1/auth/profile", auth: staff.auth, body: { language: "de" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details[0].path).toBe("language");
    const ok = await call(ctx, { method: "PATCH", url: "/api/v1/auth/profile", auth: staff.auth, body: { language: "en" } });
    expect(ok.data.staff.language).toBe("en");
    const again = await login(ctx, staff.email, PASSWORD);
    expect((await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: again })).data.staff.language).toBe("en");
  });
});

describe("companies of one account (an agency)", () => {
  it("switches between companies it belongs to and acts for the chosen one only", async () => {
    const second = await call(ctx, { method: "POST", url: "/api/v1/companies", auth: a.owner, body: { name: "Second Brand" } });
    expect(second.statusCode).toBe(201);
    const session = await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: a.owner });
    expect(session.data.memberships.map((m: { company: { id: string } }) => m.company.id)).toContain(second.data.id);
    const switched = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/switch-company",
      auth: a.owner,
      body: { companyId: second.data.id },
    });
    expect(switched.data.companyId).toBe(second.data.id);
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner })).data.name).toBe("Second Brand");
    await call(ctx, { method: "POST", url: "/api/v1/auth/switch-company", auth: a.owner, body: { companyId: a.companyId } });
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner })).data.id).toBe(a.companyId);
  });

  it("refuses switching to a company it does not belong to, like one that does not exist", async () => {
    const b = await createTestCompany(ctx);
    const foreign = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/switch-company",
      auth: a.owner,
      body: { companyId: b.companyId },
    });
    const missing = await call(ctx, {
      method: "POST",
      url: "/api/v1/auth/switch-company",
      auth: a.owner,
      body: { companyId: "cmp_nothing" },
    });
    expect(foreign.statusCode).toBe(403);
    expect(missing.statusCode).toBe(403);
    expect(foreign.data.error.message).toBe(missing.data.error.message);
  });

  it("lets only operators create companies", async () => {
    const b = await createTestCompany(ctx);
    const res = await call(ctx, { method: "POST", url: "/api/v1/companies", auth: b.owner, body: { name: "Nope" } });
    expect(res.statusCode).toBe(403);
  });
});
