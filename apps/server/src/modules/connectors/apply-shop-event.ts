import type { Db } from "../../platform/db.js";
import type { Outcome } from "./connectors.schemas.js";
import type { ShopEvent } from "./shop-event.js";
import type { ShopRow } from "./shop-rows.js";

export interface Applied {
  outcome: Outcome;
  detail: string;
  purchaseId?: string | null;
  memberId?: string | null;
}

export async function applyShopEvent(opts: { db: Db; shop: ShopRow; event: ShopEvent; now: Date }): Promise<Applied> {
  const { event } = opts;
  if (event.type === "ignored") return { outcome: "ignored", detail: event.detail };
  return { outcome: "ignored", detail: "not_yet" };
}
