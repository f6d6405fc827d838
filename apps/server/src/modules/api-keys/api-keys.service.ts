import { createHash } from "node:crypto";
import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db } from "../../platform/db.js";
import { notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId, randomToken } from "../../platform/ids.js";
import { API_KEY_SCOPES, type Permission } from "../../platform/permissions.js";

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
  const rows = await opts.db.query<ApiKeyRow>("select * from api_keys where company_id = $1 order by revoked_at nulls first, id desc", [
    opts.actor.companyId,
  ]);
  return rows.map(toApiKey);
}

export async function createApiKey(opts: { db: Db; actor: Actor; name: string; scopes: string[] }) {
  const { actor } = opts;
  const secret = `${KEY_PREFIX}${randomToken(32)}`;
  const scopes = [...new Set(opts.scopes)];
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<ApiKeyRow>(
      `insert into api_keys (company_id, id, name, prefix, secret_hash, scopes, created_by)
       values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [
        actor.companyId,
        newId("key"),
        opts.name,
        secret.slice(0, KEY_PREFIX.length + 6),
        hashSecret(secret),
        scopes,
        actor.type === "staff" ? actor.id : null,
      ],
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
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<ApiKeyRow>(
      "update api_keys set revoked_at = coalesce(revoked_at, now()) where company_id = $1 and id = $2 returning *",
      [actor.companyId, opts.id],
    );
    if (!row) throw notFound("API key");
    await recordAudit(tx, actor, { action: "api_key.revoked", entityType: "api_key", entityId: row.id, changes: { name: row.name } });
    await emitEvent(tx, { companyId: actor.companyId, type: "api_key.revoked", entityType: "api_key", entityId: row.id });
    return toApiKey(row);
  });
}

/** Resolves a bearer secret to the actor it grants; records the use at most once a minute. */
export async function actorForApiKey(db: Db, secret: string, request: { ip: string; requestId: string }): Promise<Actor | null> {
  if (!secret.startsWith(KEY_PREFIX)) return null;
  const [row] = await db.query<{ id: string; company_id: string; name: string; scopes: string[] }>(
    "select id, company_id, name, scopes from api_keys where secret_hash = $1 and revoked_at is null",
    [hashSecret(secret)],
  );
  if (!row) return null;
  await db.query(
    "update api_keys set last_used_at = now() where company_id = $1 and id = $2 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
    [row.company_id, row.id],
  );
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
