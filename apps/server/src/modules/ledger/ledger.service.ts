import type { Actor } from "../../platform/actor.js";
import { type Db, isStatementTimeout, type Queryable } from "../../platform/db.js";
import { AppError, notFound } from "../../platform/errors.js";
import { newId } from "../../platform/ids.js";
import { type Statement, withWrites } from "../../platform/statements.js";

/**
 * The points ledger. Entries are append-only; credits create lots, debits consume lots (soonest
 * expiry first, then oldest) and record the allocation, so expiry never takes spent points and any
 * debit can be reversed exactly. Every write first locks the member's enrollment row, which
 * serializes all point changes of one member in one program.
 * Invariant: sum(entries.points) = sum(lots.remaining) - enrollment.debt.
 */

export type EntryKind = "earn" | "spend" | "expire" | "adjust" | "reverse" | "transfer_in" | "transfer_out";
export type CauseType =
  | "purchase"
  | "return"
  | "rule"
  | "event"
  | "welcome"
  | "redemption"
  | "manual"
  | "automation"
  | "import"
  | "expiry"
  | "reversal";

export interface LedgerActor {
  type: "staff" | "api_key" | "system";
  id: string | null;
  name: string;
}

export const SYSTEM_ACTOR: LedgerActor = { type: "system", id: null, name: "Regulars" };

export function ledgerActor(actor: Actor): LedgerActor {
  return { type: actor.type, id: actor.id, name: actor.name };
}

/**
 * The sums of an enrollment's open lots as every write that changes a lot stores them (lotSummary),
 * valid for reads at any moment in [lots_from, lots_until): until a pending lot becomes available,
 * a lot enters the expiring-soon window or a lot expires. Null: never computed.
 */
export interface LotSummaryColumns {
  lots_available: number | null;
  lots_pending: number | null;
  lots_expiring: number | null;
  lots_next_expiry_at: Date | null;
  lots_from: Date | null;
  lots_until: Date | null;
}

export interface EnrollmentRow extends Partial<LotSummaryColumns> {
  company_id: string;
  program_id: string;
  member_id: string;
  tier_id: string | null;
  tier_locked: boolean;
  tier_since: Date | null;
  joined_at: Date;
  lifetime_earned: number;
  spent: number;
  expired: number;
  debt: number;
}

export interface EntryInput {
  /** A preassigned id (newId("led")), so a caller can store it before the entry is written. */
  id?: string;
  kind: EntryKind;
  points: number;
  causeType: CauseType;
  causeId?: string | null;
  reason?: string | null;
  locationId?: string | null;
  actor: LedgerActor;
  occurredAt: Date;
  moneyMinor?: number;
}

export interface LedgerEntry {
  id: string;
  programId: string;
  memberId: string;
  kind: EntryKind;
  points: number;
  causeType: CauseType;
  causeId: string | null;
  reason: string | null;
  locationId: string | null;
  actorType: string;
  actorId: string | null;
  actorName: string;
  availableAt: Date | null;
  expiresAt: Date | null;
  reversesId: string | null;
  reversedById: string | null;
  moneyMinor: number;
  occurredAt: Date;
}

interface EntryRow {
  id: string;
  program_id: string;
  member_id: string;
  kind: EntryKind;
  points: number;
  cause_type: CauseType;
  cause_id: string | null;
  reason: string | null;
  location_id: string | null;
  actor_type: string;
  actor_id: string | null;
  actor_name: string;
  available_at: Date | null;
  expires_at: Date | null;
  reverses_id: string | null;
  reversed_by_id?: string | null;
  money_minor: number;
  occurred_at: Date;
}

function toEntry(r: EntryRow): LedgerEntry {
  return {
    id: r.id,
    programId: r.program_id,
    memberId: r.member_id,
    kind: r.kind,
    points: r.points,
    causeType: r.cause_type,
    causeId: r.cause_id,
    reason: r.reason,
    locationId: r.location_id,
    actorType: r.actor_type,
    actorId: r.actor_id,
    actorName: r.actor_name,
    availableAt: r.available_at,
    expiresAt: r.expires_at,
    reversesId: r.reverses_id,
    reversedById: r.reversed_by_id ?? null,
    moneyMinor: r.money_minor,
    occurredAt: r.occurred_at,
  };
}

// ---- enrollments ------------------------------------------------------------------------------

/** Inserts the enrollment if missing; true when this call created it. */
export async function insertEnrollment(tx: Queryable, companyId: string, programId: string, memberId: string, at: Date): Promise<boolean> {
  const rows = await tx.query(
    `insert into enrollments (company_id, program_id, member_id, joined_at) values ($1, $2, $3, $4)
     on conflict do nothing returning member_id`,
    [companyId, programId, memberId, at],
  );
  return rows.length > 0;
}

/** Locks the member's enrollment in the program if there is one (null = not enrolled). */
export async function lockEnrollmentIfAny(
  tx: Queryable,
  companyId: string,
  programId: string,
  memberId: string,
): Promise<EnrollmentRow | null> {
  const [row] = await tx.query<EnrollmentRow>(
    "select * from enrollments where company_id = $1 and program_id = $2 and member_id = $3 for update",
    [companyId, programId, memberId],
  );
  return row ?? null;
}

/** Locks the member's enrollment in the program: every point change goes through here first. */
export async function lockEnrollment(tx: Queryable, companyId: string, programId: string, memberId: string): Promise<EnrollmentRow> {
  const row = await lockEnrollmentIfAny(tx, companyId, programId, memberId);
  if (!row)
    throw new AppError("unprocessable", "The member is not enrolled in this program", [
      { path: "programId", message: "the member is not enrolled in this program" },
    ]);
  return row;
}

type NewEntry = EntryInput & { availableAt?: Date | null; expiresAt?: Date | null; reversesId?: string | null };

const INSERT_ENTRY = `insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, reason,
    location_id, actor_type, actor_id, actor_name, available_at, expires_at, reverses_id, money_minor, occurred_at)
  values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) returning *`;

/** The 18 parameters of INSERT_ENTRY. */
function entryParams(e: EnrollmentRow, input: NewEntry): unknown[] {
  return [
    e.company_id,
    input.id ?? newId("led"),
    e.program_id,
    e.member_id,
    input.kind,
    input.points,
    input.causeType,
    input.causeId ?? null,
    input.reason ?? null,
    input.locationId ?? null,
    input.actor.type,
    input.actor.id,
    input.actor.name,
    input.availableAt ?? null,
    input.expiresAt ?? null,
    input.reversesId ?? null,
    input.moneyMinor ?? 0,
    input.occurredAt,
  ];
}

