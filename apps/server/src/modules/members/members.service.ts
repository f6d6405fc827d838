import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { AppError, detail, notFound } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import { companyConfigVersionSql } from "../companies/companies.service.js";
import { MEMBER_SELECT, type MemberRow, selectMember, toMember } from "./member-rows.js";
import type { Member } from "./members.schemas.js";

// The member reads other modules call. The list and search are in list-members.ts, the writes in
// member-writes.ts.

/** Every staff member with members.read sees every member: a customer may shop in any branch. */
export async function getMember(db: Queryable, actor: Actor, id: string): Promise<Member> {
  const found = await selectMember(db, actor.companyId, id);
  if (!found) throw notFound("Member");
  return found;
}

/** For messaging (templates, notifications), which reads a member for a company without a staff actor. */
export async function findMember(db: Queryable, companyId: string, id: string): Promise<Member | null> {
  return selectMember(db, companyId, id);
}

/** For the member portal: the company's card with this e-mail address (any case), if any. */
export async function findMemberByEmail(db: Queryable, companyId: string, email: string): Promise<Member | null> {
  const [row] = await db.query<MemberRow>(
    sql`${MEMBER_SELECT} where m.company_id = ${companyId} and lower(m.email) = lower(${email.trim()})`,
  );
  return row ? toMember(row) : null;
}

/** For the member portal's card activation: the card with this number (any case and spaces), if any. */
export async function findMemberByCardNumber(db: Queryable, companyId: string, cardNumber: string): Promise<Member | null> {
  const [row] = await db.query<MemberRow>(
    sql`${MEMBER_SELECT} where m.company_id = ${companyId} and m.card_number = ${normalizeCardNumber(cardNumber)}`,
  );
  return row ? toMember(row) : null;
}

/** For sign-up through `{member_ref_link}`: the id of the active member whose referral code this is, if any (only they may refer). */
export async function memberIdByReferralCode(db: Queryable, companyId: string, code: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    sql`select id from members
         where company_id = ${companyId} and referral_code = ${code.trim().toUpperCase()} and erased_at is null and status = 'active'`,
  );
  return row?.id ?? null;
}

/** Card numbers as stored: cards are matched whatever the case and surrounding spaces typed. */
export const normalizeCardNumber = (cardNumber: string) => cardNumber.trim().toUpperCase();

/** Member ids of the company's cards among `cardNumbers`, by normalised card number (one query for a whole batch). */
export async function memberIdsByCardNumber(db: Queryable, companyId: string, cardNumbers: string[]): Promise<Map<string, string>> {
  if (cardNumbers.length === 0) return new Map();
  const rows = await db.query<{ id: string; card_number: string }>(
    sql`select id, card_number from members
         where company_id = ${companyId} and card_number = any(${[...new Set(cardNumbers.map(normalizeCardNumber))]}::text[])`,
  );
  return new Map(rows.map((r) => [r.card_number, r.id]));
}

