import { createHash } from "node:crypto";
import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, isUniqueViolation, notFound } from "../../platform/errors.js";
import { newId, randomToken } from "../../platform/ids.js";
import type { Permission, Role } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";
import { accountIdByEmail } from "../auth/accounts.js";
import { membershipOf, roleIn } from "../auth/memberships.js";
import { getCompany } from "../companies/companies.service.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { sendStaffEmail } from "../messaging/staff-email.js";
import { invitationEmail } from "./invitation-email.js";
import type { InvitationSent, InviteStaffInput, StaffInvitation } from "./invitations.schemas.js";
import { assertMayGrant } from "./staff.service.js";

// Staff join a company by a one-time link sent by e-mail: the row keeps only the hash of the
// link's secret; resending makes a new secret (the old link stops working); accepting or revoking
// closes the invitation for good.

export const INVITATION_TTL_DAYS = 7;

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

export interface InvitationRow {
  company_id: string;
  id: string;
  email: string;
  role: Role;
  permissions: Permission[] | null;
  location_ids: string[];
  invited_by: string | null;
  created_at: Date;
  expires_at: Date;
  expired: boolean;
}

const INVITATION_COLUMNS = sql`i.company_id, i.id, i.email, i.role, i.permissions, i.location_ids, i.invited_by, i.created_at,
  i.expires_at, i.expires_at <= now() as expired`;

function toInvitation(r: InvitationRow): StaffInvitation {
  return {
    id: r.id,
    email: r.email,
    role: r.role,
    permissions: r.permissions,
    locationIds: r.location_ids,
    invitedBy: r.invited_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    expired: r.expired,
  };
}

export function invitationUrl(config: Config, token: string): string {
  return `${config.publicUrl}/admin/invite/${token}`;
}

/** Open invitations (neither accepted nor revoked), expired ones included so they can be resent. */
export async function listInvitations(db: Queryable, companyId: string): Promise<StaffInvitation[]> {
  const rows = await db.query<InvitationRow>(
    sql`select ${INVITATION_COLUMNS} from staff_invitations i
         where i.company_id = ${companyId} and i.accepted_at is null and i.revoked_at is null
         order by i.created_at desc`,
  );
  return rows.map(toInvitation);
}

async function openInvitation(db: Queryable, companyId: string, id: string): Promise<InvitationRow> {
  const [row] = await db.query<InvitationRow>(
    sql`select ${INVITATION_COLUMNS} from staff_invitations i
         where i.company_id = ${companyId} and i.id = ${id} and i.accepted_at is null and i.revoked_at is null
         for update`,
  );
  if (!row) throw notFound("Invitation");
  return row;
}

/** Invites a person by e-mail: an invitation with the grant, then the e-mail (or the link to hand over). */
export async function inviteStaff(opts: { db: Db; config: Config; actor: Actor; input: InviteStaffInput }): Promise<InvitationSent> {
  const { actor, input } = opts;
  const token = randomToken();
  const row = await opts.db.transaction(async (tx) => {
    const actorRole = (await roleIn(tx, actor.companyId, actor.id)) ?? "cashier";
    assertMayGrant(actor, input.role, input.permissions, input.locationIds, actorRole);
    await assertLocationsExist(tx, actor.companyId, input.locationIds, "locationIds");
    const accountId = await accountIdByEmail(tx, input.email);
    if (accountId && (await membershipOf(tx, actor.companyId, accountId)))
      throw new AppError("already_exists", "email: already a member of this company", [detail("email", "already_member")]);
    // An expired open invitation makes way for the new one.
    await tx.query(
      sql`update staff_invitations set revoked_at = now(), updated_at = now()
           where company_id = ${actor.companyId} and lower(email) = lower(${input.email})
             and accepted_at is null and revoked_at is null and expires_at <= now()`,
    );
    const id = newId("inv");
    let inserted: InvitationRow | undefined;
    try {
      [inserted] = await tx.query<InvitationRow>(
        sql`insert into staff_invitations as i (company_id, id, email, role, permissions, location_ids, token_hash, invited_by, expires_at)
            values (${actor.companyId}, ${id}, ${input.email}, ${input.role}, ${input.permissions}, ${input.locationIds},
                    ${hashInvitationToken(token)}, ${actor.type === "staff" ? actor.id : null},
                    now() + make_interval(days => ${INVITATION_TTL_DAYS}))
            returning ${INVITATION_COLUMNS}`,
      );
    } catch (err) {
      if (isUniqueViolation(err, "staff_invitations_open_email_key"))
        throw new AppError("already_exists", "email: has an open invitation; resend it instead", [detail("email", "already_invited")]);
      throw err;
    }
    if (!inserted) throw new Error("invitation not inserted");
    await recordAudit(tx, actor, {
      action: "staff.invited",
      entityType: "staff_invitation",
      entityId: id,
      changes: { email: input.email, role: input.role, locationIds: input.locationIds, permissions: input.permissions },
    });
    return inserted;
  });
  return deliver(opts.db, opts.config, actor, row, token);
}

/** A new link for an open invitation (the old one stops working), valid for another week, sent again. */
export async function resendInvitation(opts: { db: Db; config: Config; actor: Actor; id: string }): Promise<InvitationSent> {
  const { actor } = opts;
  const token = randomToken();
  const row = await opts.db.transaction(async (tx) => {
    await openInvitation(tx, actor.companyId, opts.id);
    const [updated] = await tx.query<InvitationRow>(
      sql`update staff_invitations i set token_hash = ${hashInvitationToken(token)},
             expires_at = now() + make_interval(days => ${INVITATION_TTL_DAYS}), updated_at = now()
           where i.company_id = ${actor.companyId} and i.id = ${opts.id}
       returning ${INVITATION_COLUMNS}`,
    );
    if (!updated) throw notFound("Invitation");
    await recordAudit(tx, actor, {
      action: "staff.invitation_resent",
      entityType: "staff_invitation",
      entityId: opts.id,
      changes: { email: updated.email },
    });
    return updated;
  });
  return deliver(opts.db, opts.config, actor, row, token);
}

export async function revokeInvitation(opts: { db: Db; actor: Actor; id: string }): Promise<void> {
  const { actor } = opts;
  await opts.db.transaction(async (tx) => {
    const row = await openInvitation(tx, actor.companyId, opts.id);
    await tx.query(
      sql`update staff_invitations set revoked_at = now(), updated_at = now() where company_id = ${actor.companyId} and id = ${opts.id}`,
    );
    await recordAudit(tx, actor, {
      action: "staff.invitation_revoked",
      entityType: "staff_invitation",
      entityId: opts.id,
      changes: { email: row.email, role: row.role },
    });
  });
}

/** Sends the link after the invitation is committed; the link comes back only when no e-mail went out. */
async function deliver(db: Db, config: Config, actor: Actor, row: InvitationRow, token: string): Promise<InvitationSent> {
  const url = invitationUrl(config, token);
  const company = await getCompany(db, actor.companyId);
  const email = await sendStaffEmail(db, config, actor.companyId, row.email, row.id, (c) =>
    invitationEmail({
      language: c.language,
      companyName: c.name,
      inviterName: actor.name,
      url,
      expiresAt: row.expires_at,
      timeZone: company.timeZone,
    }),
  );
  return { invitation: toInvitation(row), email, inviteUrl: email.status === "sent" ? null : url };
}
