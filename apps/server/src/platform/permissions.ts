/**
 * Permission switches, named "<area>.<read|write>". Roles are presets of these switches; a
 * membership may carry an adjusted list instead. API key scopes are drawn from the same list,
 * so one check serves staff sessions and integrations alike.
 */
export const PERMISSIONS = [
  "company.read",
  "company.write",
  "locations.read",
  "locations.write",
  "staff.read",
  "staff.write",
  "api_keys.read",
  "api_keys.write",
  "audit.read",
  "programs.read",
  "programs.write",
  "members.read",
  "members.write",
  // A member's whole data in one file (GDPR access request): more than the card shows.
  "members.export",
  // Irreversible: pseudonymizes a member (GDPR erasure); only the owner's preset holds it.
  "members.erase",
  "purchases.read",
  "purchases.write",
  "points.adjust",
  "rewards.read",
  "rewards.write",
  "redemptions.write",
  "vouchers.use",
  "messages.read",
  "messages.write",
  "messages.send",
  "automation.read",
  "automation.write",
  // Outgoing webhooks and e-shop connections: their secrets let a holder speak for the company.
  "integrations.read",
  "integrations.write",
  // Points at checkout (quote, reserve, settle, release): what an e-shop's API key holds.
  "checkout.write",
] as const;

export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ["owner", "admin", "marketer", "branch_manager", "cashier", "analyst"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  owner: PERMISSIONS,
  admin: PERMISSIONS.filter((p) => p !== "members.erase"),
  marketer: [
    "company.read",
    "locations.read",
    "staff.read",
    "programs.read",
    "programs.write",
    "members.read",
    "members.write",
    "purchases.read",
    "messages.read",
    "messages.write",
    "messages.send",
    "automation.read",
    "automation.write",
    // a scenario may send to one of the company's webhook endpoints: the builder lists them
    "integrations.read",
  ],
  branch_manager: [
    "company.read",
    "locations.read",
    "locations.write",
    "staff.read",
    "programs.read",
    "members.read",
    "members.write",
    "purchases.read",
    "purchases.write",
    "points.adjust",
    "rewards.read",
    "redemptions.write",
    "vouchers.use",
    "messages.read",
  ],
  cashier: [
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
  ],
  analyst: [
    "company.read",
    "locations.read",
    "staff.read",
    "audit.read",
    "programs.read",
    "members.read",
    "purchases.read",
    "rewards.read",
    "messages.read",
    "automation.read",
    "integrations.read",
  ],
};

/** Scopes an API key may hold: everything but managing people and keys, which needs a person. */
export const API_KEY_SCOPES = PERMISSIONS.filter((p) => !["staff.write", "api_keys.read", "api_keys.write"].includes(p)) as Permission[];

export function permissionsOf(role: Role, adjusted: string[] | null): Permission[] {
  if (adjusted) return PERMISSIONS.filter((p) => adjusted.includes(p));
  return [...ROLE_PERMISSIONS[role]];
}

const CASHIER_PRESET: ReadonlySet<Permission> = new Set(ROLE_PERMISSIONS.cashier);

/** Holds nothing beyond the cashier's preset: the start page shows such an account no business figures. */
export function withinCashierPreset(permissions: Iterable<Permission>): boolean {
  return [...permissions].every((p) => CASHIER_PRESET.has(p));
}

/** An account whose work is the counter: it records purchases and holds nothing beyond the cashier's preset. */
export function worksAtCounter(permissions: readonly Permission[]): boolean {
  return permissions.includes("purchases.write") && withinCashierPreset(permissions);
}
