import type { Permission } from "../../api/client";

/**
 * The cashier's preset (apps/server/src/platform/permissions.ts ROLE_PERMISSIONS.cashier): an
 * account holding nothing beyond it works at the counter, so the panel opens on the counter and
 * the server's start page shows it no figures.
 */
const COUNTER_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  "company.read",
  "locations.read",
  "programs.read",
  "members.read",
  "members.write",
  "purchases.read",
  "purchases.write",
  "rewards.read",
  "redemptions.write",
  "vouchers.use",
]);

/** Whether the account's work is the counter: it records purchases and holds nothing beyond the cashier's permissions. */
export function isCounterOnly(permissions: ReadonlySet<Permission>): boolean {
  return permissions.has("purchases.write") && [...permissions].every((p) => COUNTER_PERMISSIONS.has(p));
}

/** A card number as typed or scanned, compared without spaces and dashes. */
export const compactCard = (s: string) => s.replace(/[\s-]+/g, "").toUpperCase();
