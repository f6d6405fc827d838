import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";
import { rewardNames } from "../rewards/rewards.service.js";

/** Which reward each of these redemptions was, with its names (a member's history names the reward). */
export async function redemptionRewards(
  db: Queryable,
  companyId: string,
  redemptionIds: readonly string[],
): Promise<Map<string, { rewardId: string; namePl: string; nameEn: string }>> {
  if (redemptionIds.length === 0) return new Map();
  const rows = await db.query<{ id: string; reward_id: string }>(
    sql`select id, reward_id from redemptions where company_id = ${companyId} and id = any(${[...new Set(redemptionIds)]}::text[])`,
  );
  const names = await rewardNames(
    db,
    companyId,
    rows.map((r) => r.reward_id),
  );
  return new Map(
    rows.map((r) => [
      r.id,
      { rewardId: r.reward_id, namePl: names.get(r.reward_id)?.namePl ?? "", nameEn: names.get(r.reward_id)?.nameEn ?? "" },
    ]),
  );
}
