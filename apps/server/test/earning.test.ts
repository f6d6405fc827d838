import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calculateEarning, type EarningInput, pointsToTakeBack, type RuleTerms } from "../src/modules/rules/earning.js";

const program = { converterPoints: 1, converterAmountMinor: 100, rounding: "down" as const, minPurchaseMinor: 0 };
const member = { id: "mbr_1", tags: ["vip"], tierId: null };
const base: EarningInput = {
  amountMinor: 0,
  lines: [],
  locationId: null,
  occurredAt: new Date("2026-06-01T12:00:00Z"),
  member,
  program,
  tier: null,
  rules: [],
};
const rule = (over: Partial<RuleTerms>): RuleTerms => ({
  id: "rul_x",
  name: "Rule",
  kind: "multiplier",
  multiplierBp: null,
  bonusPoints: null,
  perItem: false,
  skus: [],
  categories: [],
  producers: [],
  tierIds: [],
  tags: [],
  memberIds: [],
  locationIds: [],
  startsAt: null,
  endsAt: null,
  capPerDay: null,
  capPerMonth: null,
  ...over,
});

describe("calculateEarning", () => {
  it("applies the converter with the program's rounding", () => {
    expect(calculateEarning({ ...base, amountMinor: 12_345 }).totalPoints).toBe(123);
    expect(calculateEarning({ ...base, amountMinor: 12_355, program: { ...program, rounding: "half_up" } }).totalPoints).toBe(124);
    expect(
      calculateEarning({ ...base, amountMinor: 1_000, program: { ...program, converterPoints: 5, converterAmountMinor: 1_000 } })
        .totalPoints,
    ).toBe(5);
  });

  it("uses the tier's multiplier and its own converter", () => {
    const gold = { id: "tir_g", multiplierBp: 20_000, converterPoints: null, converterAmountMinor: null };
    expect(calculateEarning({ ...base, amountMinor: 12_345, tier: gold }).totalPoints).toBe(246);
    const own = { id: "tir_o", multiplierBp: 10_000, converterPoints: 3, converterAmountMinor: 100 };
    expect(calculateEarning({ ...base, amountMinor: 1_000, tier: own }).totalPoints).toBe(30);
  });

  it("earns nothing below the minimum purchase", () => {
    const r = calculateEarning({ ...base, amountMinor: 999, program: { ...program, minPurchaseMinor: 1_000 } });
    expect(r).toMatchObject({ totalPoints: 0, belowMinimum: true });
  });

  it("raises the rate of matching lines only, and the best multiplier wins without stacking", () => {
    const lines = [
      { sku: "KAWA-1", category: "coffee", quantity: 2, unitPriceMinor: 1_500 },
      { sku: "CIASTO", category: "cake", quantity: 1, unitPriceMinor: 2_000 },
    ];
    const coffee = rule({ id: "rul_c", kind: "multiplier", multiplierBp: 20_000, categories: ["coffee"] });
    const coffeeTriple = rule({ id: "rul_k", kind: "multiplier", multiplierBp: 30_000, skus: ["KAWA-1"] });
    const r = calculateEarning({ ...base, amountMinor: 5_000, lines, rules: [coffee, coffeeTriple] });
    expect(r.basePoints).toBe(50);
    expect(r.ruleAwards).toEqual([{ ruleId: "rul_k", name: "Rule", points: 60, uncapped: 60 }]);
    expect(r.totalPoints).toBe(110);
  });

  it("adds fixed bonuses once, or per matching item", () => {
    const lines = [{ sku: "A", producer: "Lavazza", quantity: 3, unitPriceMinor: 1_000 }];
    const once = rule({ id: "rul_1", kind: "bonus", bonusPoints: 7 });
    const perItem = rule({ id: "rul_2", kind: "bonus", bonusPoints: 4, perItem: true, producers: ["Lavazza"] });
    const r = calculateEarning({ ...base, amountMinor: 3_000, lines, rules: [once, perItem] });
    expect(r.ruleAwards.map((a) => [a.ruleId, a.points])).toEqual([
      ["rul_1", 7],
      ["rul_2", 12],
    ]);
    expect(r.totalPoints).toBe(30 + 19);
  });

  it("respects scope: tags, tiers, members, locations and the time window", () => {
    const amountMinor = 1_000;
    const award = (r: RuleTerms, over: Partial<EarningInput> = {}) =>
      calculateEarning({ ...base, amountMinor, rules: [r], ...over }).ruleAwards.length;
    expect(award(rule({ kind: "bonus", bonusPoints: 1, tags: ["vip"] }))).toBe(1);
    expect(award(rule({ kind: "bonus", bonusPoints: 1, tags: ["student"] }))).toBe(0);
    expect(award(rule({ kind: "bonus", bonusPoints: 1, tierIds: ["tir_g"] }))).toBe(0);
    expect(award(rule({ kind: "bonus", bonusPoints: 1, memberIds: ["mbr_1"] }))).toBe(1);
    expect(award(rule({ kind: "bonus", bonusPoints: 1, locationIds: ["loc_1"] }), { locationId: "loc_2" })).toBe(0);
    expect(award(rule({ kind: "bonus", bonusPoints: 1, startsAt: new Date("2026-06-02T00:00:00Z") }))).toBe(0);
    expect(award(rule({ kind: "bonus", bonusPoints: 1, endsAt: new Date("2026-06-01T12:00:00Z") }))).toBe(0);
  });

  it("limits rule points by the remaining cap, never the base", () => {
    const r = calculateEarning({
      ...base,
      amountMinor: 10_000,
      rules: [rule({ kind: "bonus", bonusPoints: 50, capPerDay: 100 })],
      capRemaining: () => ({ day: 20, month: null }),
    });
    expect(r.ruleAwards[0]).toMatchObject({ points: 20, uncapped: 50 });
    expect(r.totalPoints).toBe(120);
  });

  it("matches categories and producers in any letter case (Polish letters too), but not without their accents", () => {
    const awarded = (line: { sku?: string; category?: string; producer?: string }, r: Partial<RuleTerms>) =>
      calculateEarning({
        ...base,
        amountMinor: 1_000,
        lines: [{ ...line, quantity: 1, unitPriceMinor: 1_000 }],
        rules: [rule({ kind: "bonus", bonusPoints: 7, ...r })],
      }).ruleAwards.reduce((n, a) => n + a.points, 0);
    expect(awarded({ category: "Kawa" }, { categories: ["kawa"] })).toBe(7);
    expect(awarded({ producer: "LAVAZZA" }, { producers: ["Lavazza"] })).toBe(7);
    expect(awarded({ category: "kawa", producer: "lavazza" }, { categories: ["KAWA"], producers: ["LaVaZzA"] })).toBe(7);
    expect(awarded({ category: "ŻÓŁTE SERY" }, { categories: ["żółte sery"] })).toBe(7);
    expect(awarded({ producer: "Łowicz" }, { producers: ["ŁOWICZ"] })).toBe(7);
    // The same letters composed or decomposed (ó as one code point, or o + combining acute) are one name.
    expect(awarded({ producer: "Mlekovita Łódź".normalize("NFD") }, { producers: ["MLEKOVITA ŁÓDŹ"] })).toBe(7);
    // Accents make other words in Polish: "kawa" is not "káwa", "łódź" is not "lodz".
    expect(awarded({ category: "káwa" }, { categories: ["kawa"] })).toBe(0);
    expect(awarded({ producer: "Lodz" }, { producers: ["Łódź"] })).toBe(0);
    // SKUs are codes: matched exactly.
    expect(awarded({ sku: "AB-1" }, { skus: ["ab-1"] })).toBe(0);
    expect(awarded({ sku: "AB-1" }, { skus: ["AB-1"] })).toBe(7);
    const multiplied = calculateEarning({
      ...base,
      amountMinor: 1_000,
      lines: [{ category: "KAWA", quantity: 1, unitPriceMinor: 1_000 }],
      rules: [rule({ kind: "multiplier", multiplierBp: 20_000, categories: ["Kawa"] })],
    });
    expect(multiplied.totalPoints).toBe(20);
  });

  it("is monotonic in the amount and never negative (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.constantFrom("down" as const, "half_up" as const),
        (x, y, rounding) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const earn = (amountMinor: number) => calculateEarning({ ...base, amountMinor, program: { ...program, rounding } }).totalPoints;
          expect(earn(lo)).toBeGreaterThanOrEqual(0);
          expect(earn(hi)).toBeGreaterThanOrEqual(earn(lo));
        },
      ),
    );
  });
});

