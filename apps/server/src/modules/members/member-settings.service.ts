import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import type { CardNumberPattern } from "./card-numbers.js";
import type { MemberSettings, MemberSettingsPatch } from "./members.schemas.js";

interface SettingsRow {
  card_number_prefix: string;
  card_number_digits: number;
  card_number_check_digit: boolean;
  updated_at: Date;
}

const DEFAULTS: MemberSettings = { cardNumberPrefix: "", cardNumberDigits: 10, cardNumberCheckDigit: true, updatedAt: null };

/** A company that never changed its settings has the defaults: no prefix, 10 digits, Luhn check digit. */
export async function getMemberSettings(db: Queryable, companyId: string): Promise<MemberSettings> {
  const [row] = await db.query<SettingsRow>(sql`select * from member_settings where company_id = ${companyId}`);
  if (!row) return { ...DEFAULTS };
  return {
    cardNumberPrefix: row.card_number_prefix,
    cardNumberDigits: row.card_number_digits,
    cardNumberCheckDigit: row.card_number_check_digit,
    updatedAt: row.updated_at,
  };
}

export function cardNumberPattern(s: MemberSettings): CardNumberPattern {
  return { prefix: s.cardNumberPrefix, digits: s.cardNumberDigits, checkDigit: s.cardNumberCheckDigit };
}

/** Changes apply to numbers generated from now on; existing cards keep their numbers. */
export async function updateMemberSettings(opts: { db: Db; actor: Actor; patch: MemberSettingsPatch }): Promise<MemberSettings> {
  const { actor, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await getMemberSettings(tx, actor.companyId);
    const next = { ...before, ...patch };
    await tx.query(
      sql`insert into member_settings (company_id, card_number_prefix, card_number_digits, card_number_check_digit)
          values (${actor.companyId}, ${next.cardNumberPrefix}, ${next.cardNumberDigits}, ${next.cardNumberCheckDigit})
          on conflict (company_id) do update set card_number_prefix = excluded.card_number_prefix,
            card_number_digits = excluded.card_number_digits, card_number_check_digit = excluded.card_number_check_digit,
            updated_at = now()`,
    );
    const after = await getMemberSettings(tx, actor.companyId);
    const changes = diff(before, after);
    delete changes.updatedAt;
    await recordAudit(tx, actor, { action: "member_settings.updated", entityType: "member_settings", entityId: actor.companyId, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "member_settings.updated",
      entityType: "member_settings",
      entityId: actor.companyId,
      payload: { fields: Object.keys(changes) },
    });
    return after;
  });
}
