import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expireDuePoints } from "../src/modules/ledger/expire-job.js";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import type { ChunkStats } from "../src/platform/chunked-job.js";
import {
  balanceVia,
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  holdLocks,
  onPostgres,
  pln,
  purchaseVia,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
const clock = new TestClock(new Date("2026-03-02T10:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const purchase = (programId: string, memberId: string, amount: number, extra: Record<string, unknown> = {}) =>
  purchaseVia(ctx, a.owner, programId, memberId, amount, extra);
const balanceOf = (memberId: string, programId: string) => balanceVia(ctx, a.owner, memberId, programId);

describe("worked example: 1 point per 1.00 PLN rounded down, Gold ×2", () => {
  let programId: string;
  let memberId: string;
  let receipt: string;

  beforeAll(async () => {
    programId = await createProgramVia(ctx, a.owner, { converterPoints: 1, converterAmountMinor: 100, rounding: "down" });
    const gold = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: a.owner,
      body: { name: "Gold", threshold: 1_000_000, multiplierBp: 20_000, discountBp: 500 },
    });
    memberId = (await createMemberVia(ctx, a.owner)).id;
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    const assigned = await call(ctx, {
      method: "PUT",
      url: `/api/v1/members/${memberId}/programs/${programId}/tier`,
      auth: a.owner,
      body: { tierId: gold.data.id, locked: true },
    });
    expect(assigned.statusCode).toBe(204);
  });

  it("earns 246 points for a 123.45 PLN purchase by a Gold member", async () => {
    receipt = unique("R-");
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId, receiptNumber: receipt, amount: pln(12_345) },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.purchase.points).toBe(246);
    expect(res.data.replayed).toBe(false);
    expect(res.data.balance).toMatchObject({ available: 246, tier: { name: "Gold", discountBp: 500 } });
  });

  it("earns nothing for the same receipt again, and writes nothing", async () => {
    const entries = await countRows(ctx.db, "ledger_entries", "member_id = $1", [memberId]);
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId, receiptNumber: receipt, amount: pln(12_345) },
    });
    expect(res.statusCode).toBe(200);
    expect(res.data.replayed).toBe(true);
    expect(res.data.purchase.points).toBe(246);
    expect(await countRows(ctx.db, "ledger_entries", "member_id = $1", [memberId])).toBe(entries);
    expect((await balanceOf(memberId, programId)).available).toBe(246);
  });

  it("refuses the same receipt number with different content (409)", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId, receiptNumber: receipt, amount: pln(99_999) },
    });
    expect(res.statusCode).toBe(409);
    expect(res.data.error.details[0].path).toBe("receiptNumber");
  });

  it("takes back 100 points for a 50.00 PLN partial return, then the rest on the full return", async () => {
    const purchaseId = (await call(ctx, { method: "GET", url: `/api/v1/purchases?receiptNumber=${receipt}`, auth: a.owner })).data.data[0]
      .id;
    const partial = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      auth: a.owner,
      body: { returnNumber: "Z-1", amount: pln(5_000) },
    });
    expect(partial.statusCode, partial.body).toBe(201);
    expect(partial.data.return.points).toBe(100);
    expect(partial.data.balance.available).toBe(146);
    const replay = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      auth: a.owner,
      body: { returnNumber: "Z-1", amount: pln(5_000) },
    });
    expect(replay.statusCode).toBe(200);
    expect(replay.data.balance.available).toBe(146);
    const tooMuch = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      auth: a.owner,
      body: { returnNumber: "Z-2", amount: pln(8_000) },
    });
    expect(tooMuch.statusCode).toBe(422);
    const rest = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${purchaseId}/returns`,
      auth: a.owner,
      body: { returnNumber: "Z-3", amount: pln(7_345) },
    });
    expect(rest.data.return.points).toBe(146);
    expect(rest.data.balance.available).toBe(0);
    expect(rest.data.purchase).toMatchObject({ pointsReturned: 246, refunded: pln(12_345) });
  });
});

describe("pending points", () => {
  it("are not spendable on day 13 of a 14-day window and are on day 14", async () => {
    clock.set("2026-03-02T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { pendingDays: 14 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    expect((await purchase(programId, memberId, 10_000)).data.purchase.points).toBe(100);
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, pending: 100 });
    clock.set("2026-03-15T10:00:00Z");
    const early = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/adjustments`,
      auth: a.owner,
      body: { programId, points: -50, reason: "test spend" },
    });
    expect(early.statusCode).toBe(422);
    expect(early.data.error.code).toBe("insufficient_points");
    clock.set("2026-03-16T10:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 100, pending: 0 });
    const onTime = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/adjustments`,
      auth: a.owner,
      body: { programId, points: -50, reason: "test spend" },
    });
    expect(onTime.statusCode).toBe(201);
    expect((await balanceOf(memberId, programId)).available).toBe(50);
  });
});

describe("balances summed from the open lots at the moment of the read", () => {
  it("move pending points to available, into the expiring-soon window and out at expiry, as time alone passes", async () => {
    clock.set("2026-04-01T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { pendingDays: 14, expiryPolicy: "days", expiryValue: 60 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await purchase(programId, memberId, 10_000);
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, pending: 100, expiringSoon: 0 });
    // A lot changed behind the ledger's back is seen by the next read, and verify-balances names it.
    await ctx.db.query("update point_lots set remaining = remaining - 1 where company_id = $1 and member_id = $2", [a.companyId, memberId]);
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, pending: 99 });
    const fields = (await verifyBalances(ctx.db, a.companyId)).filter((m) => m.memberId === memberId).map((m) => m.field);
    expect(fields).toEqual(["lots - debt"]);
    await ctx.db.query("update point_lots set remaining = remaining + 1 where company_id = $1 and member_id = $2", [a.companyId, memberId]);
    // The moment the lot becomes available; then it enters the 30-day (720-hour) window.
    clock.set("2026-04-15T09:59:59Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, pending: 100 });
    clock.set("2026-04-15T10:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 100, pending: 0, expiringSoon: 0 });
    clock.set("2026-05-01T10:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 100, expiringSoon: 100 });
    // A spend; a reader whose clock is behind the spend still sees it (the ledger has no future).
    await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/adjustments`,
      auth: a.owner,
      body: { programId, points: -30, reason: "spend" },
    });
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 70, expiringSoon: 70 });
    clock.set("2026-04-20T10:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 70, expiringSoon: 0 });
    // Expiry.
    await expireDuePoints(ctx.db, new Date("2026-05-31T10:00:00Z"));
    clock.set("2026-05-31T10:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, expired: 70, expiringSoon: 0, nextExpiryAt: null });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });
});