/** Those of `ids` that are not members of the company, in the order given. */
export async function unknownMemberIds(db: Queryable, companyId: string, ids: readonly string[]): Promise<string[]> {
  const rows = await db.query<{ id: string }>(sql`select id from members where company_id = ${companyId} and id = any(${ids}::text[])`);
  const known = new Set(rows.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

export function memberErased(): AppError {
  return new AppError("member_erased", "The member's data was erased: the card can no longer be changed or used", [
    detail("memberId", "member_erased"),
  ]);
}

export interface LockedMember {
  id: string;
  cardNumber: string;
  status: Member["status"];
  tags: string[];
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  referrerId: string | null;
  /** The company's configuration version as this statement saw it (for programConfig). */
  configVersion: number;
}

/** For other modules' transactions (purchases, points): locks the member row until commit. */
export async function getMemberForUpdate(tx: Queryable, companyId: string, memberId: string): Promise<LockedMember> {
  const [r] = await tx.query<MemberRow & { config_version: number }>(
    sql`select id, card_number, status, tags, first_name, last_name, email, phone, to_char(birthday, 'YYYY-MM-DD') as birthday, referrer_id,
               erased_at, ${companyConfigVersionSql(companyId)} as config_version
          from members where company_id = ${companyId} and id = ${memberId} for update`,
  );
  if (!r) throw notFound("Member");
  // Every write about a member (edit, enrolment, purchase, consent) locks it here first.
  if (r.erased_at) throw memberErased();
  return {
    id: r.id,
    cardNumber: r.card_number,
    status: r.status,
    tags: r.tags,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    birthday: r.birthday,
    referrerId: r.referrer_id,
    configVersion: r.config_version,
  };
}

/** How many members the company has, and how many joined from `since` on (the start page's figures). */
export async function memberCounts(db: Queryable, companyId: string, since: Date): Promise<{ total: number; joined: number }> {
  const [row] = await db.query<{ total: number; joined: number }>(
    sql`select count(*)::int as total, (count(*) filter (where created_at >= ${since}))::int as joined
          from members where company_id = ${companyId}`,
  );
  return { total: row?.total ?? 0, joined: row?.joined ?? 0 };
}

export interface ReferredMember {
  id: string;
  firstName: string;
  lastName: string;
  status: Member["status"];
  erased: boolean;
  createdAt: Date;
}

/** The members this member referred, newest first (at most `limit`): for the member's own view, names only. */
export async function referredMembersOf(db: Queryable, companyId: string, memberId: string, limit = 200): Promise<ReferredMember[]> {
  const rows = await db.query<{
    id: string;
    first_name: string;
    last_name: string;
    status: Member["status"];
    erased: boolean;
    created_at: Date;
  }>(
    sql`select id, first_name, last_name, status, erased_at is not null as erased, created_at from members
         where company_id = ${companyId} and referrer_id = ${memberId} order by created_at desc, id desc limit ${limit}`,
  );
  return rows.map((r) => ({
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    status: r.status,
    erased: r.erased,
    createdAt: r.created_at,
  }));
}

export interface MemberLabel {
  cardNumber: string;
  firstName: string;
  lastName: string;
  erased: boolean;
}

/** Card number and name of each of the company's members among `ids` (lists that show whose a row is). */
export async function memberLabels(db: Queryable, companyId: string, ids: readonly string[]): Promise<Map<string, MemberLabel>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<{ id: string; card_number: string; first_name: string; last_name: string; erased: boolean }>(
    sql`select id, card_number, first_name, last_name, erased_at is not null as erased from members
         where company_id = ${companyId} and id = any(${[...new Set(ids)]}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, { cardNumber: r.card_number, firstName: r.first_name, lastName: r.last_name, erased: r.erased }]));
}

/** For automation: the members with these ids (any order; unknown ids left out). */
export async function membersByIds(db: Queryable, companyId: string, ids: readonly string[]): Promise<Member[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<MemberRow>(sql`${MEMBER_SELECT} where m.company_id = ${companyId} and m.id = any(${ids}::text[])`);
  return rows.map(toMember);
}

/** A page of the company's active cards for a scheduled job, in id order (`afterId`: the last id of the previous page). */
export async function activeMemberPage(
  db: Queryable,
  companyId: string,
  afterId: string | null,
  limit: number,
): Promise<{ id: string; createdAt: Date; birthday: string | null }[]> {
  const rows = await db.query<{ id: string; created_at: Date; birthday: string | null }>(
    sql`select id, created_at, to_char(birthday, 'YYYY-MM-DD') as birthday from members
         where company_id = ${companyId} and status = 'active' and erased_at is null and (${afterId}::text is null or id > ${afterId})
         order by id limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, createdAt: r.created_at, birthday: r.birthday }));
}

/**
 * Active cards whose birthday is on `day` ("YYYY-MM-DD"); on 28 February of a year without a
 * 29th also those born on 29 February. Read through members_birthday_md_idx (the same expression).
 */
export async function activeMembersWithBirthday(
  db: Queryable,
  companyId: string,
  day: string,
  afterId: string | null,
  limit: number,
): Promise<string[]> {
  const [y, m, d] = day.split("-").map(Number) as [number, number, number];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const keys = [m * 100 + d, ...(m === 2 && d === 28 && !leap ? [229] : [])];
  const rows = await db.query<{ id: string }>(
    sql`select id from members
         where company_id = ${companyId} and birthday is not null
           and ((extract(month from birthday) * 100 + extract(day from birthday))::int) = any(${keys}::int[])
           and status = 'active' and erased_at is null and (${afterId}::text is null or id > ${afterId})
         order by id limit ${limit}`,
  );
  return rows.map((r) => r.id);
}
