import type { Actor } from "../../platform/actor.js";
import { recordAudit } from "../../platform/audit.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { type Sql, sql } from "../../platform/sql.js";
import { getCompany } from "../companies/companies.service.js";
import { memberBalances } from "../ledger/balances.js";
import { insertEnrollment, lockEnrollment, lockEnrollmentIfAny } from "../ledger/enrollments.js";
import { balanceAfterWrite, creditPoints, debitPoints } from "../ledger/entries.js";
import { expiryFor } from "../ledger/expiry-policy.js";
import { type EnrollmentRow, type LedgerEntry, ledgerActor, SYSTEM_ACTOR } from "../ledger/ledger-types.js";
import { reverseEntry } from "../ledger/reverse-entry.js";
import { getMemberForUpdate, type LockedMember } from "../members/members.service.js";
import { assertProgramOpen, getProgramRow, type ProgramRow } from "../programs/programs.service.js";
import { awardEventPoints } from "../rules/rules.service.js";

export function assertMemberActive(member: { status: string }): void {
  if (member.status !== "active")
    throw new AppError("member_blocked", "The member is blocked: no points can be earned or spent", [detail("memberId", "member_blocked")]);
}

/** Balances with program names and tier details, as the counter and the member card show them (one statement). */
export async function describeBalances(db: Queryable, companyId: string, memberId: string, now: Date, programId?: string) {
  return memberBalances(db, companyId, memberId, now, programId);
}

/**
 * Enrolls a member in a program; on the first enrollment the welcome points and registration
 * rules pay out, in the same transaction. Enrolling again changes nothing.
 */
export async function enrollMember(
  tx: Queryable,
  opts: {
    actor: Actor;
    memberId: string;
    programId: string;
    now: Date;
    /** Already locked / read by the caller in this transaction: not read again. */
    member?: LockedMember;
    program?: ProgramRow;
  },
): Promise<boolean> {
  const { actor, now } = opts;
  const member = opts.member ?? (await getMemberForUpdate(tx, actor.companyId, opts.memberId));
  const program = opts.program ?? (await getProgramRow(tx, actor.companyId, opts.programId));
  if (program.status === "ended")
    throw new AppError("program_inactive", `Program "${program.name}" has ended`, [detail("programId", "program_ended")]);
  const created = await insertEnrollment(tx, actor.companyId, program.id, member.id, now);
  if (!created) return false;
  const e = await lockEnrollment(tx, actor.companyId, program.id, member.id);
  const { timeZone } = await getCompany(tx, actor.companyId);
  if (program.welcome_points > 0) {
    await creditPoints(tx, e, {
      kind: "earn",
      points: program.welcome_points,
      causeType: "welcome",
      causeId: program.id,
      reason: "Welcome points",
      actor: ledgerActor(actor),
      occurredAt: now,
      availableAt: now,
      expiresAt: await expiryFor(tx, program, now, timeZone),
      now,
    });
  }
  await awardEventPoints({
    tx,
    enrollment: e,
    program,
    member: { id: member.id, tags: member.tags, tierId: null },
    type: "registration",
    key: "registration",
    actor: ledgerActor(actor),
    now,
    timeZone,
  });
  await recordAudit(tx, actor, {
    action: "member.enrolled",
    entityType: "member",
    entityId: member.id,
    changes: { programId: program.id },
  });
  await emitEvent(tx, {
    companyId: actor.companyId,
    type: "member.enrolled",
    entityType: "member",
    entityId: member.id,
    payload: { programId: program.id, welcomePoints: program.welcome_points },
  });
  return true;
}

/**
 * The member's enrollment in the program, locked. A member not enrolled yet is enrolled first by
 * enrollMember (welcome points, registration rules, member.enrolled): every path that puts a
 * member into a program (purchase, redemption, event points) comes through here, so enrolment
 * pays the same whichever comes first. Enrolled already (the common case): one locking read.
 */
export async function lockOrEnroll(
  tx: Queryable,
  opts: { actor: Actor; member: LockedMember; program: ProgramRow; now: Date },
): Promise<EnrollmentRow> {
  const { actor, member, program } = opts;
  const e = await lockEnrollmentIfAny(tx, actor.companyId, program.id, member.id);
  if (e) return e;
  await enrollMember(tx, { actor, memberId: member.id, programId: program.id, now: opts.now, member, program });
  return lockEnrollment(tx, actor.companyId, program.id, member.id);
}

