import type { Queryable } from "../../platform/db.js";
import { type Sql, sql } from "../../platform/sql.js";
import type { EnrollmentRow, OpenLotSums } from "./ledger-types.js";
import { openLotSumsSql, openLotsOf } from "./open-lot-sums.js";

export interface Balance {
  programId: string;
  available: number;
  pending: number;
  debt: number;
  lifetimeEarned: number;
  spent: number;
  expired: number;
  /** Points that expire within the next 30 days, and the earliest such date. */
  expiringSoon: number;
  nextExpiryAt: Date | null;
  tierId: string | null;
  tierLocked: boolean;
  joinedAt: Date;
  /** For display (the counter, the member card): read in the same statement. */
  programName: string;
  tier: { id: string; name: string; discountBp: number; color: string } | null;
}

export async function memberBalances(
  db: Queryable,
  companyId: string,
  memberId: string,
  now: Date,
  programId?: string,
): Promise<Balance[]> {
  const rows = await db.query<
    BalanceRow & {
      negative_policy: string;
      program_name: string;
      tier_name: string | null;
      tier_discount_bp: number | null;
      tier_color: string | null;
    }
  >(
    // The open lots summed at the moment of the read (point_lots_open_idx covers them).
    sql`select e.program_id, p.negative_policy, p.name as program_name, t.name as tier_name, t.discount_bp as tier_discount_bp, t.color as tier_color,
            e.debt, e.lifetime_earned, e.spent, e.expired, e.tier_id, e.tier_locked, e.joined_at,
            s.available, s.pending, s.expiring, s.next_expiry_at
       from enrollments e
       join programs p on p.company_id = e.company_id and p.id = e.program_id
       left join tiers t on t.company_id = e.company_id and t.id = e.tier_id
       cross join lateral (${openLotSumsSql(openLotsOf(sql`e.company_id`, sql`e.program_id`, sql`e.member_id`, now), now)}) s
      where e.company_id = ${companyId} and e.member_id = ${memberId} and (${programId ?? null}::text is null or e.program_id = ${programId ?? null})
      order by e.joined_at`,
  );
  return rows.map((r) =>
    toBalance(
      r,
      { name: r.program_name, negative_policy: r.negative_policy },
      r.tier_id && r.tier_name !== null
        ? { id: r.tier_id, name: r.tier_name, discountBp: r.tier_discount_bp ?? 0, color: r.tier_color ?? "" }
        : null,
    ),
  );
}

/** What a balance is built from: the enrollment's figures and its open lots' sums. */
interface BalanceRow extends OpenLotSums {
  program_id: string;
  debt: number;
  lifetime_earned: number;
  spent: number;
  expired: number;
  tier_id: string | null;
  tier_locked: boolean;
  joined_at: Date;
}

function toBalance(r: BalanceRow, program: { name: string; negative_policy: string }, tier: Balance["tier"]): Balance {
  const net = Number(r.available) - r.debt;
  return {
    programId: r.program_id,
    available: program.negative_policy === "allow_negative" ? net : Math.max(0, net),
    pending: Number(r.pending),
    debt: r.debt,
    lifetimeEarned: r.lifetime_earned,
    spent: r.spent,
    expired: r.expired,
    expiringSoon: Number(r.expiring),
    nextExpiryAt: r.next_expiry_at,
    tierId: r.tier_id,
    tierLocked: r.tier_locked,
    joinedAt: r.joined_at,
    programName: program.name,
    tier,
  };
}

/**
 * The balance of an enrollment the caller holds locked, with the program and tier it has read
 * already. The purchase response uses it inside its transaction: the credit answered the sums with
 * its writes, so usually no statement at all; otherwise one single-table aggregate over the open
 * lots (cheap to plan, unlike the joined read).
 */
export async function balanceOfLocked(
  tx: Queryable,
  e: EnrollmentRow,
  program: { name: string; negative_policy: string },
  tiers: readonly { id: string; name: string; discount_bp: number; color: string }[],
  now: Date,
): Promise<Balance> {
  let sums = e.sumsAt?.now.getTime() === now.getTime() ? e.sumsAt.sums : undefined;
  if (!sums) {
    const [r] = await tx.query<OpenLotSums>(openLotSumsSql(openLotsOf(e.company_id, e.program_id, e.member_id, now), now));
    sums = r ?? { available: 0, pending: 0, expiring: 0, next_expiry_at: null };
  }
  const tier = e.tier_id ? tiers.find((t) => t.id === e.tier_id) : undefined;
  return toBalance(
    { ...e, ...sums },
    program,
    tier ? { id: tier.id, name: tier.name, discountBp: tier.discount_bp, color: tier.color } : null,
  );
}

/** A member's balance in one program as a list shows it (the members list): columns `lb_*` of listBalanceSql. */
export interface ListBalanceRow {
  lb_program_id: string | null;
  lb_available: string | null;
  lb_pending: string | null;
  lb_expiring: string | null;
  lb_tier_id: string | null;
  lb_tier_name: string | null;
  lb_tier_color: string | null;
}

export interface ListBalance {
  programId: string;
  available: number;
  pending: number;
  expiringSoon: number;
  tier: { id: string; name: string; color: string } | null;
}

/**
 * A member's balance in one program (the given one, or else the company's oldest active program),
 * as a lateral subquery for a list statement of another module that holds the member's id (`memberId`
 * is its column reference, e.g. `m.id`): at most one row of `lb_*` columns (ListBalanceRow), none
 * when the member is not enrolled. It reads the enrollment by its key and sums its open lots through
 * point_lots_open_idx, like the card's balance read: use it on a page of rows, after the limit.
 */
export function listBalanceSql(companyId: string, programId: string | null, memberId: Sql, now: Date): Sql {
  const at = sql`${now}::timestamptz`;
  return sql`select e.program_id as lb_program_id,
      case when p.negative_policy = 'allow_negative' then s.available - e.debt else greatest(s.available - e.debt, 0) end as lb_available,
      s.pending as lb_pending, s.expiring as lb_expiring, t.id as lb_tier_id, t.name as lb_tier_name, t.color as lb_tier_color
     from enrollments e
     join programs p on p.company_id = e.company_id and p.id = e.program_id
     left join tiers t on t.company_id = e.company_id and t.id = e.tier_id
     cross join lateral (${openLotSumsSql(openLotsOf(sql`e.company_id`, sql`e.program_id`, sql`e.member_id`, at), at)}) s
    where e.company_id = ${companyId} and e.member_id = ${memberId}
      and e.program_id = coalesce(${programId}::text,
        (select d.id from programs d where d.company_id = ${companyId} and d.status = 'active' order by d.id limit 1))`;
}

/** The `lb_*` columns of listBalanceSql as the API answers them (null: not enrolled in the program). */
export function toListBalance(r: ListBalanceRow): ListBalance | null {
  if (r.lb_program_id === null) return null;
  return {
    programId: r.lb_program_id,
    available: Number(r.lb_available),
    pending: Number(r.lb_pending),
    expiringSoon: Number(r.lb_expiring),
    tier: r.lb_tier_id && r.lb_tier_name !== null ? { id: r.lb_tier_id, name: r.lb_tier_name, color: r.lb_tier_color ?? "" } : null,
  };
}
