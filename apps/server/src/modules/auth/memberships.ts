import type { Queryable } from "../../platform/db.js";
import type { Permission, Role } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";

// Memberships (an account's role, permissions and locations in a company) for the staff module's
// verbs and company creation; auth reads them to resolve every session's actor.

/** A membership with its account. */
export interface MembershipRow {
  id: string;
  email: string;
  name: string;
  language: "pl" | "en";
  role: Role;
  permissions: string[] | null;
  location_ids: string[];
  joined_at: Date;
}

const MEMBERSHIP_SELECT = sql`select a.id, a.email, a.name, a.language, m.role, m.permissions, m.location_ids, m.created_at as joined_at
  from memberships m join staff_accounts a on a.id = m.staff_id`;

/** The company's staff, by name; `q` matches name or e-mail. */
export async function companyMemberships(
  db: Queryable,
  companyId: string,
  filter: { q: string | null; role: Role | null },
): Promise<MembershipRow[]> {
  const { q, role } = filter;
  return db.query<MembershipRow>(
    sql`${MEMBERSHIP_SELECT}
         where m.company_id = ${companyId}
           and (${q}::text is null or a.name ilike '%' || ${q}::text || '%' or a.email ilike '%' || ${q}::text || '%')
           and (${role}::text is null or m.role = ${role})
         order by a.name`,
  );
}

export async function membershipOf(db: Queryable, companyId: string, staffId: string): Promise<MembershipRow | null> {
  const [row] = await db.query<MembershipRow>(sql`${MEMBERSHIP_SELECT} where m.company_id = ${companyId} and m.staff_id = ${staffId}`);
  return row ?? null;
}

export async function roleIn(db: Queryable, companyId: string, staffId: string): Promise<Role | null> {
  const [row] = await db.query<{ role: Role }>(sql`select role from memberships where company_id = ${companyId} and staff_id = ${staffId}`);
  return row?.role ?? null;
}

/** How many owners the company has besides this account. */
export async function otherOwnerCount(db: Queryable, companyId: string, staffId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from memberships where company_id = ${companyId} and role = 'owner' and staff_id <> ${staffId}`,
  );
  return row?.n ?? 0;
}

interface Grant {
  role: Role;
  /** null: the role's permissions. */
  permissions?: Permission[] | null;
  /** empty: every location. */
  locationIds?: string[];
}

/** Adds the account to the company; a second membership of the same account is a unique violation. */
export async function insertMembership(tx: Queryable, companyId: string, staffId: string, grant: Grant): Promise<void> {
  await tx.query(
    sql`insert into memberships (company_id, staff_id, role, permissions, location_ids)
        values (${companyId}, ${staffId}, ${grant.role}, ${grant.permissions ?? null}, ${grant.locationIds ?? []})`,
  );
}

export async function updateMembership(tx: Queryable, companyId: string, staffId: string, grant: Required<Grant>): Promise<void> {
  await tx.query(
    sql`update memberships set role = ${grant.role}, permissions = ${grant.permissions}, location_ids = ${grant.locationIds}
         where company_id = ${companyId} and staff_id = ${staffId}`,
  );
}

/** Removes the account from the company; its sessions acting for the company lose it (they choose again). */
export async function removeMembership(tx: Queryable, companyId: string, staffId: string): Promise<void> {
  await tx.query(sql`delete from memberships where company_id = ${companyId} and staff_id = ${staffId}`);
  await tx.query(sql`update sessions set company_id = null where staff_id = ${staffId} and company_id = ${companyId}`);
}
