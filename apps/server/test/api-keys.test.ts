import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createApiKeyVia, createTestCompany, startTestApp, type TestCompany, type TestContext } from "./harness.js";

let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

describe("API keys", () => {
  it("shows the secret once, stores only its hash, and lists the key without it", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/api-keys",
      auth: a.owner,
      body: { name: "E-shop", scopes: ["locations.read", "company.read"] },
    });
    expect(res.statusCode).toBe(201);
    expect(res.data.secret).toMatch(/^rgl_[A-Za-z0-9_-]{40,}$/);
    const stored = await ctx.db.query<{ secret_hash: string }>("select secret_hash from api_keys where id = $1", [res.data.apiKey.id]);
    expect(stored[0]?.secret_hash).not.toContain(res.data.secret);
    const list = await call(ctx, { method: "GET", url: "/api/v1/api-keys", auth: a.owner });
    expect(list.body).not.toContain(res.data.secret);
    expect(list.data.data[0]).toMatchObject({ name: "E-shop", prefix: res.data.secret.slice(0, 10), lastUsedAt: null });
  });

  it("authenticates with Bearer, records the last use, and stops working once revoked", async () => {
    const key = await createApiKeyVia(ctx, a.owner, ["company.read"]);
    const res = await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } });
    expect(res.statusCode).toBe(200);
    expect(res.data.id).toBe(a.companyId);
    const listed = await call(ctx, { method: "GET", url: "/api/v1/api-keys", auth: a.owner });
    expect(listed.data.data.find((k: { id: string }) => k.id === key.id).lastUsedAt).not.toBeNull();
    const revoked = await call(ctx, { method: "DELETE", url: `/api/v1/api-keys/${key.id}`, auth: a.owner });
    expect(revoked.data.revokedAt).not.toBeNull();
    const again = await call(ctx, { method: "DELETE", url: `/api/v1/api-keys/${key.id}`, auth: a.owner });
    expect(again.data.revokedAt).toBe(revoked.data.revokedAt);
    const after = await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } });
    expect(after.statusCode).toBe(401);
  });

  it("refuses unknown secrets, scopes beyond the key, and staff-only endpoints", async () => {
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: "rgl_made-up" } })).statusCode).toBe(401);
    const key = await createApiKeyVia(ctx, a.owner, ["locations.read"]);
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).statusCode).toBe(403);
    expect((await call(ctx, { method: "GET", url: "/api/v1/auth/session", auth: { apiKey: key.secret } })).statusCode).toBe(403);
    expect((await call(ctx, { method: "GET", url: "/api/v1/api-keys", auth: { apiKey: key.secret } })).statusCode).toBe(403);
  });

  it.each([
    ["name", { name: "", scopes: ["company.read"] }],
    ["scopes", { name: "k", scopes: [] }],
    ["scopes.0", { name: "k", scopes: ["staff.write"] }],
    ["scopes.0", { name: "k", scopes: ["everything"] }],
  ])("refuses a bad %s", async (path, body) => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/api-keys", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it("keeps keys per company: another company can neither see nor revoke them", async () => {
    const b = await createTestCompany(ctx);
    const key = await createApiKeyVia(ctx, a.owner, ["company.read"]);
    const list = await call(ctx, { method: "GET", url: "/api/v1/api-keys", auth: b.owner });
    expect(list.data.data.map((k: { id: string }) => k.id)).not.toContain(key.id);
    expect((await call(ctx, { method: "DELETE", url: `/api/v1/api-keys/${key.id}`, auth: b.owner })).statusCode).toBe(404);
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: { apiKey: key.secret } })).data.id).toBe(a.companyId);
  });
});
