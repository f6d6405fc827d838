import { AppError, detail } from "./errors.js";
import type { Permission } from "./permissions.js";

/** Who is acting, for which company, with which rights. Built only from verified credentials. */
export interface Actor {
  /**
   * "member": a member signed in to the portal, acting on their own card only (no permissions).
   * "system": the platform itself acting for the company (an automation scenario's actions).
   */
  type: "staff" | "api_key" | "member" | "system";
  id: string;
  name: string;
  companyId: string;
  permissions: ReadonlySet<Permission>;
  /** null = every location of the company; otherwise the only locations the actor may touch. */
  locationIds: readonly string[] | null;
  ip: string;
  requestId: string;
  /** An API key's own rate limit (requests per minute); null or absent: the installation's RATE_LIMIT_PER_KEY. */
  rateLimitPerMinute?: number | null;
}

export function canAccessLocation(actor: Actor, locationId: string): boolean {
  return actor.locationIds === null || actor.locationIds.includes(locationId);
}

/**
 * Location-limited staff act only at their locations: another location (or one that does not
 * exist) is a permission refusal, 403 naming the field and the location, not a validation error.
 */
export function assertOwnLocation(actor: Actor, locationId: string, path = "locationId"): void {
  if (!canAccessLocation(actor, locationId))
    throw new AppError("forbidden", `${path}: your account may not act at location ${locationId}`, [
      detail(path, "location_not_yours", { location: locationId }),
    ]);
}
