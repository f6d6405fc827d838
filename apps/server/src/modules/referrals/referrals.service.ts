import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { toPage } from "../../platform/http.js";
import { join, type Sql, sql } from "../../platform/sql.js";
import { memberLabels } from "../members/members.service.js";
import { REFERRAL_COLUMNS, type ReferralRow, statusCondition, toReferrals } from "./referral-rows.js";
import type { Referral, ReferralReport, ReferralReview, ReferralStatus } from "./referrals.schemas.js";

/** Referrals, newest friend first; filter by referrer, status and review (`review=flagged`: staff's queue). */
export async function listReferrals(opts: {
  db: Queryable;
  actor: Actor;
  referrerId?: string;
  status?: ReferralStatus;
  review?: ReferralReview;
  limit: number;
  cursor?: string;
}): Promise<{ data: Referral[]; nextCursor: string | null }> {
  const { db, actor } = opts;
  // Only the filters given: each combination keeps one statement text, and the indexes apply.
  const conditions: Sql[] = [sql`company_id = ${actor.companyId}`];
  if (opts.referrerId !== undefined) conditions.push(sql`referrer_member_id = ${opts.referrerId}`);
  if (opts.review !== undefined) conditions.push(sql`review = ${opts.review}`);
  if (opts.status !== undefined) conditions.push(statusCondition(opts.status));
  if (opts.cursor !== undefined) conditions.push(sql`friend_member_id < ${opts.cursor}`);
  const rows = await db.query<ReferralRow>(
    sql`select ${REFERRAL_COLUMNS} from referrals where ${join(conditions, " and ")}
         order by friend_member_id desc limit ${opts.limit + 1}`,
  );
  return toPage(await toReferrals(db, actor.companyId, rows), opts.limit);
}

export async function getReferral(db: Queryable, companyId: string, friendId: string): Promise<Referral> {
  const rows = await db.query<ReferralRow>(
    sql`select ${REFERRAL_COLUMNS} from referrals where company_id = ${companyId} and friend_member_id = ${friendId}`,
  );
  if (rows.length === 0) throw notFound("Referral");
  return (await toReferrals(db, companyId, rows))[0] as Referral;
}

/**
 * Staff's decision on a flagged referral: approved, it is registered after all (`referral.registered`,
 * so automation rewards it now); rejected, it is never rewarded. Only a flagged referral can be
 * reviewed, once (409 otherwise).
 */
export async function reviewReferral(opts: {
  db: Db;
  actor: Actor;
  friendId: string;
  decision: "approve" | "reject";
  now: Date;
}): Promise<Referral> {
  const { actor, friendId } = opts;
  const { companyId } = actor;
  const review = opts.decision === "approve" ? "approved" : "rejected";
  await opts.db.transaction(async (tx) => {
    const [row] = await tx.query<{ review: ReferralReview; referrer_member_id: string }>(
      sql`select review, referrer_member_id from referrals where company_id = ${companyId} and friend_member_id = ${friendId} for update`,
    );
    if (!row) throw notFound("Referral");
    if (row.review !== "flagged")
      throw new AppError("conflict", `Only a flagged referral can be reviewed; this one is ${row.review}`, [
        detail("decision", "referral_not_flagged", { review: row.review }),
      ]);
    await tx.query(
      sql`update referrals set review = ${review}, reviewed_at = ${opts.now}, reviewed_by = ${actor.id}
           where company_id = ${companyId} and friend_member_id = ${friendId}`,
    );
    await recordAudit(tx, actor, {
      action: review === "approved" ? "referral.approved" : "referral.rejected",
      entityType: "member",
      entityId: friendId,
      changes: { referrerId: row.referrer_member_id },
    });
    if (review === "approved")
      await emitEvent(tx, {
        companyId,
        type: "referral.registered",
        entityType: "member",
        entityId: row.referrer_member_id,
        payload: { friendId, approved: true },
      });
  });
  return getReferral(opts.db, companyId, friendId);
}

/**
 * Referrals registered in [from, to): how many, how many became successful and rewarded (by now),
 * the points paid for them, how many were flagged; and the 100 referrers with the most of them.
 */
export async function referralReport(opts: { db: Queryable; actor: Actor; from?: Date; to?: Date }): Promise<ReferralReport> {
  const { db } = opts;
  const { companyId } = opts.actor;
  if (opts.from && opts.to && opts.to <= opts.from) throw invalidField("query.to", "greater_than", { min: opts.from.toISOString() });
  const period: Sql[] = [sql`company_id = ${companyId}`];
  if (opts.from) period.push(sql`registered_at >= ${opts.from}`);
  if (opts.to) period.push(sql`registered_at < ${opts.to}`);
  const where = join(period, " and ");
  const figures = sql`count(*)::int as referrals, count(successful_at)::int as successful, count(rewarded_at)::int as rewarded,
    coalesce(sum(points_paid), 0)::bigint as points_paid`;
  type Figures = { referrals: number; successful: number; rewarded: number; points_paid: string | number };
  const [totals] = await db.query<Figures & { flagged: number }>(
    sql`select ${figures}, count(flag_reason)::int as flagged from referrals where ${where}`,
  );
  const top = await db.query<Figures & { referrer_member_id: string }>(
    sql`select referrer_member_id, ${figures} from referrals where ${where}
         group by referrer_member_id order by referrals desc, points_paid desc, referrer_member_id limit 100`,
  );
  const labels = await memberLabels(
    db,
    companyId,
    top.map((r) => r.referrer_member_id),
  );
  const referrals = totals?.referrals ?? 0;
  const successful = totals?.successful ?? 0;
  return {
    totals: {
      referrals,
      successful,
      rewarded: totals?.rewarded ?? 0,
      successShare: referrals === 0 ? 0 : successful / referrals,
      pointsPaid: Number(totals?.points_paid ?? 0),
      flagged: totals?.flagged ?? 0,
    },
    referrers: top.map((r) => {
      const label = labels.get(r.referrer_member_id);
      return {
        member: {
          id: r.referrer_member_id,
          cardNumber: label?.cardNumber ?? "",
          firstName: label?.firstName ?? "",
          lastName: label?.lastName ?? "",
        },
        referrals: r.referrals,
        successful: r.successful,
        rewarded: r.rewarded,
        pointsPaid: Number(r.points_paid),
      };
    }),
  };
}