/** Manual correction with a reason: a credit (new lot) or a debit of available points. */
export async function adjustPoints(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  programId: string;
  points: number;
  reason: string;
  now: Date;
}): Promise<LedgerEntry> {
  const { actor, now } = opts;
  return opts.db.transaction(async (tx) => {
    await getMemberForUpdate(tx, actor.companyId, opts.memberId);
    const program = await getProgramRow(tx, actor.companyId, opts.programId);
    const e = await lockEnrollment(tx, actor.companyId, program.id, opts.memberId);
    const base = { kind: "adjust" as const, causeType: "manual" as const, reason: opts.reason, actor: ledgerActor(actor), occurredAt: now };
    let entry: LedgerEntry;
    if (opts.points > 0) {
      const { timeZone } = await getCompany(tx, actor.companyId);
      entry = await creditPoints(tx, e, {
        ...base,
        points: opts.points,
        availableAt: now,
        expiresAt: await expiryFor(tx, program, now, timeZone),
        now,
      });
    } else {
      entry = await debitPoints(tx, e, { ...base, points: -opts.points, now });
    }
    await recordAudit(tx, actor, {
      action: "points.adjusted",
      entityType: "member",
      entityId: opts.memberId,
      changes: { programId: program.id, points: opts.points, reason: opts.reason, entryId: entry.id },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: opts.points > 0 ? "points.added" : "points.deducted",
      entityType: "member",
      entityId: opts.memberId,
      payload: {
        programId: program.id,
        points: opts.points,
        entryId: entry.id,
        cause: "manual",
        ...balanceAfterWrite(e, program.negative_policy === "allow_negative"),
      },
    });
    return entry;
  });
}

/** Points for an event (newsletter confirmed, review approved, custom…), once per key. */
export async function recordMemberEvent(opts: {
  db: Db;
  actor: Actor;
  memberId: string;
  programId: string;
  type: "registration" | "newsletter_confirmed" | "review_approved" | "birthday" | "custom";
  name?: string;
  key: string;
  now: Date;
}) {
  const { actor, now } = opts;
  return opts.db.transaction(async (tx) => {
    const member = await getMemberForUpdate(tx, actor.companyId, opts.memberId);
    assertMemberActive(member);
    const program = await getProgramRow(tx, actor.companyId, opts.programId);
    assertProgramOpen(program, now);
    const e = await lockOrEnroll(tx, { actor, member, program, now });
    const { timeZone } = await getCompany(tx, actor.companyId);
    const awards = await awardEventPoints({
      tx,
      enrollment: e,
      program,
      member: { id: member.id, tags: member.tags, tierId: e.tier_id },
      type: opts.type,
      name: opts.name ?? null,
      // Registration is paid once, by enrolment, under this key: sent again it replays.
      key: opts.type === "registration" ? "registration" : opts.key,
      actor: ledgerActor(actor),
      now,
      timeZone,
    });
    // Automation's custom events (and any consumer) hear of every event posted, paid or not; the
    // key tells a replay from a new occurrence.
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "member.event_recorded",
      entityType: "member",
      entityId: member.id,
      payload: { programId: program.id, eventType: opts.type, name: opts.name ?? null, key: opts.key },
    });
    const paid = awards.filter((a) => !a.alreadyAwarded && a.points > 0);
    if (paid.length > 0) {
      await recordAudit(tx, actor, {
        action: "points.event_awarded",
        entityType: "member",
        entityId: member.id,
        changes: { programId: program.id, type: opts.type, key: opts.key, points: paid.reduce((n, a) => n + a.points, 0) },
      });
      await emitEvent(tx, {
        companyId: actor.companyId,
        type: "points.added",
        entityType: "member",
        entityId: member.id,
        payload: {
          programId: program.id,
          points: paid.reduce((n, a) => n + a.points, 0),
          cause: "event",
          eventType: opts.type,
          ...balanceAfterWrite(e, program.negative_policy === "allow_negative"),
        },
      });
    }
    return awards;
  });
}

