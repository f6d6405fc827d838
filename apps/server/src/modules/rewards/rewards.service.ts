import { type Actor, assertOwnLocation } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, invalidFields, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { empty, join, raw, type Sql, sql } from "../../platform/sql.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { assertMediaExists } from "../media/media.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { tiersOf } from "../tiers/tiers.service.js";
import { availableCodes, voucherPoolExists } from "../vouchers/vouchers.service.js";
import { type Reward, type RewardInput, type RewardPatch, rewardProblems } from "./rewards.schemas.js";

export interface RewardRow {
  id: string;
  program_id: string;
  name_pl: string;
  name_en: string;
  description_pl: string;
  description_en: string;
  image_media_ids: string[];
  category: string;
  kind: Reward["kind"];
  points_price: number;
  fulfilment: Reward["fulfilment"];
  coupon_kind: Reward["couponKind"];
  coupon_value: number | null;
  coupon_min_order_minor: number | null;
  product_sku: string | null;
  voucher_pool_id: string | null;
  stock_mode: Reward["stockMode"];
  stock: number | null;
  low_stock_threshold: number | null;
  starts_at: Date | null;
  ends_at: Date | null;
  tier_ids: string[];
  location_ids: string[];
  limit_per_member: number | null;
  limit_per_period: number | null;
  limit_period_days: number | null;
  visible_in_portal: boolean;
  sort_order: number;
  active: boolean;
  created_at: Date;
}

const COLUMNS = {
  namePl: "name_pl",
  nameEn: "name_en",
  descriptionPl: "description_pl",
  descriptionEn: "description_en",
  imageMediaIds: "image_media_ids",
  category: "category",
  pointsPrice: "points_price",
  fulfilment: "fulfilment",
  couponKind: "coupon_kind",
  couponValue: "coupon_value",
  couponMinOrderMinor: "coupon_min_order_minor",
  productSku: "product_sku",
  voucherPoolId: "voucher_pool_id",
  lowStockThreshold: "low_stock_threshold",
  startsAt: "starts_at",
  endsAt: "ends_at",
  tierIds: "tier_ids",
  locationIds: "location_ids",
  limitPerMember: "limit_per_member",
  limitPerPeriod: "limit_per_period",
  limitPeriodDays: "limit_period_days",
  visibleInPortal: "visible_in_portal",
  sortOrder: "sort_order",
  active: "active",
} as const;

async function toReward(db: Queryable, companyId: string, r: RewardRow): Promise<Reward> {
  const locationStock =
    r.stock_mode === "per_location"
      ? await db.query<{ location_id: string; stock: number }>(
          sql`select location_id, stock from reward_location_stock
            where company_id = ${companyId} and reward_id = ${r.id} order by location_id`,
        )
      : [];
  const poolAvailable = r.kind === "voucher" && r.voucher_pool_id ? await availableCodes(db, companyId, r.voucher_pool_id) : null;
  return {
    id: r.id,
    programId: r.program_id,
    namePl: r.name_pl,
    nameEn: r.name_en,
    descriptionPl: r.description_pl,
    descriptionEn: r.description_en,
    imageMediaIds: r.image_media_ids,
    imageUrls: r.image_media_ids.map((id) => `/media/${id}`),
    category: r.category,
    kind: r.kind,
    pointsPrice: r.points_price,
    fulfilment: r.fulfilment,
    couponKind: r.coupon_kind,
    couponValue: r.coupon_value,
    couponMinOrderMinor: r.coupon_min_order_minor,
    productSku: r.product_sku,
    voucherPoolId: r.voucher_pool_id,
    stockMode: r.stock_mode,
    stock: r.stock_mode === "global" ? r.stock : null,
    locationStock: locationStock.map((l) => ({ locationId: l.location_id, stock: l.stock })),
    poolAvailable,
    lowStockThreshold: r.low_stock_threshold,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    tierIds: r.tier_ids,
    locationIds: r.location_ids,
    limitPerMember: r.limit_per_member,
    limitPerPeriod: r.limit_per_period,
    limitPeriodDays: r.limit_period_days,
    visibleInPortal: r.visible_in_portal,
    sortOrder: r.sort_order,
    active: r.active,
    createdAt: r.created_at,
  };
}

const FOR_UPDATE = sql`for update`;

export async function getRewardRow(db: Queryable, companyId: string, rewardId: string, lock = false): Promise<RewardRow> {
  const [row] = await db.query<RewardRow>(
    sql`select * from rewards where company_id = ${companyId} and id = ${rewardId} ${lock ? FOR_UPDATE : empty}`,
  );
  if (!row) throw notFound("Reward");
  return row;
}

