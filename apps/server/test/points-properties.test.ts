import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberBalances } from "../src/modules/ledger/balances.js";
import { lockEnrollment } from "../src/modules/ledger/enrollments.js";
import { debitPoints } from "../src/modules/ledger/entries.js";
import { expireDuePoints } from "../src/modules/ledger/expire-job.js";
import { ledgerActor } from "../src/modules/ledger/ledger-types.js";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { adjustPoints, reverseOperation } from "../src/modules/points/points.service.js";
import { recordPurchase } from "../src/modules/purchases/record-purchase.js";
import { recordReturn } from "../src/modules/purchases/record-return.js";
import type { Actor } from "../src/platform/actor.js";
import {
  call,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  onPostgres,
  ownerActor,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { reportReliability } from "./reliability.js";

/**
 * Ledger invariants over random sequences of purchases, returns, spends, adjustments, reversals
 * and expiry (with time moving on), through the real services and database:
 * - every balance equals what the ledger says (verifyBalances finds nothing), and the balance a
 *   purchase answers from the sums its own statement returned equals a fresh read;
 * - sum of entries = sum of lot remainders - debt; no lot below zero;
 * - a spend never makes available points negative; refused operations change nothing.
 */
let ctx: TestContext;
let a: TestCompany;
let actor: Actor;

beforeAll(async () => {
  // A database of its own: on PostgreSQL other files share one, and their expiry runs cover every company.
  ctx = await startTestApp({ empty: true });
  a = await createTestCompany(ctx);
  actor = ownerActor(a, "property-test");
});
afterAll(() => ctx.close());

type Op =
  | { op: "purchase"; amount: number }
  | { op: "return"; which: number; share: number }
  | { op: "spend"; points: number }
  | { op: "adjust"; points: number }
  | { op: "reverse"; which: number }
  | { op: "wait"; days: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("purchase" as const), amount: fc.integer({ min: 0, max: 50_000 }) }),
  fc.record({ op: fc.constant("return" as const), which: fc.nat(), share: fc.double({ min: 0.05, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant("spend" as const), points: fc.integer({ min: 1, max: 400 }) }),
  fc.record({ op: fc.constant("adjust" as const), points: fc.integer({ min: -300, max: 300 }).filter((n) => n !== 0) }),
  fc.record({ op: fc.constant("reverse" as const), which: fc.nat() }),
  fc.record({ op: fc.constant("wait" as const), days: fc.integer({ min: 1, max: 40 }) }),
);

const settingsArb = fc.record({
  pendingDays: fc.constantFrom(0, 3, 14),
  expiryPolicy: fc.constantFrom("never", "days", "end_of_month"),
  negativePolicy: fc.constantFrom("allow_negative", "record_debt"),
  converterPoints: fc.constantFrom(1, 5),
  converterAmountMinor: fc.constantFrom(100, 1000),
  rounding: fc.constantFrom("down", "half_up"),
});

async function expectInvariants(memberId: string, programId: string, now: Date) {
  expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  const [sums] = await ctx.db.query<{ entries: number; lots: number; negative_lots: number; debt: number }>(
    `select (select coalesce(sum(points), 0) from ledger_entries where company_id = $1 and member_id = $2) as entries,
            (select coalesce(sum(remaining), 0) from point_lots where company_id = $1 and member_id = $2) as lots,
            (select count(*) from point_lots where company_id = $1 and member_id = $2 and remaining < 0) as negative_lots,
            (select debt from enrollments where company_id = $1 and member_id = $2 and program_id = $3) as debt`,
    [a.companyId, memberId, programId],
  );
  expect(Number(sums?.entries)).toBe(Number(sums?.lots) - Number(sums?.debt));
  expect(Number(sums?.negative_lots)).toBe(0);
  const [balance] = await memberBalances(ctx.db, a.companyId, memberId, now, programId);
  expect(balance?.pending).toBeGreaterThanOrEqual(0);
}

describe("ledger invariants (property-based)", () => {
  it("hold for random sequences of earn, spend, return, expire, adjust and reverse", async () => {
    await fc.assert(
      fc.asyncProperty(settingsArb, fc.array(opArb, { minLength: 1, maxLength: 14 }), async (settings, ops) => {
        let now = new Date("2026-01-10T12:00:00Z");
        const programId = await createProgramVia(ctx, a.owner, { ...settings, expiryValue: settings.expiryPolicy === "days" ? 30 : null });
        const { id: memberId } = await createMemberVia(ctx, a.owner);
        await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
        const purchases: { id: string; amount: number }[] = [];
        const adjustments: string[] = [];
        for (const step of ops) {
          if (step.op === "purchase") {
            const r = await recordPurchase({
              db: ctx.db,
              actor,
              now,
              input: { programId, memberId, receiptNumber: unique("P"), amount: { amount: step.amount, currency: "PLN" }, items: [] },
            });
            purchases.push({ id: r.purchase.id, amount: step.amount });
            expect(r.balance).toEqual((await memberBalances(ctx.db, a.companyId, memberId, now, programId))[0]);
          } else if (step.op === "return" && purchases.length > 0) {
            const p = purchases[step.which % purchases.length] as { id: string; amount: number };
            const amount = Math.max(1, Math.floor(p.amount * step.share));
            await recordReturn({
              db: ctx.db,
              actor,
              now,
              purchaseId: p.id,
              input: { returnNumber: unique("Z"), amount: { amount, currency: "PLN" } },
            }).catch((err) => {
              if (err.code !== "unprocessable") throw err; // more than is left to refund: refused, nothing written
            });
          } else if (step.op === "spend") {
            const before = (await memberBalances(ctx.db, a.companyId, memberId, now, programId))[0];
            await ctx.db
              .transaction(async (tx) => {
                const e = await lockEnrollment(tx, a.companyId, programId, memberId);
                await debitPoints(tx, e, {
                  kind: "spend",
                  points: step.points,
                  causeType: "redemption",
                  actor: ledgerActor(actor),
                  occurredAt: now,
                  now,
                });
              })
              .catch((err) => {
                if (err.code !== "insufficient_points") throw err;
                expect(before?.available ?? 0).toBeLessThan(step.points);
              });
            const after = (await memberBalances(ctx.db, a.companyId, memberId, now, programId))[0];
            if ((before?.available ?? 0) >= 0) expect(after?.available ?? 0).toBeGreaterThanOrEqual(0);
          } else if (step.op === "adjust") {
            const entry = await adjustPoints({
              db: ctx.db,
              actor,
              memberId,
              programId,
              points: step.points,
              reason: "property test",
              now,
            }).catch((err) => {
              if (err.code !== "insufficient_points") throw err;
              return null;
            });
            if (entry) adjustments.push(entry.id);
          } else if (step.op === "reverse" && adjustments.length > 0) {
            const id = adjustments.splice(step.which % adjustments.length, 1)[0] as string;
            await reverseOperation({ db: ctx.db, actor, entryId: id, reason: "property test", now });
          } else if (step.op === "wait") {
            now = new Date(now.getTime() + step.days * 86_400_000);
            await expireDuePoints(ctx.db, now);
          }
        }
        await expectInvariants(memberId, programId, now);
      }),
      { numRuns: 25 },
    );
  }, 240_000);
});

describe("a return after its purchase's points expired (issue 20, item 17)", () => {
  const nov = new Date("2026-11-10T12:00:00Z");
  const dec = new Date("2026-12-02T12:00:00Z");
  const returnDay = new Date("2026-12-06T12:00:00Z");

  async function setUp() {
    const programId = await createProgramVia(ctx, a.owner, {
      expiryPolicy: "end_of_month",
      converterPoints: 1,
      converterAmountMinor: 100,
      rounding: "down",
    });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    const buy = async (now: Date) =>
      (
        await recordPurchase({
          db: ctx.db,
          actor,
          now,
          input: { programId, memberId, receiptNumber: unique("P"), amount: { amount: 5000, currency: "PLN" }, items: [] },
        })
      ).purchase.id;
    const giveBack = (purchaseId: string, now: Date) =>
      recordReturn({ db: ctx.db, actor, now, purchaseId, input: { returnNumber: unique("Z"), amount: { amount: 5000, currency: "PLN" } } });
    const balance = async (now: Date) => (await memberBalances(ctx.db, a.companyId, memberId, now, programId))[0];
    return { programId, memberId, buy, giveBack, balance };
  }

  it("takes back the purchase's own lot, past its expiry but not yet written off, so the expiry job finds nothing more: 50 left, not 0", async () => {
    const m = await setUp();
    const november = await m.buy(nov);
    await m.buy(dec);
    await m.giveBack(november, returnDay);
    await expireDuePoints(ctx.db, returnDay);
    expect(await m.balance(returnDay)).toMatchObject({ available: 50, debt: 0, expired: 0, lifetimeEarned: 50 });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });

  it("takes nothing more when the expiry job wrote the purchase's points off first: they are gone already, 50 left", async () => {
    const m = await setUp();
    const november = await m.buy(nov);
    await m.buy(dec);
    await expireDuePoints(ctx.db, returnDay);
    const res = await m.giveBack(november, returnDay);
    expect(res.return.points).toBe(50);
    expect(await m.balance(returnDay)).toMatchObject({ available: 50, debt: 0, expired: 50 });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });

  it("still takes back from other lots what was spent from the returned purchase's points", async () => {
    const m = await setUp();
    const november = await m.buy(nov);
    await ctx.db.transaction(async (tx) => {
      const e = await lockEnrollment(tx, a.companyId, m.programId, m.memberId);
      await debitPoints(tx, e, {
        kind: "spend",
        points: 50,
        causeType: "redemption",
        actor: ledgerActor(actor),
        occurredAt: nov,
        now: nov,
      });
    });
    await m.buy(dec);
    await expireDuePoints(ctx.db, returnDay);
    await m.giveBack(november, returnDay);
    expect(await m.balance(returnDay)).toMatchObject({ available: 0, debt: 0, expired: 0, spent: 50 });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });
});

type TimedOp =
  | { op: "purchase"; amount: number }
  | { op: "return"; which: number; share: number }
  | { op: "redeem"; points: number }
  | { op: "toExpiry"; minutes: number }
  | { op: "wait"; hours: number }
  | { op: "expire" };

/** Clock moves land around the next expiry moment (a few hours either side), where returns hurt. */
const timedOpArb: fc.Arbitrary<TimedOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant("purchase" as const), amount: fc.integer({ min: 0, max: 20_000 }) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("return" as const),
      which: fc.nat(),
      share: fc.oneof(fc.constant(1), fc.double({ min: 0.05, max: 1, noNaN: true })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("redeem" as const), points: fc.integer({ min: 1, max: 250 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant("toExpiry" as const), minutes: fc.integer({ min: -240, max: 240 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("wait" as const), hours: fc.integer({ min: 1, max: 24 * 20 }) }) },
  { weight: 2, arbitrary: fc.constant({ op: "expire" as const }) },
);

const timedSettingsArb = fc.record({
  pendingDays: fc.constantFrom(0, 0, 3),
  expiry: fc.constantFrom({ expiryPolicy: "end_of_month", expiryValue: null }, { expiryPolicy: "days", expiryValue: 7 }),
  negativePolicy: fc.constantFrom("allow_negative", "record_debt"),
});

/**
 * What a member lost on each purchase: the points its returns took from the balance and the points
 * expired from its own lot. Together never more than the purchase earned (item 17: a return after
 * the expiry moment took other lots and the expiry job then wrote the purchase's lot off as well).
 */
async function lossesPerPurchase(memberId: string) {
  return ctx.db.query<{ id: string; points: number; taken: string; expired: string }>(
    `select p.id, p.points,
            (select coalesce(sum(-x.points), 0) from purchase_returns r
               join ledger_entries x on x.company_id = r.company_id and x.cause_type = 'return' and x.cause_id = r.id
              where r.company_id = p.company_id and r.purchase_id = p.id) as taken,
            (select coalesce(sum(al.points), 0) from lot_allocations al
               join ledger_entries x on x.company_id = al.company_id and x.id = al.entry_id and x.kind = 'expire'
              where al.company_id = p.company_id and al.lot_id = p.ledger_entry_id) as expired
       from purchases p where p.company_id = $1 and p.member_id = $2`,
    [a.companyId, memberId],
  );
}

describe("ledger invariants with the clock moving around expiry moments (property-based)", () => {
  it("hold for purchases, returns, redemptions and expiry runs interleaved with clock moves", async () => {
    const figures = { runs: 0, commands: 0, purchases: 0, returns: 0, returnsPastExpiryNotWrittenOff: 0, redemptions: 0, expiryRuns: 0 };
    await fc.assert(
      fc.asyncProperty(timedSettingsArb, fc.array(timedOpArb, { minLength: 4, maxLength: 14 }), async (settings, ops) => {
        figures.runs++;
        let now = new Date("2026-01-29T12:00:00Z");
        const programId = await createProgramVia(ctx, a.owner, {
          ...settings.expiry,
          pendingDays: settings.pendingDays,
          negativePolicy: settings.negativePolicy,
          converterPoints: 1,
          converterAmountMinor: 100,
          rounding: "down",
        });
        const { id: memberId } = await createMemberVia(ctx, a.owner);
        await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
        const purchases: { id: string; amount: number }[] = [];
        for (const step of ops) {
          figures.commands++;
          if (step.op === "purchase") {
            const r = await recordPurchase({
              db: ctx.db,
              actor,
              now,
              input: { programId, memberId, receiptNumber: unique("P"), amount: { amount: step.amount, currency: "PLN" }, items: [] },
            });
            purchases.push({ id: r.purchase.id, amount: step.amount });
            figures.purchases++;
          } else if (step.op === "return" && purchases.length > 0) {
            const p = purchases[step.which % purchases.length] as { id: string; amount: number };
            const amount = Math.max(1, Math.floor(p.amount * step.share));
            const [lot] = await ctx.db.query<{ n: number }>(
              `select count(*)::int as n from point_lots l join purchases p on p.company_id = l.company_id and p.ledger_entry_id = l.id
                where p.company_id = $1 and p.id = $2 and l.remaining > 0 and l.expires_at <= $3`,
              [a.companyId, p.id, now],
            );
            await recordReturn({
              db: ctx.db,
              actor,
              now,
              purchaseId: p.id,
              input: { returnNumber: unique("Z"), amount: { amount, currency: "PLN" } },
            })
              .then(() => {
                figures.returns++;
                if ((lot?.n ?? 0) > 0) figures.returnsPastExpiryNotWrittenOff++;
              })
              .catch((err) => {
                if (err.code !== "unprocessable") throw err; // more than is left to refund: refused
              });
          } else if (step.op === "redeem") {
            await ctx.db
              .transaction(async (tx) => {
                const e = await lockEnrollment(tx, a.companyId, programId, memberId);
                await debitPoints(tx, e, {
                  kind: "spend",
                  points: step.points,
                  causeType: "redemption",
                  actor: ledgerActor(actor),
                  occurredAt: now,
                  now,
                });
              })
              .then(() => figures.redemptions++)
              .catch((err) => {
                if (err.code !== "insufficient_points") throw err;
              });
          } else if (step.op === "toExpiry") {
            // The next expiry moment of any of the member's lots, give or take a few hours; time only moves on.
            const [next] = await ctx.db.query<{ at: Date | null }>(
              `select min(expires_at) as at from point_lots where company_id = $1 and member_id = $2 and expires_at > $3`,
              [a.companyId, memberId, now],
            );
            const target = next?.at ? new Date(new Date(next.at).getTime() + step.minutes * 60_000) : new Date(now.getTime() + 86_400_000);
            now = new Date(Math.max(now.getTime() + 60_000, target.getTime()));
          } else if (step.op === "wait") {
            now = new Date(now.getTime() + step.hours * 3_600_000);
          } else if (step.op === "expire") {
            await expireDuePoints(ctx.db, now);
            figures.expiryRuns++;
          }
        }
        // The expiry job catches up at the end: what it writes off now counts as lost too.
        await expireDuePoints(ctx.db, now);
        await expectInvariants(memberId, programId, now);
        const [open] = await ctx.db.query<{ available: string }>(
          `select coalesce(sum(remaining), 0) as available from point_lots
            where company_id = $1 and member_id = $2 and remaining > 0 and (expires_at is null or expires_at > $3) and available_at <= $3`,
          [a.companyId, memberId, now],
        );
        const [balance] = await memberBalances(ctx.db, a.companyId, memberId, now, programId);
        const net = Number(open?.available) - (balance?.debt ?? 0);
        expect(balance?.available).toBe(settings.negativePolicy === "allow_negative" ? net : Math.max(0, net));
        for (const p of await lossesPerPurchase(memberId)) {
          expect({ purchase: p.id, lost: Number(p.taken) + Number(p.expired) }).toEqual({
            purchase: p.id,
            lost: Math.min(Number(p.taken) + Number(p.expired), Number(p.points)),
          });
        }
      }),
      { numRuns: 20 },
    );
    reportReliability("points-properties", { ...figures, database: onPostgres ? "postgres" : "pglite" });
  }, 240_000);
});