describe("rounding happens once", () => {
  it("base plus multiplier points equal the exact earning rounded once (property)", () => {
    const lineArb = fc.record({
      category: fc.constantFrom("coffee", "cake", "tea"),
      quantity: fc.integer({ min: 1, max: 5 }),
      unitPriceMinor: fc.integer({ min: 1, max: 9_999 }),
    });
    fc.assert(
      fc.property(
        fc.array(lineArb, { minLength: 1, maxLength: 6 }),
        fc.constantFrom("down" as const, "half_up" as const),
        (lines, rounding) => {
          const amountMinor = lines.reduce((n, l) => n + l.quantity * l.unitPriceMinor, 0);
          const rules = [
            rule({ id: "rul_c", kind: "multiplier", multiplierBp: 25_000, categories: ["coffee"] }),
            rule({ id: "rul_t", kind: "multiplier", multiplierBp: 15_000, categories: ["tea"] }),
          ];
          const r = calculateEarning({ ...base, amountMinor, lines, rules, program: { ...program, rounding } });
          const exactHundredths = lines.reduce(
            (n, l) => n + l.quantity * l.unitPriceMinor * (l.category === "coffee" ? 2.5 : l.category === "tea" ? 1.5 : 1),
            0,
          );
          const expected = rounding === "down" ? Math.floor(exactHundredths / 100 + 1e-9) : Math.floor(exactHundredths / 100 + 0.5 + 1e-9);
          expect(r.totalPoints).toBe(expected);
        },
      ),
    );
  });
});

