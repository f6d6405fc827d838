import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, notFound } from "../../platform/errors.js";
import { locationNames } from "../locations/locations.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { rewardsForMember } from "../redemptions/availability.js";
import { getRedemption, listRedemptions, redeemReward } from "../redemptions/redemptions.service.js";
import { getReward, getRewardRow, type RewardRow } from "../rewards/rewards.service.js";
import { codesOfRedemptions } from "../vouchers/vouchers.service.js";

// Reasons a reward is out of the member's reach (English; the portal shows its own words by `code`).
const NOWHERE = "Not available at any location";
const SHIPPED_AT_COUNTER = "Shipped rewards are ordered at the counter";

// What a member may redeem in the portal, the redemption itself (the counter's verb, with the
// member as the actor) and "My rewards". The availability rule is the one of
// redemptions/availability.ts; the portal adds only what is its own:
// - rewards hidden from the portal (visible_in_portal off) do not exist here;
// - shipped rewards are not ordered here (no address confirmation, postage or returns flow):
//   they show, with the reason, and staff order them at the counter;
// - physical rewards picked up at a location are reserved here (status "issued") and handed
//   out by staff, who mark them collected (fulfil); electronic ones (vouchers) show their code.
// A reward limited to locations, or with stock per location, needs the pickup location chosen.

export interface Reason {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}

async function pickupLocations(db: Queryable, companyId: string, r: RewardRow) {
  if (r.stock_mode === "per_location") {
    const reward = await getReward(db, companyId, r.id);
    const allowed = (id: string) => r.location_ids.length === 0 || r.location_ids.includes(id);
    const stocked = reward.locationStock.filter((l) => l.stock > 0 && allowed(l.locationId));
    const names = await locationNames(
      db,
      companyId,
      stocked.map((l) => l.locationId),
    );
    return stocked.map((l) => ({ id: l.locationId, name: names.get(l.locationId) ?? "", stock: l.stock as number | null }));
  }
  if (r.location_ids.length === 0) return [];
  const names = await locationNames(db, companyId, r.location_ids);
  return r.location_ids.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id) ?? "", stock: null as number | null }));
}

const needsLocation = (r: RewardRow) => r.stock_mode === "per_location" || r.location_ids.length > 0;

/** The catalog this member sees in the portal, with what keeps each reward out of reach now. */
export async function memberRewards(opts: {
  db: Db;
  companyId: string;
  memberId: string;
  now: Date;
  programId?: string;
  category?: string;
  affordableOnly?: boolean;
}) {
  const { db, companyId } = opts;
  const all = await rewardsForMember({ db, companyId, memberId: opts.memberId, locationId: null, now: opts.now });
  const programs = new Map<string, { name: string; open: boolean }>();
  const data = [];
  const categories = new Set<string>();
  for (const item of all) {
    const r = item.reward;
    if (!r.visible_in_portal) continue;
    if (!programs.has(r.program_id)) {
      const p = await getProgramRow(db, companyId, r.program_id);
      programs.set(r.program_id, { name: p.name, open: p.status === "active" });
    }
    const program = programs.get(r.program_id);
    if (!program?.open) continue;
    if (r.category) categories.add(r.category);
    if (opts.programId && r.program_id !== opts.programId) continue;
    if (opts.category && r.category !== opts.category) continue;
    if (opts.affordableOnly && !item.affordable) continue;
    const locations = needsLocation(r) ? await pickupLocations(db, companyId, r) : [];
    // Where the member takes it is chosen at redemption: a location limit is not a reason here,
    // unless no location is left at all (per-location stock sold out everywhere).
    const reasons: Reason[] = item.reasons.filter((x) => x.code !== "location");
    if (needsLocation(r) && locations.length === 0)
      reasons.push({ code: r.stock_mode === "per_location" ? "out_of_stock" : "location", message: NOWHERE });
    if (r.fulfilment === "shipping") reasons.push({ code: "shipping_only", message: SHIPPED_AT_COUNTER });
    const missingPoints = Math.max(0, r.points_price - item.balance);
    if (missingPoints > 0)
      reasons.push({ code: "points", message: `Not enough points: ${missingPoints} more needed`, params: { missing: missingPoints } });
    data.push({
      rewardId: r.id,
      programId: r.program_id,
      programName: program.name,
      namePl: r.name_pl,
      nameEn: r.name_en || r.name_pl,
      descriptionPl: r.description_pl,
      descriptionEn: r.description_en || r.description_pl,
      category: r.category,
      kind: r.kind,
      fulfilment: r.fulfilment,
      pointsPrice: r.points_price,
      imageUrls: item.imageUrls,
      stock: r.stock_mode === "global" ? r.stock : null,
      endsAt: r.ends_at,
      needsLocation: needsLocation(r),
      locations,
      available: reasons.length === 0,
      affordable: item.affordable,
      missingPoints,
      reasons,
    });
  }
  return { data, categories: [...categories].sort((a, b) => a.localeCompare(b, "pl")) };
}

