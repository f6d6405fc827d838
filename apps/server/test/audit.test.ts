import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStaff,
  call,
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

describe("audit log", () => {
  it("records who did what, from which address, with the request id", async () => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: a.owner, body: { name: "Audited" }, ip: "192.0.2.7" });
    const log = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${res.data.id}`, auth: a.owner });
    expect(log.data.data).toEqual([
      expect.objectContaining({
        actorType: "staff",
        actorId: a.ownerId,
        actorName: "Owner Test",
        ip: "192.0.2.7",
        requestId: res.headers["x-request-id"],
        action: "location.created",
        entityType: "location",
      }),
    ]);
  });

  it("filters by action prefix, entity type, actor and time, and pages", async () => {
    const company = await createTestCompany(ctx);
    const start = new Date().toISOString();
    for (let i = 0; i < 3; i++) await createLocationVia(ctx, company.owner);
    const invited = await call(ctx, {
      method: "POST",
      url: "/api/v1/staff/invitations",
      auth: company.owner,
      body: { email: `${unique("analyst")}@example.com`, role: "analyst" },
    });
    const byPrefix = await call(ctx, { method: "GET", url: "/api/v1/audit-log?action=location", auth: company.owner });
    expect(byPrefix.data.data).toHaveLength(3);
    const byType = await call(ctx, { method: "GET", url: "/api/v1/audit-log?entityType=staff_invitation", auth: company.owner });
    expect(byType.data.data.map((e: { entityId: string }) => e.entityId)).toEqual([invited.data.invitation.id]);
    const byActor = await call(ctx, {
      method: "GET",
      url: `/api/v1/audit-log?actorId=${company.ownerId}&from=${encodeURIComponent(start)}`,
      auth: company.owner,
    });
    expect(byActor.data.data).toHaveLength(4);
    const future = await call(ctx, {
      method: "GET",
      url: `/api/v1/audit-log?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
      auth: company.owner,
    });
    expect(future.data.data).toHaveLength(0);
    const page1 = await call(ctx, { method: "GET", url: "/api/v1/audit-log?limit=2", auth: company.owner });
    const page2 = await call(ctx, { method: "GET", url: `/api/v1/audit-log?limit=2&cursor=${page1.data.nextCursor}`, auth: company.owner });
    expect(page2.data.data[0].id < page1.data.data[1].id).toBe(true);
    const bad = await call(ctx, { method: "GET", url: "/api/v1/audit-log?from=yesterday", auth: company.owner });
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details[0].path).toBe("query.from");
  });

  it("never mixes companies and redacts secrets", async () => {
    const b = await createTestCompany(ctx);
    await createLocationVia(ctx, b.owner, "B's shop");
    const log = await call(ctx, { method: "GET", url: "/api/v1/audit-log?limit=200", auth: a.owner });
    expect(log.body).not.toContain("B's shop");
    expect(log.body).not.toContain(b.companyId);
    const staff = await addStaff(ctx, a, "cashier");
    const entry = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${staff.id}`, auth: a.owner });
    expect(JSON.stringify(entry.data)).not.toContain("correct-horse");
  });
});
