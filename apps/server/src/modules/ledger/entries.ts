import type { Queryable } from "../../platform/db.js";
import { AppError, detail } from "../../platform/errors.js";
import { eventInsertSelect, type NewEvent } from "../../platform/events.js";
import { newId } from "../../platform/ids.js";
import { empty, type Sql, sql, withWrites } from "../../platform/sql.js";
import { type EnrollmentRow, type EntryInput, type EntryRow, type LedgerEntry, type OpenLotSums, toEntry } from "./ledger-types.js";
import { openLotSumsSql, openLotsOf } from "./open-lot-sums.js";

export type NewEntry = EntryInput & { availableAt?: Date | null; expiresAt?: Date | null; reversesId?: string | null };

/** The entry's INSERT, returning the row: alone, or the first part of a credit's or debit's statement. */
function insertEntrySql(e: EnrollmentRow, input: NewEntry, id = input.id ?? newId("led")): Sql {
  return sql`insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, cause_id, reason,
    location_id, actor_type, actor_id, actor_name, available_at, expires_at, reverses_id, money_minor, occurred_at)
  values (${e.company_id}, ${id}, ${e.program_id}, ${e.member_id}, ${input.kind}, ${input.points}, ${input.causeType},
    ${input.causeId ?? null}, ${input.reason ?? null}, ${input.locationId ?? null}, ${input.actor.type}, ${input.actor.id},
    ${input.actor.name}, ${input.availableAt ?? null}, ${input.expiresAt ?? null}, ${input.reversesId ?? null},
    ${input.moneyMinor ?? 0}, ${input.occurredAt}) returning *`;
}

export async function insertEntry(tx: Queryable, e: EnrollmentRow, input: NewEntry, alsoWrite: Sql[] = []): Promise<LedgerEntry> {
  const [row] = await tx.query<EntryRow>(withWrites(insertEntrySql(e, input), alsoWrite));
  return toEntry(row as EntryRow);
}

/** The enrollment `e`'s key, in the WHERE of a statement on enrollments or point_lots. */
const enrollmentKey = (e: EnrollmentRow) =>
  sql`company_id = ${e.company_id} and program_id = ${e.program_id} and member_id = ${e.member_id}`;

/**
 * A credit's writes in one statement (it is on every purchase): the entry, its lot and the
 * enrollment's totals, answering the entry with the open-lot sums after it (the purchase's answer
 * shows the balance). The sums add the new lot to the lots already there: a statement does not see
 * its own inserts. `repaid` is the debt repaid from the lot, `earned` what lifetime earned grows by.
 */
function writeCreditSql(
  e: EnrollmentRow,
  input: NewEntry & { availableAt: Date; expiresAt: Date | null; now: Date },
  add: { repaid: number; earned: number },
  balanceEvent?: BalanceEvent,
): Sql {
  return sql`with entry as (${insertEntrySql(e, input)}),
  lot as (
    insert into point_lots (company_id, id, program_id, member_id, points, remaining, available_at, expires_at)
    select company_id, id, program_id, member_id, points, points - ${add.repaid}, available_at, expires_at from entry
  ),
  totals as (
    update enrollments set debt = debt - ${add.repaid}, lifetime_earned = lifetime_earned + ${add.earned} where ${enrollmentKey(e)}
  ),
  s as (${openLotSumsSql(lotsAfterCredit(e, input, add.repaid), input.now)})${balanceEventCte(balanceEvent, e.debt - add.repaid)}
  select entry.*, s.available, s.pending, s.expiring, s.next_expiry_at from entry cross join s`;
}

/** The enrollment's open lots with a credit's new lot (a statement does not see its own inserts). */
function lotsAfterCredit(
  e: EnrollmentRow,
  input: { points: number; availableAt: Date; expiresAt: Date | null; now: Date },
  repaid: number,
) {
  const newLot = sql`select ${input.points}::bigint - ${repaid}, ${input.availableAt}::timestamptz, ${input.expiresAt}::timestamptz`;
  return sql`${openLotsOf(e.company_id, e.program_id, e.member_id, input.now)} union all ${newLot}`;
}

