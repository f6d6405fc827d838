import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_type: "staff" | "api_key" | "system" | "member";
  actor_id: string | null;
  actor_name: string;
  ip: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  changes: Record<string, unknown>;
}

export async function listAuditEntries(opts: {
  db: Db;
  actor: Actor;
  limit: number;
  cursor?: string;
  actorId?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
}) {
  const cursor = opts.cursor ?? null;
  const actorId = opts.actorId ?? null;
  const action = opts.action ?? null;
  const entityType = opts.entityType ?? null;
  const entityId = opts.entityId ?? null;
  const from = opts.from ?? null;
  const to = opts.to ?? null;
  const rows = await opts.db.query<AuditRow>(
    sql`select * from audit_log
         where company_id = ${opts.actor.companyId}
           and (${cursor}::text is null or id < ${cursor})
           and (${actorId}::text is null or actor_id = ${actorId})
           and (${action}::text is null or action = ${action} or action like ${action}::text || '.%')
           and (${entityType}::text is null or entity_type = ${entityType})
           and (${entityId}::text is null or entity_id = ${entityId})
           and (${from}::timestamptz is null or occurred_at >= ${from})
           and (${to}::timestamptz is null or occurred_at < ${to})
         order by id desc
         limit ${opts.limit + 1}`,
  );
  return rows.map((r) => ({
    id: r.id,
    occurredAt: r.occurred_at,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    ip: r.ip,
    requestId: r.request_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    changes: r.changes,
  }));
}
