import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";

interface AuditRow {
  id: string;
  occurred_at: Date;
  actor_type: "staff" | "api_key" | "system";
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
  const rows = await opts.db.query<AuditRow>(
    `select * from audit_log
      where company_id = $1
        and ($2::text is null or id < $2)
        and ($3::text is null or actor_id = $3)
        and ($4::text is null or action = $4 or action like $4 || '.%')
        and ($5::text is null or entity_type = $5)
        and ($6::text is null or entity_id = $6)
        and ($7::timestamptz is null or occurred_at >= $7)
        and ($8::timestamptz is null or occurred_at < $8)
      order by id desc
      limit $9`,
    [
      opts.actor.companyId,
      opts.cursor ?? null,
      opts.actorId ?? null,
      opts.action ?? null,
      opts.entityType ?? null,
      opts.entityId ?? null,
      opts.from ?? null,
      opts.to ?? null,
      opts.limit + 1,
    ],
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