/**
 * Adds points as a new lot; an outstanding debt is repaid from it first. `alsoWrite` goes in the
 * same statement (the caller's audit row and events, say: withWrites).
 */
export async function creditPoints(
  tx: Queryable,
  e: EnrollmentRow,
  input: EntryInput & { availableAt: Date; expiresAt: Date | null; now: Date },
  alsoWrite: Sql[] = [],
  balanceEvent?: BalanceEvent,
): Promise<LedgerEntry> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new Error(`credit of ${input.points} points`);
  const repaid = Math.min(e.debt, input.points);
  const earned = input.kind === "earn" ? input.points : 0;
  const [row] = await tx.query<EntryRow & OpenLotSums>(withWrites(writeCreditSql(e, input, { repaid, earned }, balanceEvent), alsoWrite));
  e.debt -= repaid;
  e.lifetime_earned += earned;
  return keepSums(e, row as EntryRow & OpenLotSums, input.now);
}

/**
 * A purchase that earns nothing (below the minimum) or a return that takes nothing back still
 * counts as spend for tiers: it gets an entry of 0 points carrying its money.
 */
export async function recordZeroPointEntry(
  tx: Queryable,
  e: EnrollmentRow,
  input: Omit<EntryInput, "points">,
  alsoWrite: Sql[] = [],
): Promise<LedgerEntry> {
  return insertEntry(tx, e, { ...input, points: 0 }, alsoWrite);
}

/** Keeps the sums a write answered on `e` (for balanceOfLocked) and returns its entry. */
function keepSums(e: EnrollmentRow, row: EntryRow & OpenLotSums, now: Date): LedgerEntry {
  const { available, pending, expiring, next_expiry_at } = row;
  e.sumsAt = { now, sums: { available, pending, expiring, next_expiry_at } };
  return toEntry(row);
}

/**
 * An event that carries the balance right after the write that causes it, for the messages that
 * show it ({points}: the worker may render them much later, after other changes): `balance` is
 * the available balance as the member sees it, `pendingBalance` the pending points. The write's
 * own statement inserts it from the sums it answers with: no statement and no sum of its own.
 */
export interface BalanceEvent {
  event: NewEvent;
  /** The program's negativePolicy is allow_negative: the balance may show below zero. */
  allowNegative: boolean;
}

/**
 * The INSERT of a BalanceEvent as a further CTE of a credit's or debit's statement, its balance from
 * that statement's sums `s` (the lots as the write leaves them): summed once, for both.
 */
function balanceEventCte(be: BalanceEvent | undefined, debtAfter: number): Sql {
  if (!be) return empty;
  const balance = sql`case when ${be.allowNegative}::boolean then s.available - ${debtAfter}::bigint else greatest(s.available - ${debtAfter}::bigint, 0) end`;
  return sql`,
  balance_event as (
    ${eventInsertSelect(be.event, sql`jsonb_build_object('balance', ${balance}, 'pendingBalance', s.pending)`, sql`s`)}
  )`;
}

/**
 * The balance after the last credit or debit of this transaction on `e`, from the sums that write
 * returned (no statement), as a BalanceEvent carries it: for an event written after the entry.
 * Empty when no sums are at hand (the message then reads the balance when it is written).
 */