async function insertEntry(tx: Queryable, e: EnrollmentRow, input: NewEntry, alsoWrite: Statement[] = []): Promise<LedgerEntry> {
  const { text, values } = withWrites({ text: INSERT_ENTRY, values: entryParams(e, input) }, alsoWrite);
  const [row] = await tx.query<EntryRow>(text, values);
  return toEntry(row as EntryRow);
}

// ---- the lot summary ---------------------------------------------------------------------------

/**
 * Points expiring within this window count as expiring soon. In hours, not days: `t + 720 hours`
 * is the same instant in every session time zone, so the moment a lot enters the window is
 * exactly `expires_at - 720 hours` (a day interval would move by an hour across a DST change).
 */
const EXPIRING_WINDOW = "interval '720 hours'";

/**
 * The summary of open lots `x(remaining, available_at, expires_at)` at `now` (an SQL timestamptz):
 * LotSummaryColumns' six values in order, named available, pending, expiring, next_expiry_at,
 * valid_from and valid_until. Balance reads and every lot write compute it with this one text, so
 * a stored summary and a fresh one cannot disagree in their definition. valid_until is the first
 * moment a filter below would answer differently for some lot ('infinity': never).
 * `lots` must filter `remaining > 0` itself where it reads point_lots, for the partial index.
 * With `groupBy` (columns of `lots`): one summary per group, those columns first.
 */
export function lotSummarySql(lots: string, now: string, groupBy?: string): string {
  return `select ${groupBy ? `${groupBy}, ` : ""}coalesce(sum(x.remaining) filter (where x.available_at <= ${now}), 0) as available,
      coalesce(sum(x.remaining) filter (where x.available_at > ${now}), 0) as pending,
      coalesce(sum(x.remaining) filter (where x.expires_at <= ${now} + ${EXPIRING_WINDOW}), 0) as expiring,
      min(x.expires_at) as next_expiry_at,
      ${now} as valid_from,
      coalesce(least(min(x.available_at) filter (where x.available_at > ${now}),
                     min(x.expires_at - ${EXPIRING_WINDOW}) filter (where x.expires_at - ${EXPIRING_WINDOW} > ${now}),
                     min(x.expires_at)), 'infinity') as valid_until
    from (${lots}) x where x.remaining > 0 and (x.expires_at is null or x.expires_at > ${now})${groupBy ? ` group by ${groupBy}` : ""}`;
}

/** The enrollment's summary columns in lotSummarySql's order: `set (${…}) = (lotSummarySql…)`. */
export const LOT_SUMMARY_COLUMNS = "lots_available, lots_pending, lots_expiring, lots_next_expiry_at, lots_from, lots_until";
const LOT_SUMMARY_TARGET = `(${LOT_SUMMARY_COLUMNS})`;

/** An enrollment's open lots at `now` as a lotSummarySql source (every argument an SQL expression). */
export function openLotsOf(company: string, program: string, member: string, now: string): string {
  return `select remaining, available_at, expires_at from point_lots
     where company_id = ${company} and program_id = ${program} and member_id = ${member}
       and remaining > 0 and (expires_at is null or expires_at > ${now})`;
}

/** Whether a stored summary holds at `now` (an SQL timestamptz); false when there is none. */
function summaryHolds(e: string, now: string): string {
  return `coalesce(${e}.lots_from <= ${now} and ${now} < ${e}.lots_until, false)`;
}

function keepSummary(e: EnrollmentRow, row: Partial<LotSummaryColumns>): void {
  e.lots_available = row.lots_available ?? null;
  e.lots_pending = row.lots_pending ?? null;
  e.lots_expiring = row.lots_expiring ?? null;
  e.lots_next_expiry_at = row.lots_next_expiry_at ?? null;
  e.lots_from = row.lots_from ?? null;
  e.lots_until = row.lots_until ?? null;
}

// ---- credits and debits -----------------------------------------------------------------------

/**
 * A credit's writes in one statement (it is on every purchase): the entry, its lot, and the
 * enrollment's totals and lot summary. The summary adds the new lot to the lots already there: a
 * statement does not see its own inserts. $19 debt repaid, $20 lifetime earned added, $21 now.
 */
const WRITE_CREDIT = `with entry as (${INSERT_ENTRY}),
  lot as (
    insert into point_lots (company_id, id, program_id, member_id, points, remaining, available_at, expires_at)
    select company_id, id, program_id, member_id, points, points - $19, available_at, expires_at from entry
  ),
  totals as (
    update enrollments set debt = debt - $19, lifetime_earned = lifetime_earned + $20,
      ${LOT_SUMMARY_TARGET} = (${lotSummarySql(
        `${openLotsOf("$1", "$3", "$4", "$21::timestamptz")} union all select $6::bigint - $19, $14::timestamptz, $15::timestamptz`,
        "$21::timestamptz",
      )})
     where company_id = $1 and program_id = $3 and member_id = $4
     returning ${LOT_SUMMARY_COLUMNS}
  )
  select entry.*, ${LOT_SUMMARY_COLUMNS} from entry cross join totals`;

/**
 * Adds points as a new lot; an outstanding debt is repaid from it first. `alsoWrite` goes in the
 * same statement (the caller's audit row and events, say: withWrites).
 */
export async function creditPoints(
  tx: Queryable,
  e: EnrollmentRow,
  input: EntryInput & { availableAt: Date; expiresAt: Date | null; now: Date },
  alsoWrite: Statement[] = [],
): Promise<LedgerEntry> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new Error(`credit of ${input.points} points`);
  const repaid = Math.min(e.debt, input.points);
  const earned = input.kind === "earn" ? input.points : 0;
  const { text, values } = withWrites({ text: WRITE_CREDIT, values: [...entryParams(e, input), repaid, earned, input.now] }, alsoWrite);
  const [row] = await tx.query<EntryRow & LotSummaryColumns>(text, values);
  if (!row) throw new Error(`enrollment ${e.program_id}/${e.member_id} vanished while locked`);
  e.debt -= repaid;
  e.lifetime_earned += earned;
  keepSummary(e, row);
  return toEntry(row);
}

/**
 * A purchase that earns nothing (below the minimum) or a return that takes nothing back still
 * counts as spend for tiers: it gets an entry of 0 points carrying its money.
 */
