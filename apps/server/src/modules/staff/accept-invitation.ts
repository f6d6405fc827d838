import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, isUniqueViolation } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import type { StaffSession } from "../../platform/http.js";
import { permissionsOf } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";
import { accountIdByEmail, accountName, insertStaffAccount } from "../auth/accounts.js";
import { checkCredentials, createSession } from "../auth/auth.service.js";
import { insertMembership } from "../auth/memberships.js";
import { getCompany } from "../companies/companies.service.js";
import type { AcceptInvitationInput } from "./invitations.schemas.js";
import { hashInvitationToken, type InvitationRow } from "./invitations.service.js";

// The public side of an invitation: the page that opens from the link, and accepting it.
//
// A new person sets their name and password (the policy applies) and is signed in. A person who
// already has an account (staff of another company, an agency) signs in with that account's
// password instead: the membership is added only once they have proven they own the account,
// so nobody can be made a member of a company without having accepted.

const invalidInvitation = () =>
  new AppError("not_found", "The invitation is unknown, used, revoked or expired; ask for a new one", [
    detail("token", "invitation_invalid"),
  ]);

async function usableInvitation(db: Queryable, token: string, lock: boolean): Promise<InvitationRow> {
  const [row] = await db.query<InvitationRow>(
    sql`select i.company_id, i.id, i.email, i.role, i.permissions, i.location_ids, i.invited_by, i.created_at, i.expires_at,
               false as expired
          from staff_invitations i
         where i.token_hash = ${hashInvitationToken(token)} and i.accepted_at is null and i.revoked_at is null
           and i.expires_at > now()
         ${lock ? sql`for update` : sql``}`,
  );
  if (!row) throw invalidInvitation();
  return row;
}

/** What the accept page shows: who is invited where, and whether they sign in or create an account. */
export async function previewInvitation(db: Db, token: string) {
  const row = await usableInvitation(db, token, false);
  const company = await getCompany(db, row.company_id);
  return {
    email: row.email,
    companyName: company.name,
    existingAccount: (await accountIdByEmail(db, row.email)) !== null,
    expiresAt: row.expires_at,
  };
}

export async function acceptInvitation(opts: {
  db: Db;
  config: Config;
  token: string;
  input: AcceptInvitationInput;
  ip: string;
  requestId: string;
  userAgent: string | undefined;
}): Promise<{ token: string; session: StaffSession }> {
  const { db, input } = opts;
  const preview = await usableInvitation(db, opts.token, false);
  // An existing account proves itself first, throttled like any sign-in (outside the transaction,
  // so a failed attempt is recorded even though the acceptance is refused).
  const existingId = await accountIdByEmail(db, preview.email);
  if (existingId && !(await checkCredentials(db, preview.email, input.password, opts.ip))) throw invalidField("password", "wrong_password");
  if (!existingId && !input.name) throw invalidField("name", "required_new_account");

  return db.transaction(async (tx) => {
    const row = await usableInvitation(tx, opts.token, true);
    const staffId =
      existingId ??
      (await insertStaffAccount(tx, {
        email: row.email,
        name: input.name as string,
        password: input.password,
        language: input.language,
      }));
    try {
      await insertMembership(tx, row.company_id, staffId, {
        role: row.role,
        permissions: row.permissions,
        locationIds: row.location_ids,
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AppError("already_exists", "email: already a member of this company", [detail("email", "already_member")]);
      throw err;
    }
    await tx.query(
      sql`update staff_invitations set accepted_at = now(), accepted_staff_id = ${staffId}, updated_at = now()
           where company_id = ${row.company_id} and id = ${row.id}`,
    );
    const actor: Actor = {
      type: "staff",
      id: staffId,
      name: (await accountName(tx, staffId)) ?? row.email,
      companyId: row.company_id,
      permissions: new Set(permissionsOf(row.role, row.permissions)),
      locationIds: row.location_ids.length > 0 ? row.location_ids : null,
      ip: opts.ip,
      requestId: opts.requestId,
    };
    await recordAudit(tx, actor, {
      action: "staff.invitation_accepted",
      entityType: "staff",
      entityId: staffId,
      changes: { invitationId: row.id, email: row.email, role: row.role, newAccount: existingId === null },
    });
    await emitEvent(tx, {
      companyId: row.company_id,
      type: "staff.added",
      entityType: "staff",
      entityId: staffId,
      payload: { role: row.role },
    });
    return createSession({ db: tx, config: opts.config, staffId, ip: opts.ip, userAgent: opts.userAgent, companyId: row.company_id });
  });
}