export function balanceAfterWrite(e: EnrollmentRow, allowNegative: boolean): { balance?: number; pendingBalance?: number } {
  if (!e.sumsAt) return {};
  const net = Number(e.sumsAt.sums.available) - e.debt;
  return { balance: allowNegative ? net : Math.max(0, net), pendingBalance: Number(e.sumsAt.sums.pending) };
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
 * from each lot (`plan`) with their allocations and the enrollment's totals, answering the entry with
 * the open-lot sums after it (the lots as they are less what this statement takes: it does not see
 * its own updates).
 */
function writeDebitSql(
  e: EnrollmentRow,
  input: NewEntry & { now: Date },
  plan: { lotIds: string[]; takes: number[] },
  add: { spent: number; debt: number; earned: number },
  balanceEvent?: BalanceEvent,
): Sql {
  const entryId = input.id ?? newId("led");
  return sql`with entry as (${insertEntrySql(e, input, entryId)}),
  t as (select * from unnest(${plan.lotIds}::text[], ${plan.takes}::bigint[]) as t(id, take)),
  taken as (
    update point_lots l set remaining = l.remaining - t.take from t where l.company_id = ${e.company_id} and l.id = t.id
  ),
  allocated as (
    insert into lot_allocations (company_id, entry_id, lot_id, points) select ${e.company_id}, ${entryId}, t.id, t.take from t
  ),
  totals as (
    update enrollments set spent = spent + ${add.spent}, debt = debt + ${add.debt}, lifetime_earned = lifetime_earned + ${add.earned}
     where ${enrollmentKey(e)}
  ),
  s as (${openLotSumsSql(
    sql`select l.remaining - coalesce(t.take, 0) as remaining, l.available_at, l.expires_at
         from point_lots l left join t on t.id = l.id
        where l.company_id = ${e.company_id} and l.program_id = ${e.program_id} and l.member_id = ${e.member_id}
          and l.remaining > 0 and (l.expires_at is null or l.expires_at > ${input.now}::timestamptz)`,
    input.now,
  )})${balanceEventCte(balanceEvent, e.debt + add.debt)}
  select entry.*, s.available, s.pending, s.expiring, s.next_expiry_at from entry cross join s`;
}

async function writeDebit(
  tx: Queryable,
  e: EnrollmentRow,
  input: NewEntry & { now: Date },
  plan: { lotIds: string[]; takes: number[] },
  add: { spent: number; debt: number; earned: number },
  alsoWrite: Sql[] = [],
  balanceEvent?: BalanceEvent,
): Promise<LedgerEntry> {
  const [row] = await tx.query<EntryRow & OpenLotSums>(withWrites(writeDebitSql(e, input, plan, add, balanceEvent), alsoWrite));
  e.spent += add.spent;
  e.debt += add.debt;
  e.lifetime_earned += add.earned;
  return keepSums(e, row as EntryRow & OpenLotSums, input.now);
}

async function openLots(tx: Queryable, e: EnrollmentRow, now: Date, availableOnly: boolean): Promise<LotRow[]> {
  return tx.query<LotRow>(
    sql`select id, remaining from point_lots
      where ${enrollmentKey(e)} and remaining > 0
        and (expires_at is null or expires_at > ${now}) and (${availableOnly}::boolean is false or available_at <= ${now})
      order by expires_at nulls last, available_at, id
      for update`,
  );
}

/**
 * The lots a clawback may take from, in one statement: the open ones, and the credit's own lot
 * (`own`) whatever its state, first. That lot may be past its expiry and not yet written off by
 * the expiry job: the return takes its points back from there, else the job would expire them as
 * well (issue 20, item 17). `expires_at` tells whether the own lot's points are past expiry.
 */
async function clawbackLots(tx: Queryable, e: EnrollmentRow, now: Date, own: string): Promise<(LotRow & { expires_at: Date | null })[]> {
  return tx.query<LotRow & { expires_at: Date | null }>(
    sql`select id, remaining, expires_at, own, available_at from (
        select id, remaining, expires_at, 0 as own, available_at from point_lots
         where company_id = ${e.company_id} and id = ${own} and program_id = ${e.program_id} and member_id = ${e.member_id}
         for update) o
      union all
      select id, remaining, expires_at, 1, available_at from (
        select id, remaining, expires_at, available_at from point_lots
         where ${enrollmentKey(e)} and remaining > 0 and (expires_at is null or expires_at > ${now}) and id <> ${own}
         for update) x
      order by 4, 3 nulls last, 5, 1`,
  );
}

/** Points of lot `lotId` the expiry job wrote off. */
async function expiredFromLot(tx: Queryable, companyId: string, lotId: string): Promise<number> {
  const [row] = await tx.query<{ n: string | number }>(
    sql`select coalesce(sum(a.points), 0) as n from lot_allocations a
       join ledger_entries x on x.company_id = a.company_id and x.id = a.entry_id and x.kind = 'expire'
      where a.company_id = ${companyId} and a.lot_id = ${lotId}`,
  );
  return Number(row?.n ?? 0);
}

/**
 * Takes available points, soonest-expiring first; refuses (nothing written) when there are too few.
 * `alsoWrite` goes in the same statement as the debit (withWrites).
 */
export async function debitPoints(
  tx: Queryable,
  e: EnrollmentRow,
  input: EntryInput & { now: Date },
  alsoWrite: Sql[] = [],
  balanceEvent?: BalanceEvent,
): Promise<LedgerEntry> {
  if (!Number.isSafeInteger(input.points) || input.points <= 0) throw new Error(`debit of ${input.points} points`);
  const lots = await openLots(tx, e, input.now, true);
  const available = lots.reduce((n, l) => n + l.remaining, 0) - e.debt;
  if (available < input.points) {
    throw new AppError("insufficient_points", `Not enough points: ${Math.max(0, available)} available, ${input.points} needed`, [
      detail("points", "points_available", { available: Math.max(0, available) }),
    ]);
  }
  const plan = planAllocations(lots, input.points);
  const spent = input.kind === "spend" ? input.points : 0;
  return writeDebit(tx, e, { ...input, points: -input.points }, plan, { spent, debt: 0, earned: 0 }, alsoWrite, balanceEvent);
}

/**
 * Takes back earned points (a return, a cancelled credit), in this order (docs/points.md, "Returns"):
 * 1. what is left in the credit's own lot (`preferLotId`), even past its expiry if the expiry job
 *    has not written it off yet;
 * 2. what the expiry job wrote off from that lot: nothing is taken for it, those points are gone
 *    already (`expiredBefore`: how much of it earlier clawbacks of the same credit counted so);
 * 3. the rest (points spent from the lot) from any unexpired lot, pending ones included; what
 *    cannot be covered becomes debt, repaid from future credits.
 * The entry carries only what was taken (2 is not in it), so the ledger still sums to the balance.
 * Returns the entry, how much became debt and how much was counted as expired (2).
 */
export async function clawbackPoints(
  tx: Queryable,
  e: EnrollmentRow,
  input: EntryInput & {
    now: Date;
    preferLotId?: string | null;
    expiredBefore?: number;
    reversesId?: string | null;
    reducesEarned: boolean;
  },
): Promise<{ entry: LedgerEntry; asDebt: number; expired: number }> {
  const lots = input.preferLotId ? await clawbackLots(tx, e, input.now, input.preferLotId) : await openLots(tx, e, input.now, false);
  const own = input.preferLotId ? (lots[0] as (LotRow & { expires_at: Date | null }) | undefined) : undefined;
  const fromOwn = own?.id === input.preferLotId ? Math.min(Math.max(own?.remaining ?? 0, 0), input.points) : 0;
  let expired = 0;
  // Only a lot already past its expiry can have been written off: no statement otherwise.
  if (own && own.id === input.preferLotId && fromOwn < input.points && own.expires_at && own.expires_at <= input.now) {
    const writtenOff = (await expiredFromLot(tx, e.company_id, own.id)) - (input.expiredBefore ?? 0);
    expired = Math.max(0, Math.min(input.points - fromOwn, writtenOff));
  }
  const points = input.points - expired;
  const plan = planAllocations(lots, points);
  const asDebt = points - plan.taken;
  const earned = input.reducesEarned ? -points : 0;
  if (points === 0) return { entry: await insertEntry(tx, e, { ...input, points: 0 }), asDebt: 0, expired };
  const entry = await writeDebit(tx, e, { ...input, points: -points }, plan, { spent: 0, debt: asDebt, earned });
  return { entry, asDebt, expired };
}