export async function getReward(db: Queryable, companyId: string, rewardId: string): Promise<Reward> {
  return toReward(db, companyId, await getRewardRow(db, companyId, rewardId));
}

/** The active rewards, in catalog order: what a member may be offered. */
export async function activeRewardRows(db: Queryable, companyId: string): Promise<RewardRow[]> {
  return db.query<RewardRow>(sql`select * from rewards where company_id = ${companyId} and active order by sort_order, name_pl`);
}

/** Rewards' names by id, for what lists them (redemptions, code checks). */
export async function rewardNames(
  db: Queryable,
  companyId: string,
  rewardIds: readonly string[],
): Promise<Map<string, { id: string; namePl: string; nameEn: string }>> {
  if (rewardIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; name_pl: string; name_en: string }>(
    sql`select id, name_pl, name_en from rewards where company_id = ${companyId} and id = any(${[...new Set(rewardIds)]}::text[])`,
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, namePl: r.name_pl, nameEn: r.name_en }]));
}

export async function listRewards(opts: {
  db: Db;
  actor: Actor;
  programId?: string;
  q?: string;
  category?: string;
  kind?: Reward["kind"];
  active?: boolean;
}): Promise<Reward[]> {
  const { programId = null, q = null, category = null, kind = null, active = null } = opts;
  const rows = await opts.db.query<RewardRow>(
    sql`select * from rewards
      where company_id = ${opts.actor.companyId} and (${programId}::text is null or program_id = ${programId})
        and (${q}::text is null or name_pl ilike '%' || ${q}::text || '%' or name_en ilike '%' || ${q}::text || '%')
        and (${category}::text is null or category = ${category}) and (${kind}::text is null or kind = ${kind})
        and (${active}::boolean is null or active = ${active})
      order by sort_order, name_pl, id`,
  );
  return Promise.all(rows.map((r) => toReward(opts.db, opts.actor.companyId, r)));
}

async function assertReferences(tx: Queryable, companyId: string, programId: string, r: Partial<RewardInput>): Promise<void> {
  for (const [i, id] of (r.imageMediaIds ?? []).entries()) await assertMediaExists(tx, companyId, id, `imageMediaIds.${i}`);
  if (r.locationIds?.length) await assertLocationsExist(tx, companyId, r.locationIds, "locationIds");
  if (r.tierIds?.length) {
    const tierIds = new Set((await tiersOf(tx, companyId, programId)).map((t) => t.id));
    if (!r.tierIds.every((id) => tierIds.has(id))) throw invalidField("tierIds", "tier_not_of_program");
  }
  if (r.voucherPoolId && !(await voucherPoolExists(tx, companyId, r.voucherPoolId)))
    throw invalidField("voucherPoolId", "not_company_code_pool");
}

export async function createReward(opts: { db: Db; actor: Actor; input: RewardInput }): Promise<Reward> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    await getProgramRow(tx, actor.companyId, input.programId).catch(() => {
      throw invalidField("programId", "not_company_program");
    });
    await assertReferences(tx, actor.companyId, input.programId, input);
    const keys = Object.keys(COLUMNS) as (keyof typeof COLUMNS)[];
    const stock = input.stockMode === "global" ? (input.initialStock ?? 0) : null;
    const [row] = await tx.query<RewardRow>(
      sql`insert into rewards (company_id, id, program_id, kind, stock_mode, stock, ${raw(keys.map((k) => COLUMNS[k]).join(", "))})
       values (${actor.companyId}, ${newId("rwd")}, ${input.programId}, ${input.kind}, ${input.stockMode}, ${stock}, ${join(
         keys.map((k) => input[k]),
         ", ",
       )}) returning *`,
    );
    const created = row as RewardRow;
    if (stock)
      await recordMovement(tx, actor.companyId, {
        rewardId: created.id,
        locationId: null,
        kind: "delivery",
        quantity: stock,
        stockAfter: stock,
        reason: "initial stock",
        actorName: actor.name,
      });
    await recordAudit(tx, actor, {
      action: "reward.created",
      entityType: "reward",
      entityId: created.id,
      changes: { name: created.name_pl, pointsPrice: created.points_price, kind: created.kind },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "reward.created", entityType: "reward", entityId: created.id });
    return toReward(tx, actor.companyId, created);
  });
}