/**
 * The member redeems a reward: the counter's verb (one transaction: points checked and spent,
 * stock or codes taken, no oversell, Idempotency-Key replay) with the member as the actor.
 * The key is the member's own: prefixed with their id, so two members' keys never meet.
 */
export async function redeemAsMember(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  rewardId: string;
  quantity: number;
  locationId: string | null;
  idempotencyKey: string;
  now: Date;
}) {
  const { db, actor } = opts;
  const reward = await getRewardRow(db, actor.companyId, opts.rewardId);
  if (!reward.visible_in_portal) throw notFound("Reward");
  if (reward.fulfilment === "shipping")
    throw new AppError("reward_unavailable", SHIPPED_AT_COUNTER, [detail("rewardId", "reward_shipping_only")]);
  if (needsLocation(reward) && !opts.locationId) throw invalidField("locationId", "required");
  const result = await redeemReward({
    db,
    actor,
    memberId: opts.memberId,
    rewardId: reward.id,
    quantity: opts.quantity,
    locationId: opts.locationId,
    note: "",
    idempotencyKey: `portal:${opts.memberId}:${opts.idempotencyKey}`,
    now: opts.now,
  });
  const [redemption] = await describeRedemptions(db, actor.companyId, [result.redemption]);
  if (!redemption) throw new Error("a redemption without its description");
  return { redemption, replayed: result.replayed, balance: result.balance };
}

type RedemptionView = Awaited<ReturnType<typeof listRedemptions>>[number];

/** Redemptions as "My rewards" shows them: the reward's names and image, codes with their validity. */
async function describeRedemptions(db: Queryable, companyId: string, rows: RedemptionView[]) {
  const rewards = new Map<string, RewardRow>();
  for (const id of new Set(rows.map((r) => r.rewardId))) rewards.set(id, await getRewardRow(db, companyId, id));
  const codes = await codesOfRedemptions(
    db,
    companyId,
    rows.map((r) => r.id),
  );
  const places = await locationNames(
    db,
    companyId,
    rows.flatMap((r) => (r.locationId ? [r.locationId] : [])),
  );
  return rows.map((r) => {
    const reward = rewards.get(r.rewardId) as RewardRow;
    const own = codes.get(r.id) ?? [];
    const ends = own.map((c) => c.expiresAt).filter((d): d is Date => d !== null);
    return {
      id: r.id,
      programId: r.programId,
      rewardId: r.rewardId,
      rewardNamePl: reward.name_pl,
      rewardNameEn: reward.name_en || reward.name_pl,
      imageUrl: reward.image_media_ids[0] ? `/media/${reward.image_media_ids[0]}` : null,
      kind: reward.kind,
      fulfilment: reward.fulfilment,
      quantity: r.quantity,
      points: r.points,
      status: r.status,
      collected: r.fulfilment,
      locationId: r.locationId,
      locationName: r.locationId ? (places.get(r.locationId) ?? null) : null,
      codes: own,
      validUntil: ends.length > 0 ? new Date(Math.min(...ends.map((d) => d.getTime()))) : null,
      createdAt: r.createdAt,
      fulfilledAt: r.fulfilledAt,
      cancelledAt: r.cancelledAt,
    };
  });
}

/** "My rewards": the member's redemptions, newest first. */
export async function myRedemptions(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  limit: number;
  cursor?: string;
  status?: "issued" | "fulfilled" | "cancelled";
}) {
  const rows = await listRedemptions({ ...opts });
  const page = rows.slice(0, opts.limit);
  return {
    data: await describeRedemptions(opts.db, opts.actor.companyId, page),
    nextCursor: rows.length > opts.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** One of the member's redemptions; another member's is answered as one that does not exist. */
export async function myRedemption(db: Db, actor: Actor, memberId: string, id: string) {
  const r = await getRedemption(db, actor, id);
  if (r.memberId !== memberId) throw notFound("Redemption");
  const [out] = await describeRedemptions(db, actor.companyId, [r]);
  if (!out) throw notFound("Redemption");
  return out;
}
