import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStaff,
  call,
  countRows,
  createLocationVia,
  createTestCompany,
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

// Adding staff is by invitation: invitations.test.ts.

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
    const owner = await call(ctx, {
      method: "POST",
      url: "/api/v1/staff/invitations",
      auth: admin.auth,
      body: { email: `${unique()}@example.com`, role: "owner" },
    });
    expect(owner.statusCode).toBe(403);
    const manager = await addStaff(ctx, a, "branch_manager", { locationIds: [await createLocationVia(ctx, a.owner)] });
    const grant = await call(ctx, {
      method: "POST",
      url: "/api/v1/staff/invitations",
      auth: admin.auth,
      body: { email: `${unique()}@example.com`, role: "cashier" },
    });
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
