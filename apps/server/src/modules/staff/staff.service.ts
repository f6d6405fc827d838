import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { type Permission, permissionsOf, type Role } from "../../platform/permissions.js";
import { insertStaffAccount } from "../auth/accounts.js";
import {
  companyMemberships,
  type MembershipRow,
  membershipOf,
  otherOwnerCount,
  removeMembership,
  roleIn,
  updateMembership,
} from "../auth/memberships.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import type { StaffMember, UpdateStaffInput } from "./staff.schemas.js";

// The company's staff: accounts, sessions and memberships are auth's; these are the verbs over them.

/** Setup, the CLI, accepted invitations, the demo, tests and benchmarks create accounts through here. */
export { insertStaffAccount };

function toMember(r: MembershipRow): StaffMember {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    language: r.language,
    role: r.role,
    permissions: permissionsOf(r.role, r.permissions),
    customPermissions: r.permissions !== null,
    locationIds: r.location_ids,
    joinedAt: r.joined_at,
  };
}

export async function listStaff(opts: { db: Db; actor: Actor; q?: string; role?: Role }): Promise<StaffMember[]> {
  const rows = await companyMemberships(opts.db, opts.actor.companyId, { q: opts.q ?? null, role: opts.role ?? null });
  return rows.map(toMember);
}

export async function getStaffMember(db: Queryable, companyId: string, staffId: string): Promise<StaffMember> {
  const row = await membershipOf(db, companyId, staffId);
  if (!row) throw notFound("Staff member");
  return toMember(row);
}

/**
 * Nobody hands out more than they hold: only owners grant or change the owner role, an actor
 * grants only permissions they have, and a location-limited actor grants only their locations.
 */
export function assertMayGrant(actor: Actor, role: Role, permissions: Permission[] | null, locationIds: string[], actorRole: Role): void {
  if (role === "owner" && actorRole !== "owner")
    throw new AppError("forbidden", "Only an owner can make someone an owner", [detail("role", "owner_only")]);
  const granted = permissions ?? permissionsOf(role, null);
  const missing = granted.filter((p) => !actor.permissions.has(p));
  if (missing.length > 0)
    throw new AppError("forbidden", `You cannot grant permissions you do not have: ${missing.join(", ")}`, [
      detail("permissions", "permissions_not_held", { names: missing.join(", ") }),
    ]);
  if (actor.locationIds !== null) {
    if (locationIds.length === 0)
      throw new AppError("forbidden", "You can only grant access to your own locations", [detail("locationIds", "own_locations_only")]);
    const outside = locationIds.filter((l) => !actor.locationIds?.includes(l));
    if (outside.length > 0)
      throw new AppError("forbidden", "You can only grant access to your own locations", [
        detail("locationIds", "locations_not_accessible"),
      ]);
  }
}

export async function updateStaffMember(opts: { db: Db; actor: Actor; staffId: string; patch: UpdateStaffInput }): Promise<StaffMember> {
  const { actor, staffId, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getStaffMember(tx, actor.companyId, staffId);
    const actorRole = (await roleIn(tx, actor.companyId, actor.id)) ?? "cashier";
    if (before.role === "owner" && actorRole !== "owner") throw new AppError("forbidden", "Only an owner can change an owner");
    if (staffId === actor.id && (patch.role !== undefined || patch.permissions !== undefined))
      throw new AppError("forbidden", "You cannot change your own role or permissions", [detail("role", "ask_another_admin")]);
    const role = patch.role ?? before.role;
    const permissions = patch.permissions === undefined ? (before.customPermissions ? before.permissions : null) : patch.permissions;
    const locationIds = patch.locationIds ?? before.locationIds;
    assertMayGrant(actor, role, permissions, locationIds, actorRole);
    await assertLocationsExist(tx, actor.companyId, locationIds, "locationIds");
    if (before.role === "owner" && role !== "owner") await assertAnotherOwner(tx, actor.companyId, staffId);
    await updateMembership(tx, actor.companyId, staffId, { role, permissions, locationIds });
    const after = await getStaffMember(tx, actor.companyId, staffId);
    await recordAudit(tx, actor, { action: "staff.updated", entityType: "staff", entityId: staffId, changes: diff(before, after) });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "staff.updated",
      entityType: "staff",
      entityId: staffId,
      payload: { role: after.role },
    });
    return after;
  });
}

export async function removeStaffMember(opts: { db: Db; actor: Actor; staffId: string }): Promise<void> {
  const { actor, staffId } = opts;
  await opts.db.transaction(async (tx) => {
    const member = await getStaffMember(tx, actor.companyId, staffId);
    if (staffId === actor.id) throw new AppError("forbidden", "You cannot remove yourself");
    const actorRole = (await roleIn(tx, actor.companyId, actor.id)) ?? "cashier";
    if (member.role === "owner" && actorRole !== "owner") throw new AppError("forbidden", "Only an owner can remove an owner");
    if (member.role === "owner") await assertAnotherOwner(tx, actor.companyId, staffId);
    await removeMembership(tx, actor.companyId, staffId);
    await recordAudit(tx, actor, {
      action: "staff.removed",
      entityType: "staff",
      entityId: staffId,
      changes: { email: member.email, role: member.role },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "staff.removed", entityType: "staff", entityId: staffId });
  });
}

async function assertAnotherOwner(tx: Queryable, companyId: string, staffId: string): Promise<void> {
  if ((await otherOwnerCount(tx, companyId, staffId)) === 0)
    throw new AppError("conflict", "A company needs at least one owner; make someone else owner first", [detail("role", "last_owner")]);
}