export async function updateReward(opts: { db: Db; actor: Actor; rewardId: string; patch: RewardPatch }): Promise<Reward> {
  const { actor, patch } = opts;
  return opts.db.transaction(async (tx) => {
    const beforeRow = await getRewardRow(tx, actor.companyId, opts.rewardId, true);
    const before = await toReward(tx, actor.companyId, beforeRow);
    const problems = rewardProblems({ ...before, ...patch });
    if (problems.length) throw invalidFields(problems);
    await assertReferences(tx, actor.companyId, before.programId, patch);
    const keys = (Object.keys(patch) as (keyof RewardPatch)[]).filter((k) => k in COLUMNS);
    let row = beforeRow;
    if (keys.length) {
      const sets = keys.map((k) => sql`${raw(COLUMNS[k])} = ${patch[k]}`);
      [row] = (await tx.query<RewardRow>(
        sql`update rewards set ${join(sets, ", ")}, updated_at = now()
          where company_id = ${actor.companyId} and id = ${opts.rewardId} returning *`,
      )) as [RewardRow];
    }
    const after = await toReward(tx, actor.companyId, row);
    await recordAudit(tx, actor, { action: "reward.updated", entityType: "reward", entityId: after.id, changes: diff(before, after) });
    await emitEvent(tx, { companyId: actor.companyId, type: "reward.updated", entityType: "reward", entityId: after.id });
    return after;
  });
}

interface Movement {
  rewardId: string;
  locationId: string | null;
  kind: "delivery" | "correction" | "redemption" | "cancellation";
  quantity: number;
  stockAfter: number;
  reason?: string | null;
  redemptionId?: string | null;
  actorName: string;
}

const INSERT_MOVEMENT = sql`insert into reward_stock_movements
  (company_id, id, reward_id, location_id, kind, quantity, stock_after, reason, redemption_id, actor_name)`;

async function recordMovement(tx: Queryable, companyId: string, m: Movement): Promise<void> {
  await tx.query(
    sql`${INSERT_MOVEMENT} values (${companyId}, ${newId("stm")}, ${m.rewardId}, ${m.locationId}, ${m.kind}, ${m.quantity},
      ${m.stockAfter}, ${m.reason ?? null}, ${m.redemptionId ?? null}, ${m.actorName})`,
  );
}

type StockWay = "global" | "locationIn" | "locationOut";

/**
 * The three ways stock changes, each returning the stock after; the conditional ones match no row
 * when the stock would go below zero.
 */
function stockChange(way: StockWay, companyId: string, rewardId: string, locationId: string | null, quantity: number): Sql {
  switch (way) {
    case "global":
      return sql`update rewards set stock = stock + ${quantity}
        where company_id = ${companyId} and id = ${rewardId} and stock + ${quantity} >= 0 returning stock`;
    case "locationIn":
      return sql`insert into reward_location_stock (company_id, reward_id, location_id, stock)
        values (${companyId}, ${rewardId}, ${locationId}, ${quantity})
        on conflict (company_id, reward_id, location_id) do update set stock = reward_location_stock.stock + excluded.stock
        returning stock`;
    case "locationOut":
      return sql`update reward_location_stock set stock = stock + ${quantity}
        where company_id = ${companyId} and reward_id = ${rewardId} and location_id = ${locationId} and stock + ${quantity} >= 0
        returning stock`;
  }
}

/**
 * Moves stock by `quantity` (negative = out). Taking stock is a conditional UPDATE, so two
 * redemptions can never both take the last item. Returns the stock after, or -1 when there was
 * too little (nothing is written then). Unlimited rewards always succeed (null).
 */
export async function moveStock(
  tx: Queryable,
  companyId: string,
  reward: RewardRow,
  m: Omit<Movement, "rewardId" | "stockAfter">,
): Promise<number | null> {
  if (reward.stock_mode === "unlimited") return null;
  if (reward.stock_mode !== "global" && !m.locationId) throw invalidField("locationId", "stock_per_location");
  const way: StockWay = reward.stock_mode === "global" ? "global" : m.quantity > 0 ? "locationIn" : "locationOut";
  // The stock change with its movement in one statement: a redemption takes the hot reward's stock
  // last, and the row stays locked from this statement to the commit only, with no round trip
  // between the change and the movement's insert.
  const [row] = await tx.query<{ stock: number }>(
    sql`with changed as (${stockChange(way, companyId, reward.id, m.locationId, m.quantity)}),
      movement as (${INSERT_MOVEMENT} select ${companyId}, ${newId("stm")}, ${reward.id}, ${m.locationId}, ${m.kind}, ${m.quantity},
        stock, ${m.reason ?? null}, ${m.redemptionId ?? null}, ${m.actorName} from changed)
     select stock from changed`,
  );
  if (row === undefined) return -1;
  const after = row.stock;
  if (
    reward.low_stock_threshold !== null &&
    m.quantity < 0 &&
    after <= reward.low_stock_threshold &&
    after - m.quantity > reward.low_stock_threshold
  ) {
    await emitEvent(tx, {
      companyId,
      type: "reward.low_stock",
      entityType: "reward",
      entityId: reward.id,
      payload: { stock: after, threshold: reward.low_stock_threshold, locationId: m.locationId },
    });
  }
  return after;
}

