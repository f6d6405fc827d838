import { createHash } from "node:crypto";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId, randomToken } from "../../platform/ids.js";
import { API_KEY_SCOPES, type Permission } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";

const KEY_PREFIX = "rgl_";

// Keys are 256 random bits, so a fast hash is enough; a slow one would tax every API call.
const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  created_by: string | null;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const toApiKey = (r: ApiKeyRow) => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function listApiKeys(opts: { db: Db; actor: Actor }) {
  const rows = await opts.db.query<ApiKeyRow>(
    sql`select * from api_keys where company_id = ${opts.actor.companyId} order by revoked_at nulls first, id desc`,
  );
  return rows.map(toApiKey);
}

export async function createApiKey(opts: { db: Db; actor: Actor; name: string; scopes: string[] }) {
  const { actor } = opts;
  const secret = `${KEY_PREFIX}${randomToken(32)}`;
  const scopes = [...new Set(opts.scopes)];
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<ApiKeyRow>(
      sql`insert into api_keys (company_id, id, name, prefix, secret_hash, scopes, created_by)
          values (${actor.companyId}, ${newId("key")}, ${opts.name}, ${secret.slice(0, KEY_PREFIX.length + 6)}, ${hashSecret(secret)},
                  ${scopes}, ${actor.type === "staff" ? actor.id : null})
          returning *`,
    );
    const apiKey = toApiKey(row as ApiKeyRow);
    await recordAudit(tx, actor, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: apiKey.id,
      changes: { name: apiKey.name, scopes },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "api_key.created", entityType: "api_key", entityId: apiKey.id });
    return { apiKey, secret };
  });
}

/** Revoking twice is harmless: the first revocation time stays. */
export async function revokeApiKey(opts: { db: Db; actor: Actor; id: string }) {
  const { actor } = opts;
  const revoked = await opts.db.transaction(async (tx) => {
    const [row] = await tx.query<ApiKeyRow>(
      sql`update api_keys set revoked_at = coalesce(revoked_at, now())
           where company_id = ${actor.companyId} and id = ${opts.id} returning *`,
    );
    if (!row) throw notFound("API key");
    await recordAudit(tx, actor, { action: "api_key.revoked", entityType: "api_key", entityId: row.id, changes: { name: row.name } });
    await emitEvent(tx, { companyId: actor.companyId, type: "api_key.revoked", entityType: "api_key", entityId: row.id });
    return toApiKey(row);
  });
  // After the commit: a request resolving the key meanwhile could otherwise cache it again.
  forgetKey(revoked.id);
  return revoked;
}

/**
 * Live keys this process has resolved recently, by secret hash. An API call then costs no lookup
 * of its key: on a balance read that is half of the database work. A revocation here removes the
 * key at once; one made by another web process is seen here within KEY_CACHE_MS. Unknown secrets
 * are never cached, so a new key works at once everywhere.
 */
interface LiveKey {
  id: string;
  company_id: string;
  name: string;
  scopes: string[];
}
const liveKeys = new Map<string, { key: LiveKey; until: number }>();
const KEY_CACHE_MS = 10_000;
const KEY_CACHE_MAX = 10_000;

function forgetKey(id: string) {
  for (const [hash, entry] of liveKeys) if (entry.key.id === id) liveKeys.delete(hash);
}

async function findLiveKey(db: Db, hash: string): Promise<LiveKey | null> {
  const now = Date.now();
  const cached = liveKeys.get(hash);
  if (cached && cached.until > now) return cached.key;
  const [row] = await db.query<LiveKey>(
    sql`select id, company_id, name, scopes from api_keys where secret_hash = ${hash} and revoked_at is null`,
  );
  liveKeys.delete(hash);
  if (!row) return null;
  // Map order is insertion order: the first entry is the oldest.
  if (liveKeys.size >= KEY_CACHE_MAX) liveKeys.delete(liveKeys.keys().next().value as string);
  liveKeys.set(hash, { key: row, until: now + KEY_CACHE_MS });
  return row;
}

/**
 * When this process last recorded each key's use. `last_used_at` is shown to the minute, so a key
 * busy with hundreds of requests a second costs one UPDATE a minute instead of one per request
 * (the SQL condition keeps several processes from writing it more often either).
 */
const lastRecorded = new Map<string, number>();
const RECORD_EVERY_MS = 60_000;

async function recordUse(db: Db, companyId: string, id: string) {
  const now = Date.now();
  if (now - (lastRecorded.get(id) ?? 0) < RECORD_EVERY_MS) return;
  lastRecorded.set(id, now);
  await db.query(
    sql`update api_keys set last_used_at = now()
         where company_id = ${companyId} and id = ${id} and (last_used_at is null or last_used_at < now() - interval '1 minute')`,
  );
}

/** Resolves a bearer secret to the actor it grants; records the use at most once a minute. */
export async function actorForApiKey(db: Db, secret: string, request: { ip: string; requestId: string }): Promise<Actor | null> {
  if (!secret.startsWith(KEY_PREFIX)) return null;
  const row = await findLiveKey(db, hashSecret(secret));
  if (!row) return null;
  await recordUse(db, row.company_id, row.id);
  return {
    type: "api_key",
    id: row.id,
    name: `API key ${row.name}`,
    companyId: row.company_id,
    permissions: new Set(row.scopes.filter((s): s is Permission => (API_KEY_SCOPES as string[]).includes(s)) as Permission[]),
    locationIds: null,
    ip: request.ip,
    requestId: request.requestId,
  };
}
