import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

/** Bad input on every points route: a 4xx naming the field, and nothing written. */
let ctx: TestContext;
let a: TestCompany;
let programId = "";
let memberId = "";
let purchaseId = "";
let tierId = "";

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner);
  memberId = (await createMemberVia(ctx, a.owner)).id;
  const bought = await call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth: a.owner,
    body: {
      programId,
      memberId,
      receiptNumber: unique("R-"),
      amount: { amount: 3_000, currency: "PLN" },
      items: [{ sku: "A", quantity: 2, unitPriceMinor: 1_500 }],
    },
  });
  purchaseId = bought.data.purchase.id;
  tierId = (
    await call(ctx, { method: "POST", url: `/api/v1/programs/${programId}/tiers`, auth: a.owner, body: { name: "Silver", threshold: 500 } })
  ).data.id;
});
afterAll(() => ctx.close());

const cases: [string, () => { method: "POST" | "PATCH" | "PUT" | "GET"; url: string; body?: unknown }, number, string][] = [
  ["tier without a name", () => ({ method: "POST", url: `/api/v1/programs/${programId}/tiers`, body: { threshold: 10 } }), 400, "name"],
  [
    "tier with a negative threshold",
    () => ({ method: "POST", url: `/api/v1/programs/${programId}/tiers`, body: { name: "X", threshold: -1 } }),
    400,
    "threshold",
  ],
  [
    "tier with half a converter",
    () => ({ method: "POST", url: `/api/v1/programs/${programId}/tiers`, body: { name: "X", threshold: 7, converterPoints: 2 } }),
    400,
    "converterAmountMinor",
  ],
  [
    "tier with a discount over 100 %",
    () => ({ method: "PATCH", url: `/api/v1/programs/${programId}/tiers/${tierId}`, body: { discountBp: 10_001 } }),
    400,
    "discountBp",
  ],
  [
    "tier with an unknown field",
    () => ({ method: "PATCH", url: `/api/v1/programs/${programId}/tiers/${tierId}`, body: { rank: 1 } }),
    400,
    "rank",
  ],
  ["enrollment without a program", () => ({ method: "POST", url: `/api/v1/members/${memberId}/enrollments`, body: {} }), 400, "programId"],
  [
    "enrollment in an unknown program",
    () => ({ method: "POST", url: `/api/v1/members/${memberId}/enrollments`, body: { programId: "prg_nope" } }),
    404,
    "",
  ],
  [
    "adjustment of 0 points",
    () => ({ method: "POST", url: `/api/v1/members/${memberId}/adjustments`, body: { programId, points: 0, reason: "none" } }),
    400,
    "points",
  ],
  [
    "adjustment of a fraction",
    () => ({ method: "POST", url: `/api/v1/members/${memberId}/adjustments`, body: { programId, points: 1.5, reason: "half" } }),
    400,
    "points",
  ],
  [
    "adjustment without a reason",
    () => ({ method: "POST", url: `/api/v1/members/${memberId}/adjustments`, body: { programId, points: 5 } }),
    400,
    "reason",
  ],
  [
    "deduction beyond the balance",
    () => ({ method: "POST", url: `/api/v1/members/${memberId}/adjustments`, body: { programId, points: -1_000, reason: "too much" } }),
    422,
    "points",
  ],
  [
    "event of an unknown type",
    () => ({ method: "POST", url: `/api/v1/members/${memberId}/events`, body: { programId, type: "party", key: "k" } }),
    400,
    "type",
  ],
  [
    "event without a key",
    () => ({ method: "POST", url: `/api/v1/members/${memberId}/events`, body: { programId, type: "review_approved" } }),
    400,
    "key",
  ],
  [
    "tier assignment to another program's tier",
    () => ({ method: "PUT", url: `/api/v1/members/${memberId}/programs/${programId}/tier`, body: { tierId: "tir_x", locked: true } }),
    400,
    "tierId",
  ],
  [
    "tier assignment without locked",
    () => ({ method: "PUT", url: `/api/v1/members/${memberId}/programs/${programId}/tier`, body: { tierId: null } }),
    400,
    "locked",
  ],
  [
    "purchase without a receipt number",
    () => ({ method: "POST", url: "/api/v1/purchases", body: { programId, memberId, amount: { amount: 100, currency: "PLN" } } }),
    400,
    "receiptNumber",
  ],
  [
    "purchase with a fractional amount",
    () => ({
      method: "POST",
      url: "/api/v1/purchases",
      body: { programId, memberId, receiptNumber: "F1", amount: { amount: 10.5, currency: "PLN" } },
    }),
    400,
    "amount.amount",
  ],
  [
    "purchase with a negative amount",
    () => ({
      method: "POST",
      url: "/api/v1/purchases",
      body: { programId, memberId, receiptNumber: "F2", amount: { amount: -1, currency: "PLN" } },
    }),
    400,
    "amount.amount",
  ],
  [
    "purchase with a bad currency code",
    () => ({
      method: "POST",
      url: "/api/v1/purchases",
      body: { programId, memberId, receiptNumber: "F3", amount: { amount: 100, currency: "złote" } },
    }),
    400,
    "amount.currency",
  ],
  [
    "purchase with a zero quantity line",
    () => ({
      method: "POST",
      url: "/api/v1/purchases",
      body: {
        programId,
        memberId,
        receiptNumber: "F4",
        amount: { amount: 0, currency: "PLN" },
        items: [{ quantity: 0, unitPriceMinor: 5 }],
      },
    }),
    400,
    "items.0.quantity",
  ],
  [
    "purchase at an unknown location",
    () => ({
      method: "POST",
      url: "/api/v1/purchases",
      body: { programId, memberId, receiptNumber: "F5", amount: { amount: 100, currency: "PLN" }, locationId: "loc_nope" },
    }),
    400,
    "locationId",
  ],
  [
    "purchase with a bad date",
    () => ({
      method: "POST",
      url: "/api/v1/purchases",
      body: { programId, memberId, receiptNumber: "F6", amount: { amount: 100, currency: "PLN" }, occurredAt: "yesterday" },
    }),
    400,
    "occurredAt",
  ],
  [
    "return with both amount and lines",
    () => ({
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      body: { returnNumber: "Z", amount: { amount: 100, currency: "PLN" }, lines: [{ index: 0, quantity: 1 }] },
    }),
    400,
    "amount",
  ],
  [
    "return of a line that does not exist",
    () => ({
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      body: { returnNumber: "Z", lines: [{ index: 3, quantity: 1 }] },
    }),
    400,
    "lines.0.index",
  ],
  [
    "return of more items than bought",
    () => ({
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      body: { returnNumber: "Z", lines: [{ index: 0, quantity: 3 }] },
    }),
    400,
    "lines.0.quantity",
  ],
  [
    "return in another currency",
    () => ({
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      body: { returnNumber: "Z", amount: { amount: 100, currency: "EUR" } },
    }),
    422,
    "amount.currency",
  ],
  [
    "return of a zero amount",
    () => ({
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      body: { returnNumber: "Z", amount: { amount: 0, currency: "PLN" } },
    }),
    400,
    "amount.amount",
  ],
  ["ledger page of 500", () => ({ method: "GET", url: `/api/v1/members/${memberId}/ledger?limit=500` }), 400, "query.limit"],
  ["purchases page of 0", () => ({ method: "GET", url: "/api/v1/purchases?limit=0" }), 400, "query.limit"],
];

/** Rows of this company only: on a shared PostgreSQL other test files write meanwhile. */
async function counts() {
  const count = (table: string) => countRows(ctx.db, table, "company_id = $1", [a.companyId]);
  return {
    entries: await count("ledger_entries"),
    purchases: await count("purchases"),
    returns: await count("purchase_returns"),
    tiers: await count("tiers"),
  };
}

describe("bad input on points routes", () => {
  it.each(cases)("refuses %s", async (_name, request, status, path) => {
    const before = await counts();
    const res = await call(ctx, { ...request(), auth: a.owner });
    expect(res.statusCode, res.body).toBe(status);
    expect(res.data.error.message.length).toBeGreaterThan(0);
    if (path) expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await counts()).toEqual(before);
  });
});
