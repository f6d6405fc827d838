import type { Queryable } from "../../platform/db.js";
import { grantedConsentIds } from "../consents/consents.service.js";
import { memberBalances } from "../ledger/balances.js";
import { enrollmentTiersOf } from "../ledger/enrollment-reads.js";
import { membersByIds } from "../members/members.service.js";
import { loadPurchase } from "../purchases/purchase-reads.js";
import { dayIn } from "../templates/render.js";
import type { Condition } from "./automation.schemas.js";
import type { MemberFacts } from "./conditions.js";

/**
 * The facts the conditions need, for many members at once (three statements for a chunk of the
 * scheduled job, whatever its size); the balance (one read per member) and the purchase (one per
 * occurrence) only when a condition asks for them.
 */
export async function loadMemberFacts(
  db: Queryable,
  opts: {
    companyId: string;
    memberIds: readonly string[];
    programId: string | null;
    conditions: readonly Condition[];
    purchaseId?: string | null;
    now: Date;
    timeZone: string;
  },
): Promise<Map<string, MemberFacts>> {
  const { companyId, conditions } = opts;
  const needs = new Set(conditions.map((c) => c.type));
  const [members, tiers, consents] = await Promise.all([
    membersByIds(db, companyId, opts.memberIds),
    needs.has("tier") || needs.has("program") ? enrollmentTiersOf(db, companyId, opts.memberIds) : null,
    needs.has("consent") ? grantedConsentIds(db, companyId, opts.memberIds) : null,
  ]);
  const purchase =
    opts.purchaseId && (needs.has("purchase_amount") || needs.has("purchase_location") || needs.has("purchase_product"))
      ? await loadPurchase(db, companyId, opts.purchaseId)
      : null;
  const today = dayIn(opts.now, opts.timeZone);
  const out = new Map<string, MemberFacts>();
  for (const m of members) {
    let balance: number | null = null;
    if (needs.has("balance")) {
      const balances = await memberBalances(db, companyId, m.id, opts.now, opts.programId ?? undefined);
      balance = balances.length > 0 ? balances.reduce((n, b) => n + b.available, 0) : null;
    }
    out.set(m.id, {
      memberId: m.id,
      status: m.status,
      erased: m.erasedAt !== null,
      tags: m.tags,
      gender: m.gender,
      city: m.address.city,
      country: m.address.country,
      language: m.language,
      birthday: m.birthday,
      joinLocationId: m.joinLocationId,
      customFields: m.customFields,
      tiers: tiers?.get(m.id) ?? new Map(),
      consents: consents?.get(m.id) ?? new Set(),
      balance,
      programId: opts.programId,
      purchase: purchase
        ? {
            amountMinor: Number(purchase.row.amount_minor),
            locationId: purchase.row.location_id,
            lines: purchase.row.items ?? [],
          }
        : null,
      today,
    });
  }
  return out;
}
