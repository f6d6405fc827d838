import type { Actor } from "./actor.js";
import type { Queryable } from "./db.js";
import { newId } from "./ids.js";
import { type Sql, sql } from "./sql.js";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  changes?: Record<string, unknown>;
}

/** Written in the same transaction as the change it describes, so the log never misses one. */
export async function recordAudit(tx: Queryable, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.query(auditWrite(actor, entry));
}

/** The audit row's INSERT, for a caller that sends it with another statement (withWrites). */
export function auditWrite(actor: Actor, entry: AuditEntry): Sql {
  return sql`insert into audit_log (company_id, id, actor_type, actor_id, actor_name, ip, request_id,
       action, entity_type, entity_id, changes)
     values (${actor.companyId}, ${newId("aud")}, ${actor.type}, ${actor.id}, ${actor.name}, ${actor.ip}, ${actor.requestId},
       ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${JSON.stringify(redact(entry.changes ?? {}))})`;
}

const SECRET_FIELDS = /password|secret|token/i;

function redact(changes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, SECRET_FIELDS.test(k) ? "[redacted]" : v]));
}

/** Field-by-field difference of two records, for the audit log's "changes". */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      out[key] = { from: before[key] ?? null, to: after[key] ?? null };
    }
  }
  return out;
}
