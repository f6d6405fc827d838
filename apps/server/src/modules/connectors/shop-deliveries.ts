import type { Queryable } from "../../platform/db.js";
import { toPage } from "../../platform/http.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import type { InboundDelivery, Outcome } from "./connectors.schemas.js";
import { loadShop } from "./shop-rows.js";

interface DeliveryRow {
  id: string;
  received_at: Date;
  topic: string;
  platform_delivery_id: string | null;
  external_id: string | null;
  outcome: Outcome;
  detail: string;
  purchase_id: string | null;
  member_id: string | null;
  http_status: number;
}

const toDelivery = (r: DeliveryRow): InboundDelivery => ({
  id: r.id,
  receivedAt: r.received_at,
  topic: r.topic,
  platformDeliveryId: r.platform_delivery_id,
  externalId: r.external_id,
  outcome: r.outcome,
  detail: r.detail,
  purchaseId: r.purchase_id,
  memberId: r.member_id,
  httpStatus: r.http_status,
});

export async function listShopDeliveries(opts: {
  db: Queryable;
  companyId: string;
  shopId: string;
  outcome?: Outcome;
  limit: number;
  cursor?: string;
}): Promise<{ data: InboundDelivery[]; nextCursor: string | null }> {
  const { db, companyId } = opts;
  const shop = await loadShop(db, companyId, opts.shopId);
  const rows = await db.query<DeliveryRow>(
    sql`select id, received_at, topic, platform_delivery_id, external_id, outcome, detail, purchase_id, member_id, http_status
          from shop_deliveries
         where company_id = ${companyId} and shop_id = ${shop.id}
           and (${opts.outcome ?? null}::text is null or outcome = ${opts.outcome ?? null})
           and (${opts.cursor ?? null}::text is null or id < ${opts.cursor ?? null})
         order by id desc limit ${opts.limit + 1}`,
  );
  const page = toPage(rows, opts.limit);
  return { data: page.data.map(toDelivery), nextCursor: page.nextCursor };
}

export interface NewDelivery {
  companyId: string;
  shopId: string;
  receivedAt: Date;
  topic: string;
  platformDeliveryId: string | null;
  deliveryKey: string | null;
  externalId: string | null;
  outcome: Outcome;
  detail: string;
  purchaseId?: string | null;
  memberId?: string | null;
  httpStatus: number;
}

/**
 * Writes one line of the inbound log. A delivery that took effect claims its key; when another
 * delivery with that key claimed it first (two copies of one webhook at once), this one is written
 * as a duplicate instead. Returns the id and the outcome written.
 */
export async function recordDelivery(db: Queryable, d: NewDelivery): Promise<{ id: string; outcome: Outcome }> {
  const id = newId("shd");
  const rows = await db.query<{ id: string }>(
    sql`insert into shop_deliveries (company_id, id, shop_id, received_at, topic, platform_delivery_id, delivery_key, external_id, outcome,
          detail, purchase_id, member_id, http_status)
        values (${d.companyId}, ${id}, ${d.shopId}, ${d.receivedAt}, ${d.topic.slice(0, 200)}, ${d.platformDeliveryId?.slice(0, 200) ?? null},
          ${d.deliveryKey}, ${d.externalId?.slice(0, 200) ?? null}, ${d.outcome}, ${d.detail.slice(0, 1000)}, ${d.purchaseId ?? null},
          ${d.memberId ?? null}, ${d.httpStatus})
        on conflict do nothing returning id`,
  );
  if (rows.length > 0) {
    await db.query(
      sql`update shop_connections set last_received_at = greatest(last_received_at, ${d.receivedAt})
           where company_id = ${d.companyId} and id = ${d.shopId}`,
    );
    return { id, outcome: d.outcome };
  }
  return recordDelivery(db, { ...d, outcome: "duplicate", detail: "delivery_already_processed" });
}

/** The delivery that took effect with this key, if any (a replayed webhook finds it). */
export async function processedDelivery(
  db: Queryable,
  companyId: string,
  shopId: string,
  deliveryKey: string,
): Promise<{ id: string; purchase_id: string | null; member_id: string | null } | null> {
  const [row] = await db.query<{ id: string; purchase_id: string | null; member_id: string | null }>(
    sql`select id, purchase_id, member_id from shop_deliveries
         where company_id = ${companyId} and shop_id = ${shopId} and delivery_key = ${deliveryKey}
           and outcome not in ('duplicate', 'refused', 'failed')`,
  );
  return row ?? null;
}
