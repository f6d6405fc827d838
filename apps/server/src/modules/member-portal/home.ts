import type { Queryable } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import type { Balance } from "../ledger/balances.js";
import { qualifyingTotals } from "../ledger/qualifying.js";
import { listExpiringPoints } from "../ledger/read-entries.js";
import { describeBalances } from "../points/points.service.js";
import { getProgramRow, type ProgramRow } from "../programs/programs.service.js";
import { periodStart } from "../tiers/evaluate-tier.js";
import { tiersOf } from "../tiers/tiers.service.js";
import { memberHistory } from "./history.js";
import { portalPresentation } from "./portal-presentation.js";

// The member's home screen: per program the points, what expires when, the tier and the way to
// the next one, and the last operations. Every figure is the ledger's own read, so the portal can
// never show a number the counter would not.

/** Expiring soon: the same 30 days (720 hours) as the balance's `expiringSoon`. */
const EXPIRING_WINDOW_MS = 720 * 3_600_000;
const LAST_OPERATIONS = 5;

export interface TierProgress {
  basis: "points" | "spend";
  period: ProgramRow["tier_period"];
  periodDays: number | null;
  /** Where the qualifying sums start (null: the member's whole history). */
  since: Date | null;
  /** What counts so far: points, or spend in minor units of the company's currency. */
  current: number;
  next: { id: string; name: string; threshold: number; discountBp: number; color: string } | null;
  /** Points or minor units still needed for the next tier (0 when reached, null at the top). */
  needed: number | null;
}

/**
 * The member's programs, the portal's default one first: the one the company chose while the
 * member is in it and it is active, else the oldest active program the member is in.
 */
async function programsOf(db: Queryable, companyId: string, balances: Balance[], chosen: string | null) {
  const programs = await Promise.all(balances.map((b) => getProgramRow(db, companyId, b.programId)));
  const active = programs.filter((p) => p.status === "active").map((p) => p.id);
  const defaultId = chosen && active.includes(chosen) ? chosen : active.length > 0 ? [...active].sort()[0] : (programs[0]?.id ?? null);
  const order = (p: ProgramRow) => (p.id === defaultId ? 0 : 1);
  return { programs: [...programs].sort((a, b) => order(a) - order(b)), defaultId };
}

/** The balance the card shows: the member's default program's. */
export async function defaultProgramBalance(
  db: Queryable,
  companyId: string,
  memberId: string,
  now: Date,
  chosen: string | null,
): Promise<Balance | null> {
  const balances = await describeBalances(db, companyId, memberId, now);
  const { defaultId } = await programsOf(db, companyId, balances, chosen);
  return balances.find((b) => b.programId === defaultId) ?? null;
}

async function tierProgress(
  db: Queryable,
  program: ProgramRow,
  e: { company_id: string; program_id: string; member_id: string },
  tierId: string | null,
  timeZone: string,
  now: Date,
): Promise<TierProgress | null> {
  const tiers = await tiersOf(db, e.company_id, program.id);
  if (tiers.length === 0) return null;
  const since = await periodStart(db, program, now, timeZone);
  const totals = await qualifyingTotals(db, e, since);
  const current = program.tier_basis === "points" ? totals.points : totals.spendMinor;
  const rank = tierId === null ? -1 : tiers.findIndex((t) => t.id === tierId);
  const next = tiers[rank + 1] ?? null;
  return {
    basis: program.tier_basis,
    period: program.tier_period,
    periodDays: program.tier_period === "rolling_days" ? (program.tier_period_days ?? 365) : null,
    since,
    current,
    next: next ? { id: next.id, name: next.name, threshold: next.threshold, discountBp: next.discount_bp, color: next.color } : null,
    needed: next ? Math.max(0, next.threshold - current) : null,
  };
}

export async function memberHome(opts: { db: Queryable; companyId: string; memberId: string; now: Date }) {
  const { db, companyId, memberId, now } = opts;
  const { timeZone, currency } = await getCompany(db, companyId);
  const balances = await describeBalances(db, companyId, memberId, now);
  const { defaultProgramId } = await portalPresentation(db, companyId);
  const { programs, defaultId } = await programsOf(db, companyId, balances, defaultProgramId);
  const out = [];
  for (const program of programs) {
    const b = balances.find((x) => x.programId === program.id) as Balance;
    const expiring = await listExpiringPoints(db, {
      companyId,
      programId: program.id,
      memberId,
      from: now,
      to: new Date(now.getTime() + EXPIRING_WINDOW_MS),
      timeZone,
    });
    out.push({
      programId: program.id,
      programName: program.name,
      primaryColor: program.primary_color,
      isDefault: program.id === defaultId,
      available: b.available,
      pending: b.pending,
      expiringSoon: b.expiringSoon,
      expiring: expiring.map((x) => ({ points: x.points, lastDay: x.lastDay, expiresAt: x.expiresAt })),
      tier: b.tier,
      progress: await tierProgress(
        db,
        program,
        { company_id: companyId, program_id: program.id, member_id: memberId },
        b.tierId,
        timeZone,
        now,
      ),
    });
  }
  const { data: lastOperations } = await memberHistory({ db, companyId, memberId, limit: LAST_OPERATIONS, now });
  return { currency, timeZone, programs: out, lastOperations };
}
