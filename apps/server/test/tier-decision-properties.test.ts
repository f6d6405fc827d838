import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockEnrollment } from "../src/modules/ledger/enrollments.js";
import { adjustPoints } from "../src/modules/points/points.service.js";
import { getProgramRow } from "../src/modules/programs/programs.service.js";
import { recordPurchase } from "../src/modules/purchases/record-purchase.js";
import { recordReturn } from "../src/modules/purchases/record-return.js";
import { assignTier, evaluateTier } from "../src/modules/tiers/evaluate-tier.js";
import { reevaluateAllTiers } from "../src/modules/tiers/reevaluate-tiers-job.js";
import type { Actor } from "../src/platform/actor.js";
import {
  call,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  ownerActor,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

/**
 * A member's tier is decided twice: by evaluateTier in TypeScript (one member, after a purchase or
 * a return, and for the scheduled run) and by the scheduled job in SQL (a chunk of members at
 * once). Over random ledgers of a few members (purchases, returns and adjustments over time, manual
 * and locked tiers) and random programs (tiers by points or spend, any period, downgrades or not),
 * the job must move every member exactly where evaluateTier's scheduled decision would.
 */
let ctx: TestContext;
let a: TestCompany;
let actor: Actor;

const ZONE = "Europe/Warsaw";

beforeAll(async () => {
  // A database of its own: the job re-evaluates every program in it.
  ctx = await startTestApp({ empty: true });
  a = await createTestCompany(ctx);
  actor = ownerActor(a, "tier-property-test");
});
afterAll(() => ctx.close());

type Step =
  | { op: "purchase"; member: number; amount: number }
  | { op: "return"; member: number; which: number; share: number }
  | { op: "adjust"; member: number; points: number }
  | { op: "assign"; member: number; tier: number; locked: boolean }
  | { op: "wait"; days: number };

const MEMBERS = 4;
const member = fc.nat({ max: MEMBERS - 1 });

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  // In steps of 50.00 (50 points), so that totals often land exactly on a threshold.
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("purchase" as const),
      member,
      amount: fc.noBias(fc.integer({ min: 0, max: 8 })).map((n) => n * 5_000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("return" as const),
      member,
      which: fc.nat(),
      share: fc.constantFrom(0.5, 1),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("adjust" as const),
      member,
      points: fc.integer({ min: -200, max: 300 }).filter((n) => n !== 0),
    }),
  },
  // By hand (tier -1: none), locked or not: above or below what the ledger says.
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant("assign" as const), member, tier: fc.integer({ min: -1, max: 2 }), locked: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("wait" as const), days: fc.noBias(fc.integer({ min: 1, max: 150 })) }) },
);

const programArb = fc.record({
  tierBasis: fc.constantFrom("points", "spend"),
  tierPeriod: fc.constantFrom("lifetime", "calendar_year", "rolling_days"),
  tierPeriodDays: fc.constantFrom(30, 90, 365),
  tierDowngrade: fc.boolean(),
});

/** Thresholds in points (a purchase earns 1 point per 1.00); spend thresholds are the same in minor units × 100. */
const thresholdsArb = fc.uniqueArray(
  fc.noBias(fc.integer({ min: 0, max: 8 })).map((n) => n * 50),
  { minLength: 1, maxLength: 3 },
);

