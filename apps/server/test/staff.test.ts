import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStaff,
  call,
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

let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const newPerson = (role = "cashier") => ({ email: `${unique()}@example.com`, name: "Jan Kowalski", password: "initial-pass-123", role });

describe("adding staff", () => {
  it("creates an account with a role who can then sign in with role permissions", async () => {
    const body = newPerson("marketer");
    const res = await call(ctx, { method: "POST", url: "/api/v1/staff", auth: a.owner, body });
    expect(res.statusCode).toBe(201);
    expect(res.data).toMatchObject({ email: body.email, role: "marketer", customPermissions: false, locationIds: [] });
    expect(res.data.permissions).toContain("company.read");
    expect(res.data.permissions).not.toContain("company.write");
    const session = await login(ctx, body.email, body.password);
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: session })).statusCode).toBe(200);
    expect((await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: session, body: { name: "x" } })).statusCode).toBe(403);
  });

  it("adds an existing account of another company (agency) without touching its password", async () => {
    const b = await createTestCompany(ctx);
    const res = await call(ctx, { method: "POST", url: "/api/v1/staff", auth: b.owner, body: { email: a.ownerEmail, role: "analyst" } });
    expect(res.statusCode).toBe(201);
    const session = await login(ctx, a.ownerEmail, PASSWORD);
    const me = await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: session });
    expect(me.data.memberships.map((m: { company: { id: string } }) => m.company.id).sort()).toEqual([a.companyId, b.companyId].sort());
  });

  it.each([
    ["email", { ...newPerson(), email: "not-an-email" }],
    ["role", { ...newPerson(), role: "king" }],
    ["password", { ...newPerson(), password: "short" }],
    ["password", { ...newPerson(), password: undefined }],
    ["name", { ...newPerson(), name: undefined }],
    ["locationIds", { ...newPerson(), locationIds: ["loc_unknown"] }],
    ["permissions.0", { ...newPerson(), permissions: ["launch.rockets"] }],
  ])("refuses a bad %s and creates nothing", async (path, body) => {
    const members = await countRows(ctx.db, "memberships", "company_id = $1", [a.companyId]);
    const res = await call(ctx, { method: "POST", url: "/api/v1/staff", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "staff_accounts", "lower(email) = lower($1)", [body.email])).toBe(0);
    expect(await countRows(ctx.db, "memberships", "company_id = $1", [a.companyId])).toBe(members);
  });

  it("refuses adding someone twice", async () => {
    const body = newPerson();
    await call(ctx, { method: "POST", url: "/api/v1/staff", auth: a.owner, body });
    const again = await call(ctx, { method: "POST", url: "/api/v1/staff", auth: a.owner, body });
    expect(again.statusCode).toBe(409);
    expect(again.data.error.details[0].path).toBe("email");
  });

  it("limits a member to chosen locations and adjusts permission switches", async () => {
    const loc = await createLocationVia(ctx, a.owner);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/staff",
      auth: a.owner,
      body: { ...newPerson("cashier"), locationIds: [loc], permissions: ["company.read", "audit.read"] },
    });
    expect(res.data).toMatchObject({ locationIds: [loc], customPermissions: true, permissions: ["company.read", "audit.read"] });
  });
});

describe("changing and removing staff", () => {
  it("changes the role and resets adjusted switches to the role's", async () => {
    const person = await addStaff(ctx, a, "cashier", { permissions: ["company.read"] });
    const res = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/staff/${person.id}`,
      auth: a.owner,
      body: { role: "analyst", permissions: null },
    });
    expect(res.data).toMatchObject({ role: "analyst", customPermissions: false });
    expect(res.data.permissions).toContain("audit.read");
    expect((await call(ctx, { method: "GET", url: "/api/v1/audit-log", auth: person.auth })).statusCode).toBe(200);
  });

  it("keeps an admin from making owners or granting what it lacks", async () => {
    const admin = await addStaff(ctx, a, "admin");
    const owner = await call(ctx, { method: "POST", url: "/api/v1/staff", auth: admin.auth, body: newPerson("owner") });
    expect(owner.statusCode).toBe(403);
    const manager = await addStaff(ctx, a, "branch_manager", { locationIds: [await createLocationVia(ctx, a.owner)] });
    const grant = await call(ctx, { method: "POST", url: "/api/v1/staff", auth: admin.auth, body: { ...newPerson("cashier") } });
    expect(grant.statusCode).toBe(201);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/staff/${a.ownerId}`, auth: admin.auth, body: { role: "cashier" } })).statusCode,
    ).toBe(403);
    expect((await call(ctx, { method: "DELETE", url: `/api/v1/staff/${a.ownerId}`, auth: admin.auth })).statusCode).toBe(403);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/staff/${admin.id}`, auth: admin.auth, body: { role: "owner" } })).statusCode,
    ).toBe(403);
    expect(manager.id).toMatch(/^stf_/);
  });

  it("never leaves a company without an owner", async () => {
    const company = await createTestCompany(ctx);
    const demote = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/staff/${company.ownerId}`,
      auth: company.owner,
      body: { role: "admin" },
    });
    expect(demote.statusCode).toBe(403);
    const second = await addStaff(ctx, company, "owner");
    const removeFirst = await call(ctx, { method: "DELETE", url: `/api/v1/staff/${company.ownerId}`, auth: second.auth });
    expect(removeFirst.statusCode).toBe(204);
    const removeLast = await call(ctx, { method: "PATCH", url: `/api/v1/staff/${second.id}`, auth: second.auth, body: { role: "admin" } });
    expect(removeLast.statusCode).toBe(403);
    expect(await countRows(ctx.db, "memberships", "company_id = $1 and role = 'owner'", [company.companyId])).toBe(1);
  });

  it("removes a member: their session loses the company at once", async () => {
    const person = await addStaff(ctx, a, "analyst");
    expect((await call(ctx, { method: "DELETE", url: `/api/v1/staff/${person.id}`, auth: a.owner })).statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: person.auth })).statusCode).toBe(403);
    expect((await call(ctx, { method: "GET", url: `/api/v1/staff/${person.id}`, auth: a.owner })).statusCode).toBe(404);
  });

  it("refuses removing yourself", async () => {
    const res = await call(ctx, { method: "DELETE", url: `/api/v1/staff/${a.ownerId}`, auth: a.owner });
    expect(res.statusCode).toBe(403);
  });

  it("lists members with search and role filter, and the roles table", async () => {
    const company = await createTestCompany(ctx);
    await addStaff(ctx, company, "cashier");
    await addStaff(ctx, company, "analyst");
    const cashiers = await call(ctx, { method: "GET", url: "/api/v1/staff?role=cashier", auth: company.owner });
    expect(cashiers.data.data.map((s: { role: string }) => s.role)).toEqual(["cashier"]);
    const search = await call(ctx, {
      method: "GET",
      url: `/api/v1/staff?q=${encodeURIComponent(company.ownerEmail.slice(0, 10))}`,
      auth: company.owner,
    });
    expect(search.data.data).toHaveLength(1);
    const roles = await call(ctx, { method: "GET", url: "/api/v1/roles", auth: company.owner });
    expect(roles.data.roles.map((r: { role: string }) => r.role)).toEqual([
      "owner",
      "admin",
      "marketer",
      "branch_manager",
      "cashier",
      "analyst",
    ]);
  });
});
