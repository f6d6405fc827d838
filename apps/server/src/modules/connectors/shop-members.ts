import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { changeMemberConsents, getMemberConsents } from "../members/member-consents.js";
import { createMember } from "../members/member-writes.js";
import { memberInput } from "../members/members.schemas.js";
import { findMemberByEmail } from "../members/members.service.js";
import type { ShopCustomer } from "./shop-event.js";
import type { ShopRow } from "./shop-rows.js";

export type MemberOfCustomer =
  | { memberId: string; created: boolean; consentsGranted: number }
  | { memberId: null; detail: "customer_without_email" | "customer_email_invalid" | "customer_not_member" };

/**
 * The member a shop's customer is: the company's card with the customer's e-mail (any case), else
 * a new card (unless the connection's option createMembers is off). Cards are matched by e-mail
 * only: the shop's customer id means nothing to other channels, and the e-mail is unique per
 * company. The connection's consents are granted when the shop says the customer accepts
 * marketing; the shop never withdraws one (a withdrawal happens in Regulars: portal, unsubscribe
 * link, staff), since "not subscribed" in a shop may only mean it was never asked there.
 */
export async function memberOfCustomer(opts: {
  db: Db;
  actor: Actor;
  shop: ShopRow;
  customer: ShopCustomer | null;
}): Promise<MemberOfCustomer> {
  const { db, actor, shop, customer } = opts;
  if (!customer?.email) return { memberId: null, detail: "customer_without_email" };
  let created = false;
  let member = await findMemberByEmail(db, shop.company_id, customer.email);
  if (!member) {
    if (shop.options.createMembers === false) return { memberId: null, detail: "customer_not_member" };
    const input = cardInput(customer);
    if (!input) return { memberId: null, detail: "customer_email_invalid" };
    try {
      member = await createMember({ db, actor, input });
      created = true;
    } catch (err) {
      // The same customer's other webhook (customer created, order paid) made the card meanwhile.
      if (!(err instanceof AppError && err.code === "already_exists")) throw err;
      member = await findMemberByEmail(db, shop.company_id, customer.email);
      if (!member) throw err;
    }
  }
  const consentsGranted = customer.acceptsMarketing === true ? await grantShopConsents(db, actor, shop, member.id) : 0;
  return { memberId: member.id, created, consentsGranted };
}

/** The card's fields from the shop's customer; a phone the card would refuse is left out rather than losing the card. */
function cardInput(c: ShopCustomer) {
  const base = { email: c.email, firstName: c.firstName.slice(0, 100), lastName: c.lastName.slice(0, 100), skipRequiredFields: true };
  const withPhone = c.phone ? memberInput.safeParse({ ...base, phone: c.phone }) : null;
  if (withPhone?.success) return withPhone.data;
  const without = memberInput.safeParse(base);
  return without.success ? without.data : null;
}

async function grantShopConsents(db: Db, actor: Actor, shop: ShopRow, memberId: string): Promise<number> {
  if (shop.consent_ids.length === 0) return 0;
  const current = await getMemberConsents({ db, actor, memberId });
  const granted = new Set(current.current.filter((c) => c.granted).map((c) => c.consentId));
  const active = new Set(current.current.map((c) => c.consentId));
  const changes = shop.consent_ids.filter((id) => active.has(id) && !granted.has(id)).map((consentId) => ({ consentId, granted: true }));
  if (changes.length === 0) return 0;
  await changeMemberConsents({ db, actor, memberId, changes, source: "api" });
  return changes.length;
}
