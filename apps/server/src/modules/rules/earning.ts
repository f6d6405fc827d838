/**
 * How many points a purchase earns: a pure function, so the preview and the real intake run the
 * same code, and property tests can exercise it. Integer arithmetic throughout (BigInt inside).
 *
 * Precedence (documented in docs/points.md):
 * 1. Base: amount × converter (the member's tier's own converter overrides the program's) × the
 *    tier's multiplier. Base and multiplier extras are rounded once, together, by the program's
 *    rounding mode.
 * 2. Multiplier rules raise the earning rate of the lines they match (product-scoped) or of the
 *    whole purchase (no product scope). Per line only the highest applicable multiplier counts
 *    (multipliers never stack); the extra points go to the rule that gave that multiplier.
 * 3. Bonus rules add fixed points: once per purchase, or per matching item when `perItem`.
 * 4. Caps per member per day / month limit what each rule adds (never the base).
 * 5. Below the program's minimum purchase nothing is earned.
 * A rule applies only inside its time window and to the tiers, tags, members and locations it
 * names (an empty list = no restriction).
 */

export type Rounding = "down" | "half_up";

export interface ConverterTerms {
  converterPoints: number;
  converterAmountMinor: number;
  rounding: Rounding;
  minPurchaseMinor: number;
}

export interface TierTerms {
  id: string;
  multiplierBp: number;
  converterPoints: number | null;
  converterAmountMinor: number | null;
}

export interface RuleTerms {
  id: string;
  name: string;
  kind: "multiplier" | "bonus";
  multiplierBp: number | null;
  bonusPoints: number | null;
  perItem: boolean;
  skus: string[];
  categories: string[];
  producers: string[];
  tierIds: string[];
  tags: string[];
  memberIds: string[];
  locationIds: string[];
  startsAt: Date | null;
  endsAt: Date | null;
  capPerDay: number | null;
  capPerMonth: number | null;
}

export interface PurchaseLine {
  sku?: string | null;
  name?: string | null;
  category?: string | null;
  producer?: string | null;
  quantity: number;
  unitPriceMinor: number;
}

export interface EarningInput {
  amountMinor: number;
  lines: PurchaseLine[];
  locationId: string | null;
  occurredAt: Date;
  member: { id: string; tags: string[]; tierId: string | null };
  program: ConverterTerms;
  tier: TierTerms | null;
  rules: RuleTerms[];
  /** Points a rule may still award to this member today / this month (null = no cap). */
  capRemaining?: (ruleId: string) => { day: number | null; month: number | null };
}

export interface RuleAward {
  ruleId: string;
  name: string;
  points: number;
  /** Points the rule would have given without its cap. */
  uncapped: number;
}

export interface Earning {
  basePoints: number;
  ruleAwards: RuleAward[];
  totalPoints: number;
  belowMinimum: boolean;
}

const BP = 10_000n;

export function divide(numerator: bigint, denominator: bigint, rounding: Rounding): bigint {
  if (rounding === "down") return numerator / denominator;
  return (2n * numerator + denominator) / (2n * denominator);
}

function isProductScoped(rule: RuleTerms): boolean {
  return rule.skus.length > 0 || rule.categories.length > 0 || rule.producers.length > 0;
}

/**
 * Category and producer names match in any letter case, by Polish rules, with their accents:
 * "Kawa" = "KAWA", "ŁÓDŹ" = "łódź", but "kawa" ≠ "káwa" and "Lodz" ≠ "Łódź" (accents make other
 * words in Polish). Composed and decomposed accents are one name (NFC). SKUs are codes: exact.
 */
export const foldName = (name: string) => name.normalize("NFC").toLocaleLowerCase("pl");

/** A line's product names as rules compare them. */
interface LineNames {
  sku: string | null;
  category: string | null;
  producer: string | null;
}

// A rule's names folded once per list: the lists are the program configuration's own arrays (kept
// per process), so a purchase folds only its lines' names, even against rules with 500 names.
const foldedLists = new WeakMap<readonly string[], Set<string>>();

function folded(names: readonly string[]): Set<string> {
  let set = foldedLists.get(names);
  if (!set) {
    set = new Set(names.map(foldName));
    foldedLists.set(names, set);
  }
  return set;
}

function lineMatches(rule: RuleTerms, line: LineNames): boolean {
  return (
    (rule.skus.length === 0 || (line.sku !== null && rule.skus.includes(line.sku))) &&
    (rule.categories.length === 0 || (line.category !== null && folded(rule.categories).has(line.category))) &&
    (rule.producers.length === 0 || (line.producer !== null && folded(rule.producers).has(line.producer)))
  );
}

function productMatcher(lines: PurchaseLine[]): (rule: RuleTerms, lineIndex: number) => boolean {
  const names: LineNames[] = lines.map((l) => ({
    sku: l.sku ?? null,
    category: l.category != null ? foldName(l.category) : null,
    producer: l.producer != null ? foldName(l.producer) : null,
  }));
  return (rule, lineIndex) => lineMatches(rule, names[lineIndex] as LineNames);
}

export function ruleAppliesTo(
  rule: RuleTerms,
  ctx: { occurredAt: Date; member: EarningInput["member"]; locationId: string | null },
): boolean {
  if (rule.startsAt && ctx.occurredAt < rule.startsAt) return false;
  if (rule.endsAt && ctx.occurredAt >= rule.endsAt) return false;
  if (rule.tierIds.length > 0 && (!ctx.member.tierId || !rule.tierIds.includes(ctx.member.tierId))) return false;
  if (rule.tags.length > 0 && !rule.tags.some((t) => ctx.member.tags.includes(t))) return false;
  if (rule.memberIds.length > 0 && !rule.memberIds.includes(ctx.member.id)) return false;
  if (rule.locationIds.length > 0 && (!ctx.locationId || !rule.locationIds.includes(ctx.locationId))) return false;
  return true;
}

