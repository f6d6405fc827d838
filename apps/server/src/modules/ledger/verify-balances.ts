import type { Queryable } from "../../platform/db.js";
import { type Sql, sql } from "../../platform/sql.js";

export interface BalanceMismatch {
  companyId: string;
  programId: string;
  memberId: string;
  field: string;
  stored: number;
  fromLedger: number;
}

/** Recomputes every enrollment's figures from the ledger and lists any that disagree. */
export async function verifyBalances(db: Queryable, companyId?: string): Promise<BalanceMismatch[]> {
  const company = companyId ?? null;
  const ofCompany = (column: Sql) => sql`(${company}::text is null or ${column} = ${company})`;
  const rows = await db.query<{
    company_id: string;
    program_id: string;
    member_id: string;
    debt: number;
    lifetime_earned: number;
    spent: number;
    expired: number;
    ledger_sum: number;
    lots_sum: number;
    ledger_earned: number;
    ledger_spent: number;
    ledger_expired: number;
  }>(
    // Set-based: the ledger and the lots are each aggregated once and joined (hash joins), instead
    // of one lookup per enrollment (point_lots has no index on the member without remaining > 0).
    sql`with l as (
       select x.company_id, x.program_id, x.member_id, sum(x.points) as total,
              sum(x.points) filter (where x.kind = 'earn' or (x.kind = 'reverse' and (x.cause_type = 'return' or t.kind = 'earn'))) as earned,
              -sum(x.points) filter (where x.kind = 'spend' or (x.kind = 'reverse' and t.kind = 'spend')) as spent,
              -sum(x.points) filter (where x.kind = 'expire') as expired
         from ledger_entries x
         left join ledger_entries t on x.reverses_id is not null and t.company_id = x.company_id and t.id = x.reverses_id
        where ${ofCompany(sql`x.company_id`)}
        group by x.company_id, x.program_id, x.member_id
     ), p as (
       select company_id, program_id, member_id, sum(remaining) as remaining from point_lots
        where ${ofCompany(sql`company_id`)}
        group by company_id, program_id, member_id
     )
     select e.company_id, e.program_id, e.member_id, e.debt, e.lifetime_earned, e.spent, e.expired,
            coalesce(l.total, 0) as ledger_sum, coalesce(l.earned, 0) as ledger_earned, coalesce(l.spent, 0) as ledger_spent,
            coalesce(l.expired, 0) as ledger_expired, coalesce(p.remaining, 0) as lots_sum
       from enrollments e
       left join l on l.company_id = e.company_id and l.program_id = e.program_id and l.member_id = e.member_id
       left join p on p.company_id = e.company_id and p.program_id = e.program_id and p.member_id = e.member_id
      where ${ofCompany(sql`e.company_id`)}`,
  );
  const out: BalanceMismatch[] = [];
  for (const r of rows) {
    const at = { companyId: r.company_id, programId: r.program_id, memberId: r.member_id };
    const check = (field: string, stored: number, fromLedger: number) => {
      if (Number(stored) !== Number(fromLedger)) out.push({ ...at, field, stored: Number(stored), fromLedger: Number(fromLedger) });
    };
    check("lots - debt", Number(r.lots_sum) - r.debt, r.ledger_sum);
    check("lifetimeEarned", r.lifetime_earned, r.ledger_earned);
    check("spent", r.spent, r.ledger_spent);
    check("expired", r.expired, r.ledger_expired);
  }
  return out;
}
