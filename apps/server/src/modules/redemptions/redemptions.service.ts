import { type Actor, assertOwnLocation } from "../../platform/actor.js";
import { auditWrite, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent, eventsWrite } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { empty, sql, withWrites } from "../../platform/sql.js";
import { balanceOfLocked, memberBalances } from "../ledger/balances.js";
import { type BalanceEvent, debitPoints } from "../ledger/entries.js";
import { ledgerActor } from "../ledger/ledger-types.js";
import { reverseEntry } from "../ledger/reverse-entry.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { getMemberForUpdate } from "../members/members.service.js";
import { assertMemberActive, lockOrEnroll } from "../points/points.service.js";
import { programConfig, tierIn } from "../program-config/program-config.js";
import { assertProgramOpen } from "../programs/programs.service.js";
import { getRewardRow, moveStock, type RewardRow, rewardNames } from "../rewards/rewards.service.js";
import { claimCodes, codesOfRedemption, voidCodes } from "../vouchers/vouchers.service.js";
import { whyUnavailable } from "./availability.js";

interface RedemptionRow {
  id: string;
  program_id: string;
  member_id: string;
  reward_id: string;
  quantity: number;
  points: number;
  discount_bp: number;
  status: "issued" | "fulfilled" | "cancelled";
  fulfilment: "collected" | "shipped" | null;
  location_id: string | null;
  note: string;
  ledger_entry_id: string | null;
  created_by: string | null;
  created_at: Date;
  fulfilled_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  reward_name?: string;
}

async function toRedemption(db: Queryable, companyId: string, r: RedemptionRow, codes?: Awaited<ReturnType<typeof codesOfRedemption>>) {
  return {
    id: r.id,
    programId: r.program_id,
    memberId: r.member_id,
    rewardId: r.reward_id,
    rewardName: r.reward_name ?? "",
    quantity: r.quantity,
    points: r.points,
    status: r.status,
    fulfilment: r.fulfilment,
    locationId: r.location_id,
    note: r.note,
    codes: codes ?? (await codesOfRedemption(db, companyId, r.id)),
    discountBp: r.discount_bp,
    createdBy: r.created_by,
    createdAt: r.created_at,
    fulfilledAt: r.fulfilled_at,
    cancelledAt: r.cancelled_at,
    cancelReason: r.cancel_reason,
  };
}

const FOR_UPDATE_OF_D = sql`for update of d`;

/** The rows with their rewards' names (for display). */
async function withRewardNames(db: Queryable, companyId: string, rows: RedemptionRow[]): Promise<RedemptionRow[]> {
  const names = await rewardNames(
    db,
    companyId,
    rows.map((r) => r.reward_id),
  );
  return rows.map((r) => ({ ...r, reward_name: names.get(r.reward_id)?.namePl ?? "" }));
}

async function loadRedemption(db: Queryable, companyId: string, id: string, lock = false): Promise<RedemptionRow> {
  const [row] = await db.query<RedemptionRow>(
    sql`select d.* from redemptions d where d.company_id = ${companyId} and d.id = ${id} ${lock ? FOR_UPDATE_OF_D : empty}`,
  );
  if (!row) throw notFound("Redemption");
  return (await withRewardNames(db, companyId, [row]))[0] as RedemptionRow;
}

/** Location-limited staff redeem at their own locations; with one location it is the default. */
async function redemptionLocation(tx: Queryable, actor: Actor, locationId: string | null): Promise<string | null> {
  let id = locationId;
  if (!id && actor.locationIds?.length === 1) id = actor.locationIds[0] ?? null;
  if (actor.locationIds !== null && !id) throw invalidField("locationId", "choose_own_location");
  if (id) assertOwnLocation(actor, id);
  if (id) await assertLocationsExist(tx, actor.companyId, [id], "locationId");
  return id;
}

/**
 * Redeems a reward: points spent, stock or codes taken and the redemption recorded in one
 * transaction; on any refusal nothing changes. Locks member, then enrollment, then reward, always
 * in that order. An Idempotency-Key makes a retried request answer the original redemption, also
 * a retry sent while the original is still running.
 */
export async function redeemReward(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  rewardId: string;
  quantity: number;
  locationId: string | null;
  note: string;
  idempotencyKey?: string;
  now: Date;
}) {
  const { idempotencyKey } = opts;
  try {
    return await opts.db.transaction(async (tx) => {
      const earlier = idempotencyKey ? await replayRedemption(tx, opts, idempotencyKey) : null;
      return earlier ?? (await writeRedemption(tx, opts));
    });
  } catch (err) {
    // A retry sent while the first request was still running found no redemption with its key,
    // and the unique index refused the second one: answer the first.
    if (!idempotencyKey || !isUniqueViolation(err, "redemptions_idempotency_key")) throw err;
    const earlier = await opts.db.transaction((tx) => replayRedemption(tx, opts, idempotencyKey));
    if (!earlier) throw err;
    return earlier;
  }
}