describe("expiry", () => {
  it("expires points earned on 2026-01-15 with end-of-year expiry after 2026-12-31 in Europe/Warsaw", async () => {
    clock.set("2026-01-15T12:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { expiryPolicy: "end_of_year" });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const res = await purchase(programId, memberId, 20_000);
    const entry = (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/ledger`, auth: a.owner })).data.data[0];
    expect(entry.expiresAt).toBe("2026-12-31T23:00:00.000Z");
    expect(res.data.purchase.points).toBe(200);
    await expireDuePoints(ctx.db, new Date("2026-12-31T22:59:59Z"));
    clock.set("2026-12-31T22:59:59Z");
    expect((await balanceOf(memberId, programId)).available).toBe(200);
    await expireDuePoints(ctx.db, new Date("2026-12-31T23:00:00Z"));
    clock.set("2027-01-01T00:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, expired: 200, lifetimeEarned: 200 });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });

  it("gives up a chunk that would hold its locks too long, retries smaller, and still expires everything (the lock held meanwhile needs a second session: PostgreSQL; PGlite checks the expiry)", async () => {
    clock.set("2026-01-15T12:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { expiryPolicy: "end_of_year" });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await purchase(programId, memberId, 30_000);
    const chunks: ChunkStats[] = [];
    const expire = () => expireDuePoints(ctx.db, new Date("2026-12-31T23:00:00Z"), { onChunk: (c) => chunks.push(c) });
    if (onPostgres) {
      // Another transaction holds the member's lot (not the enrollment, which the job would skip):
      // the chunk waits on it until PostgreSQL cancels it at the lock budget; the job shrinks the
      // chunk and, once it is down to this one member and has missed the budget a few more times,
      // waits for the lot without one.
      const release = await holdLocks(ctx.db, "select 1 from point_lots where company_id = $1 and member_id = $2 for update", [
        a.companyId,
        memberId,
      ]);
      const job = expire();
      await expect.poll(() => chunks.filter((c) => c.rows === 0).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(7);
      await release();
      await job;
      // 500 → 125 → 31 → 7 → 1 members, then the one member three times more within the budget.
      expect(chunks.filter((c) => c.rows === 0)).toHaveLength(7);
    } else await expire();
    clock.set("2027-01-01T00:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, expired: 300 });
    expect(chunks.reduce((n, c) => n + c.rows, 0)).toBeGreaterThanOrEqual(1);
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });

  it("never expires points already spent: spending takes the soonest-expiring points first", async () => {
    clock.set("2026-05-10T12:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { expiryPolicy: "days", expiryValue: 30 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await purchase(programId, memberId, 10_000);
    clock.set("2026-05-20T12:00:00Z");
    await purchase(programId, memberId, 10_000);
    await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/adjustments`,
      auth: a.owner,
      body: { programId, points: -120, reason: "spend" },
    });
    await expireDuePoints(ctx.db, new Date("2026-06-10T12:00:00Z"));
    clock.set("2026-06-10T12:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 80, expired: 0 });
    await expireDuePoints(ctx.db, new Date("2026-06-20T12:00:00Z"));
    clock.set("2026-06-20T12:00:00Z");
    expect(await balanceOf(memberId, programId)).toMatchObject({ available: 0, expired: 80 });
  });
});
