import type { Queryable } from "../../platform/db.js";
import { getProgramRow } from "../programs/programs.service.js";
import { divide } from "../rules/earning.js";
import { listRules } from "../rules/rules.service.js";
import { tiersOf } from "../tiers/tiers.service.js";

/** An exact ratio of integers: every figure is computed as one and rounded only in `rounded`. */
interface Ratio {
  n: bigint;
  d: bigint;
}

const ratio = (n: number | bigint, d: number | bigint = 1n): Ratio => ({ n: BigInt(n), d: BigInt(d) });
const times = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.n, d: a.d * b.d });
const plus = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const greater = (a: Ratio, b: Ratio) => a.n * b.d > b.n * a.d;
const larger = (a: Ratio, b: Ratio) => (greater(b, a) ? b : a);

/** The one rounding of the analysis: half up, to `scale` (100 = hundredths of a basis point). */
const rounded = (r: Ratio, scale = 1n) => Number(divide(r.n * scale, r.d, "half_up")) / Number(scale);

/**
 * The purchase at which a fixed bonus is expressed as a share of the price: the smallest purchase
 * that earns (the program's minimum, where the share is largest), or without a minimum a purchase of
 * 10 000 minor units (100,00 zł, the amount the suggested converter is given for).
 */
const REFERENCE_PURCHASE_MINOR = 10_000;

/**
 * What points cost as a share of the price (basis points): converter × value of a point. The
 * maximum takes the best tier and the strongest active multiplier rule, plus the fixed bonus rules
 * one purchase can collect (each once, a per-item bonus as for one item, within its caps) as a share
 * of the reference purchase; above the budget it warns. Fixed costs that are no share of a price are
 * named apart: per purchase (the bonuses, in money), per member (welcome points and every event
 * rule once: registration, birthday — once a year —, newsletter, review, custom events).
 * Integer arithmetic throughout (bigint ratios), rounded once at the end.
 * Here rather than in programs: it reads the program's tiers and rules through their modules.
 */
export async function analyseProgramCost(db: Queryable, companyId: string, programId: string) {
  const p = await getProgramRow(db, companyId, programId);
  const tiers = await tiersOf(db, companyId, programId);
  const rules = await listRules(db, companyId, programId, true);
  const pointValue = ratio(p.point_value_minor, p.point_value_points);
  // Basis points of the price: points per amount × multiplier × value of a point.
  const rate = (points: number, amountMinor: number, multiplierBp: number) =>
    times(times(ratio(points, amountMinor), ratio(multiplierBp)), pointValue);
  const baseCost = rate(p.converter_points, p.converter_amount_minor, 10_000);
  const bestTier = tiers.reduce(
    (best, t) =>
      larger(best, rate(t.converter_points ?? p.converter_points, t.converter_amount_minor ?? p.converter_amount_minor, t.multiplier_bp)),
    baseCost,
  );
  const strongestRuleBp = rules.reduce(
    (max, r) => (r.kind === "multiplier" && r.multiplierBp !== null ? Math.max(max, r.multiplierBp) : max),
    10_000,
  );
  const bonusPoints = rules.reduce(
    (sum, r) => (r.kind === "bonus" ? sum + Math.min(r.bonusPoints ?? 0, r.capPerDay ?? Infinity, r.capPerMonth ?? Infinity) : sum),
    0,
  );
  const memberPoints = rules.reduce((sum, r) => (r.kind === "event" ? sum + (r.bonusPoints ?? 0) : sum), p.welcome_points);
  const referenceMinor = p.min_purchase_minor > 0 ? p.min_purchase_minor : REFERENCE_PURCHASE_MINOR;
  const bonusCost = times(ratio(bonusPoints * 10_000, referenceMinor), pointValue);
  const maxCost = plus(times(bestTier, ratio(strongestRuleBp, 10_000)), bonusCost);
  return {
    budgetBp: p.budget_bp,
    baseCostBp: rounded(baseCost, 100n),
    maxCostBp: rounded(maxCost, 100n),
    overBudget: p.budget_bp > 0 && greater(maxCost, ratio(p.budget_bp)),
    fixedCosts: {
      perPurchaseMinor: rounded(times(ratio(bonusPoints), pointValue)),
      perMemberMinor: rounded(times(ratio(memberPoints), pointValue)),
      referencePurchaseMinor: referenceMinor,
    },
    suggestedConverter:
      p.budget_bp > 0 && p.point_value_minor > 0
        ? {
            points: Number(divide(BigInt(p.budget_bp) * BigInt(p.point_value_points), BigInt(p.point_value_minor), "down")),
            amountMinor: 10_000,
          }
        : null,
  };
}
