import type { Config } from "../../config.js";
import type { Actor } from "../../platform/actor.js";
import type { Queryable } from "../../platform/db.js";
import { emitEvent } from "../../platform/events.js";
import { defaultPurpose } from "../campaigns/campaigns.service.js";
import { balanceAfterWrite, creditPoints, debitPoints } from "../ledger/entries.js";
import { expiryFor } from "../ledger/expiry-policy.js";
import { ledgerActor } from "../ledger/ledger-types.js";
import { changeTagOfLockedMember } from "../members/member-tags.js";
import type { LockedMember } from "../members/members.service.js";
import { queueMessage } from "../messaging/outbox.service.js";
import { lockOrEnroll } from "../points/points.service.js";
import { getProgramRow, openProgramsOf, type ProgramRow } from "../programs/programs.service.js";
import { issueGiftReward } from "../redemptions/redemptions.service.js";
import { buildMessageContext, renderContent } from "../templates/render.js";
import { getTemplate } from "../templates/templates.service.js";
import { setTierOfLockedEnrollment } from "../tiers/evaluate-tier.js";
import { getTierRow } from "../tiers/tiers.service.js";
import { queueScenarioDelivery } from "../webhooks/scenario-deliveries.js";
import type { Action } from "./automation.schemas.js";
import type { ScenarioRow } from "./scenario-rows.js";

/** What one action did, as the run log shows it. */
export interface StepResult {
  outcome: "done" | "skipped";
  detail: string;
  data: Record<string, unknown>;
  points?: number;
  messages?: number;
  rewards?: number;
  /** values later actions of the run use ({voucher_code}) */
  context?: Record<string, string>;
}

export interface ActionContext {
  tx: Queryable;
  config: Config;
  actor: Actor;
  scenario: ScenarioRow;
  member: LockedMember;
  runId: string;
  index: number;
  /** the program points and messages go to (programOf), read before the member was locked */
  program: ProgramRow | null;
  /** the company's time zone (points' expiry) */
  timeZone: string;
  runContext: Record<string, string>;
  /** what fired the run (a webhook's body carries it) */
  trigger: { type: string; data: unknown };
  now: Date;
}

/** The program points go to: the scenario's, else the occurrence's, else the company's first open one. */
export async function programOf(
  db: Queryable,
  companyId: string,
  scenario: Pick<ScenarioRow, "program_id">,
  occurrenceProgramId: string | null,
  now: Date,
): Promise<ProgramRow | null> {
  const id = scenario.program_id ?? occurrenceProgramId ?? (await openProgramsOf(db, companyId, now))[0]?.id ?? null;
  return id ? getProgramRow(db, companyId, id) : null;
}

/**
 * Runs one action (not `wait` or `call_webhook`, which the run executor handles) in the run's
 * transaction, the member locked. A refusal the member's state explains (not enough points, no
 * consent, out of stock) is a skipped step; AppErrors from owners' verbs are turned into one by
 * the caller (execute-run.ts), which rolls the action back to its savepoint.
 */