export async function recordZeroPointEntry(
  tx: Queryable,
  e: EnrollmentRow,
  input: Omit<EntryInput, "points">,
  alsoWrite: Statement[] = [],
): Promise<LedgerEntry> {
  return insertEntry(tx, e, { ...input, points: 0 }, alsoWrite);
}

interface LotRow {
  id: string;
  remaining: number;
}

/** How much a debit of `points` takes from each lot, in the lots' order; `taken` may fall short. */
function planAllocations(lots: LotRow[], points: number): { lotIds: string[]; takes: number[]; taken: number } {
  const lotIds: string[] = [];
  const takes: number[] = [];
  let left = points;
  for (const lot of lots) {
    if (left === 0) break;
    const take = Math.min(lot.remaining, left);
    if (take <= 0) continue;
    lotIds.push(lot.id);
    takes.push(take);
    left -= take;
  }
  return { lotIds, takes, taken: points - left };
}

/**
 * A debit's writes in one statement (every spend and return runs it): its entry, the points taken
 * from each lot with their allocations, and the enrollment's totals and lot summary (the lots as
 * they are less what this statement takes: it does not see its own updates).
 * $19/$20 the lots and what is taken of each; $21 spent, $22 debt and $23 lifetime earned added;
 * $24 now.
 */
const WRITE_DEBIT = `with entry as (${INSERT_ENTRY}),
  t as (select * from unnest($19::text[], $20::bigint[]) as t(id, take)),
  taken as (
    update point_lots l set remaining = l.remaining - t.take from t where l.company_id = $1 and l.id = t.id
  ),
  allocated as (
    insert into lot_allocations (company_id, entry_id, lot_id, points) select $1, $2, t.id, t.take from t
  ),
  totals as (
    update enrollments set spent = spent + $21, debt = debt + $22, lifetime_earned = lifetime_earned + $23,
      ${LOT_SUMMARY_TARGET} = (${lotSummarySql(
        `select l.remaining - coalesce(t.take, 0) as remaining, l.available_at, l.expires_at
           from point_lots l left join t on t.id = l.id
          where l.company_id = $1 and l.program_id = $3 and l.member_id = $4
            and l.remaining > 0 and (l.expires_at is null or l.expires_at > $24::timestamptz)`,
        "$24::timestamptz",
      )})
     where company_id = $1 and program_id = $3 and member_id = $4
     returning ${LOT_SUMMARY_COLUMNS}
  )
  select entry.*, ${LOT_SUMMARY_COLUMNS} from entry cross join totals`;

async function writeDebit(
  tx: Queryable,
  e: EnrollmentRow,
  input: NewEntry & { now: Date },
  plan: { lotIds: string[]; takes: number[] },
  add: { spent: number; debt: number; earned: number },
  alsoWrite: Statement[] = [],
): Promise<LedgerEntry> {
  const debit = {
    text: WRITE_DEBIT,
    values: [...entryParams(e, input), plan.lotIds, plan.takes, add.spent, add.debt, add.earned, input.now],
  };
  const { text, values } = withWrites(debit, alsoWrite);
  const [row] = await tx.query<EntryRow & LotSummaryColumns>(text, values);
  if (!row) throw new Error(`enrollment ${e.program_id}/${e.member_id} vanished while locked`);
  e.spent += add.spent;
  e.debt += add.debt;
  e.lifetime_earned += add.earned;
  keepSummary(e, row);
  return toEntry(row);
}

async function openLots(tx: Queryable, e: EnrollmentRow, now: Date, availableOnly: boolean): Promise<LotRow[]> {
  return tx.query<LotRow>(
    `select id, remaining from point_lots
      where company_id = $1 and program_id = $2 and member_id = $3 and remaining > 0
        and (expires_at is null or expires_at > $4) and ($5::boolean is false or available_at <= $4)
      order by expires_at nulls last, available_at, id
      for update`,
    [e.company_id, e.program_id, e.member_id, now, availableOnly],
  );
}

/**
 * Takes available points, soonest-expiring first; refuses (nothing written) when there are too few.
 * `alsoWrite` goes in the same statement as the debit (withWrites).
 */
export async function debitPoints(
  tx: Queryable,
  e: EnrollmentRow,
  input: EntryInput & { now: Date },
  alsoWrite: Statement[] = [],
): Promise<LedgerEntry> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new Error(`debit of ${input.points} points`);
  const lots = await openLots(tx, e, input.now, true);
  const available = lots.reduce((n, l) => n + l.remaining, 0) - e.debt;
  if (available < input.points) {
    throw new AppError("insufficient_points", `Not enough points: ${Math.max(0, available)} available, ${input.points} needed`, [
      { path: "points", message: `only ${Math.max(0, available)} points available` },
    ]);
  }
  const plan = planAllocations(lots, input.points);
  const spent = input.kind === "spend" ? input.points : 0;
  return writeDebit(tx, e, { ...input, points: -input.points }, plan, { spent, debt: 0, earned: 0 }, alsoWrite);
}

/**
 * Takes back earned points (a return, a cancelled credit): from the given lot first, then any
 * unexpired lot, pending ones included; what cannot be covered becomes debt, repaid from future
 * credits. Returns the entry and how much became debt.
 */
export async function clawbackPoints(
  tx: Queryable,
  e: EnrollmentRow,
  input: EntryInput & { now: Date; preferLotId?: string | null; reversesId?: string | null; reducesEarned: boolean },
): Promise<{ entry: LedgerEntry; asDebt: number }> {
  const lots = await openLots(tx, e, input.now, false);
  const ordered = input.preferLotId
    ? [...lots.filter((l) => l.id === input.preferLotId), ...lots.filter((l) => l.id !== input.preferLotId)]
    : lots;
  const plan = planAllocations(ordered, input.points);
  const asDebt = input.points - plan.taken;
  const earned = input.reducesEarned ? -input.points : 0;
  const entry = await writeDebit(tx, e, { ...input, points: -input.points }, plan, { spent: 0, debt: asDebt, earned });
  return { entry, asDebt };
}

