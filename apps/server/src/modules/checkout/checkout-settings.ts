import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import type { CheckoutSettings, CheckoutSettingsInput } from "./checkout.schemas.js";

interface SettingsRow {
  program_id: string;
  enabled: boolean;
  minimum_basket_minor: number | string;
  max_products_per_order: number | null;
  max_points_per_order: number | string | null;
  fee_per_item_minor: number | string;
  reservation_minutes: number;
  products: CheckoutSettings["products"];
  discount_thresholds: CheckoutSettings["discountThresholds"];
  updated_at: Date;
}

/** A program that never saved its settings: switched off, no limits, 30-minute reservations. */
const DEFAULTS: Omit<CheckoutSettings, "programId" | "currency" | "updatedAt"> = {
  enabled: false,
  minimumBasketMinor: 0,
  maxProductsPerOrder: null,
  maxPointsPerOrder: null,
  feePerItemMinor: 0,
  reservationMinutes: 30,
  products: [],
  discountThresholds: [],
};

function toSettings(programId: string, currency: string, r: SettingsRow | undefined): CheckoutSettings {
  if (!r) return { programId, ...DEFAULTS, currency, updatedAt: null };
  return {
    programId,
    enabled: r.enabled,
    minimumBasketMinor: Number(r.minimum_basket_minor),
    maxProductsPerOrder: r.max_products_per_order,
    maxPointsPerOrder: r.max_points_per_order === null ? null : Number(r.max_points_per_order),
    feePerItemMinor: Number(r.fee_per_item_minor),
    reservationMinutes: r.reservation_minutes,
    products: r.products,
    discountThresholds: r.discount_thresholds,
    currency,
    updatedAt: r.updated_at,
  };
}

/**
 * A program's checkout settings (the defaults when never saved), for the quote and reservations
 * too. The program must be the company's: another company's id is answered as not found.
 */
export async function checkoutSettingsOf(db: Queryable, companyId: string, programId: string): Promise<CheckoutSettings> {
  await getProgramRow(db, companyId, programId);
  const { currency } = await getCompany(db, companyId);
  const [row] = await db.query<SettingsRow>(
    sql`select * from checkout_settings where company_id = ${companyId} and program_id = ${programId}`,
  );
  return toSettings(programId, currency, row);
}

export async function getCheckoutSettings(opts: { db: Db; actor: Actor; programId: string }): Promise<CheckoutSettings> {
  return checkoutSettingsOf(opts.db, opts.actor.companyId, opts.programId);
}

/** Saves the whole settings (the form sends them whole), audited with what changed. */
export async function putCheckoutSettings(opts: {
  db: Db;
  actor: Actor;
  programId: string;
  input: CheckoutSettingsInput;
  now: Date;
}): Promise<CheckoutSettings> {
  const { actor, input, now } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await checkoutSettingsOf(tx, actor.companyId, opts.programId);
    const [row] = await tx.query<SettingsRow>(
      sql`insert into checkout_settings (company_id, program_id, enabled, minimum_basket_minor, max_products_per_order, max_points_per_order,
            fee_per_item_minor, reservation_minutes, products, discount_thresholds, updated_at)
          values (${actor.companyId}, ${opts.programId}, ${input.enabled}, ${input.minimumBasketMinor}, ${input.maxProductsPerOrder},
            ${input.maxPointsPerOrder}, ${input.feePerItemMinor}, ${input.reservationMinutes}, ${JSON.stringify(input.products)}::jsonb,
            ${JSON.stringify(input.discountThresholds)}::jsonb, ${now})
          on conflict (company_id, program_id) do update set enabled = excluded.enabled,
            minimum_basket_minor = excluded.minimum_basket_minor, max_products_per_order = excluded.max_products_per_order,
            max_points_per_order = excluded.max_points_per_order, fee_per_item_minor = excluded.fee_per_item_minor,
            reservation_minutes = excluded.reservation_minutes, products = excluded.products,
            discount_thresholds = excluded.discount_thresholds, updated_at = excluded.updated_at
          returning *`,
    );
    const after = toSettings(opts.programId, before.currency, row);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const key of Object.keys(input) as (keyof CheckoutSettingsInput)[]) {
      if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = { from: before[key], to: after[key] };
    }
    await recordAudit(tx, actor, {
      action: "checkout_settings.updated",
      entityType: "program",
      entityId: opts.programId,
      changes,
    });
    return after;
  });
}
