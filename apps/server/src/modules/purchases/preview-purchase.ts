import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { enrollmentTierId } from "../ledger/enrollment-reads.js";
import { getMemberForUpdate } from "../members/members.service.js";
import { assertMemberActive, describeBalances } from "../points/points.service.js";
import { programConfig } from "../program-config/program-config.js";
import { assertProgramOpen } from "../programs/programs.service.js";
import { assertCurrency, computeEarning, resolveLocation, resolveMemberId } from "./purchase-intake.js";
import type { PreviewInput } from "./purchases.schemas.js";

export interface PreviewPurchaseOptions {
  db: Db;
  actor: Actor;
  input: PreviewInput;
  now: Date;
}

/** The same calculation as a purchase, without writing anything. */
export async function previewPurchase(opts: PreviewPurchaseOptions) {
  const { db, actor, input, now } = opts;
  const occurredAt = input.occurredAt ?? now;
  const memberId = await resolveMemberId(db, actor.companyId, input);
  const member = await getMemberForUpdate(db, actor.companyId, memberId);
  const config = await programConfig(db, actor.companyId, input.programId, member.configVersion);
  const { program, company } = config;
  assertCurrency(input.amount.currency, company.currency);
  assertMemberActive(member);
  assertProgramOpen(program, occurredAt, { now, timeZone: company.timeZone });
  const locationId = await resolveLocation(db, actor, input.locationId);
  const tierId = await enrollmentTierId(db, actor.companyId, program.id, member.id);
  const { earning, tier } = await computeEarning(db, {
    companyId: actor.companyId,
    config,
    member,
    tierId,
    input,
    locationId,
    occurredAt,
  });
  const [balance] = await describeBalances(db, actor.companyId, member.id, now, program.id);
  return {
    memberId: member.id,
    breakdown: earning,
    pendingDays: program.pending_days,
    tier: tier ? { id: tier.id, name: tier.name, discountBp: tier.discount_bp } : null,
    balance: balance ?? null,
  };
}