/** Cancels one operation with a reversing entry (never a delete). Purchases are undone by returns. */
export async function reverseEntry(opts: {
  tx: Queryable;
  companyId: string;
  entryId: string;
  reason: string;
  actor: LedgerActor;
  now: Date;
  /** Only cancelling a redemption may reverse its spend. */
  allowRedemption?: boolean;
}): Promise<LedgerEntry> {
  const { tx, companyId } = opts;
  const [target] = await tx.query<EntryRow>("select * from ledger_entries where company_id = $1 and id = $2", [companyId, opts.entryId]);
  if (!target) throw notFound("Ledger entry");
  const refuse = (message: string) => new AppError("unprocessable", message, [{ path: "entryId", message }]);
  if (target.kind === "reverse" || target.kind === "expire") throw refuse(`A ${target.kind} entry cannot be reversed`);
  if (target.cause_type === "purchase") throw refuse("Purchase points are taken back by recording a return");
  if (target.cause_type === "redemption" && !opts.allowRedemption) throw refuse("Redemptions are undone by cancelling the redemption");
  const e = await lockEnrollment(tx, companyId, target.program_id, target.member_id);
  const already = await tx.query("select 1 from ledger_entries where company_id = $1 and reverses_id = $2", [companyId, target.id]);
  if (already.length > 0)
    throw new AppError("conflict", "This entry has already been reversed", [{ path: "entryId", message: "already reversed" }]);
  const base = {
    kind: "reverse" as const,
    causeType: "reversal" as const,
    causeId: target.id,
    reason: opts.reason,
    actor: opts.actor,
    occurredAt: opts.now,
    reversesId: target.id,
    moneyMinor: -target.money_minor,
  };
  if (target.points > 0) {
    const { entry } = await clawbackPoints(tx, e, {
      ...base,
      points: target.points,
      now: opts.now,
      preferLotId: target.id,
      reducesEarned: target.kind === "earn",
    });
    return entry;
  }
  return restoreDebit(tx, e, target, base, opts.now);
}

/** Puts the points of a debit back into the very lots it took them from (repaying debt first). */
async function restoreDebit(
  tx: Queryable,
  e: EnrollmentRow,
  target: EntryRow,
  base: Omit<EntryInput, "points"> & { reversesId: string },
  now: Date,
): Promise<LedgerEntry> {
  const points = -target.points;
  const entry = await insertEntry(tx, e, { ...base, points });
  const allocations = await tx.query<{ lot_id: string; points: number }>(
    "select lot_id, points from lot_allocations where company_id = $1 and entry_id = $2",
    [e.company_id, target.id],
  );
  let debt = e.debt;
  for (const a of allocations) {
    const repay = Math.min(debt, a.points);
    debt -= repay;
    await tx.query("update point_lots set remaining = remaining + $3 where company_id = $1 and id = $2", [
      e.company_id,
      a.lot_id,
      a.points - repay,
    ]);
  }
  const unspent = target.kind === "spend" ? points : 0;
  const [summary] = await tx.query<LotSummaryColumns>(
    `update enrollments set debt = $4, spent = spent - $5,
       ${LOT_SUMMARY_TARGET} = (${lotSummarySql(openLotsOf("$1", "$2", "$3", "$6::timestamptz"), "$6::timestamptz")})
      where company_id = $1 and program_id = $2 and member_id = $3
      returning ${LOT_SUMMARY_COLUMNS}`,
    [e.company_id, e.program_id, e.member_id, debt, unspent, now],
  );
  e.debt = debt;
  e.spent -= unspent;
  keepSummary(e, summary ?? {});
  return entry;
}

// ---- reads ------------------------------------------------------------------------------------

export interface Balance {
  programId: string;
  available: number;
  pending: number;
  debt: number;
  lifetimeEarned: number;
  spent: number;
  expired: number;
  /** Points that expire within the next 30 days, and the earliest such date. */
  expiringSoon: number;
  nextExpiryAt: Date | null;
  tierId: string | null;
  tierLocked: boolean;
  joinedAt: Date;
  /** For display (the counter, the member card): read in the same statement. */
  programName: string;
  tier: { id: string; name: string; discountBp: number; color: string } | null;
}

export async function memberBalances(
  db: Queryable,
  companyId: string,
  memberId: string,
  now: Date,
  programId?: string,
): Promise<Balance[]> {
  const rows = await db.query<
    BalanceRow & {
      negative_policy: string;
      program_name: string;
      tier_name: string | null;
      tier_discount_bp: number | null;
      tier_color: string | null;
    }
  >(
    // The stored lot summary when it holds now; the lots summed in a lateral subquery otherwise.
    // The subquery's condition on the summary refers only to the enrollment, so PostgreSQL tests it
    // before starting the scan (a one-time filter) and reads no lot when the summary holds.
    `select e.program_id, p.negative_policy, p.name as program_name, t.name as tier_name, t.discount_bp as tier_discount_bp, t.color as tier_color,
            e.debt, e.lifetime_earned, e.spent, e.expired, e.tier_id, e.tier_locked, e.joined_at,
            case when ${HOLDS_NOW} then e.lots_available else s.available end as available_lots,
            case when ${HOLDS_NOW} then e.lots_pending else s.pending end as pending_lots,
            case when ${HOLDS_NOW} then e.lots_expiring else s.expiring end as expiring_soon,
            case when ${HOLDS_NOW} then e.lots_next_expiry_at else s.next_expiry_at end as next_expiry_at
       from enrollments e
       join programs p on p.company_id = e.company_id and p.id = e.program_id
       left join tiers t on t.company_id = e.company_id and t.id = e.tier_id
       cross join lateral (
         ${lotSummarySql(`${openLotsOf("e.company_id", "e.program_id", "e.member_id", "$3::timestamptz")} and not ${HOLDS_NOW}`, "$3::timestamptz")}
       ) s
      where e.company_id = $1 and e.member_id = $2 and ($4::text is null or e.program_id = $4)
      order by e.joined_at`,
    [companyId, memberId, now, programId ?? null],
  );
  return rows.map((r) =>
    toBalance(
      r,
      { name: r.program_name, negative_policy: r.negative_policy },
      r.tier_id && r.tier_name !== null
        ? { id: r.tier_id, name: r.tier_name, discountBp: r.tier_discount_bp ?? 0, color: r.tier_color ?? "" }
        : null,
    ),
  );
}

/** In memberBalances: the enrollment `e`'s stored summary holds at $3. */
const HOLDS_NOW = summaryHolds("e", "$3::timestamptz");

/** What a balance is built from: the enrollment's figures and its open lots' sums. */
interface BalanceRow {
  program_id: string;
  debt: number;
  lifetime_earned: number;
  spent: number;
  expired: number;
  tier_id: string | null;
  tier_locked: boolean;
  joined_at: Date;
  /** Sums arrive as numeric (text), a stored summary as bigint (number). */
  available_lots: number | string;
  pending_lots: number | string;
  expiring_soon: number | string;
  next_expiry_at: Date | null;
}