describe("the tier decision (property-based)", () => {
  it("is the same in the scheduled job's SQL as in evaluateTier, for every member", async () => {
    await fc.assert(
      fc.asyncProperty(
        programArb,
        thresholdsArb,
        fc.constantFrom("2025-10-20T10:00:00Z", "2026-05-02T10:00:00Z"),
        fc.array(stepArb, { minLength: 1, maxLength: 12 }),
        // The scheduled runs: days after the last step (often within the period), each run from
        // what the one before left.
        fc.uniqueArray(fc.oneof(fc.noBias(fc.integer({ min: 0, max: 40 })), fc.noBias(fc.integer({ min: 0, max: 500 }))), {
          minLength: 1,
          maxLength: 3,
        }),
        // Tiers created after the ledger: no purchase has moved anyone, the scheduled run does.
        fc.boolean(),
        async (settings, thresholds, start, steps, runsAfter, tiersFirst) => {
          let now = new Date(start);
          const programId = await createProgramVia(ctx, a.owner, {
            ...settings,
            tierPeriodDays: settings.tierPeriod === "rolling_days" ? settings.tierPeriodDays : null,
          });
          const tierIds: string[] = [];
          const createTiers = async () => {
            for (const t of thresholds) {
              const threshold = settings.tierBasis === "points" ? t : t * 100;
              tierIds.push((await createTierVia(ctx, a.owner, programId, { name: unique("Tier "), threshold })).id);
            }
          };
          if (tiersFirst) await createTiers();
          const members: string[] = [];
          for (let i = 0; i < MEMBERS; i++) {
            const { id } = await createMemberVia(ctx, a.owner);
            await call(ctx, { method: "POST", url: `/api/v1/members/${id}/enrollments`, auth: a.owner, body: { programId } });
            members.push(id);
          }
          const purchases: { memberId: string; id: string; amount: number }[] = [];
          for (const step of steps) {
            if (step.op === "wait") {
              now = new Date(now.getTime() + step.days * 86_400_000);
              continue;
            }
            const memberId = members[step.member] as string;
            if (step.op === "purchase") {
              const input = {
                programId,
                memberId,
                receiptNumber: unique("P"),
                amount: { amount: step.amount, currency: "PLN" },
                items: [],
              };
              const r = await recordPurchase({ db: ctx.db, actor, now, input });
              purchases.push({ memberId, id: r.purchase.id, amount: step.amount });
            } else if (step.op === "return") {
              const own = purchases.filter((p) => p.memberId === memberId);
              const p = own[step.which % Math.max(1, own.length)];
              if (!p) continue;
              const input = {
                returnNumber: unique("Z"),
                amount: { amount: Math.max(1, Math.floor(p.amount * step.share)), currency: "PLN" },
              };
              await recordReturn({ db: ctx.db, actor, now, purchaseId: p.id, input }).catch((err) => {
                if (err.code !== "unprocessable") throw err; // more than is left to refund
              });
            } else if (step.op === "adjust") {
              await adjustPoints({ db: ctx.db, actor, memberId, programId, points: step.points, reason: "property test", now }).catch(
                (err) => {
                  if (err.code !== "insufficient_points") throw err;
                },
              );
            } else {
              const tierId = step.tier < 0 ? null : (tierIds[step.tier % tierIds.length] ?? null);
              await assignTier({ db: ctx.db, actor, memberId, programId, tierId, locked: step.locked, now });
            }
          }
          if (!tiersFirst) await createTiers();
          for (const days of [...runsAfter].sort((x, y) => x - y)) {
            const at = new Date(now.getTime() + days * 86_400_000);
            // evaluateTier's scheduled decision for each member, in a transaction rolled back after.
            const expected: { member_id: string; tier_id: string | null; moved: boolean }[] = [];
            await ctx.db
              .transaction(async (tx) => {
                const program = await getProgramRow(tx, a.companyId, programId);
                for (const memberId of members) {
                  const enrollment = await lockEnrollment(tx, a.companyId, programId, memberId);
                  const d = await evaluateTier({ tx, enrollment, program, timeZone: ZONE, now: at, reason: "schedule" });
                  expected.push({ member_id: memberId, tier_id: d.tierId, moved: d.changed });
                }
                throw new Error("rollback");
              })
              .catch((err) => {
                if (err.message !== "rollback") throw err;
              });
            await reevaluateAllTiers(ctx.db, at, async () => ZONE);
            const decided = await ctx.db.query<{ member_id: string; tier_id: string | null; moved: boolean }>(
              `select e.member_id, e.tier_id,
                      exists (select 1 from tier_changes c where c.company_id = e.company_id and c.program_id = e.program_id
                                and c.member_id = e.member_id and c.reason = 'schedule' and c.occurred_at = $3) as moved
                 from enrollments e where e.company_id = $1 and e.program_id = $2`,
              [a.companyId, programId, at],
            );
            const byMember = (x: { member_id: string }, y: { member_id: string }) => x.member_id.localeCompare(y.member_id);
            expect(decided.sort(byMember)).toEqual(expected.sort(byMember));
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 60_000);
});
