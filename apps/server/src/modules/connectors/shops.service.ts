import { randomBytes } from "node:crypto";
import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidFields } from "../../platform/errors.js";
import { toPage } from "../../platform/http.js";
import { newId, randomToken } from "../../platform/ids.js";
import { decryptSecret, encryptSecret } from "../../platform/secrets.js";
import { sql } from "../../platform/sql.js";
import { listConsents } from "../consents/consents.service.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import type { Platform, ShopConnection, ShopInput, ShopPatch } from "./connectors.schemas.js";
import { loadShop, optionsOf, type ShopRow, toShops } from "./shop-rows.js";

/**
 * A generated signing secret. The generic connector follows Standard Webhooks, whose libraries
 * take "whsec_" + base64 of the key bytes; WooCommerce and Shoper take any text the admin pastes.
 * Shopify signs with its app's client secret, which the admin brings: never generated.
 */
function generatedSecret(platform: Platform): string {
  return platform === "generic" ? `whsec_${randomBytes(24).toString("base64")}` : randomToken(24);
}

/** A secret typed in for the generic connector must be a Standard Webhooks key (the libraries decode it). */
function checkTypedSecret(platform: Platform, secret: string | undefined): void {
  if (platform === "generic" && secret !== undefined && !/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/.test(secret))
    throw invalidFields([detail("secret", "whsec_secret")]);
}

async function checkReferences(
  db: Queryable,
  companyId: string,
  s: { programId?: string; locationId?: string | null; consentIds?: string[] },
): Promise<void> {
  const problems: ErrorDetail[] = [];
  if (s.programId !== undefined) {
    try {
      await getProgramRow(db, companyId, s.programId);
    } catch (err) {
      if (!(err instanceof AppError && err.code === "not_found")) throw err;
      problems.push(detail("programId", "not_company_program"));
    }
  }
  if (s.locationId) {
    try {
      await assertLocationsExist(db, companyId, [s.locationId], "locationId");
    } catch (err) {
      if (!(err instanceof AppError && err.code === "validation_failed")) throw err;
      problems.push(...err.details);
    }
  }
  if (s.consentIds?.length) {
    const known = new Set((await listConsents({ db, companyId })).map((c) => c.id));
    s.consentIds.forEach((id, i) => {
      if (!known.has(id)) problems.push(detail(`consentIds.${i}`, "not_company_consent"));
    });
  }
  if (problems.length > 0) throw invalidFields(problems);
}

export async function listShops(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  limit: number;
  cursor?: string;
  now: Date;
}): Promise<{ data: ShopConnection[]; nextCursor: string | null }> {
  const { db, actor } = opts;
  const rows = await db.query<ShopRow>(
    sql`select * from shop_connections
         where company_id = ${actor.companyId} and status <> 'deleted'
           and (${opts.cursor ?? null}::text is null or id < ${opts.cursor ?? null})
         order by id desc limit ${opts.limit + 1}`,
  );
  const page = toPage(rows, opts.limit);
  return { data: await toShops(db, opts.config, actor.companyId, page.data, opts.now), nextCursor: page.nextCursor };
}

export async function getShop(opts: { db: Queryable; config: Config; companyId: string; id: string; now: Date }): Promise<ShopConnection> {
  const row = await loadShop(opts.db, opts.companyId, opts.id);
  const [shop] = await toShops(opts.db, opts.config, opts.companyId, [row], opts.now);
  return shop as ShopConnection;
}

export async function createShop(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  input: ShopInput;
  now: Date;
}): Promise<{ shop: ShopConnection; secret: string }> {
  const { config, actor, input, now } = opts;
  return opts.db.transaction(async (tx) => {
    checkTypedSecret(input.platform, input.secret);
    await checkReferences(tx, actor.companyId, input);
    const id = newId("shp");
    const secret = input.secret ?? generatedSecret(input.platform);
    await tx.query(
      sql`insert into shop_connections (company_id, id, platform, name, program_id, location_id, shop_domain, consent_ids, status, secret_enc,
            options, created_at, updated_at)
          values (${actor.companyId}, ${id}, ${input.platform}, ${input.name}, ${input.programId}, ${input.locationId}, ${input.shopDomain},
            ${input.consentIds}, ${input.status}, ${encryptSecret(config.secretKey, secret)}, ${JSON.stringify(input.options)}::jsonb, ${now}, ${now})`,
    );
    await tx.query(sql`insert into shop_connection_routes (shop_id, company_id) values (${id}, ${actor.companyId})`);
    await recordAudit(tx, actor, {
      action: "shop_connection.created",
      entityType: "shop_connection",
      entityId: id,
      changes: { platform: input.platform, name: input.name, programId: input.programId, status: input.status },
    });
    return { shop: await getShop({ db: tx, config, companyId: actor.companyId, id, now }), secret };
  });
}

