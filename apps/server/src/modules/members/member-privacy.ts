import type { Queryable } from "../../platform/db.js";
import { invalidField, notFound } from "../../platform/errors.js";
import { type Sql, sql } from "../../platform/sql.js";

/**
 * Erasure of the card (GDPR, by pseudonymization): every personal column is emptied and the card
 * number and referral code become values derived from the id, so nothing that identified the
 * person is left and no search by the old name, e-mail, phone or card finds the row. The row stays:
 * the ledger, purchases and redemptions keep pointing at it, so every sum stays as it was.
 * Locks the member; returns false when it had been erased already (a second erasure changes nothing).
 * `confirmCardNumber` (a person's request; null for the retention job) must be the card's number.
 */
export async function pseudonymizeMember(
  tx: Queryable,
  opts: { companyId: string; memberId: string; now: Date; confirmCardNumber: string | null },
): Promise<boolean> {
  const { companyId, memberId, now } = opts;
  const [row] = await tx.query<{ erased: boolean; card_number: string }>(
    sql`select erased_at is not null as erased, card_number from members where company_id = ${companyId} and id = ${memberId} for update`,
  );
  if (!row) throw notFound("Member");
  if (row.erased) return false;
  if (opts.confirmCardNumber !== null && opts.confirmCardNumber.trim().toUpperCase() !== row.card_number)
    throw invalidField("confirmCardNumber", "confirmation_mismatch");
  await tx.query(
    sql`update members
           set card_number = 'ERASED-' || upper(substr(id, 5)), referral_code = 'erased-' || substr(id, 5),
               first_name = '', last_name = '', email = null, phone = null, birthday = null, street = '', postal_code = '',
               city = '', gender = null, tags = '{}', notes = '', blocked_reason = null, custom_fields = '{}',
               updated_at = ${now}, erased_at = ${now}
         where company_id = ${companyId} and id = ${memberId}`,
  );
  return true;
}

/**
 * Members of the company not erased yet, registered and last changed before `cutoff`, with no
 * activity in the ledger from `cutoff` on (`activeSince`, the ledger's fragment: expiry is not
 * activity); at most `limit`, oldest first after `afterId`.
 */
export async function quietMemberIds(
  db: Queryable,
  opts: { companyId: string; cutoff: Date; activeSince: (alias: string, cutoff: Date) => Sql; afterId: string | null; limit: number },
): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    sql`select m.id from members m
         where m.company_id = ${opts.companyId} and m.erased_at is null and m.created_at < ${opts.cutoff} and m.updated_at < ${opts.cutoff}
           and (${opts.afterId}::text is null or m.id > ${opts.afterId})
           and not ${opts.activeSince("m", opts.cutoff)}
         order by m.id limit ${opts.limit}`,
  );
  return rows.map((r) => r.id);
}
