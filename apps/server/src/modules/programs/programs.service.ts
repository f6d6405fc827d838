import type { Actor } from "../../platform/actor.js";
import { diff, recordAudit } from "../../platform/audit.js";
import { addCalendarDays } from "../../platform/calendar.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidField, isUniqueViolation, notFound } from "../../platform/errors.js";
import { emitEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { join, raw, sql } from "../../platform/sql.js";
import { assertMediaExists } from "../media/media.service.js";
import type { Program, ProgramInput, ProgramPatch } from "./programs.schemas.js";

export interface ProgramRow {
  id: string;
  name: string;
  slogan: string;
  description: string;
  status: Program["status"];
  starts_at: Date | null;
  ends_at: Date | null;
  primary_color: string;
  photo_media_id: string | null;
  icon_media_id: string | null;
  budget_bp: number;
  point_value_minor: number;
  point_value_points: number;
  converter_points: number;
  converter_amount_minor: number;
  rounding: Program["rounding"];
  min_purchase_minor: number;
  welcome_points: number;
  pending_days: number;
  expiry_policy: Program["expiryPolicy"];
  expiry_value: number | null;
  negative_policy: Program["negativePolicy"];
  tier_basis: Program["tierBasis"];
  tier_period: Program["tierPeriod"];
  tier_period_days: number | null;
  tier_downgrade: boolean;
  created_at: Date;
  updated_at: Date;
}

export function toProgram(r: ProgramRow): Program {
  return {
    id: r.id,
    name: r.name,
    slogan: r.slogan,
    description: r.description,
    status: r.status,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    primaryColor: r.primary_color,
    photoMediaId: r.photo_media_id,
    photoUrl: r.photo_media_id ? `/media/${r.photo_media_id}` : null,
    iconMediaId: r.icon_media_id,
    iconUrl: r.icon_media_id ? `/media/${r.icon_media_id}` : null,
    budgetBp: r.budget_bp,
    pointValueMinor: r.point_value_minor,
    pointValuePoints: r.point_value_points,
    converterPoints: r.converter_points,
    converterAmountMinor: r.converter_amount_minor,
    rounding: r.rounding,
    minPurchaseMinor: r.min_purchase_minor,
    welcomePoints: r.welcome_points,
    pendingDays: r.pending_days,
    expiryPolicy: r.expiry_policy,
    expiryValue: r.expiry_value,
    negativePolicy: r.negative_policy,
    tierBasis: r.tier_basis,
    tierPeriod: r.tier_period,
    tierPeriodDays: r.tier_period_days,
    tierDowngrade: r.tier_downgrade,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const COLUMNS: Record<keyof Omit<ProgramInput, never>, string> = {
  name: "name",
  slogan: "slogan",
  description: "description",
  status: "status",
  startsAt: "starts_at",
  endsAt: "ends_at",
  primaryColor: "primary_color",
  photoMediaId: "photo_media_id",
  iconMediaId: "icon_media_id",
  budgetBp: "budget_bp",
  pointValueMinor: "point_value_minor",
  pointValuePoints: "point_value_points",
  converterPoints: "converter_points",
  converterAmountMinor: "converter_amount_minor",
  rounding: "rounding",
  minPurchaseMinor: "min_purchase_minor",
  welcomePoints: "welcome_points",
  pendingDays: "pending_days",
  expiryPolicy: "expiry_policy",
  expiryValue: "expiry_value",
  negativePolicy: "negative_policy",
  tierBasis: "tier_basis",
  tierPeriod: "tier_period",
  tierPeriodDays: "tier_period_days",
  tierDowngrade: "tier_downgrade",
};

export async function listPrograms(opts: { db: Db; actor: Actor; status?: Program["status"] }): Promise<Program[]> {
  return programsOfCompany(opts.db, opts.actor.companyId, opts.status);
}

/** A company's programs (in one status, when given), oldest first; also for readers without a staff actor (the member portal). */
export async function programsOfCompany(db: Queryable, companyId: string, status?: Program["status"]): Promise<Program[]> {
  const rows = await db.query<ProgramRow>(
    sql`select * from programs where company_id = ${companyId} and (${status ?? null}::text is null or status = ${status ?? null})
      order by created_at, id`,
  );
  return rows.map(toProgram);
}

export async function getProgramRow(db: Queryable, companyId: string, programId: string): Promise<ProgramRow> {
  const [row] = await db.query<ProgramRow>(sql`select * from programs where company_id = ${companyId} and id = ${programId}`);
  if (!row) throw notFound("Program");
  return row;
}

async function assertMedia(tx: Queryable, companyId: string, input: Partial<ProgramInput>): Promise<void> {
  if (input.photoMediaId) await assertMediaExists(tx, companyId, input.photoMediaId, "photoMediaId");
  if (input.iconMediaId) await assertMediaExists(tx, companyId, input.iconMediaId, "iconMediaId");
}

/** Program names are unique per company, in any case (index programs_name_key). */
function nameTaken(err: unknown): unknown {
  if (isUniqueViolation(err, "programs_name_key"))
    return new AppError("already_exists", "name: a program with this name exists", [detail("name", "taken")]);
  return err;
}

export async function createProgram(opts: { db: Db; actor: Actor; input: ProgramInput }): Promise<Program> {
  const { actor, input } = opts;
  return opts.db.transaction(async (tx) => {
    await assertMedia(tx, actor.companyId, input);
    const keys = Object.keys(COLUMNS) as (keyof ProgramInput)[];
    const [row] = await tx
      .query<ProgramRow>(
        sql`insert into programs (company_id, id, ${raw(keys.map((k) => COLUMNS[k]).join(", "))})
       values (${actor.companyId}, ${newId("prg")}, ${join(
         keys.map((k) => input[k]),
         ", ",
       )}) returning *`,
      )
      .catch((err) => {
        throw nameTaken(err);
      });
    const created = toProgram(row as ProgramRow);
    await recordAudit(tx, actor, {
      action: "program.created",
      entityType: "program",
      entityId: created.id,
      changes: { name: created.name, status: created.status },
    });
    await emitEvent(tx, { companyId: actor.companyId, type: "program.created", entityType: "program", entityId: created.id });
    return created;
  });
}

export async function updateProgram(opts: { db: Db; actor: Actor; programId: string; patch: ProgramPatch; now?: Date }): Promise<Program> {
  const { actor, patch } = opts;
  const now = opts.now ?? new Date();
  return opts.db.transaction(async (tx) => {
    const before = toProgram(await getProgramRow(tx, actor.companyId, opts.programId));
    const merged = { ...before, ...patch };
    if (merged.startsAt && merged.endsAt && merged.endsAt <= merged.startsAt) throw invalidField("endsAt", "after_starts_at");
    if ((merged.expiryPolicy === "days" || merged.expiryPolicy === "months") && merged.expiryValue == null)
      throw invalidField("expiryValue", "required_expiry_policy");
    if (merged.tierPeriod === "rolling_days" && merged.tierPeriodDays == null)
      throw invalidField("tierPeriodDays", "required_rolling_period");
    if (before.status === "ended" && patch.status && patch.status !== "ended")
      throw new AppError("conflict", "An ended program cannot be reopened; create a new one", [detail("status", "program_ended")]);
    // Moving the end of an ended program later (or removing it) would reopen it: refused like the status.
    const ended = before.status === "ended" || (before.endsAt !== null && before.endsAt <= now);
    if (ended && before.endsAt && patch.endsAt !== undefined && (patch.endsAt === null || patch.endsAt > before.endsAt))
      throw new AppError("conflict", "An ended program cannot be reopened: its end cannot move later; create a new one", [
        detail("endsAt", "program_end_fixed"),
      ]);
    await assertMedia(tx, actor.companyId, patch);
    const keys = (Object.keys(patch) as (keyof ProgramPatch)[]).filter((k) => k in COLUMNS);
    let row: ProgramRow | undefined;
    if (keys.length > 0) {
      const sets = keys.map((k) => sql`${raw(COLUMNS[k])} = ${patch[k]}`);
      [row] = await tx
        .query<ProgramRow>(
          sql`update programs set ${join(sets, ", ")}, updated_at = now()
          where company_id = ${actor.companyId} and id = ${opts.programId} returning *`,
        )
        .catch((err) => {
          throw nameTaken(err);
        });
    }
    const after = row ? toProgram(row) : before;
    const changes = diff(before, after);
    delete changes.updatedAt;
    await recordAudit(tx, actor, { action: "program.updated", entityType: "program", entityId: after.id, changes });
    await emitEvent(tx, {
      companyId: actor.companyId,
      type: "program.updated",
      entityType: "program",
      entityId: after.id,
      payload: { fields: Object.keys(changes) },
    });
    return after;
  });
}

/**
 * Days after a program's end during which purchases that occurred before the end are still
 * accepted (receipts sent late by a till or a shop). A fixed rule rather than a setting: one
 * number that fits tills syncing late and the 14-day return window, documented in docs/points.md.
 */
export const LATE_RECEIPT_DAYS = 14;

/**
 * A program earns and spends only while active and inside its dates; `at` is when the operation
 * occurred. With `recorded` (purchases: when it is being recorded), an operation that occurred
 * before the end is accepted until LATE_RECEIPT_DAYS calendar days after it.
 */
export function assertProgramOpen(program: ProgramRow, at: Date, recorded?: { now: Date; timeZone: string }): void {
  const fail = (message: string, d: ErrorDetail) => new AppError("program_inactive", message, [d]);
  if (program.status !== "active")
    throw fail(
      `Program "${program.name}" is ${program.status}, not active`,
      detail("programId", "program_not_active", { status: program.status }),
    );
  if (program.starts_at && at < program.starts_at) {
    const date = program.starts_at.toISOString();
    throw fail(`Program "${program.name}" starts on ${date}`, detail("programId", "program_not_started", { date }));
  }
  if (program.ends_at && at >= program.ends_at) {
    const date = program.ends_at.toISOString();
    throw fail(`Program "${program.name}" ended on ${date}`, detail("programId", "program_ended_on", { date }));
  }
  if (program.ends_at && recorded && recorded.now >= addCalendarDays(program.ends_at, LATE_RECEIPT_DAYS, recorded.timeZone)) {
    const date = program.ends_at.toISOString();
    throw fail(
      `Program "${program.name}" ended on ${date}: its purchases are accepted up to ${LATE_RECEIPT_DAYS} days after`,
      detail("occurredAt", "program_late_receipt", { date, days: LATE_RECEIPT_DAYS }),
    );
  }
}

/** The company's programs members can take part in at `now` (active and inside their dates), oldest first: the portal's program page. */
export async function openProgramsOf(db: Queryable, companyId: string, now: Date): Promise<Program[]> {
  const rows = await db.query<ProgramRow>(
    sql`select * from programs where company_id = ${companyId} and status = 'active'
          and (starts_at is null or starts_at <= ${now}) and (ends_at is null or ends_at > ${now})
        order by created_at, id`,
  );
  return rows.map(toProgram);
}
