import type { Actor } from "../../platform/actor.js";
import type { Db, Queryable } from "../../platform/db.js";
import { AppError, detail, notFound } from "../../platform/errors.js";
import { fieldErrorText } from "../../platform/field-errors.js";
import { memberBalances } from "../ledger/balances.js";
import { findMember, findMemberByCardNumber } from "../members/members.service.js";
import type { Basket, CheckoutQuote, CheckoutSettings } from "./checkout.schemas.js";
import { quoteBasket } from "./checkout-plan.js";
import { checkoutSettingsOf } from "./checkout-settings.js";

export interface MemberRef {
  memberId?: string;
  cardNumber?: string;
}

/** The member a checkout names by id or card number (404 naming the field that did not match). */
export async function resolveCheckoutMember(db: Queryable, companyId: string, ref: MemberRef) {
  if (ref.cardNumber) {
    const m = await findMemberByCardNumber(db, companyId, ref.cardNumber);
    if (!m) throw new AppError("not_found", "No member with this card number", [detail("cardNumber", "no_member_with_card")]);
    return m;
  }
  const m = await findMember(db, companyId, ref.memberId ?? "");
  if (!m) throw notFound("Member");
  return m;
}

/** The basket's money is in the company's currency (as a purchase's is). */
export function assertBasketCurrency(settings: CheckoutSettings, b: Basket): void {
  if (b.amount.currency !== settings.currency)
    throw new AppError("currency_mismatch", `The company keeps its books in ${settings.currency}, not ${b.amount.currency}`, [
      detail("basket.amount.currency", "currency_must_be", { currency: settings.currency }),
    ]);
}

/**
 * What a member may take for points in this basket, with the reasons for anything not offered.
 * Reads only: the balance may change before the reservation, which checks it again under the lock.
 */
export async function quoteCheckout(opts: {
  db: Db;
  actor: Actor;
  programId: string;
  member: MemberRef;
  basket: Basket;
  now: Date;
}): Promise<CheckoutQuote> {
  const { db, actor, basket } = opts;
  const settings = await checkoutSettingsOf(db, actor.companyId, opts.programId);
  assertBasketCurrency(settings, basket);
  const member = await resolveCheckoutMember(db, actor.companyId, opts.member);
  const [balance] = await memberBalances(db, actor.companyId, member.id, opts.now, opts.programId);
  // A blocked member spends nothing (the reservation refuses them): offered as if without points.
  const available = member.status === "active" ? (balance?.available ?? 0) : 0;
  const figures = quoteBasket(settings, basket, available);
  if (member.status !== "active") figures.notOffered.unshift({ code: "member_blocked", message: fieldErrorText("member_blocked") });
  return {
    programId: settings.programId,
    memberId: member.id,
    cardNumber: member.cardNumber,
    availablePoints: available,
    basketMinor: basket.amount.amount,
    currency: settings.currency,
    limits: {
      enabled: settings.enabled,
      minimumBasketMinor: settings.minimumBasketMinor,
      maxProductsPerOrder: settings.maxProductsPerOrder,
      maxPointsPerOrder: settings.maxPointsPerOrder,
      feePerItemMinor: settings.feePerItemMinor,
      reservationMinutes: settings.reservationMinutes,
    },
    ...figures,
  };
}
