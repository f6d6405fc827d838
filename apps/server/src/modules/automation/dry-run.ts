import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { reachableAmong } from "../campaigns/campaigns.service.js";
import { getCompany } from "../companies/companies.service.js";
import { enrollmentTiersOf } from "../ledger/enrollment-reads.js";
import { activeMemberPage, membersByIds } from "../members/members.service.js";
import type { Channel } from "../messaging/messaging.schemas.js";
import { dayIn } from "../templates/render.js";
import { getTemplate } from "../templates/templates.service.js";
import { type DryRun, SCHEDULED_TRIGGERS, type ScenarioInput } from "./automation.schemas.js";
import { allConditionsHold, PURCHASE_CONDITIONS } from "./conditions.js";
import { loadMemberFacts } from "./member-facts.js";
import { checkScenarioReferences } from "./scenario-references.js";
import { withinActiveWindow } from "./scenario-rows.js";
import { forEachDueChunk } from "./scheduled.js";

const CHUNK = 1000;
const CHANNELS: Channel[] = ["email", "sms", "push"];

/**
 * Who the scenario would reach today and what it would cost, writing nothing: a scheduled
 * trigger's members due today, or for an event trigger the members its member conditions let
 * through (each then runs per occurrence; purchase conditions are judged per purchase). Messages
 * count only members who grant the consent and have an address on the channel.
 */
export async function dryRunScenario(opts: { db: Db; config: Config; actor: Actor; input: ScenarioInput; now: Date }): Promise<DryRun> {
  const { db, actor, input, now } = opts;
  const companyId = actor.companyId;
  await checkScenarioReferences(db, companyId, input, opts.config);
  const { timeZone } = await getCompany(db, companyId);
  const scheduled = (SCHEDULED_TRIGGERS as readonly string[]).includes(input.trigger.type);
  // A purchase trigger's purchase conditions are judged per purchase; on any other trigger they
  // never hold (there is no purchase), and the audience is judged with them: nobody.
  const purchaseTrigger = input.trigger.type === "purchase_recorded";
  const memberConditions = purchaseTrigger ? input.conditions.filter((c) => !PURCHASE_CONDITIONS.has(c.type)) : input.conditions;
  const notes: string[] = [];
  if (input.status === "paused") notes.push("scenario_paused");
  if (!withinActiveWindow({ active_from: input.activeFrom, active_until: input.activeUntil }, now)) notes.push("outside_active_window");
  if (memberConditions.length < input.conditions.length) notes.push("purchase_conditions_per_occurrence");
  if (input.frequencyLimit) notes.push("frequency_limit_not_counted");

  const channels = await messageChannels(db, companyId, input);
  const perRun = {
    points: input.actions.reduce((n, a) => n + (a.type === "add_points" ? a.points : a.type === "deduct_points" ? -a.points : 0), 0),
    messages: { email: 0, sms: 0, push: 0 },
    rewards: input.actions.filter((a) => a.type === "issue_reward").length,
  };
  for (const c of channels) perRun.messages[c]++;

  let members = 0;
  const sampleIds: string[] = [];
  const reach = { email: 0, sms: 0, push: 0 };
  const count = async (ids: string[]) => {
    members += ids.length;
    for (const id of ids) if (sampleIds.length < 10) sampleIds.push(id);
    for (const c of CHANNELS) if (perRun.messages[c] > 0) reach[c] += (await reachableAmong(db, companyId, ids, c)) * perRun.messages[c];
  };
  const filter = async (ids: string[]): Promise<string[]> => {
    let out = ids;
    if (input.programId) {
      const enrolled = await enrollmentTiersOf(db, companyId, out);
      out = out.filter((id) => enrolled.get(id)?.has(input.programId as string));
    }
    if (memberConditions.length === 0 || out.length === 0) return out;
    const facts = await loadMemberFacts(db, {
      companyId,
      memberIds: out,
      programId: input.programId,
      conditions: memberConditions,
      now,
      timeZone,
    });
    return out.filter((id) => {
      const f = facts.get(id);
      return f !== undefined && allConditionsHold(memberConditions, f);
    });
  };

  if (scheduled) {
    const scenario = { trigger: input.trigger, program_id: input.programId };
    await forEachDueChunk(db, { companyId, scenario, today: dayIn(now, timeZone), timeZone, now }, async (due) =>
      count(await filter([...new Set(due.map((d) => d.memberId))])),
    );
  } else {
    for (let after: string | null = null; ; ) {
      const page = await activeMemberPage(db, companyId, after, CHUNK);
      if (page.length === 0) break;
      after = page[page.length - 1]?.id as string;
      await count(await filter(page.map((m) => m.id)));
    }
  }
  const sample = (await membersByIds(db, companyId, sampleIds)).map((m) => ({
    id: m.id,
    cardNumber: m.cardNumber,
    firstName: m.firstName,
    lastName: m.lastName,
  }));
  return {
    scope: scheduled ? "due_today" : "audience",
    members,
    sample,
    perRun,
    total: { points: members * perRun.points, messages: reach, rewards: members * perRun.rewards },
    notes,
  };
}

/** The channel of each message the scenario sends (one entry per send_message action). */
async function messageChannels(db: Db, companyId: string, input: ScenarioInput): Promise<Channel[]> {
  const out: Channel[] = [];
  for (const a of input.actions) if (a.type === "send_message") out.push((await getTemplate(db, companyId, a.templateId)).channel);
  return out;
}