function toBalance(r: BalanceRow, program: { name: string; negative_policy: string }, tier: Balance["tier"]): Balance {
  const net = Number(r.available_lots) - r.debt;
  return {
    programId: r.program_id,
    available: program.negative_policy === "allow_negative" ? net : Math.max(0, net),
    pending: Number(r.pending_lots),
    debt: r.debt,
    lifetimeEarned: r.lifetime_earned,
    spent: r.spent,
    expired: r.expired,
    expiringSoon: Number(r.expiring_soon),
    nextExpiryAt: r.next_expiry_at,
    tierId: r.tier_id,
    tierLocked: r.tier_locked,
    joinedAt: r.joined_at,
    programName: program.name,
    tier,
  };
}

/** Whether the enrollment's stored summary (as last written or read) holds at `now`. */
function summaryHoldsAt(e: Partial<LotSummaryColumns>, now: Date): boolean {
  // 'infinity' arrives as Infinity (node-pg) and compares as such; anything unparsable as NaN: false.
  return e.lots_from != null && e.lots_until != null && +e.lots_from <= +now && +now < +e.lots_until;
}

/**
 * The balance of an enrollment the caller holds locked, with the program and tier it has read
 * already. The purchase response uses it inside its transaction: the credit just stored the
 * summary on `e`, so usually no statement at all; otherwise one single-table aggregate over the
 * open lots (cheap to plan, unlike the joined read).
 */
export async function balanceOfLocked(
  tx: Queryable,
  e: EnrollmentRow,
  program: { name: string; negative_policy: string },
  tiers: readonly { id: string; name: string; discount_bp: number; color: string }[],
  now: Date,
): Promise<Balance> {
  let sums: { available: number | string; pending: number | string; expiring: number | string; next_expiry_at: Date | null };
  if (summaryHoldsAt(e, now)) {
    sums = {
      available: e.lots_available ?? 0,
      pending: e.lots_pending ?? 0,
      expiring: e.lots_expiring ?? 0,
      next_expiry_at: e.lots_next_expiry_at ?? null,
    };
  } else {
    const [r] = await tx.query<typeof sums>(lotSummarySql(openLotsOf("$1", "$2", "$3", "$4::timestamptz"), "$4::timestamptz"), [
      e.company_id,
      e.program_id,
      e.member_id,
      now,
    ]);
    sums = r ?? { available: 0, pending: 0, expiring: 0, next_expiry_at: null };
  }
  const tier = e.tier_id ? tiers.find((t) => t.id === e.tier_id) : undefined;
  return toBalance(
    { ...e, available_lots: sums.available, pending_lots: sums.pending, expiring_soon: sums.expiring, next_expiry_at: sums.next_expiry_at },
    program,
    tier ? { id: tier.id, name: tier.name, discountBp: tier.discount_bp, color: tier.color } : null,
  );
}

export async function listLedgerEntries(opts: {
  db: Queryable;
  companyId: string;
  memberId: string;
  programId?: string;
  cursor?: string;
  limit: number;
}) {
  const rows = await opts.db.query<EntryRow>(
    `select l.*, r.id as reversed_by_id from ledger_entries l
       left join ledger_entries r on r.company_id = l.company_id and r.reverses_id = l.id
      where l.company_id = $1 and l.member_id = $2 and ($3::text is null or l.program_id = $3) and ($4::text is null or l.id < $4)
      order by l.id desc limit $5`,
    [opts.companyId, opts.memberId, opts.programId ?? null, opts.cursor ?? null, opts.limit + 1],
  );
  const [sums] = await opts.db.query<{ credited: number; debited: number; net: number }>(
    `select coalesce(sum(points) filter (where points > 0), 0) as credited, coalesce(-sum(points) filter (where points < 0), 0) as debited,
            coalesce(sum(points), 0) as net
       from ledger_entries where company_id = $1 and member_id = $2 and ($3::text is null or program_id = $3)`,
    [opts.companyId, opts.memberId, opts.programId ?? null],
  );
  return {
    entries: rows.map(toEntry),
    sums: { credited: Number(sums?.credited ?? 0), debited: Number(sums?.debited ?? 0), net: Number(sums?.net ?? 0) },
  };
}

export async function getLedgerEntry(db: Queryable, companyId: string, entryId: string): Promise<LedgerEntry> {
  const [row] = await db.query<EntryRow>("select * from ledger_entries where company_id = $1 and id = $2", [companyId, entryId]);
  if (!row) throw notFound("Ledger entry");
  return toEntry(row);
}

export interface ExpiringPoints {
  memberId: string;
  /** The last day (YYYY-MM-DD, in the given time zone) on which the points can still be used. */
  lastDay: string;
  /** The earliest moment any of these points expire. */
  expiresAt: Date;
  points: number;
}

/**
 * Unspent points of a program's lots expiring after `from` and no later than `to` (null = ever),
 * summed per member and last valid day. Read by the expiring-points reminders of notifications.
 * A lot expiring at local midnight belongs to the day before, the last day it can be spent.
 */
export async function listExpiringPoints(
  db: Queryable,
  opts: { companyId: string; programId: string; memberId?: string; from: Date; to: Date | null; timeZone: string },
): Promise<ExpiringPoints[]> {
  const rows = await db.query<{ member_id: string; last_day: string; expires_at: Date; points: number }>(
    `select member_id, to_char((expires_at - interval '1 microsecond') at time zone $6, 'YYYY-MM-DD') as last_day,
            min(expires_at) as expires_at, sum(remaining) as points
       from point_lots
      where company_id = $1 and program_id = $2 and ($3::text is null or member_id = $3) and remaining > 0
        and expires_at > $4 and ($5::timestamptz is null or expires_at <= $5)
      group by member_id, 2
      order by min(expires_at), member_id`,
    [opts.companyId, opts.programId, opts.memberId ?? null, opts.from, opts.to, opts.timeZone],
  );
  return rows.map((r) => ({ memberId: r.member_id, lastDay: r.last_day, expiresAt: r.expires_at, points: Number(r.points) }));
}

/**
 * The ledger entries (aliased `l`) that can count towards tiers: the predicate of
 * ledger_entries_qualifying_idx, written out in every query that sums them so that the planner can
 * use that index. It covers both of QUALIFYING_SUMS' filters.
 */
export const QUALIFYING_ENTRY = "(l.kind = 'earn' or l.cause_type in ('purchase', 'return'))";