/**
 * The redemption made earlier with this Idempotency-Key, with the balance as it is now; null if
 * none. The key reused for another request (member, reward, quantity, location or note) is a
 * conflict, as a receipt number reused with other content is for purchases.
 */
async function replayRedemption(tx: Queryable, opts: Parameters<typeof redeemReward>[0], idempotencyKey: string) {
  const { actor, now } = opts;
  const [earlier] = await tx.query<{ id: string }>(
    sql`select id from redemptions where company_id = ${actor.companyId} and idempotency_key = ${idempotencyKey}`,
  );
  if (!earlier) return null;
  const row = await loadRedemption(tx, actor.companyId, earlier.id);
  // A request without a location got the staff member's only one (redemptionLocation): the same again.
  const locationId = opts.locationId ?? (actor.locationIds?.length === 1 ? (actor.locationIds[0] ?? null) : null);
  if (
    row.member_id !== opts.memberId ||
    row.reward_id !== opts.rewardId ||
    row.quantity !== opts.quantity ||
    row.location_id !== locationId ||
    row.note !== opts.note
  )
    throw new AppError("conflict", "This Idempotency-Key was already used for a different redemption", [
      detail("Idempotency-Key", "idempotency_key_used"),
    ]);
  const redemption = await toRedemption(tx, actor.companyId, row);
  return {
    redemption,
    replayed: true,
    balance: await balanceAfter(tx, actor.companyId, redemption.memberId, redemption.programId, now),
  };
}

/**
 * A reward given by automation: written like a redemption (stock, voucher codes, the event that
 * tells the member) but for no points, so it has no ledger entry. The caller's transaction; refusals
 * (unavailable, out of stock or codes) are AppErrors as for a redemption.
 */
export async function issueGiftReward(
  tx: Queryable,
  opts: { actor: Actor; memberId: string; rewardId: string; note: string; now: Date },
): Promise<{ redemptionId: string; codes: string[] }> {
  const { redemption } = await writeRedemption(tx, { ...opts, quantity: 1, locationId: null, gift: true });
  return { redemptionId: redemption.id, codes: redemption.codes ?? [] };
}

