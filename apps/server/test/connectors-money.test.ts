import { describe, expect, it } from "vitest";
import { spreadDiscount, toPurchaseItems } from "../src/modules/connectors/lines.js";
import { minorDigits, parseJson, toMinor } from "../src/modules/connectors/payload.js";

// The connectors' arithmetic: decimal strings to minor units without floats, ids kept as sent,
// and order discounts spread so the lines still add up to what was paid.

describe("money and ids as text", () => {
  it("reads decimal strings in integers, in the currency's minor units", () => {
    expect(toMinor("404.95", 2)).toBe(40495);
    expect(toMinor("0.9", 2)).toBe(90);
    expect(toMinor("6.000000", 2)).toBe(600);
    expect(toMinor("-5.00", 2)).toBe(-500);
    expect(toMinor("1.005", 2)).toBe(101); // half away from zero, where 1.005 * 100 in floats is 100.49999…
    expect(toMinor("0.1", 2)! + toMinor("0.2", 2)!).toBe(30);
    expect(toMinor("1500", 0)).toBe(1500);
    expect(toMinor("1.2345", 3)).toBe(1235);
    for (const bad of ["1e2", "1,50", "", " ", "12.", ".5", "NaN", "0x10"]) expect(toMinor(bad, 2)).toBeNull();
    expect(toMinor(null, 2)).toBeNull();
    expect([minorDigits("USD"), minorDigits("JPY"), minorDigits("KWD"), minorDigits("PLN")]).toEqual([2, 0, 3, 2]);
  });

  it("keeps ids above 2^53 and money exactly as sent", () => {
    const body = parseJson(Buffer.from('{"id": 820982911946154508, "total": 29.35, "nested": [{"id": 9007199254740993}]}')) as Record<
      string,
      any
    >;
    expect(body.id).toBe("820982911946154508");
    expect(body.total).toBe("29.35");
    expect(body.nested[0].id).toBe("9007199254740993");
    expect(JSON.parse('{"id": 820982911946154508}').id).not.toBe(820982911946154508n.toString()); // why: JSON.parse rounds it
  });
});

describe("lines", () => {
  const line = (amountMinor: number, quantity = 1) => ({ sku: null, name: null, category: null, producer: null, quantity, amountMinor });

  it("spreads a discount in proportion, largest remainder first, to the cent", () => {
    const spread = spreadDiscount([line(8999), line(1999), line(2499), line(15999), line(11999)], 2000);
    // 433.7, 96.3, 120.4, 771.1, 578.3: 1998 whole, the 2 left go to the largest remainders (.7, .4)
    expect(spread.map((l) => l.amountMinor)).toEqual([8999 - 434, 1999 - 96, 2499 - 121, 15999 - 771, 11999 - 578]);
    expect(spread.reduce((n, l) => n + l.amountMinor, 0)).toBe(41495 - 2000);
    expect(spreadDiscount([line(100)], 500).map((l) => l.amountMinor)).toEqual([0]);
    expect(spreadDiscount([line(100)], -5).map((l) => l.amountMinor)).toEqual([100]);
  });

  it("makes whole unit prices that add up exactly: an odd line becomes two", () => {
    expect(toPurchaseItems([line(645, 2)]).map((i) => [i.quantity, i.unitPriceMinor])).toEqual([
      [1, 322],
      [1, 323],
    ]);
    expect(toPurchaseItems([line(1000, 3)]).map((i) => [i.quantity, i.unitPriceMinor])).toEqual([
      [2, 333],
      [1, 334],
    ]);
    expect(toPurchaseItems([line(900, 3)]).map((i) => [i.quantity, i.unitPriceMinor])).toEqual([[3, 300]]);
  });
});
