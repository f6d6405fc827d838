import { createHash } from "node:crypto";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db } from "../../platform/db.js";
import { invalidField, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId, randomToken } from "../../platform/ids.js";
import { API_KEY_SCOPES, type Permission } from "../../platform/permissions.js";
import { sql } from "../../platform/sql.js";
import { type ApiKeyUsageCounter, readApiKeyUsage, USAGE_KEPT_DAYS } from "./api-key-usage.js";

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
  rate_limit_per_minute: number | null;
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
  rateLimitPerMinute: r.rate_limit_per_minute,
});

export async function listApiKeys(opts: { db: Db; actor: Actor }) {
  const rows = await opts.db.query<ApiKeyRow>(
    sql`select * from api_keys where company_id = ${opts.actor.companyId} order by revoked_at nulls first, id desc`,
  );
  return rows.map(toApiKey);
}

export async function createApiKey(opts: { db: Db; actor: Actor; name: string; scopes: string[]; rateLimitPerMinute?: number | null }) {
  const { actor } = opts;
  const secret = `${KEY_PREFIX}${randomToken(32)}`;
  const scopes = [...new Set(opts.scopes)];
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<ApiKeyRow>(
      sql`insert into api_keys (company_id, id, name, prefix, secret_hash, scopes, created_by, rate_limit_per_minute)
          values (${actor.companyId}, ${newId("key")}, ${opts.name}, ${secret.slice(0, KEY_PREFIX.length + 6)}, ${hashSecret(secret)},
                  ${scopes}, ${actor.type === "staff" ? actor.id : null}, ${opts.rateLimitPerMinute ?? null})
          returning *`,
    );
    const apiKey = toApiKey(row as ApiKeyRow);
    await recordAudit(tx, actor, {
      action: "api_key.created",
      entityType: "api_key",
      entityId: apiKey.id,
      changes: { name: apiKey.name, scopes, rateLimitPerMinute: apiKey.rateLimitPerMinute },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "api_key.created", entityType: "api_key", entityId: apiKey.id });
    return { apiKey, secret };
  });
}

/** Renames a key or changes its own rate limit (null: the installation's default); scopes stay as created. */
export async function updateApiKey(opts: { db: Db; actor: Actor; id: string; name?: string; rateLimitPerMinute?: number | null }) {
  const { actor } = opts;
  const updated = await opts.db.transaction(async (tx) => {
    const [before] = await tx.query<ApiKeyRow>(
      sql`select * from api_keys where company_id = ${actor.companyId} and id = ${opts.id} for update`,
    );
    if (!before) throw notFound("API key");
    const [row] = await tx.query<ApiKeyRow>(
      sql`update api_keys set name = ${opts.name ?? before.name},
                 rate_limit_per_minute = ${opts.rateLimitPerMinute === undefined ? before.rate_limit_per_minute : opts.rateLimitPerMinute}
           where company_id = ${actor.companyId} and id = ${opts.id} returning *`,
    );
    const after = toApiKey(row as ApiKeyRow);
    const changes: Record<string, unknown> = {};
    if (after.name !== before.name) changes.name = { from: before.name, to: after.name };
    if (after.rateLimitPerMinute !== before.rate_limit_per_minute)
      changes.rateLimitPerMinute = { from: before.rate_limit_per_minute, to: after.rateLimitPerMinute };
    if (Object.keys(changes).length > 0)
      await recordAudit(tx, actor, { action: "api_key.updated", entityType: "api_key", entityId: after.id, changes });
    return after;
  });
  // The new limit holds here at once; other web processes see it within KEY_CACHE_MS.
  forgetKey(updated.id);
  return updated;
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
  rate_limit_per_minute: number | null;
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
    sql`select id, company_id, name, scopes, rate_limit_per_minute from api_keys where secret_hash = ${hash} and revoked_at is null`,
  );
  liveKeys.delete(hash);
  if (!row) return null;
  // Map order is insertion order: the first entry is the oldest.
  if (liveKeys.size >= KEY_CACHE_MAX) liveKeys.delete(liveKeys.keys().next().value as string);
  liveKeys.set(hash, { key: row, until: now + KEY_CACHE_MS });
  return row;
}

/**
 * The key of a secret this process has resolved recently, without a query (null otherwise): the
 * usage count of a request refused before its credentials were checked.
 */
export function cachedKeyOfSecret(secret: string): { companyId: string; id: string } | null {
  if (!secret.startsWith(KEY_PREFIX)) return null;
  const cached = liveKeys.get(hashSecret(secret));
  return cached && cached.until > Date.now() ? { companyId: cached.key.company_id, id: cached.key.id } : null;
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
    rateLimitPerMinute: row.rate_limit_per_minute,
  };
}

const DAY_MS = 86_400_000;
/** The longest period each interval may span: 744 hours, or 90 days (the usage kept). */
const MAX_DAYS = { hour: 31, day: USAGE_KEPT_DAYS } as const;

/** A key's usage per hour or day; a revoked key's too (its history stays). */
export async function getApiKeyUsage(opts: {
  db: Db;
  counter: ApiKeyUsageCounter;
  actor: Actor;
  id: string;
  from?: Date;
  to?: Date;
  interval: "hour" | "day";
}) {
  const { db, actor, interval } = opts;
  const to = opts.to ?? new Date();
  const from = opts.from ?? new Date(to.getTime() - (interval === "hour" ? DAY_MS : 30 * DAY_MS));
  if (to <= from) throw invalidField("query.to", "after_from");
  if (to.getTime() - from.getTime() > MAX_DAYS[interval] * DAY_MS)
    throw invalidField("query.to", "span_at_most_days", { days: MAX_DAYS[interval] });
  const [key] = await db.query<{ id: string }>(sql`select id from api_keys where company_id = ${actor.companyId} and id = ${opts.id}`);
  if (!key) throw notFound("API key");
  return readApiKeyUsage({ db, counter: opts.counter, companyId: actor.companyId, keyId: key.id, from, to, interval });
}