async function writeRedemption(tx: Queryable, opts: Omit<Parameters<typeof redeemReward>[0], "db"> & { gift?: boolean }) {
  const { actor, now } = opts;
  const member = await getMemberForUpdate(tx, actor.companyId, opts.memberId);
  assertMemberActive(member);
  // Read without a lock: the stock is taken by a conditional UPDATE at the very end, so the hot
  // reward row stays locked only from there to the commit, not during the whole transaction.
  const reward = await getRewardRow(tx, actor.companyId, opts.rewardId);
  const config = await programConfig(tx, actor.companyId, reward.program_id, member.configVersion);
  const { program } = config;
  assertProgramOpen(program, now);
  const locationId = await redemptionLocation(tx, actor, opts.locationId);
  const enrollment = await lockOrEnroll(tx, { actor, member, program, now });
  const reasons = await whyUnavailable(tx, {
    companyId: actor.companyId,
    reward,
    memberId: member.id,
    tierId: enrollment.tier_id,
    locationId,
    quantity: opts.quantity,
    now,
  });
  const blocking = reasons.filter((r) => r.code !== "out_of_stock");
  if (blocking.length > 0)
    throw new AppError(
      "reward_unavailable",
      blocking.map((r) => r.message).join("; "),
      blocking.map((r) => detail("rewardId", `reward_${r.code}`, r.params)),
    );
  const outOfStock = () =>
    new AppError("out_of_stock", "This reward is out of stock; no points were spent", [detail("rewardId", "out_of_stock")]);
  // Sold out already: refuse before writing anything (the final UPDATE decides in a race).
  if (reward.stock_mode === "global" && (reward.stock ?? 0) < opts.quantity) throw outOfStock();
  const id = newId("rdm");
  const points = opts.gift ? 0 : reward.points_price * opts.quantity;
  if (reward.kind === "voucher" && reward.voucher_pool_id)
    await claimCodes(tx, {
      companyId: actor.companyId,
      poolId: reward.voucher_pool_id,
      quantity: opts.quantity,
      memberId: member.id,
      redemptionId: id,
      now,
    });
  const tier = await tierIn(tx, config, enrollment.tier_id);
  const entryId = newId("led");
  // The redemption as written: the INSERT takes its values from it, and the answer is built from it.
  const row: RedemptionRow = {
    id,
    program_id: program.id,
    member_id: member.id,
    reward_id: reward.id,
    quantity: opts.quantity,
    points,
    discount_bp: tier?.discount_bp ?? 0,
    status: "issued",
    fulfilment: null,
    location_id: locationId,
    note: opts.note,
    ledger_entry_id: opts.gift ? null : entryId,
    created_by: actor.id,
    created_at: now,
    fulfilled_at: null,
    cancelled_at: null,
    cancel_reason: null,
    reward_name: reward.name_pl,
  };
  const recorded = sql`insert into redemptions (company_id, id, program_id, member_id, reward_id, quantity, points, discount_bp, location_id, note, ledger_entry_id, idempotency_key, created_by, created_at)
     values (${actor.companyId}, ${row.id}, ${row.program_id}, ${row.member_id}, ${row.reward_id}, ${row.quantity}, ${row.points},
       ${row.discount_bp}, ${row.location_id}, ${row.note}, ${row.ledger_entry_id}, ${opts.idempotencyKey ?? null}, ${row.created_by}, ${row.created_at})`;
  const audited = auditWrite(actor, {
    action: "reward.redeemed",
    entityType: "redemption",
    entityId: id,
    changes: { memberId: member.id, rewardId: reward.id, quantity: opts.quantity, points },
  });
  // The reward's message shows the balance after it ({points}): the event carries it (BalanceEvent).
  const redeemed: BalanceEvent = {
    event: {
      companyId: actor.companyId,
      type: "reward.redeemed",
      entityType: "redemption",
      entityId: id,
      payload: {
        memberId: member.id,
        rewardId: reward.id,
        kind: reward.kind,
        quantity: opts.quantity,
        points,
        locationId,
        // ordered by the member in the portal, or handed out by staff or an integration
        byMember: actor.type === "member",
        ...(opts.gift ? { gift: true } : {}),
      },
    },
    allowNegative: program.negative_policy === "allow_negative",
  };
  const events = eventsWrite([
    {
      companyId: actor.companyId,
      type: "points.deducted",
      entityType: "member",
      entityId: member.id,
      payload: { programId: program.id, points: -points, cause: "redemption", redemptionId: id },
    },
  ]);
  // A gift has no debit: the redemption, its audit row and its event on their own.
  if (opts.gift) await tx.query(withWrites(recorded, [audited, eventsWrite([redeemed.event])]));
  // The debit, the redemption, its audit row and events: one statement.
  else
    await debitPoints(
      tx,
      enrollment,
      {
        id: entryId,
        kind: "spend",
        points,
        causeType: "redemption",
        causeId: id,
        reason: reward.name_pl,
        locationId,
        actor: ledgerActor(actor),
        occurredAt: now,
        now,
      },
      [recorded, audited, events],
      redeemed,
    );
  // Last: take the stock (conditional UPDATE, never below zero); refusing rolls everything back.
  const stockAfter = await moveStock(tx, actor.companyId, reward, {
    locationId,
    kind: "redemption",
    quantity: -opts.quantity,
    redemptionId: id,
    actorName: actor.name,
  });
  if (stockAfter === -1) throw outOfStock();
  // The balance after it from the sums the debit answered with its writes: no query.
  const { available, pending } = await balanceOfLocked(tx, enrollment, program, [], now);
  // Only voucher rewards have codes to read back.
  return {
    redemption: await toRedemption(tx, actor.companyId, row, reward.kind === "voucher" ? undefined : []),
    replayed: false,
    balance: { available, pending },
  };
}

async function balanceAfter(db: Queryable, companyId: string, memberId: string, programId: string, now: Date) {
  const [b] = await memberBalances(db, companyId, memberId, now, programId);
  return { available: b?.available ?? 0, pending: b?.pending ?? 0 };
}

/**
 * Cancels an issued redemption: points back into the lots they came from, stock back, codes
 * voided. Runs at most once: a second cancel finds the redemption cancelled and changes nothing.
 */
