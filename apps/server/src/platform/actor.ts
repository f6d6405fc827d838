import type { Permission } from "./permissions.js";

/** Who is acting, for which company, with which rights. Built only from verified credentials. */
export interface Actor {
  type: "staff" | "api_key";
  id: string;
  name: string;
  companyId: string;
  permissions: ReadonlySet<Permission>;
  /** null = every location of the company; otherwise the only locations the actor may touch. */
  locationIds: readonly string[] | null;
  ip: string;
  requestId: string;
}

export function canAccessLocation(actor: Actor, locationId: string): boolean {
  return actor.locationIds === null || actor.locationIds.includes(locationId);
}
