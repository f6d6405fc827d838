// What a purchase, a batch, a preview and a return check and compute alike.
import { createHash } from "node:crypto";
import { type Actor, assertOwnLocation } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { AppError, detail, invalidField } from "../../platform/errors.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { memberIdsByCardNumber, normalizeCardNumber } from "../members/members.service.js";
import { type ProgramConfig, tierIn } from "../program-config/program-config.js";
import { calculateEarning } from "../rules/earning.js";
import { capUsage, remainingUnderCaps, toRuleTerms } from "../rules/rules.service.js";
import type { PreviewInput, PurchaseInput, PurchaseRequest } from "./purchases.schemas.js";

/** The content a receipt or return number stands for: the same number with another fingerprint is a 409. */
export const fingerprint = (content: unknown) => createHash("sha256").update(JSON.stringify(content)).digest("hex");

export function assertCurrency(currency: string, companyCurrency: string): void {
  if (currency !== companyCurrency) {
    throw new AppError("currency_mismatch", `The company keeps its books in ${companyCurrency}, not ${currency}`, [
      detail("amount.currency", "currency_must_be", { currency: companyCurrency }),
    ]);
  }
}

/** Location-limited staff record only at their locations; with one location it is the default. */
export async function resolveLocation(tx: Queryable, actor: Actor, locationId: string | null | undefined): Promise<string | null> {
  let id = locationId ?? null;
  if (!id && actor.locationIds?.length === 1) id = actor.locationIds[0] ?? null;
  if (actor.locationIds !== null && !id) throw invalidField("locationId", "choose_own_location");
  if (id) assertOwnLocation(actor, id);
  if (id) await assertLocationsExist(tx, actor.companyId, [id], "locationId");
  return id;
}

function memberIdOf(ref: { memberId?: string; cardNumber?: string }, idByCard: Map<string, string>): string {
  if (ref.memberId) return ref.memberId;
  const id = idByCard.get(normalizeCardNumber(ref.cardNumber ?? ""));
  if (!id) throw new AppError("not_found", "No member with this card number", [detail("cardNumber", "no_member_with_card")]);
  return id;
}

/** Member ids of the card numbers these purchases name, in one query. */
export const idsByCardOf = (db: Queryable, companyId: string, refs: { cardNumber?: string }[]) =>
  memberIdsByCardNumber(
    db,
    companyId,
    refs.flatMap((r) => (r.cardNumber ? [r.cardNumber] : [])),
  );

export async function resolveMemberId(db: Queryable, companyId: string, ref: { memberId?: string; cardNumber?: string }): Promise<string> {
  return memberIdOf(ref, await idsByCardOf(db, companyId, [ref]));
}

/**
 * The receipt number of a purchase sent without one: derived from its Idempotency-Key, so the same
 * key is the same receipt (a retry replays it, the same key with other content is a 409) and
 * another key is another purchase. 80 bits of the key's hash: no two keys of a program meet.
 */
export function generatedReceiptNumber(idempotencyKey: string): string {
  return `AUTO-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 20).toUpperCase()}`;
}

/** The purchase with its receipt number: the one sent, else one generated from the Idempotency-Key. */
export function withReceiptNumber(input: PurchaseRequest, idempotencyKey: string | undefined): PurchaseInput {
  if (input.receiptNumber) return { ...input, receiptNumber: input.receiptNumber };
  if (!idempotencyKey) throw invalidField("receiptNumber", "required_without_idempotency_key");
  return { ...input, receiptNumber: generatedReceiptNumber(idempotencyKey) };
}

/** A purchase that passed the checks before any transaction: its time and its member. */
export interface AdmittedPurchase {
  occurredAt: Date;
  memberId: string;
}

/** How far into the future a till's clock may be: a purchase or return dated later is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** A purchase's or return's `occurredAt` (default: now), refused when it lies in the future. */
export function occurredAtOf(input: { occurredAt?: Date }, now: Date): Date {
  const occurredAt = input.occurredAt ?? now;
  if (occurredAt.getTime() > now.getTime() + CLOCK_SKEW_MS) throw invalidField("occurredAt", "not_in_future");
  return occurredAt;
}

/** The checks a purchase passes before any transaction: its time, and its member's id. */
export function admitPurchase(input: PurchaseInput, now: Date, idByCard: Map<string, string>): AdmittedPurchase {
  return { occurredAt: occurredAtOf(input, now), memberId: memberIdOf(input, idByCard) };
}

/** The earning calculation with its configuration and the member's cap usage, read in the caller's transaction. */
export async function computeEarning(
  tx: Queryable,
  opts: {
    companyId: string;
    config: ProgramConfig;
    member: { id: string; tags: string[] };
    tierId: string | null;
    input: PreviewInput;
    locationId: string | null;
    occurredAt: Date;
  },
) {
  const { program, rules } = opts.config;
  const tier = await tierIn(tx, opts.config, opts.tierId);
  const usage = await capUsage(
    tx,
    opts.companyId,
    opts.member.id,
    rules.filter((r) => r.capPerDay || r.capPerMonth).map((r) => r.id),
    opts.occurredAt,
    opts.config.company.timeZone,
  );
  const earning = calculateEarning({
    amountMinor: opts.input.amount.amount,
    lines: opts.input.items,
    locationId: opts.locationId,
    occurredAt: opts.occurredAt,
    member: { id: opts.member.id, tags: opts.member.tags, tierId: opts.tierId },
    program: {
      converterPoints: program.converter_points,
      converterAmountMinor: program.converter_amount_minor,
      rounding: program.rounding,
      minPurchaseMinor: program.min_purchase_minor,
    },
    tier: tier
      ? {
          id: tier.id,
          multiplierBp: tier.multiplier_bp,
          converterPoints: tier.converter_points,
          converterAmountMinor: tier.converter_amount_minor,
        }
      : null,
    rules: rules.map(toRuleTerms),
    capRemaining: (ruleId) => {
      const rule = rules.find((r) => r.id === ruleId);
      return rule ? remainingUnderCaps(rule, usage.get(ruleId)) : { day: null, month: null };
    },
  });
  return { earning, tier };
}
