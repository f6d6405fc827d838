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
  ownerActor,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

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
