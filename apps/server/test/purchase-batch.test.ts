import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BATCH_GROUP_SIZE } from "../src/modules/purchases/record-purchase-batch.js";
import {
  call,
  countRows,
  createApiKeyVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  pln,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
let programId: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 100, rounding: "down" });
  const gold = await call(ctx, {
    method: "POST",
    url: `/api/v1/programs/${programId}/tiers`,
    auth: a.owner,
    body: { name: "Gold", threshold: 100, multiplierBp: 20_000 },
  });
  expect(gold.statusCode, gold.body).toBe(201);
});
afterAll(() => ctx.close());

const batch = (purchases: unknown[], auth = a.owner as Parameters<typeof call>[1]["auth"]) =>
  call(ctx, { method: "POST", url: "/api/v1/purchases/batch", auth, body: { purchases } });

async function available(memberId: string): Promise<number> {
  const res = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/balances?programId=${programId}`, auth: a.owner });
  return res.data.data[0]?.available ?? 0;
}

const receiptsIn = (receipts: string[]) => countRows(ctx.db, "purchases", "receipt_number = any($1)", [receipts]);

describe("POST /api/v1/purchases/batch", () => {
  it("records each purchase on its own: refused ones come back with their error, the rest are written", async () => {
    const ann = await createMemberVia(ctx, a.owner);
    const bob = await createMemberVia(ctx, a.owner);
    const blocked = await createMemberVia(ctx, a.owner);
    const res0 = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${blocked.id}`,
      auth: a.owner,
      body: { status: "blocked", blockedReason: "test" },
    });
    expect(res0.statusCode, res0.body).toBe(200);
    const earlier = unique("R-");
    const first = await batch([{ programId, memberId: ann.id, receiptNumber: earlier, amount: pln(1_000) }]);
    expect(first.data).toMatchObject({ created: 1, replayed: 0, failed: 0 });

    const r = Array.from({ length: 7 }, () => unique("R-"));
    const res = await batch([
      { programId, memberId: ann.id, receiptNumber: r[0], amount: pln(5_000) },
      { programId, cardNumber: bob.cardNumber.toLowerCase(), receiptNumber: r[1], amount: pln(2_550) },
      { programId, cardNumber: "NO-SUCH-CARD", receiptNumber: r[2], amount: pln(1_000) },
      { programId, memberId: blocked.id, receiptNumber: r[3], amount: pln(1_000) },
      { programId, memberId: ann.id, receiptNumber: earlier, amount: pln(1_000) },
      { programId, memberId: bob.id, receiptNumber: earlier, amount: pln(9_999) },
      { programId, memberId: ann.id, receiptNumber: r[4], amount: pln(1_000), occurredAt: "2099-01-01T00:00:00Z" },
    ]);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({ created: 2, replayed: 1, failed: 4 });
    const byIndex = res.data.results;
    expect(byIndex.map((x: { status: string }) => x.status)).toEqual([
      "created",
      "created",
      "failed",
      "failed",
      "replayed",
      "failed",
      "failed",
    ]);
    expect(byIndex[0]).toMatchObject({ receiptNumber: r[0], memberId: ann.id, points: 50, error: null });
    expect(byIndex[1]).toMatchObject({ memberId: bob.id, points: 25 });
    expect(byIndex[2].error).toMatchObject({ code: "not_found", details: [{ path: "purchases.2.cardNumber" }] });
    expect(byIndex[3].error.code).toBe("member_blocked");
    expect(byIndex[4]).toMatchObject({ purchaseId: first.data.results[0].purchaseId, points: 10 });
    expect(byIndex[5].error).toMatchObject({ code: "conflict", details: [{ path: "purchases.5.receiptNumber" }] });
    expect(byIndex[6].error).toMatchObject({ code: "validation_failed", details: [{ path: "purchases.6.occurredAt" }] });

    // Exactly what single purchases would have written, and nothing for the refused ones.
    expect(await available(ann.id)).toBe(10 + 50);
    expect(await available(bob.id)).toBe(25);
    expect(await available(blocked.id)).toBe(0);
    expect(await receiptsIn([r[2], r[3], r[4]] as string[])).toBe(0);
    expect(await countRows(ctx.db, "purchases", "receipt_number = $1", [earlier])).toBe(1);
  });

  it("keeps a member's receipts in order across groups: the tier reached by one multiplies the next", async () => {
    const ann = await createMemberVia(ctx, a.owner);
    const others = await Promise.all(Array.from({ length: 3 }, () => createMemberVia(ctx, a.owner)));
    // Ann's three receipts are spread over the batch between other members' receipts.
    const purchases = [];
    for (let i = 0; i < BATCH_GROUP_SIZE + 10; i++) {
      const member = i % 12 === 0 ? ann : (others[i % 3] as { id: string });
      purchases.push({ programId, memberId: member.id, receiptNumber: unique("O-"), amount: pln(10_000) });
    }
    const res = await batch(purchases);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data.failed).toBe(0);
    const annPoints = res.data.results.filter((x: { memberId: string }) => x.memberId === ann.id).map((x: { points: number }) => x.points);
    expect(annPoints).toEqual([100, 200, 200]); // the first reaches Gold (100), the next earn ×2
    expect(await available(ann.id)).toBe(500);
  });

  it("redoes a group with a refused receipt one by one, so the refusal changes nothing else", async () => {
    const members = await Promise.all(Array.from({ length: 4 }, () => createMemberVia(ctx, a.owner)));
    const purchases: Record<string, unknown>[] = Array.from({ length: BATCH_GROUP_SIZE + 5 }, (_, i) => ({
      programId,
      memberId: (members[i % 4] as { id: string }).id,
      receiptNumber: unique("G-"),
      amount: pln(1_000),
    }));
    purchases[7] = { ...purchases[7], programId: "prg_missing" };
    const res = await batch(purchases);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({ created: BATCH_GROUP_SIZE + 4, failed: 1 });
    expect(res.data.results[7].error).toMatchObject({ code: "not_found", details: [{ path: "purchases.7" }] });
    const receipts = purchases.map((p) => p.receiptNumber as string);
    expect(await receiptsIn(receipts)).toBe(BATCH_GROUP_SIZE + 4);
    const total = (await Promise.all(members.map((m) => available(m.id)))).reduce((x, y) => x + y, 0);
    expect(total).toBe((BATCH_GROUP_SIZE + 4) * 10);
  });

  it("records two concurrent batches naming the same members in opposite orders, each point once", async () => {
    const members = await Promise.all(Array.from({ length: 6 }, () => createMemberVia(ctx, a.owner)));
    const make = (list: { id: string }[]) =>
      list.flatMap((m) => [1, 2].map(() => ({ programId, memberId: m.id, receiptNumber: unique("D-"), amount: pln(500) })));
    const [one, two] = await Promise.all([batch(make(members)), batch(make([...members].reverse()))]);
    expect(one.statusCode, one.body).toBe(200);
    expect(two.statusCode, two.body).toBe(200);
    expect(one.data.created + two.data.created).toBe(24);
    for (const m of members) expect(await available(m.id)).toBe(20);
  });

  it("refuses an invalid body whole (400 naming the field) and writes nothing", async () => {
    const m = await createMemberVia(ctx, a.owner);
    const good = { programId, memberId: m.id, receiptNumber: unique("V-"), amount: pln(1_000) };
    const before = await countRows(ctx.db, "purchases", "company_id = $1", [a.companyId]);
    const bad = await batch([good, { ...good, receiptNumber: unique("V-"), amount: pln(-5) }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.data.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: "purchases.1.amount.amount" })]));
    const empty = await batch([]);
    expect(empty.statusCode).toBe(400);
    expect(empty.data.error.details[0].path).toBe("purchases");
    const tooMany = await batch(Array.from({ length: 101 }, () => ({ ...good, receiptNumber: unique("V-") })));
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.data.error.details[0]).toMatchObject({ path: "purchases", message: expect.stringContaining("at most 100") });
    expect(await countRows(ctx.db, "purchases", "company_id = $1", [a.companyId])).toBe(before);
  });

  it("never records a purchase for another company's member, program or key", async () => {
    const b = await createTestCompany(ctx);
    const bKey = await createApiKeyVia(ctx, b.owner, ["purchases.write"]);
    const m = await createMemberVia(ctx, a.owner);
    const receipt = unique("T-");
    const res = await batch([{ programId, memberId: m.id, receiptNumber: receipt, amount: pln(1_000) }], { apiKey: bKey.secret });
    expect(res.statusCode).toBe(200);
    expect(res.data.results[0]).toMatchObject({ status: "failed", error: { code: "not_found" } });
    expect(res.data.results[0].memberId).toBeNull();
    expect(await receiptsIn([receipt])).toBe(0);
    const readOnly = await createApiKeyVia(ctx, a.owner, ["purchases.read"]);
    const refused = await batch([{ programId, memberId: m.id, receiptNumber: receipt, amount: pln(1_000) }], {
      apiKey: readOnly.secret,
    });
    expect(refused.statusCode).toBe(403);
    expect(await receiptsIn([receipt])).toBe(0);
  });
});