/** A delivery or a correction by staff, with its reason. */
export async function changeStock(opts: {
  db: Db;
  actor: Actor;
  rewardId: string;
  kind: "delivery" | "correction";
  quantity: number;
  locationId: string | null;
  reason: string;
}): Promise<Reward> {
  const { actor } = opts;
  return opts.db.transaction(async (tx) => {
    const reward = await getRewardRow(tx, actor.companyId, opts.rewardId, true);
    if (reward.stock_mode === "unlimited")
      throw new AppError("unprocessable", "This reward has unlimited stock", [detail("rewardId", "stock_unlimited")]);
    if (opts.kind === "delivery" && opts.quantity < 0) throw invalidField("quantity", "delivery_adds_stock");
    if (opts.kind === "correction" && !opts.reason) throw invalidField("reason", "required_correction");
    if (reward.stock_mode === "global" && opts.locationId) throw invalidField("locationId", "stock_global");
    if (actor.locationIds !== null && !opts.locationId) throw invalidField("locationId", "choose_own_location");
    if (opts.locationId) assertOwnLocation(actor, opts.locationId);
    if (opts.locationId) await assertLocationsExist(tx, actor.companyId, [opts.locationId], "locationId");
    const after = await moveStock(tx, actor.companyId, reward, {
      locationId: opts.locationId,
      kind: opts.kind,
      quantity: opts.quantity,
      reason: opts.reason,
      actorName: actor.name,
    });
    if (after === -1)
      throw new AppError("unprocessable", "The correction would make the stock negative", [detail("quantity", "stock_too_low")]);
    await recordAudit(tx, actor, {
      action: `reward.stock_${opts.kind}`,
      entityType: "reward",
      entityId: reward.id,
      changes: { quantity: opts.quantity, locationId: opts.locationId, reason: opts.reason, stockAfter: after },
    });
    return getReward(tx, actor.companyId, reward.id);
  });
}

export async function listStockMovements(db: Queryable, companyId: string, rewardId: string, limit: number, cursor?: string) {
  await getRewardRow(db, companyId, rewardId);
  const rows = await db.query<{
    id: string;
    location_id: string | null;
    kind: "delivery" | "correction" | "redemption" | "cancellation";
    quantity: number;
    stock_after: number;
    reason: string | null;
    redemption_id: string | null;
    actor_name: string;
    occurred_at: Date;
  }>(
    sql`select * from reward_stock_movements
      where company_id = ${companyId} and reward_id = ${rewardId} and (${cursor ?? null}::text is null or id < ${cursor ?? null})
      order by id desc limit ${limit + 1}`,
  );
  return rows.map((r) => ({
    id: r.id,
    locationId: r.location_id,
    kind: r.kind,
    quantity: r.quantity,
    stockAfter: r.stock_after,
    reason: r.reason,
    redemptionId: r.redemption_id,
    actorName: r.actor_name,
    occurredAt: r.occurred_at,
  }));
}

export interface LowStockReward {
  id: string;
  namePl: string;
  nameEn: string;
  /** The stock left (per location: the lowest location's). */
  stock: number;
  threshold: number;
}

/**
 * Active rewards whose stock is at or below their low-stock threshold (the level at which
 * moveStock announces reward.low_stock); with stock per location, the lowest location counts.
 */
export async function lowStockRewards(db: Queryable, companyId: string, limit = 20): Promise<LowStockReward[]> {
  const rows = await db.query<{ id: string; name_pl: string; name_en: string; stock: number; threshold: number }>(
    sql`select * from (
          select r.id, r.name_pl, r.name_en, r.low_stock_threshold as threshold,
                 case when r.stock_mode = 'global' then r.stock
                      else (select min(s.stock) from reward_location_stock s where s.company_id = r.company_id and s.reward_id = r.id) end
                   as stock
            from rewards r
           where r.company_id = ${companyId} and r.active and r.stock_mode <> 'unlimited' and r.low_stock_threshold is not null) x
         where stock <= threshold order by stock, name_pl limit ${limit}`,
  );
  return rows.map((r) => ({ id: r.id, namePl: r.name_pl, nameEn: r.name_en, stock: r.stock, threshold: r.threshold }));
}
