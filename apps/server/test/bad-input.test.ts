import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  pln,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

/** Careless and hostile input the API once mishandled (issue 20, "Bad input"): each a 4xx naming the field, nothing written. */
let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;
let programId = "";
let memberId = "";
let rewardId = "";

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner);
  memberId = (await createMemberVia(ctx, a.owner)).id;
  const reward = await call(ctx, {
    method: "POST",
    url: "/api/v1/rewards",
    auth: a.owner,
    body: { programId, namePl: unique("Nagroda "), kind: "physical", pointsPrice: 100 },
  });
  rewardId = reward.data.id;
});
afterAll(() => ctx.close());

const purchase = (extra: Record<string, unknown> = {}) => ({
  programId,
  memberId,
  receiptNumber: unique("R-"),
  amount: pln(1_000),
  ...extra,
});

const detailsOf = (res: { data: { error: { details: { path: string; code: string }[] } } }) =>
  res.data.error.details.map((d) => `${d.path}:${d.code}`);

describe("control characters", () => {
  it("refuses NUL in a body field, naming the field, and writes nothing", async () => {
    const before = await countRows(ctx.db, "members");
    const res = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { firstName: "Jan\u0000", lastName: "K" } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.data.error.code).toBe("validation_failed");
    expect(detailsOf(res)).toEqual(["firstName:control_characters"]);
    expect(await countRows(ctx.db, "members")).toBe(before);
  });

  it("refuses NUL in an id of a body, a query and a path", async () => {
    const redeem = await call(ctx, { method: "POST", url: "/api/v1/redemptions", auth: a.owner, body: { memberId: "\u0000", rewardId } });
    expect(redeem.statusCode, redeem.body).toBe(400);
    expect(detailsOf(redeem)).toEqual(["memberId:control_characters"]);
    const search = await call(ctx, { method: "GET", url: "/api/v1/members?q=%00", auth: a.owner });
    expect(search.statusCode, search.body).toBe(400);
    expect(detailsOf(search)).toEqual(["query.q:control_characters"]);
    const byId = await call(ctx, { method: "GET", url: "/api/v1/members/mbr_%00", auth: a.owner });
    expect(byId.statusCode, byId.body).toBe(400);
    expect(detailsOf(byId)).toEqual(["params.id:control_characters"]);
  });

  it("refuses other C0 controls in nested fields and keys, allows tab and line breaks", async () => {
    const nested = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: purchase({ items: [{ sku: "A\u001b", quantity: 1, unitPriceMinor: 1_000 }] }),
    });
    expect(nested.statusCode, nested.body).toBe(400);
    expect(detailsOf(nested)).toEqual(["items.0.sku:control_characters"]);
    const key = await call(ctx, { method: "PATCH", url: `/api/v1/members/${memberId}`, auth: a.owner, body: { "notes\u0007": "x" } });
    expect(key.statusCode, key.body).toBe(400);
    expect(detailsOf(key)).toEqual(["notes\\u0007:control_characters"]);
    const lines = await call(ctx, { method: "PATCH", url: `/api/v1/members/${memberId}`, auth: a.owner, body: { notes: "a\tb\r\nc" } });
    expect(lines.statusCode, lines.body).toBe(200);
  });
});

describe("unknown fields", () => {
  it("POST /purchases refuses pointsOverride and a misspelt locationID, naming them, and writes nothing", async () => {
    const before = await countRows(ctx.db, "purchases");
    for (const [field, value] of [
      ["pointsOverride", 999],
      ["locationID", "loc_x"],
    ] as const) {
      const res = await call(ctx, { method: "POST", url: "/api/v1/purchases", auth: a.owner, body: purchase({ [field]: value }) });
      expect(res.statusCode, res.body).toBe(400);
      expect(detailsOf(res)).toEqual([`${field}:unknown_field`]);
    }
    expect(await countRows(ctx.db, "purchases")).toBe(before);
  });

  it("POST /redemptions refuses pointsPrice", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/redemptions",
      auth: a.owner,
      body: { memberId, rewardId, pointsPrice: 1 },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(detailsOf(res)).toEqual(["pointsPrice:unknown_field"]);
  });

  it("every request body of the OpenAPI document refuses unknown fields, nested objects too", () => {
    const spec = ctx.app.swagger() as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: { schemas: Record<string, unknown> };
    };
    const open: string[] = [];
    const walk = (node: unknown, where: string, seen: Set<string>): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => {
          walk(n, `${where}[${i}]`, seen);
        });
        return;
      }
      if (!node || typeof node !== "object") return;
      const o = node as Record<string, unknown>;
      if (typeof o.$ref === "string") {
        const name = o.$ref.split("/").pop() as string;
        if (!seen.has(name)) walk(spec.components.schemas[name], `${where}->${name}`, new Set([...seen, name]));
      }
      if (o.type === "object" && o.properties && o.additionalProperties !== false) open.push(where);
      for (const [k, v] of Object.entries(o)) walk(v, `${where}.${k}`, seen);
    };
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.requestBody) walk(op.requestBody, `${method.toUpperCase()} ${path}`, new Set());
      }
    }
    expect(open).toEqual([]);
  });
});

