import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { sql } from "../../platform/sql.js";
import type { Platform, ShopConnection, ShopOptions } from "./connectors.schemas.js";

export interface ShopRow {
  company_id: string;
  id: string;
  platform: Platform;
  name: string;
  program_id: string;
  location_id: string | null;
  shop_domain: string | null;
  consent_ids: string[];
  status: "active" | "paused" | "deleted";
  secret_enc: string;
  options: Partial<ShopOptions>;
  last_received_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** The public address a shop posts to: absolute, from the installation's PUBLIC_URL. */
export const inboundUrlOf = (config: Pick<Config, "publicUrl">, shopId: string) => `${config.publicUrl}/api/v1/connect/${shopId}`;

/** A connection of the company that is not deleted (a deleted one answers like an unknown id: 404). */
export async function loadShop(db: Queryable, companyId: string, id: string, lock = false): Promise<ShopRow> {
  const [row] = await db.query<ShopRow>(
    lock
      ? sql`select * from shop_connections where company_id = ${companyId} and id = ${id} and status <> 'deleted' for update`
      : sql`select * from shop_connections where company_id = ${companyId} and id = ${id} and status <> 'deleted'`,
  );
  if (!row) throw notFound("Shop connection");
  return row;
}

/** The API shape, with the last 24 hours' counts (one statement for the whole page). */
export async function toShops(db: Queryable, config: Config, companyId: string, rows: ShopRow[], now: Date): Promise<ShopConnection[]> {
  if (rows.length === 0) return [];
  const since = new Date(now.getTime() - 86_400_000);
  const counts = await db.query<{ shop_id: string; received: number; refused: number }>(
    sql`select shop_id, count(*)::int as received, count(*) filter (where outcome in ('refused', 'failed'))::int as refused
          from shop_deliveries
         where company_id = ${companyId} and shop_id = any(${rows.map((r) => r.id)}) and received_at > ${since}
         group by shop_id`,
  );
  const byShop = new Map(counts.map((c) => [c.shop_id, c]));
  return rows.map((r) => ({
    id: r.id,
    platform: r.platform,
    name: r.name,
    programId: r.program_id,
    locationId: r.location_id,
    shopDomain: r.shop_domain,
    consentIds: r.consent_ids,
    status: r.status === "paused" ? "paused" : "active",
    options: optionsOf(r),
    inboundUrl: inboundUrlOf(config, r.id),
    lastReceivedAt: r.last_received_at,
    counts: { received24h: byShop.get(r.id)?.received ?? 0, refused24h: byShop.get(r.id)?.refused ?? 0 },
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The stored options with their defaults (a row stores only what was set). */
export const optionsOf = (r: Pick<ShopRow, "options">): ShopOptions => ({
  acceptTestOrders: r.options.acceptTestOrders === true,
  createMembers: r.options.createMembers !== false,
});
