import type { Actor } from "../../platform/actor.js";

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

export interface EntryRow {
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

export function toEntry(r: EntryRow): LedgerEntry {
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