/** What counts towards tiers, as the `points` and `spend` aggregates over ledger entries aliased `l`. */
export const QUALIFYING_SUMS = `coalesce(sum(l.points) filter (where l.kind = 'earn' or (l.kind = 'reverse' and l.cause_type = 'return')), 0) as points,
  coalesce(sum(l.money_minor) filter (where l.cause_type in ('purchase', 'return')), 0) as spend`;

/**
 * Points and spend that count towards tiers since a moment (null = ever), or since the start of the
 * calendar year of `now` in a time zone (computed in the same statement: one round trip less).
 */
export async function qualifyingTotals(
  db: Queryable,
  e: { company_id: string; program_id: string; member_id: string },
  since: Date | null | { yearOf: Date; timeZone: string },
): Promise<{ points: number; spendMinor: number }> {
  const year = since && !(since instanceof Date) ? since : null;
  const [row] = await db.query<{ points: number; spend: number }>(
    `select ${QUALIFYING_SUMS}
       from ledger_entries l
      where l.company_id = $1 and l.program_id = $2 and l.member_id = $3 and ${QUALIFYING_ENTRY}
        and ($4::timestamptz is null or l.occurred_at >= $4)
        and ($5::timestamptz is null or l.occurred_at >= (date_trunc('year', $5::timestamptz at time zone $6)) at time zone $6)`,
    [e.company_id, e.program_id, e.member_id, since instanceof Date ? since : null, year?.yearOf ?? null, year?.timeZone ?? "UTC"],
  );
  return { points: Number(row?.points ?? 0), spendMinor: Number(row?.spend ?? 0) };
}

/** When points earned at `at` expire under the program's policy; calendar ends in the company's zone. */
export async function expiryFor(
  db: Queryable,
  policy: { expiry_policy: string; expiry_value: number | null },
  at: Date,
  timeZone: string,
): Promise<Date | null> {
  if (policy.expiry_policy === "never") return null;
  // A fixed number of days needs no calendar: no round trip.
  if (policy.expiry_policy === "days") return new Date(at.getTime() + (policy.expiry_value ?? 0) * 86_400_000);
  const [row] = await db.query<{ t: Date }>(
    `select case $1::text
       when 'days' then $2::timestamptz + make_interval(days => $3)
       when 'months' then (($2::timestamptz at time zone $4) + make_interval(months => $3)) at time zone $4
       when 'end_of_month' then (date_trunc('month', $2::timestamptz at time zone $4) + interval '1 month') at time zone $4
       when 'end_of_quarter' then (date_trunc('quarter', $2::timestamptz at time zone $4) + interval '3 months') at time zone $4
       when 'end_of_year' then (date_trunc('year', $2::timestamptz at time zone $4) + interval '1 year') at time zone $4
     end as t`,
    [policy.expiry_policy, at, policy.expiry_value ?? 0, timeZone],
  );
  return row?.t ?? null;
}

// ---- scheduled: expiry and verification --------------------------------------------------------

export interface ChunkStats {
  /** Enrollments (members) in the chunk. */
  rows: number;
  /** How long the chunk took. */
  ms: number;
  /**
   * How long the chunk held row locks: its locking statement's run inside PostgreSQL, which
   * commits right after it (a cancelled one: its round trip). A tier chunk: the longest of its
   * locking statements.
   */
  lockMs: number;
}

/** Chunks aim at this duration, so no enrollment row stays locked for long while intake runs. */
const CHUNK_TARGET_MS = 40;

/** Next chunk size from the last one's duration: grows while fast, shrinks when slow. */
export function nextChunkSize(size: number, ms: number, opts: { min?: number; targetMs?: number } = {}): number {
  const { min = 50, targetMs = CHUNK_TARGET_MS } = opts;
  const factor = Math.min(2, Math.max(0.25, targetMs / Math.max(ms, 1)));
  return Math.round(Math.min(20_000, Math.max(min, size * factor)));
}

/**
 * A job chunk's locks must not outlive this, whatever else the machine does meanwhile (a
 * checkpoint, a cold cache): PostgreSQL cancels the chunk's statement after it (leaving the commit
 * a margin under 100 ms), nothing is written, and the job retries with a smaller chunk.
 */
const LOCK_BUDGET_MS = 80;

/**
 * fn with a connection for a job's locking statements: each is its own autocommit transaction, so
 * PostgreSQL commits it at its end with no round trip holding its row locks, however busy this
 * process is (by default the jobs share it with the web server); each is cancelled at the lock
 * budget; and each commits without waiting for the disk: a crash loses only the last chunks,
 * atomically, which the next run redoes.
 */
export function withLockBudget<T>(db: Db, fn: (budgeted: Queryable) => Promise<T>): Promise<T> {
  return db.session({ statement_timeout: String(LOCK_BUDGET_MS), synchronous_commit: "off" }, fn);
}

/** How often a chunk of one enrollment is tried within the budget before it runs without one. */
export const SINGLE_ENROLLMENT_TRIES = 3;

/**
 * A job statement over `size` enrollments on the budgeted connection: its rows, or null when
 * PostgreSQL cancelled it at the lock budget. A single enrollment that has already missed the
 * budget SINGLE_ENROLLMENT_TRIES times runs on the pool without one, rather than never, while a
 * stall that passes (a checkpoint, a cold read) gets the budget first.
 */
export function underLockBudget<R>(
  db: Db,
  budgeted: Queryable,
  chunk: { size: number; misses: number },
  run: (q: Queryable) => Promise<R[]>,
): Promise<R[] | null> {
  const withBudget = chunk.size > 1 || chunk.misses < SINGLE_ENROLLMENT_TRIES;
  return run(withBudget ? budgeted : db).catch((err: unknown) => {
    if (isStatementTimeout(err)) return null;
    throw err;
  });
}

/**
 * Runs a job's chunks, each one statement under the lock budget (underLockBudget), until `took`
 * says there is no more: a chunk cancelled at the budget is retried a quarter the size; otherwise
 * the size follows the last duration.
 */
