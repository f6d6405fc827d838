import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, countRows, startTestApp, type TestContext } from "./harness.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp({ empty: true });
});
afterAll(() => ctx.close());

const good = {
  company: { name: "Kawiarnia Żółta", currency: "PLN", timeZone: "Europe/Warsaw", language: "pl" },
  owner: { email: "owner@zolta.example", name: "Zofia Żółta", password: "very-long-password" },
};

describe("first-run setup", () => {
  it("reports that setup is needed on an empty installation", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/setup" });
    expect(res.data).toEqual({ needsSetup: true });
  });

  it.each([
    ["company.name", { ...good, company: { ...good.company, name: "" } }, "is required"],
    ["company.currency", { ...good, company: { ...good.company, currency: "XYZ" } }, "ISO 4217"],
    ["company.timeZone", { ...good, company: { ...good.company, timeZone: "Mars/Olympus" } }, "IANA time zone"],
    ["company.language", { ...good, company: { ...good.company, language: "de" } }, ""],
    ["company.slug", { ...good, company: { ...good.company, slug: "Not A Slug" } }, "lowercase"],
    ["owner.email", { ...good, owner: { ...good.owner, email: "not-an-email" } }, "e-mail"],
    ["owner.name", { ...good, owner: { ...good.owner, name: " " } }, "is required"],
    ["owner.password", { ...good, owner: { ...good.owner, password: "short" } }, "at least 10"],
    ["owner.password", { ...good, owner: { ...good.owner, password: "x".repeat(257) } }, "at most 256"],
    ["owner.password", { ...good, owner: { ...good.owner, password: "1q2w3e4r5t6y" } }, "most common passwords"],
    ["owner.password", { ...good, owner: { ...good.owner, password: "zofia-secret-99" } }, "e-mail address or name"],
    ["owner.password", { ...good, owner: { ...good.owner, password: "owner@zolta.example!" } }, "e-mail address or name"],
  ])("refuses a bad %s and writes nothing", async (path, body, message) => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/setup", body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.code).toBe("validation_failed");
    const detail = res.data.error.details.find((d: { path: string }) => d.path === path);
    expect(detail, JSON.stringify(res.data)).toBeDefined();
    expect(detail.message).toContain(message);
    expect(await countRows(ctx.db, "companies")).toBe(0);
    expect(await countRows(ctx.db, "staff_accounts")).toBe(0);
  });

  it("creates the first company and its owner (an operator), signed in", async () => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/setup", body: good });
    expect(res.statusCode).toBe(201);
    expect(String(res.headers["set-cookie"])).toMatch(/regulars_session=.+HttpOnly; SameSite=Lax/);
    expect(res.data.staff).toMatchObject({ email: "owner@zolta.example", isOperator: true });
    expect(res.data.memberships[0]).toMatchObject({
      role: "owner",
      company: { name: "Kawiarnia Żółta", slug: expect.stringMatching(/^kawiarnia-zolta-/) },
    });
    const cookie = String(res.headers["set-cookie"]).split(";")[0];
    const company = await ctx.app.inject({ method: "GET", url: "/api/v1/company", headers: { cookie } });
    expect(JSON.parse(company.body)).toMatchObject({ currency: "PLN", timeZone: "Europe/Warsaw", language: "pl" });
    expect(await countRows(ctx.db, "audit_log", "action = 'company.created'")).toBe(1);
    expect(await countRows(ctx.db, "events", "type = 'company.created'")).toBe(1);
  });

  it("refuses a second setup and leaves the first one alone", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/setup",
      body: { ...good, owner: { ...good.owner, email: "intruder@example.com" } },
    });
    expect(res.statusCode).toBe(409);
    expect(res.data.error.code).toBe("setup_already_done");
    expect(await countRows(ctx.db, "staff_accounts")).toBe(1);
    expect((await call(ctx, { method: "GET", url: "/api/v1/setup" })).data).toEqual({ needsSetup: false });
  });
});

describe("concurrent first-run setup", () => {
  let fresh: TestContext;
  beforeAll(async () => {
    fresh = await startTestApp({ empty: true });
  });
  afterAll(() => fresh.close());

  it("lets exactly one of ten simultaneous setups win", async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call(fresh, { method: "POST", url: "/api/v1/setup", body: { ...good, owner: { ...good.owner, email: `o${i}@example.com` } } }),
      ),
    );
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(results.filter((r) => r.statusCode === 409)).toHaveLength(9);
    expect(await countRows(fresh.db, "staff_accounts")).toBe(1);
    expect(await countRows(fresh.db, "companies")).toBe(1);
  });
});
