import type { Queryable } from "../../platform/db.js";
import { getProgramRow } from "../programs/programs.service.js";
import { listRules } from "../rules/rules.service.js";
import { tiersOf } from "../tiers/tiers.service.js";

/**
 * What points cost as a share of the price (basis points): converter × value of a point. The
 * maximum takes the best tier and the strongest active multiplier rule; above the budget it warns.
 * Here rather than in programs: it reads the program's tiers and rules through their modules.
 */
export async function analyseProgramCost(db: Queryable, companyId: string, programId: string) {
  const p = await getProgramRow(db, companyId, programId);
  const tiers = await tiersOf(db, companyId, programId);
  const multipliers = (await listRules(db, companyId, programId, true)).flatMap((r) =>
    r.kind === "multiplier" && r.multiplierBp !== null ? [r.multiplierBp] : [],
  );
  const strongestRule = multipliers.length > 0 ? Math.max(...multipliers) : null;
  const pointValue = p.point_value_minor / p.point_value_points;
  const rate = (points: number, amount: number, multiplierBp: number) => (points / amount) * (multiplierBp / 10_000) * pointValue * 10_000;
  const baseCostBp = rate(p.converter_points, p.converter_amount_minor, 10_000);
  const bestTier = Math.max(
    baseCostBp,
    ...tiers.map((t) =>
      rate(t.converter_points ?? p.converter_points, t.converter_amount_minor ?? p.converter_amount_minor, t.multiplier_bp),
    ),
  );
  const maxCostBp = bestTier * Math.max(1, (strongestRule ?? 10_000) / 10_000);
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    budgetBp: p.budget_bp,
    baseCostBp: round2(baseCostBp),
    maxCostBp: round2(maxCostBp),
    overBudget: p.budget_bp > 0 && maxCostBp > p.budget_bp,
    suggestedConverter:
      p.budget_bp > 0 && p.point_value_minor > 0
        ? { points: Math.floor((p.budget_bp * p.point_value_points) / p.point_value_minor), amountMinor: 10_000 }
        : null,
  };
}