describe("pointsToTakeBack", () => {
  it("takes back the worked example's 100 points for 50.00 of 123.45, and the rest on the full refund", () => {
    const first = pointsToTakeBack({
      purchasePoints: 246,
      purchaseAmountMinor: 12_345,
      refundedBeforeMinor: 0,
      returnedBeforePoints: 0,
      returnAmountMinor: 5_000,
    });
    expect(first).toBe(100);
    expect(
      pointsToTakeBack({
        purchasePoints: 246,
        purchaseAmountMinor: 12_345,
        refundedBeforeMinor: 5_000,
        returnedBeforePoints: 100,
        returnAmountMinor: 7_345,
      }),
    ).toBe(146);
  });

  it("never takes back more than was earned, and a full refund in any slices takes back exactly everything (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 10 }),
        (points, amount, weights) => {
          const total = weights.reduce((n, w) => n + w, 0);
          const slices = weights.map((w) => Math.floor((amount * w) / total));
          slices[slices.length - 1] = amount - slices.slice(0, -1).reduce((n, s) => n + s, 0);
          let refunded = 0;
          let returned = 0;
          for (const slice of slices) {
            const take = pointsToTakeBack({
              purchasePoints: points,
              purchaseAmountMinor: amount,
              refundedBeforeMinor: refunded,
              returnedBeforePoints: returned,
              returnAmountMinor: slice,
            });
            expect(take).toBeGreaterThanOrEqual(0);
            refunded += slice;
            returned += take;
            expect(returned).toBeLessThanOrEqual(points);
          }
          expect(returned).toBe(points);
        },
      ),
    );
  });
});
