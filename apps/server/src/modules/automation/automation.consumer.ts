import type { Queryable } from "../../platform/db.js";
import type { DomainEvent, EventConsumer } from "../../platform/events.js";
import { getCompany } from "../companies/companies.service.js";
import { friendProgress, markReferralSuccessful, referralOfFriend } from "../referrals/referral-progress.js";
import { allConditionsHold } from "./conditions.js";
import { AUTOMATION_EVENT_TYPES, type Occurrence, occurrencesOf } from "./event-triggers.js";
import { loadMemberFacts } from "./member-facts.js";
import { insertRuns, type NewRun } from "./runs.service.js";
import { activeScenarios, type ScenarioRow, withinActiveWindow } from "./scenario-rows.js";

/** Whether a scenario reacts to this occurrence at `now` (before its conditions are asked). */
function reactsTo(s: ScenarioRow, occ: Occurrence, now: Date): boolean {
  if (occ.matches && !occ.matches(s.trigger)) return false;
  if (s.program_id && occ.programId && s.program_id !== occ.programId) return false;
  return withinActiveWindow(s, now);
}

/** Of these scenarios, the runs whose conditions hold for the member now. */
async function runsFor(
  tx: Queryable,
  event: DomainEvent,
  scenarios: ScenarioRow[],
  occ: Pick<Occurrence, "memberId" | "key" | "programId" | "data" | "triggerType">,
  now: Date,
): Promise<NewRun[]> {
  const runs: NewRun[] = [];
  let timeZone: string | null = null;
  for (const s of scenarios) {
    if (s.conditions.length > 0) {
      timeZone ??= (await getCompany(tx, event.companyId)).timeZone;
      const facts = await loadMemberFacts(tx, {
        companyId: event.companyId,
        memberIds: [occ.memberId],
        programId: s.program_id ?? occ.programId,
        conditions: s.conditions,
        purchaseId: typeof occ.data.purchaseId === "string" ? occ.data.purchaseId : null,
        now,
        timeZone,
      });
      const f = facts.get(occ.memberId);
      if (!f || !allConditionsHold(s.conditions, f)) continue;
    }
    runs.push({
      scenarioId: s.id,
      memberId: occ.memberId,
      occurrenceKey: occ.key,
      triggerType: occ.triggerType,
      eventId: event.id,
      data: { ...occ.data, ...(occ.programId ? { programId: occ.programId } : {}) },
    });
  }
  return runs;
}

/**
 * "Successful referral": the friend (the member of a purchase or of earned points) has now spent,
 * or earned, a scenario's threshold since joining; the referrer's run is keyed by the friend, so
 * it is paid once however many purchases follow. A referral staff have not cleared (flagged) or
 * rejected pays nothing; approving it later emits `referral.registered`, which asks again.
 */
async function successfulReferralRuns(
  tx: Queryable,
  event: DomainEvent,
  friendId: string,
  scenarios: ScenarioRow[],
  now: Date,
): Promise<NewRun[]> {
  if (scenarios.length === 0) return [];
  const referral = await referralOfFriend(tx, event.companyId, friendId);
  if (!referral || referral.review === "flagged" || referral.review === "rejected") return [];
  const progress = await friendProgress(tx, event.companyId, friendId, referral.registeredAt);
  const met = scenarios.filter((s) => {
    if (s.trigger.type !== "referral_successful" || !withinActiveWindow(s, now)) return false;
    const value = s.trigger.measure === "spent" ? progress.spentMinor : progress.pointsEarned;
    return value >= s.trigger.threshold;
  });
  if (met.length === 0) return [];
  await markReferralSuccessful(tx, { companyId: event.companyId, friendId, at: now });
  return runsFor(
    tx,
    event,
    met,
    {
      triggerType: "referral_successful",
      memberId: referral.referrerId,
      key: `referral-success:${friendId}`,
      programId: null,
      data: { friendId, spentMinor: progress.spentMinor, pointsEarned: progress.pointsEarned },
    },
    now,
  );
}

/** The friend whose progress an event may complete, if the event is such. */
function friendOf(event: DomainEvent): string | null {
  const p = event.payload;
  if (event.type === "purchase.recorded") return typeof p.memberId === "string" ? p.memberId : null;
  if (event.type === "points.added") return event.entityId;
  if (event.type === "referral.registered") return typeof p.friendId === "string" ? p.friendId : null;
  return null;
}

/**
 * The outbox consumer `automation`: an event becomes runs of the scenarios it triggers, inserted
 * in the consumption's transaction with the unique key of (scenario, member, occurrence), so a
 * replayed event, a second worker or the same purchase sent again starts nothing twice. The runs'
 * actions are the executor's (execute-run.ts), in transactions of their own.
 */
export function automationConsumer(clock: () => Date = () => new Date()): EventConsumer {
  return {
    name: "automation",
    types: [...AUTOMATION_EVENT_TYPES],
    async handle(tx, event) {
      const now = clock();
      const occurrences = occurrencesOf(event);
      const friendId = friendOf(event);
      const triggers = [...new Set(occurrences.map((o) => o.triggerType)), ...(friendId ? (["referral_successful"] as const) : [])];
      if (triggers.length === 0) return;
      // One read of the company's scenarios an event can start, whatever it means to them.
      const scenarios = await activeScenarios(tx, event.companyId, triggers);
      if (scenarios.length === 0) return;
      const runs: NewRun[] = [];
      for (const occ of occurrences) {
        const reacting = scenarios.filter((s) => s.trigger_type === occ.triggerType && reactsTo(s, occ, now));
        runs.push(...(await runsFor(tx, event, reacting, occ, now)));
      }
      if (friendId)
        runs.push(
          ...(await successfulReferralRuns(
            tx,
            event,
            friendId,
            scenarios.filter((s) => s.trigger_type === "referral_successful"),
            now,
          )),
        );
      await insertRuns(tx, event.companyId, runs, now);
    },
  };
}