export function calculateEarning(input: EarningInput): Earning {
  const { program, tier } = input;
  if (input.amountMinor < program.minPurchaseMinor || input.amountMinor === 0) {
    return { basePoints: 0, ruleAwards: [], totalPoints: 0, belowMinimum: input.amountMinor < program.minPurchaseMinor };
  }
  const cp = BigInt(tier?.converterPoints ?? program.converterPoints);
  const ca = BigInt(tier?.converterAmountMinor ?? program.converterAmountMinor);
  const tierMultiplier = BigInt(tier?.multiplierBp ?? 10_000);
  const basePoints = Number(divide(BigInt(input.amountMinor) * cp * tierMultiplier, ca * BP, program.rounding));

  const applicable = input.rules.filter((r) => ruleAppliesTo(r, input));
  const lines: PurchaseLine[] = input.lines.length > 0 ? input.lines : [{ quantity: 1, unitPriceMinor: input.amountMinor }];
  const matches = productMatcher(lines);

  // Multipliers: per line, the best one wins; its extra earning is credited to its rule.
  const extraNumerators = new Map<string, bigint>();
  const multipliers = applicable.filter((r) => r.kind === "multiplier" && (r.multiplierBp ?? 0) > 10_000);
  for (const [index, line] of lines.entries()) {
    let best: RuleTerms | null = null;
    for (const rule of multipliers) {
      if (isProductScoped(rule) && !matches(rule, index)) continue;
      if (!best || (rule.multiplierBp ?? 0) > (best.multiplierBp ?? 0)) best = rule;
    }
    if (!best) continue;
    const lineAmount = BigInt(line.quantity) * BigInt(line.unitPriceMinor);
    const extra = lineAmount * cp * tierMultiplier * (BigInt(best.multiplierBp ?? 10_000) - BP);
    extraNumerators.set(best.id, (extraNumerators.get(best.id) ?? 0n) + extra);
  }

  const multiplierPoints = allocateMultiplierPoints(
    BigInt(input.amountMinor) * cp * tierMultiplier * BP,
    extraNumerators,
    ca * BP * BP,
    basePoints,
    program.rounding,
  );
  const awards: RuleAward[] = [];
  for (const rule of applicable) {
    let uncapped = 0;
    if (rule.kind === "multiplier") {
      const points = multiplierPoints.get(rule.id);
      if (points === undefined) continue;
      uncapped = points;
    } else {
      const bonus = rule.bonusPoints ?? 0;
      if (isProductScoped(rule)) {
        const matched = lines.filter((_, index) => matches(rule, index));
        if (matched.length === 0) continue;
        uncapped = rule.perItem ? bonus * matched.reduce((n, l) => n + l.quantity, 0) : bonus;
      } else {
        uncapped = bonus;
      }
    }
    if (uncapped <= 0) continue;
    const caps = input.capRemaining?.(rule.id) ?? { day: null, month: null };
    const limit = Math.min(caps.day ?? Number.POSITIVE_INFINITY, caps.month ?? Number.POSITIVE_INFINITY);
    const points = Math.max(0, Math.min(uncapped, limit));
    awards.push({ ruleId: rule.id, name: rule.name, points, uncapped });
  }
  const totalPoints = basePoints + awards.reduce((n, a) => n + a.points, 0);
  return { basePoints, ruleAwards: awards, totalPoints, belowMinimum: false };
}

/**
 * Base and multiplier extras are rounded once, together; the extra points are then shared among
 * the multiplier rules by largest remainder, so rounding never loses or invents a point.
 */
function allocateMultiplierPoints(
  baseNumerator: bigint,
  extras: Map<string, bigint>,
  denominator: bigint,
  basePoints: number,
  rounding: Rounding,
): Map<string, number> {
  const out = new Map<string, number>();
  if (extras.size === 0) return out;
  const total = [...extras.values()].reduce((n, x) => n + x, 0n);
  const extraPoints = Number(divide(baseNumerator + total, denominator, rounding)) - basePoints;
  const shares = [...extras.entries()].map(([id, numerator]) => ({
    id,
    whole: Number(numerator / denominator),
    remainder: numerator % denominator,
  }));
  let left = extraPoints - shares.reduce((n, s) => n + s.whole, 0);
  for (const share of [...shares].sort((x, y) => (y.remainder > x.remainder ? 1 : y.remainder < x.remainder ? -1 : 0))) {
    const bump = left > 0 ? 1 : 0;
    left -= bump;
    out.set(share.id, share.whole + bump);
  }
  return out;
}

/**
 * Points a return takes back: the purchase's points in proportion to the money refunded so far,
 * rounded half-up, minus what earlier returns took. Cumulative, so partial returns never drift
 * and a full refund takes back exactly everything the purchase earned.
 */
export function pointsToTakeBack(opts: {
  purchasePoints: number;
  purchaseAmountMinor: number;
  refundedBeforeMinor: number;
  returnedBeforePoints: number;
  returnAmountMinor: number;
}): number {
  const refunded = Math.min(opts.purchaseAmountMinor, opts.refundedBeforeMinor + opts.returnAmountMinor);
  if (opts.purchaseAmountMinor === 0) return 0;
  const target =
    refunded === opts.purchaseAmountMinor
      ? opts.purchasePoints
      : Number(divide(BigInt(opts.purchasePoints) * BigInt(refunded), BigInt(opts.purchaseAmountMinor), "half_up"));
  return Math.max(0, Math.min(opts.purchasePoints, target) - opts.returnedBeforePoints);
}
