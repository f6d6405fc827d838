import type { ShopLine } from "./shop-event.js";

/**
 * Spreads an order-level discount over the lines in proportion to their amounts (largest
 * remainder, in integers: BigInt, since amount × discount can pass 2^53), so the lines still add
 * up to what was paid. A discount larger than the lines empties them.
 */
export function spreadDiscount(lines: ShopLine[], discountMinor: number): ShopLine[] {
  const total = lines.reduce((n, l) => n + l.amountMinor, 0);
  if (discountMinor <= 0 || total <= 0) return lines;
  const discount = BigInt(Math.min(discountMinor, total));
  const shares = lines.map((l, i) => {
    const exact = BigInt(l.amountMinor) * discount;
    return { i, share: exact / BigInt(total), rest: exact % BigInt(total) };
  });
  let left = discount - shares.reduce((n, s) => n + s.share, 0n);
  for (const s of [...shares].sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.i - b.i))) {
    if (left === 0n) break;
    s.share += 1n;
    left -= 1n;
  }
  return lines.map((l, i) => ({ ...l, amountMinor: l.amountMinor - Number(shares[i]?.share ?? 0n) }));
}

export interface PurchaseItem {
  sku: string | null;
  name: string | null;
  category: string | null;
  producer: string | null;
  quantity: number;
  unitPriceMinor: number;
}

/**
 * A purchase's items: whole unit prices that add up exactly. A line whose amount does not divide
 * by its quantity (3 × 10.00 less 0.01 discount) becomes two lines of the same product, one unit
 * price a minor unit above the other, so neither the quantity nor the money is rounded away.
 */
export function toPurchaseItems(lines: ShopLine[]): PurchaseItem[] {
  const items: PurchaseItem[] = [];
  for (const l of lines) {
    if (l.amountMinor < 0 || l.quantity < 1) continue;
    const { amountMinor, quantity, ...product } = l;
    const unit = Math.floor(amountMinor / quantity);
    const above = amountMinor - unit * quantity;
    if (quantity - above > 0) items.push({ ...product, quantity: quantity - above, unitPriceMinor: unit });
    if (above > 0) items.push({ ...product, quantity: above, unitPriceMinor: unit + 1 });
  }
  return items;
}
