import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Queryable } from "../../platform/db.js";
import { emitEvent } from "../../platform/events.js";
import { sql } from "../../platform/sql.js";

/**
 * Adds or removes one tag (any case counts as the same tag), in the caller's transaction with the
 * member locked: automation's tag actions. Returns false when there was nothing to change.
 */
export async function changeTagOfLockedMember(
  tx: Queryable,
  actor: Actor,
  opts: { memberId: string; tag: string; add: boolean },
): Promise<boolean> {
  const [row] = await tx.query<{ tags: string[] }>(
    sql`select tags from members where company_id = ${actor.companyId} and id = ${opts.memberId}`,
  );
  if (!row) return false;
  const has = row.tags.some((t) => t.toLowerCase() === opts.tag.toLowerCase());
  if (has === opts.add) return false;
  const tags = opts.add ? [...row.tags, opts.tag] : row.tags.filter((t) => t.toLowerCase() !== opts.tag.toLowerCase());
  await tx.query(
    sql`update members set tags = ${tags}, updated_at = now() where company_id = ${actor.companyId} and id = ${opts.memberId}`,
  );
  await recordAudit(tx, actor, {
    action: "member.updated",
    entityType: "member",
    entityId: opts.memberId,
    changes: { tags: { from: row.tags, to: tags } },
  });
  await emitEvent(tx, {
    companyId: actor.companyId,
    type: "member.updated",
    entityType: "member",
    entityId: opts.memberId,
    payload: { fields: ["tags"] },
  });
  return true;
}