export async function reverseOperation(opts: { db: Db; actor: Actor; entryId: string; reason: string; now: Date }): Promise<LedgerEntry> {
  const { actor } = opts;
  return opts.db.transaction(async (tx) => {
    const entry = await reverseEntry({
      tx,
      companyId: actor.companyId,
      entryId: opts.entryId,
      reason: opts.reason,
      actor: ledgerActor(actor),
      now: opts.now,
    });
    await recordAudit(tx, actor, {
      action: "points.reversed",
      entityType: "ledger_entry",
      entityId: opts.entryId,
      changes: { reason: opts.reason, reversalId: entry.id, points: entry.points },
    });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: entry.points > 0 ? "points.added" : "points.deducted",
      entityType: "member",
      entityId: entry.memberId,
      payload: { programId: entry.programId, points: entry.points, cause: "reversal", entryId: entry.id },
    });
    return entry;
  });
}

/**
 * The birthday key of a date: month × 100 + day (715 for 15 July). The same expression as the
 * index members_birthday_md_idx (migration 20261207130000_members_birthday_md), so that the
 * birthday job reads only the members whose birthday it is.
 */
const birthdayKey = (date: Sql) => sql`((extract(month from ${date}) * 100 + extract(day from ${date}))::int)`;

/**
 * The enrolments whose member has a birthday at `at` (a timestamptz fragment) in their company's
 * time zone, in programs with an active birthday rule: per company, today's key (and 229 on
 * 28 February of a year without a 29th), then its members through members_birthday_md_idx, never
 * a scan of every enrolment.
 */
export function birthdaysDueSql(at: Sql): Sql {
  const md = birthdayKey(sql`m.birthday`);
  return sql`with today as (
      select c.id as company_id, c.time_zone, (${at} at time zone c.time_zone)::date as day
        from companies c
       where exists (select 1 from earning_rules r join programs p on p.company_id = r.company_id and p.id = r.program_id
                      where r.company_id = c.id and p.status = 'active' and r.active and r.kind = 'event' and r.event_type = 'birthday')
    ), keys as (
      select t.company_id, t.time_zone, t.day, k.md from today t
       cross join lateral (values (${birthdayKey(sql`t.day`)}),
         (case when extract(month from t.day) = 2 and extract(day from t.day) = 28 and extract(month from t.day + 1) = 3 then 229 end)) k(md)
       where k.md is not null
    )
    select e.company_id, e.program_id, e.member_id, k.time_zone, extract(year from k.day)::int as year
      from keys k
      join members m on m.company_id = k.company_id and m.birthday is not null and ${md} = k.md and m.status = 'active'
      join enrollments e on e.company_id = m.company_id and e.member_id = m.id
      join programs p on p.company_id = e.company_id and p.id = e.program_id and p.status = 'active'
     where exists (select 1 from earning_rules r where r.company_id = e.company_id and r.program_id = e.program_id
                     and r.active and r.kind = 'event' and r.event_type = 'birthday')`;
}

/**
 * Scheduled: birthday rules pay members whose birthday it is today in their company's time zone
 * (29 February counts as 28 February in other years), once per year by the award key.
 */
export async function awardBirthdayPoints(db: Db, now: Date): Promise<number> {
  const due = await db.query<{ company_id: string; program_id: string; member_id: string; time_zone: string; year: number }>(
    birthdaysDueSql(sql`${now}::timestamptz`),
  );
  let paid = 0;
  for (const d of due) {
    paid += await db.transaction(async (tx) => {
      const member = await getMemberForUpdate(tx, d.company_id, d.member_id);
      const program = await getProgramRow(tx, d.company_id, d.program_id);
      const e = await lockEnrollment(tx, d.company_id, d.program_id, d.member_id);
      const awards = await awardEventPoints({
        tx,
        enrollment: e,
        program,
        member: { id: member.id, tags: member.tags, tierId: e.tier_id },
        type: "birthday",
        key: `birthday-${d.year}`,
        actor: SYSTEM_ACTOR,
        now,
        timeZone: d.time_zone,
      });
      const points = awards.filter((a) => !a.alreadyAwarded).reduce((n, a) => n + a.points, 0);
      if (points > 0)
        await emitEvent(tx, {
          companyId: d.company_id,
          type: "points.added",
          entityType: "member",
          entityId: member.id,
          payload: {
            programId: program.id,
            points,
            cause: "birthday",
            ...balanceAfterWrite(e, program.negative_policy === "allow_negative"),
          },
        });
      return points;
    });
  }
  return paid;
}
