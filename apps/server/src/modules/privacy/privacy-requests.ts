import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { sql } from "../../platform/sql.js";
import { memberLabels } from "../members/members.service.js";
import type { PrivacyRequest, PrivacyRequestStatus } from "./privacy.schemas.js";

// Members' requests to the company (today: erasure, asked for in the portal), for staff to act on.

interface RequestRow {
  id: string;
  member_id: string;
  kind: "erasure";
  status: PrivacyRequestStatus;
  reason: string;
  note: string;
  created_at: Date;
  handled_by: string | null;
  handled_by_name: string | null;
  handled_at: Date | null;
}

async function toRequests(db: Queryable, companyId: string, rows: RequestRow[]): Promise<PrivacyRequest[]> {
  const labels = await memberLabels(
    db,
    companyId,
    rows.map((r) => r.member_id),
  );
  return rows.map((r) => {
    const m = labels.get(r.member_id);
    return {
      id: r.id,
      kind: r.kind,
      status: r.status,
      member: {
        id: r.member_id,
        cardNumber: m?.cardNumber ?? "",
        firstName: m?.firstName ?? "",
        lastName: m?.lastName ?? "",
        erased: m?.erased ?? false,
      },
      reason: r.reason,
      note: r.note,
      createdAt: r.created_at,
      handledBy: r.handled_by_name,
      handledAt: r.handled_at,
    };
  });
}

/**
 * The member asks for their data to be erased. A request while one is open answers the open one
 * (`created: false`): pressing twice is no error, and staff see one request to act on.
 */
export async function requestErasure(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  reason: string;
}): Promise<{ request: PrivacyRequest; created: boolean }> {
  const { actor, memberId } = opts;
  const { companyId } = actor;
  return opts.db.transaction(async (tx) => {
    const id = newId("prq");
    const inserted = await tx
      .query<RequestRow>(
        sql`insert into privacy_requests (company_id, id, member_id, kind, reason) values (${companyId}, ${id}, ${memberId}, 'erasure', ${opts.reason})
            on conflict (company_id, member_id, kind) where status = 'open' do nothing returning *`,
      )
      .catch((err) => {
        if (isUniqueViolation(err)) return [];
        throw err;
      });
    if (inserted[0]) {
      await recordAudit(tx, actor, {
        action: "member.erasure_requested",
        entityType: "member",
        entityId: memberId,
        changes: { requestId: id },
      });
      await emitEvent(tx, {
        companyId,
        type: "privacy.request_created",
        entityType: "member",
        entityId: memberId,
        payload: { requestId: id, kind: "erasure" },
      });
      return { request: (await toRequests(tx, companyId, inserted))[0] as PrivacyRequest, created: true };
    }
    const open = await tx.query<RequestRow>(
      sql`select * from privacy_requests where company_id = ${companyId} and member_id = ${memberId} and kind = 'erasure' and status = 'open'`,
    );
    return { request: (await toRequests(tx, companyId, open))[0] as PrivacyRequest, created: false };
  });
}

/** The member's open erasure request, if any (the portal shows that one was made). */
export async function openErasureRequestOf(
  db: Queryable,
  companyId: string,
  memberId: string,
): Promise<{ id: string; createdAt: Date } | null> {
  const [row] = await db.query<{ id: string; created_at: Date }>(
    sql`select id, created_at from privacy_requests where company_id = ${companyId} and member_id = ${memberId} and kind = 'erasure' and status = 'open'`,
  );
  return row ? { id: row.id, createdAt: row.created_at } : null;
}

export async function listPrivacyRequests(opts: {
  db: Queryable;
  actor: Actor;
  status?: PrivacyRequestStatus;
  limit: number;
  cursor?: string;
}): Promise<{ data: PrivacyRequest[]; nextCursor: string | null }> {
  const { companyId } = opts.actor;
  const status = opts.status ?? null;
  const cursor = opts.cursor ?? null;
  const rows = await opts.db.query<RequestRow>(
    sql`select * from privacy_requests where company_id = ${companyId} and (${status}::text is null or status = ${status})
          and (${cursor}::text is null or id < ${cursor}) order by id desc limit ${opts.limit + 1}`,
  );
  const data = await toRequests(opts.db, companyId, rows.slice(0, opts.limit));
  return { data, nextCursor: rows.length > opts.limit ? (data[data.length - 1]?.id ?? null) : null };
}

/** How many requests wait for staff (the admin's badge). */
export async function countOpenPrivacyRequests(db: Queryable, companyId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    sql`select count(*)::int as n from privacy_requests where company_id = ${companyId} and status = 'open'`,
  );
  return row?.n ?? 0;
}

/** Staff decide not to act (e.g. the law requires keeping the data); the note says why. Only an open request. */
export async function dismissPrivacyRequest(opts: { db: Db; actor: Actor; id: string; note: string; now: Date }): Promise<PrivacyRequest> {
  const { actor } = opts;
  const { companyId } = actor;
  return opts.db.transaction(async (tx) => {
    const [row] = await tx.query<RequestRow>(
      sql`select * from privacy_requests where company_id = ${companyId} and id = ${opts.id} for update`,
    );
    if (!row) throw notFound("Privacy request");
    if (row.status !== "open")
      throw new AppError("conflict", `The request is ${row.status} already`, [detail("id", "request_not_open", { status: row.status })]);
    const [updated] = await tx.query<RequestRow>(
      sql`update privacy_requests set status = 'dismissed', note = ${opts.note}, handled_by = ${actor.id}, handled_by_name = ${actor.name},
                 handled_at = ${opts.now}
           where company_id = ${companyId} and id = ${opts.id} returning *`,
    );
    await recordAudit(tx, actor, {
      action: "privacy_request.dismissed",
      entityType: "member",
      entityId: row.member_id,
      changes: { requestId: row.id, note: opts.note },
    });
    return (await toRequests(tx, companyId, [updated as RequestRow]))[0] as PrivacyRequest;
  });
}

/**
 * In the erasure's transaction: the member's open requests are done, by whoever erased, and the
 * member's own words (the reason) go with the rest of the personal data.
 */
export async function completeRequestsOfErasedMember(tx: Queryable, actor: Actor, memberId: string, now: Date): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    sql`update privacy_requests
           set reason = '', status = case when status = 'open' then 'done' else status end,
               handled_by = case when status = 'open' then ${actor.id} else handled_by end,
               handled_by_name = case when status = 'open' then ${actor.name} else handled_by_name end,
               handled_at = case when status = 'open' then ${now}::timestamptz else handled_at end
         where company_id = ${actor.companyId} and member_id = ${memberId} returning id`,
  );
  return rows.length;
}
