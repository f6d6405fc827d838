import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/** A member's portal sign-in: no row = a card nobody claimed in the portal yet. */
export interface Credentials {
  passwordHash: string | null;
  emailVerifiedAt: Date | null;
}

export async function findCredentials(db: Queryable, companyId: string, memberId: string): Promise<Credentials | null> {
  const [row] = await db.query<{ password_hash: string | null; email_verified_at: Date | null }>(
    sql`select password_hash, email_verified_at from member_credentials where company_id = ${companyId} and member_id = ${memberId}`,
  );
  return row ? { passwordHash: row.password_hash, emailVerifiedAt: row.email_verified_at } : null;
}

/**
 * Creates or updates the member's sign-in: a new password hash when given (undefined keeps the
 * current one), and the e-mail marked verified when `emailVerified` (a code reached the address).
 * Returns whether the row is new (the portal account was activated just now).
 */
export async function saveCredentials(
  tx: Queryable,
  opts: { companyId: string; memberId: string; passwordHash?: string; emailVerified: boolean; now: Date },
): Promise<{ created: boolean }> {
  const hash = opts.passwordHash ?? null;
  const verifiedAt = opts.emailVerified ? opts.now : null;
  const [row] = await tx.query<{ created: boolean }>(
    sql`insert into member_credentials (company_id, member_id, password_hash, email_verified_at, created_at, updated_at)
        values (${opts.companyId}, ${opts.memberId}, ${hash}, ${verifiedAt}, ${opts.now}, ${opts.now})
        on conflict (company_id, member_id) do update
           set password_hash = coalesce(${hash}, member_credentials.password_hash),
               email_verified_at = coalesce(member_credentials.email_verified_at, ${verifiedAt}),
               updated_at = ${opts.now}
        returning (xmax = 0) as created`,
  );
  return { created: Boolean(row?.created) };
}
