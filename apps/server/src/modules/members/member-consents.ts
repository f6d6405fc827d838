import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import type { ConsentChannel, ConsentPurpose, ConsentSource, MemberConsents } from "../consents/consents.schemas.js";
import {
  changeConsentsOfLockedMember,
  memberConsents,
  type VersionedConsentChange,
  withdrawCoveredConsentsOfLockedMember,
} from "../consents/consents.service.js";
import { memberErased } from "./members.service.js";

// A member's consent decisions: the decisions are the consents module's; the member row, which
// these lock (two requests cannot both append the same change) or check, is this module's.

async function lockMember(tx: Queryable, companyId: string, memberId: string): Promise<void> {
  const [row] = await tx.query<{ erased: boolean }>(
    sql`select erased_at is not null as erased from members where company_id = ${companyId} and id = ${memberId} for update`,
  );
  if (!row) throw notFound("Member");
  // An erased member's consent record gets no new entries (they would carry a new address).
  if (row.erased) throw memberErased();
}

export async function getMemberConsents(opts: { db: Queryable; actor: Actor; memberId: string }): Promise<MemberConsents> {
  const [row] = await opts.db.query(sql`select id from members where company_id = ${opts.actor.companyId} and id = ${opts.memberId}`);
  if (!row) throw notFound("Member");
  return memberConsents(opts.db, opts.actor.companyId, opts.memberId);
}

export async function changeMemberConsents(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  changes: VersionedConsentChange[];
  source?: ConsentSource;
}): Promise<MemberConsents> {
  const { actor, memberId } = opts;
  return opts.db.transaction(async (tx) => {
    await lockMember(tx, actor.companyId, memberId);
    return changeConsentsOfLockedMember(tx, { actor, memberId, changes: opts.changes, source: opts.source });
  });
}

/** For messaging's unsubscribe links: see withdrawCoveredConsentsOfLockedMember. */
export async function withdrawConsentsByUnsubscribe(opts: {
  db: Db;
  companyId: string;
  memberId: string;
  purpose: ConsentPurpose;
  channel: ConsentChannel;
  ip: string;
}): Promise<{ consentId: string; key: string; granted: boolean; version: number }[]> {
  const { db, ...withdrawal } = opts;
  return db.transaction(async (tx) => {
    await lockMember(tx, opts.companyId, opts.memberId);
    return withdrawCoveredConsentsOfLockedMember(tx, withdrawal);
  });
}
