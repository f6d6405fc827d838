import type { Queryable } from "../../platform/db.js";
import { raw, sql } from "../../platform/sql.js";
import type { Member } from "./members.schemas.js";

/** A members row as the member reads select it (with the referrer's card and name). */
export interface MemberRow {
  id: string;
  card_number: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
  birthday: string | null;
  street: string;
  postal_code: string;
  city: string;
  country: string;
  gender: Member["gender"];
  tags: string[];
  notes: string;
  language: Member["language"];
  status: Member["status"];
  blocked_reason: string | null;
  join_location_id: string | null;
  referrer_id: string | null;
  referral_code: string;
  custom_fields: Record<string, unknown>;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  erased_at: Date | null;
  referrer_card_number: string | null;
  referrer_first_name: string | null;
  referrer_last_name: string | null;
}

/** Birthday as text: a pg `date` would become a local-midnight Date and shift across time zones. */
export const MEMBER_COLUMNS = raw(`
  m.id, m.card_number, m.first_name, m.last_name, m.email, m.phone, to_char(m.birthday, 'YYYY-MM-DD') as birthday,
  m.street, m.postal_code, m.city, m.country, m.gender, m.tags, m.notes, m.language, m.status, m.blocked_reason,
  m.join_location_id, m.referrer_id, m.referral_code, m.custom_fields, m.created_by, m.created_at, m.updated_at, m.erased_at,
  r.card_number as referrer_card_number, r.first_name as referrer_first_name, r.last_name as referrer_last_name`);
export const REFERRER_JOIN = raw("left join members r on r.company_id = m.company_id and r.id = m.referrer_id");
export const MEMBER_SELECT = sql`select ${MEMBER_COLUMNS} from members m ${REFERRER_JOIN}`;

export function toMember(r: MemberRow): Member {
  return {
    id: r.id,
    cardNumber: r.card_number,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    phone: r.phone,
    birthday: r.birthday,
    address: { street: r.street, postalCode: r.postal_code, city: r.city, country: r.country },
    gender: r.gender,
    tags: r.tags,
    notes: r.notes,
    language: r.language,
    status: r.status,
    blockedReason: r.blocked_reason,
    joinLocationId: r.join_location_id,
    referrerId: r.referrer_id,
    referrer:
      r.referrer_id && r.referrer_card_number !== null
        ? {
            id: r.referrer_id,
            cardNumber: r.referrer_card_number,
            firstName: r.referrer_first_name ?? "",
            lastName: r.referrer_last_name ?? "",
          }
        : null,
    referralCode: r.referral_code,
    customFields: r.custom_fields,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    erasedAt: r.erased_at,
  };
}

export async function selectMember(db: Queryable, companyId: string, id: string): Promise<Member | null> {
  const [row] = await db.query<MemberRow>(sql`${MEMBER_SELECT} where m.company_id = ${companyId} and m.id = ${id}`);
  return row ? toMember(row) : null;
}