export async function updateShop(opts: {
  db: Db;
  config: Config;
  actor: Actor;
  id: string;
  patch: ShopPatch;
  now: Date;
}): Promise<ShopConnection> {
  const { config, actor, patch, now } = opts;
  return opts.db.transaction(async (tx) => {
    const before = await loadShop(tx, actor.companyId, opts.id, true);
    checkTypedSecret(before.platform, patch.secret);
    await checkReferences(tx, actor.companyId, {
      programId: patch.programId,
      locationId: patch.locationId,
      consentIds: patch.consentIds,
    });
    const after = {
      name: patch.name ?? before.name,
      programId: patch.programId ?? before.program_id,
      locationId: patch.locationId !== undefined ? patch.locationId : before.location_id,
      shopDomain: patch.shopDomain !== undefined ? patch.shopDomain : before.shop_domain,
      consentIds: patch.consentIds ?? before.consent_ids,
      status: patch.status ?? before.status,
      options: { ...optionsOf(before), ...patch.options },
    };
    const secretEnc = patch.secret ? encryptSecret(config.secretKey, patch.secret) : before.secret_enc;
    await tx.query(
      sql`update shop_connections
             set name = ${after.name}, program_id = ${after.programId}, location_id = ${after.locationId}, shop_domain = ${after.shopDomain},
                 consent_ids = ${after.consentIds}, status = ${after.status}, secret_enc = ${secretEnc},
                 options = ${JSON.stringify(after.options)}::jsonb, updated_at = ${now}
           where company_id = ${actor.companyId} and id = ${before.id}`,
    );
    const changes = diff(
      {
        name: before.name,
        programId: before.program_id,
        locationId: before.location_id,
        shopDomain: before.shop_domain,
        consentIds: before.consent_ids,
        status: before.status,
        options: optionsOf(before),
      },
      after,
    );
    // The secret itself never enters the audit log: only that it changed.
    if (patch.secret) changes.secret = { from: "…", to: "…" };
    await recordAudit(tx, actor, { action: "shop_connection.updated", entityType: "shop_connection", entityId: before.id, changes });
    return getShop({ db: tx, config, companyId: actor.companyId, id: before.id, now });
  });
}

/** Deleted: its URL answers 410 from now on; the row and its delivery log stay (the log is history). */
export async function deleteShop(opts: { db: Db; actor: Actor; id: string; now: Date }): Promise<void> {
  const { actor, now } = opts;
  await opts.db.transaction(async (tx) => {
    const before = await loadShop(tx, actor.companyId, opts.id, true);
    await tx.query(
      sql`update shop_connections set status = 'deleted', deleted_at = ${now}, updated_at = ${now}
           where company_id = ${actor.companyId} and id = ${before.id}`,
    );
    await recordAudit(tx, actor, {
      action: "shop_connection.deleted",
      entityType: "shop_connection",
      entityId: before.id,
      changes: { name: before.name, platform: before.platform },
    });
  });
}

/** Shows the secret to staff who may change the connection; each look is in the audit log. */
export async function revealShopSecret(opts: { db: Db; config: Config; actor: Actor; id: string }): Promise<{ secret: string }> {
  const { config, actor } = opts;
  return opts.db.transaction(async (tx) => {
    const row = await loadShop(tx, actor.companyId, opts.id);
    await recordAudit(tx, actor, { action: "shop_connection.secret_revealed", entityType: "shop_connection", entityId: row.id });
    return { secret: decryptSecret(config.secretKey, row.secret_enc) };
  });
}

/**
 * A new generated secret; the old one stops verifying at once (the admin pastes the new one into
 * the shop: a shop retries what was refused meanwhile). Shopify's secret is its app's: refused.
 */
export async function rotateShopSecret(opts: { db: Db; config: Config; actor: Actor; id: string; now: Date }): Promise<{ secret: string }> {
  const { config, actor, now } = opts;
  return opts.db.transaction(async (tx) => {
    const row = await loadShop(tx, actor.companyId, opts.id, true);
    if (row.platform === "shopify")
      throw new AppError("unprocessable", "Shopify signs with the app's client secret: paste its new value with PATCH { secret }", [
        detail("platform", "shopify_secret_from_app"),
      ]);
    const secret = generatedSecret(row.platform);
    await tx.query(
      sql`update shop_connections set secret_enc = ${encryptSecret(config.secretKey, secret)}, updated_at = ${now}
           where company_id = ${actor.companyId} and id = ${row.id}`,
    );
    await recordAudit(tx, actor, { action: "shop_connection.secret_rotated", entityType: "shop_connection", entityId: row.id });
    return { secret };
  });
}

/** For `rotate-secret-key`: every connection's secret (deleted ones too) under the new key. */
export async function reencryptShopSecrets(tx: Queryable, from: string, to: string): Promise<number> {
  const rows = await tx.query<{ company_id: string; id: string; secret_enc: string }>(
    sql`select company_id, id, secret_enc from shop_connections for update`,
  );
  for (const r of rows)
    await tx.query(
      sql`update shop_connections set secret_enc = ${encryptSecret(to, decryptSecret(from, r.secret_enc))}
           where company_id = ${r.company_id} and id = ${r.id}`,
    );
  return rows.length;
}
