import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { rewardNames } from "../rewards/rewards.service.js";
import { effectiveStatus, loadCode, markCodeUsed, toCode } from "../vouchers/vouchers.service.js";

// Checking and using a voucher code at the till: here rather than in vouchers, because the answer
// names the reward of the redemption that issued the code.

/** "Is this code valid for this company?": for e-shops and POS, by API key. */
export async function checkCode(db: Queryable, companyId: string, code: string, now: Date) {
  const row = await loadCode(db, companyId, code);
  const [redemption] = row.redemption_id
    ? await db.query<{ reward_id: string }>(
        sql`select reward_id from redemptions where company_id = ${companyId} and id = ${row.redemption_id}`,
      )
    : [];
  const reward = redemption ? (await rewardNames(db, companyId, [redemption.reward_id])).get(redemption.reward_id) : undefined;
  const c = toCode(row, now);
  return { ...c, valid: c.status === "issued", reward: reward ?? null };
}

/** Marks an issued code used; using it again answers the same, so retries are safe. */
export async function useCode(opts: { db: Db; actor: Actor; code: string; locationId: string | null; now: Date }) {
  const { actor, now } = opts;
  return opts.db.transaction(async (tx) => {
    const row = await loadCode(tx, actor.companyId, opts.code, true);
    if (opts.locationId) await assertLocationsExist(tx, actor.companyId, [opts.locationId], "locationId");
    const status = effectiveStatus(row, now);
    if (status === "used") return { ...(await checkCode(tx, actor.companyId, row.code, now)), alreadyUsed: true };
    if (status !== "issued")
      throw new AppError("unprocessable", `The code is ${status === "available" ? "not issued to anyone" : status}`, [
        detail("code", "code_status", { status }),
      ]);
    await markCodeUsed(tx, actor.companyId, row.code, opts.locationId, now);
    await recordAudit(tx, actor, {
      action: "voucher_code.used",
      entityType: "voucher_code",
      entityId: row.code,
      changes: { locationId: opts.locationId },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "voucher_code.used",
      entityType: "voucher_code",
      entityId: row.code,
      payload: { redemptionId: row.redemption_id, memberId: row.member_id },
    });
    return { ...(await checkCode(tx, actor.companyId, row.code, now)), alreadyUsed: false };
  });
}