export async function performAction(action: Action, c: ActionContext): Promise<StepResult> {
  const { tx, actor, now } = c;
  switch (action.type) {
    case "add_points":
    case "deduct_points": {
      const { program } = c;
      if (program?.status !== "active") return { outcome: "skipped", detail: "program_inactive", data: {} };
      const e = await lockOrEnroll(tx, { actor, member: c.member, program, now });
      const base = {
        causeType: "automation" as const,
        causeId: c.runId,
        reason: action.reason,
        actor: ledgerActor(actor),
        occurredAt: now,
        now,
      };
      const adding = action.type === "add_points";
      const entry = adding
        ? await creditPoints(tx, e, {
            ...base,
            kind: "earn",
            points: action.points,
            availableAt: now,
            expiresAt: await expiryFor(tx, program, now, c.timeZone),
          })
        : await debitPoints(tx, e, { ...base, kind: "adjust", points: action.points });
      const points = adding ? action.points : -action.points;
      await emitEvent(tx, {
        companyId: actor.companyId,
        type: adding ? "points.added" : "points.deducted",
        entityType: "member",
        entityId: c.member.id,
        payload: {
          programId: program.id,
          points,
          entryId: entry.id,
          cause: "automation",
          scenarioId: c.scenario.id,
          runId: c.runId,
          ...balanceAfterWrite(e, program.negative_policy === "allow_negative"),
        },
      });
      return {
        outcome: "done",
        detail: adding ? "points_added" : "points_deducted",
        data: { entryId: entry.id, points, programId: program.id },
        points,
      };
    }
    case "send_message": {
      const template = await getTemplate(tx, actor.companyId, action.templateId);
      const { program } = c;
      const ctx = await buildMessageContext(tx, {
        companyId: actor.companyId,
        memberId: c.member.id,
        programId: program?.id ?? null,
        config: c.config,
        extra: c.runContext,
        now,
      });
      const content = {
        subject: template.subject,
        html: template.html,
        text: template.textMode === "custom" ? template.text : undefined,
        url: template.url,
      };
      const rendered = renderContent(content, ctx, template.channel);
      const queued = await queueMessage(
        tx,
        {
          companyId: actor.companyId,
          memberId: c.member.id,
          programId: program?.id ?? null,
          channel: template.channel,
          kind: "automation",
          // marketing, as a campaign on that channel
          purpose: defaultPurpose(template.channel),
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          url: rendered.url,
          // one message per run and step, whatever retries happen
          dedupeKey: `auto:${c.runId}:${c.index}`,
        },
        { config: c.config, now },
      );
      if (queued.status === "skipped")
        return {
          outcome: "skipped",
          detail: "message_not_queued",
          data: { deliveryId: queued.id, channel: template.channel, status: queued.reason },
        };
      return {
        outcome: "done",
        detail: "message_queued",
        data: { deliveryId: queued.id, channel: template.channel, templateId: template.id },
        messages: 1,
      };
    }
    case "issue_reward": {
      const { redemptionId, codes } = await issueGiftReward(tx, {
        actor,
        memberId: c.member.id,
        rewardId: action.rewardId,
        note: c.scenario.name,
        now,
      });
      return {
        outcome: "done",
        detail: "reward_issued",
        data: { redemptionId, rewardId: action.rewardId, codes },
        rewards: 1,
        context: codes.length > 0 ? { voucher_code: codes.join(", ") } : {},
      };
    }
    case "set_tier": {
      const tier = await getTierRow(tx, actor.companyId, action.tierId);
      if (!tier) return { outcome: "skipped", detail: "tier_gone", data: { tierId: action.tierId } };
      const program = await getProgramRow(tx, actor.companyId, tier.program_id);
      const e = await lockOrEnroll(tx, { actor, member: c.member, program, now });
      const changed = await setTierOfLockedEnrollment(tx, e, tier.id, { actorName: actor.name, now, scenarioId: c.scenario.id });
      return { outcome: changed ? "done" : "skipped", detail: changed ? "tier_set" : "tier_unchanged", data: { tierId: tier.id } };
    }
    case "add_tag":
    case "remove_tag": {
      const add = action.type === "add_tag";
      const changed = await changeTagOfLockedMember(tx, actor, { memberId: c.member.id, tag: action.tag, add });
      const detail = changed ? (add ? "tag_added" : "tag_removed") : add ? "tag_present" : "tag_absent";
      return { outcome: changed ? "done" : "skipped", detail, data: { tag: action.tag } };
    }
    case "send_webhook": {
      const queued = await queueScenarioDelivery(tx, {
        companyId: actor.companyId,
        endpointId: action.endpointId,
        eventId: `${c.runId}:${c.index}`,
        memberId: c.member.id,
        data: scenarioWebhookData(c.scenario.id, c.runId, c.member.id, c.trigger),
        now,
      });
      return queued.queued
        ? { outcome: "done", detail: "webhook_queued", data: { endpointId: action.endpointId, deliveryId: queued.deliveryId } }
        : { outcome: "skipped", detail: queued.reason, data: { endpointId: action.endpointId } };
    }
    case "wait":
    case "call_webhook":
      throw new Error(`${action.type} is handled by the run executor`);
  }
}

/** What a scenario's webhook says: which scenario and run, about which member, fired by what. */
export function scenarioWebhookData(scenarioId: string, runId: string, memberId: string, trigger: { type: string; data: unknown }) {
  return { scenarioId, runId, memberId, trigger };
}

/** The actor automation's writes carry: the scenario, for the ledger, the audit log and messages. */
export function automationActor(companyId: string, scenario: Pick<ScenarioRow, "id" | "name">): Actor {
  return {
    type: "system",
    id: scenario.id,
    name: `Automation: ${scenario.name}`,
    companyId,
    permissions: new Set(),
    locationIds: null,
    ip: "",
    requestId: `automation:${scenario.id}`,
  };
}