async function runBudgetedChunks<R>(
  db: Db,
  opts: {
    size: number;
    run: (q: Queryable, size: number) => Promise<R[]>;
    /** A completed chunk's rows and duration; false when the job is done. */
    took: (rows: R[], ms: number) => boolean;
    /** A chunk cancelled at the budget: its round trip is all that is measured of it. */
    cancelled?: (ms: number) => void;
  },
): Promise<void> {
  let size = opts.size;
  let singleMisses = 0;
  await withLockBudget(db, async (budgeted) => {
    for (;;) {
      const started = performance.now();
      const rows = await underLockBudget(db, budgeted, { size, misses: singleMisses }, (q) => opts.run(q, size));
      const ms = performance.now() - started;
      if (rows === null) {
        opts.cancelled?.(ms);
        if (size === 1) singleMisses++;
        size = Math.max(1, Math.floor(size / 4));
        continue;
      }
      if (!opts.took(rows, ms)) return;
      singleMisses = 0;
      size = nextChunkSize(size, ms, { min: 1 });
    }
  });
}

/**
 * One set-based statement per chunk (data-modifying CTEs all run, referenced or not): locks a chunk of enrollments with due lots (skipping any that
 * a purchase or redemption holds right now: the next run takes them), writes one `expire` entry
 * per due lot with its allocation, empties the lots and adds to the enrollments' expired totals.
 * Entry ids share a fresh time-sortable prefix and end in a per-chunk counter.
 */
const EXPIRE_CHUNK_SQL = `
with due as (
  -- the soonest-due lots through point_lots_expiry_idx: only due lots are visited, and expired
  -- ones leave the partial index, so every chunk starts where the last one ended
  select distinct company_id, program_id, member_id from (
    select company_id, program_id, member_id from point_lots
     where remaining > 0 and expires_at is not null and expires_at <= $1 order by expires_at limit $2) d
),
picked as (
  -- lateral: one primary-key probe per member, never a scan of all enrollments
  select e.company_id, e.program_id, e.member_id from due d
   cross join lateral (select company_id, program_id, member_id from enrollments x
                        where x.company_id = d.company_id and x.program_id = d.program_id and x.member_id = d.member_id
                        for update skip locked) e
),
locked_lots as (
  select l.company_id, l.id, l.program_id, l.member_id, l.remaining, l.expires_at
    from point_lots l join picked p on p.company_id = l.company_id and p.program_id = l.program_id and p.member_id = l.member_id
   where l.remaining > 0 and l.expires_at is not null and l.expires_at <= $1
   for update of l
),
numbered as (
  select *, $3::text || lpad((row_number() over (order by expires_at, id))::text, 6, '0') as entry_id from locked_lots
),
entries as (
  insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, actor_type, actor_id, actor_name, occurred_at)
  select company_id, entry_id, program_id, member_id, 'expire', -remaining, 'expiry', id, $4, null, $5, expires_at from numbered
  returning 1
),
emptied as (
  update point_lots l set remaining = 0 from numbered n where l.company_id = n.company_id and l.id = n.id returning 1
),
allocations as (
  insert into lot_allocations (company_id, entry_id, lot_id, points) select company_id, entry_id, id, remaining from numbered returning 1
),
totals as (
  select company_id, program_id, member_id, sum(remaining) as total from numbered group by company_id, program_id, member_id
),
updated as (
  -- the lot summary no longer holds (time alone ended it at the first expiry; a reader whose
  -- clock is behind this job's must not see the emptied lots either): summed afresh on the next
  -- read, stored again by the next write or by refreshLotSummaries
  update enrollments e set expired = e.expired + t.total, lots_until = null from totals t
   where e.company_id = t.company_id and e.program_id = t.program_id and e.member_id = t.member_id returning 1
)
select (select count(*) from picked)::int as enrollments, (select coalesce(sum(total), 0) from totals)::bigint as points,
       (select count(*) from entries)::int as lots,
       -- every data-modifying part has run (each is read above, in order) before the clock is read:
       -- how long the statement has held its locks; the commit follows it inside PostgreSQL
       (select count(*) from emptied) + (select count(*) from allocations) + (select count(*) from updated) as writes,
       (extract(epoch from clock_timestamp() - statement_timestamp()) * 1000)::float8 as held_ms`;

/**
 * Expires every due lot, in chunks of enrollments sized to run about 40 ms each (set-based, see
 * EXPIRE_CHUNK_SQL), so no member's points stay locked for long while purchases keep coming.
 * The chunks run as single statements on a connection withLockBudget gives, so their locks last
 * as long as the statement; one cancelled at the budget is retried smaller.
 */
export async function expireDuePoints(
  db: Db,
  now: Date,
  opts: { onChunk?: (c: ChunkStats) => void } = {},
): Promise<{ enrollments: number; points: number }> {
  let enrollments = 0;
  let points = 0;
  type Done = { enrollments: number; points: number; held_ms: number };
  await runBudgetedChunks<Done>(db, {
    size: 500,
    run: (q, size) => q.query<Done>(EXPIRE_CHUNK_SQL, [now, size, newId("led").slice(0, 24), SYSTEM_ACTOR.type, SYSTEM_ACTOR.name]),
    took: ([done], ms) => {
      const n = done?.enrollments ?? 0;
      if (n === 0) return false;
      opts.onChunk?.({ rows: n, ms, lockMs: Number(done?.held_ms ?? ms) });
      enrollments += n;
      points += Number(done?.points ?? 0);
      return true;
    },
    cancelled: (ms) => opts.onChunk?.({ rows: 0, ms, lockMs: ms }),
  });
  return { enrollments, points };
}

/**
 * One chunk of refreshLotSummaries: the next `$5` enrollments after the key ($2, $3, $4) in
 * primary-key order; those whose summary does not hold at $1 are locked (skipping any a purchase
 * holds: a write stores its own) and get it stored. Answers the chunk's last key, or no row at the end.
 */
const REFRESH_SUMMARIES_SQL = `
with batch as (
  select company_id, program_id, member_id, ${summaryHolds("enrollments", "$1::timestamptz")} as holds from enrollments
   where (company_id, program_id, member_id) > ($2, $3, $4)
   order by company_id, program_id, member_id limit $5
),
stale as (
  select x.company_id, x.program_id, x.member_id from batch b
   cross join lateral (select company_id, program_id, member_id from enrollments x
                        where x.company_id = b.company_id and x.program_id = b.program_id and x.member_id = b.member_id
                          and not ${summaryHolds("x", "$1::timestamptz")}
                        for update skip locked) x
   where not b.holds
),
updated as (
  update enrollments e set ${LOT_SUMMARY_TARGET} = (${lotSummarySql(openLotsOf("e.company_id", "e.program_id", "e.member_id", "$1::timestamptz"), "$1::timestamptz")})
    from stale s where e.company_id = s.company_id and e.program_id = s.program_id and e.member_id = s.member_id
  returning 1
)
select company_id, program_id, member_id, (select count(*) from batch)::int as scanned, (select count(*) from updated)::int as refreshed
  from batch order by company_id desc, program_id desc, member_id desc limit 1`;

