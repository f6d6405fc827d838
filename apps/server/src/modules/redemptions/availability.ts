import type { Db, Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import { memberBalances } from "../ledger/balances.js";
import { enrollmentTierIds } from "../ledger/enrollment-reads.js";
import { findMember } from "../members/members.service.js";
import { activeRewardRows, type RewardRow } from "../rewards/rewards.service.js";

// Whether a member may take a reward: here rather than in rewards, because the per-member limits
// count this module's redemptions.

export type Unavailable = {
  code: "inactive" | "not_started" | "ended" | "tier" | "location" | "limit_total" | "limit_period" | "out_of_stock";
  message: string;
  /** The values the message names (the error detail's params). */
  params?: { date?: string; max?: number; days?: number };
};

/** Why a member cannot redeem this reward now (empty = they can, stock permitting). */
export async function whyUnavailable(
  db: Queryable,
  opts: {
    companyId: string;
    reward: RewardRow;
    memberId: string;
    tierId: string | null;
    locationId: string | null;
    quantity: number;
    now: Date;
  },
): Promise<Unavailable[]> {
  const { reward: r, now } = opts;
  const out: Unavailable[] = [];
  if (!r.active) out.push({ code: "inactive", message: "The reward is switched off" });
  if (r.starts_at && now < r.starts_at)
    out.push({ code: "not_started", message: `Available from ${r.starts_at.toISOString()}`, params: { date: r.starts_at.toISOString() } });
  if (r.ends_at && now >= r.ends_at)
    out.push({ code: "ended", message: `Was available until ${r.ends_at.toISOString()}`, params: { date: r.ends_at.toISOString() } });
  if (r.tier_ids.length > 0 && (!opts.tierId || !r.tier_ids.includes(opts.tierId)))
    out.push({ code: "tier", message: "Only for members of certain tiers" });
  if (r.location_ids.length > 0 && (!opts.locationId || !r.location_ids.includes(opts.locationId)))
    out.push({ code: "location", message: "Not available at this location" });
  if (r.limit_per_member !== null || r.limit_per_period !== null) {
    const [taken] = await db.query<{ total: number; period: number }>(
      sql`select coalesce(sum(quantity), 0) as total,
              coalesce(sum(quantity) filter (
                where created_at > ${now}::timestamptz - make_interval(days => ${r.limit_period_days ?? 0})
              ), 0) as period
         from redemptions
        where company_id = ${opts.companyId} and reward_id = ${r.id} and member_id = ${opts.memberId} and status <> 'cancelled'`,
    );
    if (r.limit_per_member !== null && Number(taken?.total ?? 0) + opts.quantity > r.limit_per_member)
      out.push({ code: "limit_total", message: `At most ${r.limit_per_member} per member`, params: { max: r.limit_per_member } });
    if (r.limit_per_period !== null && Number(taken?.period ?? 0) + opts.quantity > r.limit_per_period)
      out.push({
        code: "limit_period",
        message: `At most ${r.limit_per_period} per member every ${r.limit_period_days} days`,
        params: { max: r.limit_per_period, days: r.limit_period_days ?? 0 },
      });
  }
  if (r.stock_mode === "global" && (r.stock ?? 0) < opts.quantity) out.push({ code: "out_of_stock", message: "Out of stock" });
  return out;
}

/**
 * The catalog as one member sees it: each reward with whether they can take it now, and why not.
 * By company, not by actor: the counter (staff) and the member portal (the member) ask the same
 * question and get the same rule.
 */
export async function rewardsForMember(opts: { db: Db; companyId: string; memberId: string; locationId: string | null; now: Date }) {
  const { companyId, now, db } = opts;
  if (!(await findMember(db, companyId, opts.memberId))) throw notFound("Member");
  const rewards = await activeRewardRows(db, companyId);
  const tierIds = await enrollmentTierIds(db, companyId, opts.memberId);
  const balances = await memberBalances(db, companyId, opts.memberId, now);
  const out = [];
  for (const r of rewards) {
    const tierId = tierIds.get(r.program_id) ?? null;
    const reasons = await whyUnavailable(db, {
      companyId,
      reward: r,
      memberId: opts.memberId,
      tierId,
      locationId: opts.locationId,
      quantity: 1,
      now,
    });
    const available = balances.find((b) => b.programId === r.program_id)?.available ?? 0;
    out.push({
      reward: r,
      balance: available,
      rewardId: r.id,
      namePl: r.name_pl,
      nameEn: r.name_en,
      kind: r.kind,
      pointsPrice: r.points_price,
      imageUrls: r.image_media_ids.map((m) => `/media/${m}`),
      available: reasons.length === 0,
      affordable: available >= r.points_price,
      reasons,
    });
  }
  return out;
}