describe("amounts", () => {
  for (const [sent, code] of [
    [12.345, "whole_minor_units"],
    ["12.345", "invalid_type"],
    [null, "not_null"],
  ] as const) {
    it(`says what is wrong with ${JSON.stringify(sent)} as an amount`, async () => {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/purchases",
        auth: a.owner,
        body: purchase({ amount: { amount: sent, currency: "PLN" } }),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(detailsOf(res)).toEqual([`amount.amount:${code}`]);
    });
  }

  it("says what is wrong on every route that takes an amount (preview, batch, return), never 'required'", async () => {
    const bought = await call(ctx, { method: "POST", url: "/api/v1/purchases", auth: a.owner, body: purchase() });
    expect(bought.statusCode, bought.body).toBe(201);
    for (const sent of [12.345, "12.345", null]) {
      const amount = { amount: sent, currency: "PLN" };
      const calls = [
        { url: "/api/v1/purchases/preview", body: purchase({ amount }), path: "amount.amount" },
        { url: "/api/v1/purchases/batch", body: { purchases: [purchase({ amount })] }, path: "purchases.0.amount.amount" },
        {
          url: `/api/v1/purchases/${bought.data.purchase.id}/returns`,
          body: { returnNumber: unique("Z-"), amount },
          path: "amount.amount",
        },
      ];
      for (const c of calls) {
        const res = await call(ctx, { method: "POST", url: c.url, auth: a.owner, body: c.body });
        expect(res.statusCode, `${c.url} ${res.body}`).toBe(400);
        const found = res.data.error.details.find((d: { path: string }) => d.path === c.path);
        expect(found?.code, `${c.url} ${JSON.stringify(sent)}: ${res.body}`).toMatch(/^(whole_minor_units|invalid_type|not_null)$/);
      }
    }
  });

  it("says a null object is null, not missing", async () => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/purchases", auth: a.owner, body: purchase({ amount: null }) });
    expect(res.statusCode, res.body).toBe(400);
    expect(detailsOf(res)).toEqual(["amount:not_null"]);
  });
});

describe("content types", () => {
  const send = (contentType: string, payload: string) =>
    ctx.app.inject({
      method: "POST",
      url: "/api/v1/members",
      headers: {
        cookie: (a.owner as { cookie: string }).cookie,
        "x-csrf-token": (a.owner as { csrf: string }).csrf,
        "content-type": contentType,
      },
      payload,
    });

  it("answers 415 to a JSON body sent as text/plain, a form or XML, and writes nothing", async () => {
    const before = await countRows(ctx.db, "members");
    for (const [type, payload] of [
      ["text/plain", JSON.stringify({ firstName: "Jan" })],
      ["application/x-www-form-urlencoded", "firstName=Jan"],
      ["application/xml", "<firstName>Jan</firstName>"],
    ]) {
      const res = await send(type as string, payload as string);
      expect(res.statusCode, `${type}: ${res.body}`).toBe(415);
      expect(JSON.parse(res.body).error.code).toBe("unsupported_media_type");
    }
    expect(await countRows(ctx.db, "members")).toBe(before);
  });

  it("still takes JSON with a charset", async () => {
    const res = await send("application/json; charset=utf-8", JSON.stringify({ firstName: "Jan", lastName: unique("K") }));
    expect(res.statusCode, res.body).toBe(201);
  });
});

describe("member routes with another company's or an unknown id", () => {
  it("GET /members/{id}/tier-history answers 404 like every member route", async () => {
    const own = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/tier-history`, auth: a.owner });
    expect(own.statusCode).toBe(200);
    const missing = await call(ctx, { method: "GET", url: "/api/v1/members/mbr_doesnotexist/tier-history", auth: a.owner });
    const foreign = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/tier-history`, auth: b.owner });
    expect(missing.statusCode).toBe(404);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.data.error).toEqual(missing.data.error);
  });
});

describe("voucher code import", () => {
  const importCsv = (pool: string, csv: string) =>
    call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool}/import`, auth: a.owner, body: { csv } });

  it("imports a first code that starts with CODE- and reports every skipped line", async () => {
    const pool = (await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Pool") } })).data.id;
    const tag = unique("").toUpperCase();
    const first = `CODE-${tag}-1`;
    const res = await importCsv(pool, [first, `CODE-${tag}-2`, "", first, ""].join("\n"));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.imported).toBe(2);
    expect(res.data.skipped).toEqual([
      { line: 3, reason: "blank" },
      { line: 4, reason: "duplicate_in_file" },
    ]);
    const codes = await call(ctx, { method: "GET", url: `/api/v1/voucher-pools/${pool}/codes`, auth: a.owner });
    expect(codes.data.data.map((c: { code: string }) => c.code)).toContain(first);
  });

  it("takes a header only by its exact column names, whatever the case and spaces", async () => {
    const pool = (await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: unique("Pool") } })).data.id;
    const code = `KOD-${unique("").toUpperCase()}`;
    const res = await importCsv(pool, ` Code , Expires_At \n${code},2030-01-01`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.imported).toBe(1);
    expect(res.data.skipped).toEqual([{ line: 1, reason: "header" }]);
    const again = await importCsv(pool, `code\n${code}`);
    expect(again.data.skipped).toEqual([
      { line: 1, reason: "header" },
      { line: 2, reason: "already_in_pool" },
    ]);
  });
});