export async function cancelRedemption(opts: { db: Db; actor: Actor; redemptionId: string; reason: string; now: Date }) {
  const { actor, now } = opts;
  return opts.db.transaction(async (tx) => {
    const r = await loadRedemption(tx, actor.companyId, opts.redemptionId, true);
    if (r.status === "cancelled") return { redemption: await toRedemption(tx, actor.companyId, r), alreadyCancelled: true };
    if (r.status === "fulfilled")
      throw new AppError("conflict", "A collected or shipped reward cannot be cancelled", [detail("status", "redemption_fulfilled")]);
    await tx.query(
      sql`update redemptions set status = 'cancelled', cancelled_at = ${now}, cancel_reason = ${opts.reason}
        where company_id = ${actor.companyId} and id = ${r.id}`,
    );
    if (r.ledger_entry_id) await reverseEntryForCancel(tx, actor, r.ledger_entry_id, opts.reason, now);
    const reward: RewardRow = await getRewardRow(tx, actor.companyId, r.reward_id, true);
    await moveStock(tx, actor.companyId, reward, {
      locationId: r.location_id,
      kind: "cancellation",
      quantity: r.quantity,
      redemptionId: r.id,
      reason: opts.reason,
      actorName: actor.name,
    });
    const voided = await voidCodes(tx, actor.companyId, r.id);
    await recordAudit(tx, actor, {
      action: "redemption.cancelled",
      entityType: "redemption",
      entityId: r.id,
      changes: { reason: opts.reason, points: r.points, voidedCodes: voided.length },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "redemption.cancelled",
      entityType: "redemption",
      entityId: r.id,
      payload: { memberId: r.member_id, rewardId: r.reward_id, points: r.points },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "points.added",
      entityType: "member",
      entityId: r.member_id,
      payload: { programId: r.program_id, points: r.points, cause: "redemption_cancelled", redemptionId: r.id },
    });
    return {
      redemption: await toRedemption(tx, actor.companyId, await loadRedemption(tx, actor.companyId, r.id)),
      alreadyCancelled: false,
    };
  });
}

/** The ledger forbids reversing redemption entries directly; cancelling is the one way in. */
async function reverseEntryForCancel(tx: Queryable, actor: Actor, entryId: string, reason: string, now: Date): Promise<void> {
  await reverseEntry({ tx, companyId: actor.companyId, entryId, reason, actor: ledgerActor(actor), now, owner: "redemption" });
}

export async function fulfilRedemption(opts: { db: Db; actor: Actor; redemptionId: string; method: "collected" | "shipped"; now: Date }) {
  const { actor, now } = opts;
  return opts.db.transaction(async (tx) => {
    const r = await loadRedemption(tx, actor.companyId, opts.redemptionId, true);
    if (r.status === "fulfilled" && r.fulfilment === opts.method) return toRedemption(tx, actor.companyId, r);
    if (r.status !== "issued")
      throw new AppError("conflict", `The redemption is ${r.status}`, [detail("status", "redemption_status", { status: r.status })]);
    await tx.query(
      sql`update redemptions set status = 'fulfilled', fulfilment = ${opts.method}, fulfilled_at = ${now}
        where company_id = ${actor.companyId} and id = ${r.id}`,
    );
    await recordAudit(tx, actor, { action: `redemption.${opts.method}`, entityType: "redemption", entityId: r.id });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: opts.method === "shipped" ? "reward.shipped" : "reward.collected",
      entityType: "redemption",
      entityId: r.id,
      payload: { memberId: r.member_id, rewardId: r.reward_id },
    });
    return toRedemption(tx, actor.companyId, await loadRedemption(tx, actor.companyId, r.id));
  });
}

export async function getRedemption(db: Queryable, actor: Actor, id: string) {
  const r = await loadRedemption(db, actor.companyId, id);
  if (actor.locationIds !== null && (!r.location_id || !actor.locationIds.includes(r.location_id))) throw notFound("Redemption");
  return toRedemption(db, actor.companyId, r);
}

export async function listRedemptions(opts: {
  db: Db;
  actor: Actor;
  limit: number;
  cursor?: string;
  memberId?: string;
  rewardId?: string;
  status?: string;
  locationId?: string;
}) {
  const { actor } = opts;
  const { locationIds } = actor;
  const { cursor = null, memberId = null, rewardId = null, status = null, locationId = null } = opts;
  const rows = await opts.db.query<RedemptionRow>(
    sql`select d.* from redemptions d
      where d.company_id = ${actor.companyId} and (${locationIds}::text[] is null or d.location_id = any(${locationIds}::text[]))
        and (${cursor}::text is null or d.id < ${cursor}) and (${memberId}::text is null or d.member_id = ${memberId})
        and (${rewardId}::text is null or d.reward_id = ${rewardId}) and (${status}::text is null or d.status = ${status})
        and (${locationId}::text is null or d.location_id = ${locationId})
      order by d.id desc limit ${opts.limit + 1}`,
  );
  const named = await withRewardNames(opts.db, actor.companyId, rows);
  return Promise.all(named.map((r) => toRedemption(opts.db, actor.companyId, r)));
}
