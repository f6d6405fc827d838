import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  balanceVia,
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

// POST /purchases without a receipt number (a counter without a till): the Idempotency-Key header
// stands for it. Receipt numbers sent by integrators: points.test.ts.

let ctx: TestContext;
let a: TestCompany;
let programId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 100, rounding: "down" });
});
afterAll(() => ctx.close());

const buy = (memberId: string, amount: number, key: string | null, extra: Record<string, unknown> = {}) =>
  call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth: a.owner,
    headers: key ? { "idempotency-key": key } : {},
    body: { programId, memberId, amount: pln(amount), ...extra },
  });

describe("POST /api/v1/purchases without a receipt number", () => {
  it("records the purchase with a receipt number generated from the Idempotency-Key", async () => {
    const member = await createMemberVia(ctx, a.owner);
    const res = await buy(member.id, 12_345, unique("counter-"));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.replayed).toBe(false);
    expect(res.data.purchase.receiptNumber).toMatch(/^AUTO-[0-9A-F]{20}$/);
    expect(res.data.purchase.points).toBe(123);
    const listed = await call(ctx, {
      method: "GET",
      url: `/api/v1/purchases?receiptNumber=${res.data.purchase.receiptNumber}`,
      auth: a.owner,
    });
    expect(listed.data.data.map((p: { id: string }) => p.id)).toEqual([res.data.purchase.id]);
  });

  it("replays the same Idempotency-Key: the same purchase, credited once; another key is another purchase", async () => {
    const member = await createMemberVia(ctx, a.owner);
    const key = unique("counter-");
    const first = await buy(member.id, 5_000, key);
    expect(first.statusCode, first.body).toBe(201);
    const again = await buy(member.id, 5_000, key);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.data.replayed).toBe(true);
    expect(again.data.purchase.id).toBe(first.data.purchase.id);
    expect(again.data.purchase.receiptNumber).toBe(first.data.purchase.receiptNumber);
    expect((await balanceVia(ctx, a.owner, member.id, programId)).available).toBe(50);
    expect(await countRows(ctx.db, "purchases", "company_id = $1 and member_id = $2", [a.companyId, member.id])).toBe(1);
    expect(
      await countRows(ctx.db, "ledger_entries", "company_id = $1 and member_id = $2 and cause_type = 'purchase'", [a.companyId, member.id]),
    ).toBe(1);

    // The same key with other content is not the same purchase: a conflict, nothing written.
    const changed = await buy(member.id, 7_000, key);
    expect(changed.statusCode).toBe(409);

    const other = await buy(member.id, 5_000, unique("counter-"));
    expect(other.statusCode, other.body).toBe(201);
    expect(other.data.purchase.id).not.toBe(first.data.purchase.id);
    expect(other.data.purchase.receiptNumber).not.toBe(first.data.purchase.receiptNumber);
    expect((await balanceVia(ctx, a.owner, member.id, programId)).available).toBe(100);
  });

  it("refuses a purchase with neither a receipt number nor an Idempotency-Key: a 400 naming receiptNumber", async () => {
    const member = await createMemberVia(ctx, a.owner);
    const res = await buy(member.id, 1_000, null);
    expect(res.statusCode).toBe(400);
    expect(res.data.error.code).toBe("validation_failed");
    expect(res.data.error.details).toEqual([
      { path: "receiptNumber", code: "required_without_idempotency_key", message: expect.stringContaining("Idempotency-Key") },
    ]);
    expect(await countRows(ctx.db, "purchases", "company_id = $1 and member_id = $2", [a.companyId, member.id])).toBe(0);
  });

  it("keeps the receipt number an integrator sends: the key does not replace it", async () => {
    const member = await createMemberVia(ctx, a.owner);
    const receiptNumber = unique("PAR-");
    const res = await buy(member.id, 1_000, unique("k-"), { receiptNumber });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.purchase.receiptNumber).toBe(receiptNumber);
    // Replayed by its receipt number, whatever the key.
    const again = await buy(member.id, 1_000, unique("k-"), { receiptNumber });
    expect(again.statusCode).toBe(200);
    expect(again.data.purchase.id).toBe(res.data.purchase.id);
  });
});
