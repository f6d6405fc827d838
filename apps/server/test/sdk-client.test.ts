import type { AddressInfo } from "node:net";
import { ApiError, createRegularsClient, paginate, type RegularsClient, unwrap } from "@regulars/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// The SDK (packages/sdk) against the real app listening on a loopback port: real HTTP, real
// fetch, an API key. What an integrator's code sees: typed data, ApiError with the field details,
// retryAfterSeconds on a 429.

let ctx: TestContext;
let a: TestCompany;
let baseUrl: string;
let programId: string;

beforeAll(async () => {
  ctx = await startTestApp({ config: { RATE_LIMIT_SYNC_MS: "60000", RATE_LIMIT_WINDOW_SECONDS: "60" } });
  await ctx.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  a = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner);
});
afterAll(() => ctx.close());

async function keyClient(scopes: string[], rateLimitPerMinute?: number): Promise<{ client: RegularsClient; id: string }> {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/api-keys",
    auth: a.owner,
    body: { name: unique("sdk"), scopes, rateLimitPerMinute },
  });
  expect(res.statusCode, res.body).toBe(201);
  return {
    client: createRegularsClient({ baseUrl: `${baseUrl}/`, apiKey: res.data.secret, headers: { "user-agent": "sdk-test" } }),
    id: res.data.apiKey.id,
  };
}

describe("the SDK against a listening app", () => {
  it("records a typed purchase and reads the balance it changed", async () => {
    const { client } = await keyClient(["purchases.write", "members.read"]);
    const member = await createMemberVia(ctx, a.owner);
    const receiptNumber = unique("R-");
    const recorded = await unwrap(
      client.POST("/api/v1/purchases", {
        body: { programId, cardNumber: member.cardNumber, amount: { amount: 12_950, currency: "PLN" }, receiptNumber },
      }),
    );
    expect(recorded.replayed).toBe(false);
    expect(recorded.purchase).toMatchObject({ memberId: member.id, programId, receiptNumber });
    // The same receipt again: nothing written twice.
    const again = await unwrap(
      client.POST("/api/v1/purchases", {
        body: { programId, memberId: member.id, amount: { amount: 12_950, currency: "PLN" }, receiptNumber },
      }),
    );
    expect(again.replayed).toBe(true);
    expect(again.purchase.id).toBe(recorded.purchase.id);
    const balances = await unwrap(
      client.GET("/api/v1/members/{id}/balances", { params: { path: { id: member.id }, query: { programId } } }),
    );
    expect(balances.data).toHaveLength(1);
    expect(balances.data[0]?.available).toBe(recorded.balance?.available);
  });

  it("walks a list page by page with its cursor", async () => {
    const { client } = await keyClient(["members.read", "members.write"]);
    const tag = unique("sdk").toLowerCase();
    const created = new Set<string>();
    for (let i = 0; i < 5; i++) created.add((await createMemberVia(ctx, a.owner, { tags: [tag] })).id);
    const first = await unwrap(client.GET("/api/v1/members", { params: { query: { tag, limit: 2 } } }));
    expect(first.data).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const pages: number[] = [];
    const seen: string[] = [];
    for await (const m of paginate(async (cursor) => {
      const page = await unwrap(client.GET("/api/v1/members", { params: { query: { tag, limit: 2, cursor } } }));
      pages.push(page.data.length);
      return page;
    }))
      seen.push(m.id);
    expect(pages).toEqual([2, 2, 1]);
    expect(new Set(seen)).toEqual(created);
  });

  it("turns a 4xx into an ApiError naming the field, with the request id", async () => {
    const { client } = await keyClient(["purchases.write"]);
    const bad = await client.POST("/api/v1/purchases", {
      body: { programId, cardNumber: "nope", amount: { amount: 100, currency: "pln" } },
    });
    expect(bad.response.status).toBe(400);
    const error = await unwrap(Promise.resolve(bad)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e).toMatchObject({ status: 400, code: "validation_failed", requestId: expect.any(String), retryAfterSeconds: undefined });
    expect(e.details, JSON.stringify(e.details)).toEqual([expect.objectContaining({ path: "amount.currency", code: "currency_capitals" })]);
    expect(e.detailFor("amount.currency")?.message).toBe(e.details[0]?.message);
    // A scope the key lacks: 403 forbidden, no details.
    const forbidden = await unwrap(client.GET("/api/v1/members")).catch((x: unknown) => x);
    expect(forbidden).toMatchObject({ status: 403, code: "forbidden", details: [] });
    // A member that does not exist: 404.
    const missing = await unwrap(
      client.POST("/api/v1/purchases", {
        body: { programId, cardNumber: "0000000000", amount: { amount: 100, currency: "PLN" }, receiptNumber: unique("R-") },
      }),
    ).catch((x: unknown) => x);
    expect(missing).toBeInstanceOf(ApiError);
    expect((missing as ApiError).status).toBeGreaterThanOrEqual(400);
    expect((missing as ApiError).status).toBeLessThan(500);
    expect((missing as ApiError).details.map((d) => d.path)).toContain("cardNumber");
  });

  it("a 429 past the key's own limit carries retryAfterSeconds from Retry-After", async () => {
    const { client } = await keyClient(["company.read"], 2);
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100));
    const first = await client.GET("/api/v1/company");
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get("ratelimit-limit")).toBe("2");
    expect(first.response.headers.get("ratelimit-remaining")).toBe("1");
    await unwrap(client.GET("/api/v1/company"));
    const refused = await unwrap(client.GET("/api/v1/company")).catch((x: unknown) => x);
    expect(refused).toBeInstanceOf(ApiError);
    const e = refused as ApiError;
    expect(e.status).toBe(429);
    expect(e.code).toBe("rate_limited");
    expect(Number.isInteger(e.retryAfterSeconds) && (e.retryAfterSeconds ?? 0) >= 1 && (e.retryAfterSeconds ?? 0) <= 60).toBe(true);
  });
});