/**
 * Stores the lot summary of every enrollment whose summary does not hold at `now` (never computed,
 * ended by time or by the expiry job), so balance reads touch one row. Walks all enrollments in
 * chunks of short statements under the lock budget, like expiry; one cancelled is retried smaller.
 */
export async function refreshLotSummaries(db: Db, now: Date): Promise<{ enrollments: number; refreshed: number }> {
  let after = ["", "", ""];
  let enrollments = 0;
  let refreshed = 0;
  type Last = { company_id: string; program_id: string; member_id: string; scanned: number; refreshed: number };
  await runBudgetedChunks<Last>(db, {
    size: 2000,
    run: (q, size) => q.query<Last>(REFRESH_SUMMARIES_SQL, [now, ...after, size]),
    took: ([last]) => {
      if (!last) return false;
      after = [last.company_id, last.program_id, last.member_id];
      refreshed += last.refreshed;
      enrollments += last.scanned;
      return true;
    },
  });
  return { enrollments, refreshed };
}

export interface BalanceMismatch {
  companyId: string;
  programId: string;
  memberId: string;
  field: string;
  stored: number;
  fromLedger: number;
}

/**
 * A moment as milliseconds (-1 for none) by one exact path, numeric then float8, so that equal
 * moments compare equal: a float8 of seconds times 1000 misses microseconds (…721.412 -> …721.4119).
 */
const epochMs = (t: string) => `coalesce(extract(epoch from ${t}) * 1000, -1)::float8`;

/**
 * Recomputes every enrollment's figures from the ledger and lists any that disagree; a stored lot
 * summary that holds at `now` must equal the lots summed at `now`.
 */
export async function verifyBalances(db: Queryable, companyId?: string, now = new Date()): Promise<BalanceMismatch[]> {
  const rows = await db.query<{
    company_id: string;
    program_id: string;
    member_id: string;
    debt: number;
    lifetime_earned: number;
    spent: number;
    expired: number;
    ledger_sum: number;
    lots_sum: number;
    ledger_earned: number;
    ledger_spent: number;
    ledger_expired: number;
    summary_holds: boolean;
    lots_available: number | null;
    lots_pending: number | null;
    lots_expiring: number | null;
    stored_next_expiry: number;
    stored_until: number;
    fresh_available: string | null;
    fresh_pending: string | null;
    fresh_expiring: string | null;
    fresh_next_expiry: number;
    fresh_until: number;
  }>(
    // Set-based: the ledger and the lots are each aggregated once and joined (hash joins), instead
    // of one lookup per enrollment (point_lots has no index on the member without remaining > 0).
    `with l as (
       select x.company_id, x.program_id, x.member_id, sum(x.points) as total,
              sum(x.points) filter (where x.kind = 'earn' or (x.kind = 'reverse' and (x.cause_type = 'return' or t.kind = 'earn'))) as earned,
              -sum(x.points) filter (where x.kind = 'spend' or (x.kind = 'reverse' and t.kind = 'spend')) as spent,
              -sum(x.points) filter (where x.kind = 'expire') as expired
         from ledger_entries x
         left join ledger_entries t on x.reverses_id is not null and t.company_id = x.company_id and t.id = x.reverses_id
        where ($1::text is null or x.company_id = $1)
        group by x.company_id, x.program_id, x.member_id
     ), p as (
       select company_id, program_id, member_id, sum(remaining) as remaining from point_lots
        where ($1::text is null or company_id = $1)
        group by company_id, program_id, member_id
     ), s as (
       ${lotSummarySql(
         `select company_id, program_id, member_id, remaining, available_at, expires_at from point_lots
           where ($1::text is null or company_id = $1) and remaining > 0 and (expires_at is null or expires_at > $2::timestamptz)`,
         "$2::timestamptz",
         "company_id, program_id, member_id",
       )}
     )
     select e.company_id, e.program_id, e.member_id, e.debt, e.lifetime_earned, e.spent, e.expired,
            coalesce(l.total, 0) as ledger_sum, coalesce(l.earned, 0) as ledger_earned, coalesce(l.spent, 0) as ledger_spent,
            coalesce(l.expired, 0) as ledger_expired, coalesce(p.remaining, 0) as lots_sum,
            ${summaryHolds("e", "$2::timestamptz")} as summary_holds,
            e.lots_available, e.lots_pending, e.lots_expiring,
            ${epochMs("e.lots_next_expiry_at")} as stored_next_expiry, ${epochMs("e.lots_until")} as stored_until,
            coalesce(s.available, 0) as fresh_available, coalesce(s.pending, 0) as fresh_pending, coalesce(s.expiring, 0) as fresh_expiring,
            ${epochMs("s.next_expiry_at")} as fresh_next_expiry, ${epochMs("coalesce(s.valid_until, 'infinity')")} as fresh_until
       from enrollments e
       left join l on l.company_id = e.company_id and l.program_id = e.program_id and l.member_id = e.member_id
       left join p on p.company_id = e.company_id and p.program_id = e.program_id and p.member_id = e.member_id
       left join s on s.company_id = e.company_id and s.program_id = e.program_id and s.member_id = e.member_id
      where ($1::text is null or e.company_id = $1)`,
    [companyId ?? null, now],
  );
  const out: BalanceMismatch[] = [];
  for (const r of rows) {
    const at = { companyId: r.company_id, programId: r.program_id, memberId: r.member_id };
    const check = (field: string, stored: number, fromLedger: number) => {
      if (Number(stored) !== Number(fromLedger)) out.push({ ...at, field, stored: Number(stored), fromLedger: Number(fromLedger) });
    };
    check("lots - debt", Number(r.lots_sum) - r.debt, r.ledger_sum);
    check("lifetimeEarned", r.lifetime_earned, r.ledger_earned);
    check("spent", r.spent, r.ledger_spent);
    check("expired", r.expired, r.ledger_expired);
    if (r.summary_holds) {
      check("summary available", Number(r.lots_available), Number(r.fresh_available));
      check("summary pending", Number(r.lots_pending), Number(r.fresh_pending));
      check("summary expiring", Number(r.lots_expiring), Number(r.fresh_expiring));
      check("summary next expiry", r.stored_next_expiry, r.fresh_next_expiry);
      check("summary valid until", r.stored_until, r.fresh_until);
    }
  }
  return out;
}
