import type { Queryable } from "../../platform/db.js";
import { getCompany } from "../companies/companies.service.js";
import type { CauseType, LedgerEntry } from "../ledger/ledger-types.js";
import { getLedgerEntry, listLedgerEntries } from "../ledger/read-entries.js";
import { locationNames } from "../locations/locations.service.js";
import { redemptionRewards } from "../redemptions/redemption-reads.js";
import { listRules } from "../rules/rules.service.js";

// The member's point operations in plain words: the ledger's entries with what caused them, as
// structured data (kind, place, points, reward) the portal phrases in the member's language.

export const OPERATION_KINDS = [
  "purchase",
  "return",
  "welcome",
  "birthday",
  "event",
  "bonus",
  "adjustment",
  "redemption",
  "redemption_cancelled",
  "expiry",
  "reversal",
  "import",
  "checkout",
  "checkout_released",
] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** The history's filter: groups of causes a member tells apart. */
export const HISTORY_FILTERS = {
  purchases: ["purchase", "return"],
  rewards: ["redemption", "checkout"],
  bonuses: ["welcome", "event", "rule", "automation", "import"],
  expiry: ["expiry"],
  adjustments: ["manual", "reversal"],
} as const satisfies Record<string, readonly CauseType[]>;
export type HistoryFilter = keyof typeof HISTORY_FILTERS;

export interface Operation {
  id: string;
  programId: string;
  kind: OperationKind;
  points: number;
  at: Date;
  locationId: string | null;
  locationName: string | null;
  /** Purchases and returns: the money of the receipt (a return's is negative). */
  amount: { amount: number; currency: string } | null;
  rewardId: string | null;
  rewardNamePl: string | null;
  rewardNameEn: string | null;
  /** Event points: the earning rule's name as the company wrote it. */
  ruleName: string | null;
  /** Credits not spendable yet: from when they are. */
  pendingUntil: Date | null;
  expiresAt: Date | null;
}

/** One page of the member's operations, newest first. */
export async function memberHistory(opts: {
  db: Queryable;
  companyId: string;
  memberId: string;
  programId?: string;
  filter?: HistoryFilter;
  cursor?: string;
  limit: number;
  now: Date;
}): Promise<{ data: Operation[]; nextCursor: string | null }> {
  const { entries } = await listLedgerEntries({
    db: opts.db,
    companyId: opts.companyId,
    memberId: opts.memberId,
    programId: opts.programId,
    cursor: opts.cursor,
    limit: opts.limit,
    causeTypes: opts.filter ? HISTORY_FILTERS[opts.filter] : undefined,
  });
  const page = entries.slice(0, opts.limit);
  return {
    data: await describeOperations(opts.db, opts.companyId, page, opts.now),
    nextCursor: entries.length > opts.limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** Entries with their places, rewards and rules named: a handful of reads per page, never one per entry. */
async function describeOperations(db: Queryable, companyId: string, entries: LedgerEntry[], now: Date): Promise<Operation[]> {
  if (entries.length === 0) return [];
  const { currency } = await getCompany(db, companyId);
  const places = await locationNames(
    db,
    companyId,
    entries.flatMap((e) => (e.locationId ? [e.locationId] : [])),
  );
  // A cancelled redemption's points come back as a reversal of its spend: name the reward there too.
  const reversed = new Map<string, LedgerEntry>();
  for (const e of entries.filter((x) => x.causeType === "reversal" && x.reversesId))
    reversed.set(e.id, await getLedgerEntry(db, companyId, e.reversesId as string));
  const redemptionIds = [
    ...entries.filter((e) => e.causeType === "redemption" && e.causeId).map((e) => e.causeId as string),
    ...[...reversed.values()].filter((e) => e.causeType === "redemption" && e.causeId).map((e) => e.causeId as string),
  ];
  const rewards = await redemptionRewards(db, companyId, redemptionIds);
  const rules = new Map<string, { name: string; eventType: string | null }>();
  for (const programId of new Set(entries.filter((e) => e.causeType === "event").map((e) => e.programId)))
    for (const r of await listRules(db, companyId, programId)) rules.set(r.id, { name: r.name, eventType: r.eventType ?? null });
  return entries.map((e) => {
    const original = reversed.get(e.id);
    const redemptionId = e.causeType === "redemption" ? e.causeId : original?.causeType === "redemption" ? original.causeId : null;
    const reward = redemptionId ? rewards.get(redemptionId) : undefined;
    const rule = e.causeType === "event" && e.causeId ? rules.get(e.causeId) : undefined;
    return {
      id: e.id,
      programId: e.programId,
      kind: kindOf(e, original, rule?.eventType ?? null),
      points: e.points,
      at: e.occurredAt,
      locationId: e.locationId,
      locationName: e.locationId ? (places.get(e.locationId) ?? null) : null,
      amount: e.causeType === "purchase" || e.causeType === "return" ? { amount: e.moneyMinor, currency } : null,
      rewardId: reward?.rewardId ?? null,
      rewardNamePl: reward?.namePl ?? null,
      rewardNameEn: reward ? reward.nameEn || reward.namePl : null,
      ruleName: rule?.name ?? null,
      pendingUntil: e.availableAt && e.availableAt > now && e.points > 0 ? e.availableAt : null,
      expiresAt: e.expiresAt,
    };
  });
}

function kindOf(e: LedgerEntry, original: LedgerEntry | undefined, eventType: string | null): OperationKind {
  switch (e.causeType) {
    case "purchase":
    case "return":
    case "welcome":
    case "redemption":
    case "expiry":
    case "import":
    case "checkout":
      return e.causeType;
    case "event":
      return eventType === "birthday" ? "birthday" : "event";
    case "manual":
      return "adjustment";
    case "reversal":
      if (original?.causeType === "redemption") return "redemption_cancelled";
      // A checkout's reservation released (the order abandoned or not paid in time): points back.
      return original?.causeType === "checkout" ? "checkout_released" : "reversal";
    default:
      // Rules paid beside a purchase and automations: points the company gave.
      return "bonus";
  }
}
