import type { Queryable } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import type { MemberSession } from "../../platform/http.js";
import { sql } from "../../platform/sql.js";
import { findMember } from "../members/members.service.js";

/** What the portal shows of the signed-in member, with the CSRF token its writes send. */
export async function describeMemberSession(db: Queryable, session: MemberSession) {
  const member = await findMember(db, session.companyId, session.memberId);
  if (!member) throw new AppError("unauthenticated", "Sign in to the portal first");
  const [credentials] = await db.query<{ email_verified_at: Date | null }>(
    sql`select email_verified_at from member_credentials where company_id = ${session.companyId} and member_id = ${session.memberId}`,
  );
  return {
    member: {
      id: member.id,
      firstName: member.firstName,
      lastName: member.lastName,
      email: member.email,
      cardNumber: member.cardNumber,
      language: member.language,
      emailVerified: Boolean(credentials?.email_verified_at),
    },
    csrfToken: session.csrfToken,
  };
}
