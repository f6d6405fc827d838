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
  | "reversal"
  | "checkout";

export interface LedgerActor {
  type: "staff" | "api_key" | "system" | "member";
  id: string | null;
  name: string;
}

export const SYSTEM_ACTOR: LedgerActor = { type: "system", id: null, name: "Regulars" };

export function ledgerActor(actor: Actor): LedgerActor {
  return { type: actor.type, id: actor.id, name: actor.name };
}

/** An enrollment's open-lot sums at one moment (numeric sums arrive as text). */
export interface OpenLotSums {
  available: number | string;
  pending: number | string;
  expiring: number | string;
  next_expiry_at: Date | null;
}

export interface EnrollmentRow {
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
  /**
   * Not a column: the open-lot sums the last credit or debit of this transaction returned with its
   * writes, and the moment they are for, so the purchase's answer needs no statement of its own.
   */
  sumsAt?: { now: Date; sums: OpenLotSums };
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
