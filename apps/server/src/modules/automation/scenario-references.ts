import type { Config } from "../../config.js";
import type { Queryable } from "../../platform/db.js";
import { AppError, detail, type ErrorDetail, invalidFields } from "../../platform/errors.js";
import { outboundHostRefusal, webhookUrlOk } from "../../platform/outbound-guard.js";
import { listConsents } from "../consents/consents.service.js";
import { assertLocationsExist } from "../locations/locations.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { getRewardRow } from "../rewards/rewards.service.js";
import { getTemplate } from "../templates/templates.service.js";
import { getTierRow } from "../tiers/tiers.service.js";
import { webhookEndpointExists } from "../webhooks/scenario-deliveries.js";
import type { Action, Condition, ScenarioInput, Trigger } from "./automation.schemas.js";

const missing = (err: unknown) => err instanceof AppError && err.code === "not_found";

async function exists(load: () => Promise<unknown>): Promise<boolean> {
  try {
    return (await load()) !== null;
  } catch (err) {
    if (missing(err)) return false;
    throw err;
  }
}

/**
 * Every id a scenario names is checked to be the company's, with the path of the field in the
 * answer (`actions.2.templateId`), so a scenario never refers to another company's data.
 */
export async function checkScenarioReferences(
  db: Queryable,
  companyId: string,
  s: Pick<ScenarioInput, "programId" | "trigger" | "conditions" | "actions" | "activeFrom" | "activeUntil">,
  config: Pick<Config, "outbound">,
): Promise<void> {
  const problems: ErrorDetail[] = [];
  let programId: string | null = null;
  if (s.programId) {
    if (await exists(() => getProgramRow(db, companyId, s.programId as string))) programId = s.programId;
    else problems.push(detail("programId", "not_company_program"));
  }
  if (s.activeFrom && s.activeUntil && s.activeUntil <= s.activeFrom) problems.push(detail("activeUntil", "active_until_after_from"));
  const consentIds = new Set((await listConsents({ db, companyId })).map((c) => c.id));
  problems.push(...triggerProblems(s.trigger, consentIds));
  for (const [i, c] of s.conditions.entries()) problems.push(...(await conditionProblems(db, companyId, c, `conditions.${i}`, consentIds)));
  for (const [i, a] of s.actions.entries()) problems.push(...(await actionProblems(db, companyId, a, `actions.${i}`, programId, config)));
  if (problems.length > 0) throw invalidFields(problems);
}

function triggerProblems(t: Trigger, consentIds: Set<string>): ErrorDetail[] {
  if ((t.type === "consent_granted" || t.type === "consent_withdrawn") && !consentIds.has(t.consentId))
    return [detail("trigger.consentId", "not_company_consent")];
  return [];
}

async function conditionProblems(
  db: Queryable,
  companyId: string,
  c: Condition,
  path: string,
  consentIds: Set<string>,
): Promise<ErrorDetail[]> {
  switch (c.type) {
    case "consent":
      return consentIds.has(c.consentId) ? [] : [detail(`${path}.consentId`, "not_company_consent")];
    case "program": {
      const out: ErrorDetail[] = [];
      for (const [i, id] of c.programIds.entries())
        if (!(await exists(() => getProgramRow(db, companyId, id)))) out.push(detail(`${path}.programIds.${i}`, "not_company_program"));
      return out;
    }
    case "tier": {
      const out: ErrorDetail[] = [];
      for (const [i, id] of c.tierIds.entries())
        if (!(await getTierRow(db, companyId, id))) out.push(detail(`${path}.tierIds.${i}`, "not_company_tier"));
      return out;
    }
    case "join_location":
    case "purchase_location":
      try {
        await assertLocationsExist(db, companyId, c.locationIds, `${path}.locationIds`);
        return [];
      } catch (err) {
        if (err instanceof AppError && err.details.length > 0) return err.details;
        throw err;
      }
    default:
      return [];
  }
}

async function actionProblems(
  db: Queryable,
  companyId: string,
  a: Action,
  path: string,
  programId: string | null,
  config: Pick<Config, "outbound">,
): Promise<ErrorDetail[]> {
  switch (a.type) {
    case "send_message":
      return (await exists(() => getTemplate(db, companyId, a.templateId))) ? [] : [detail(`${path}.templateId`, "not_company_template")];
    case "issue_reward": {
      const reward = await getRewardRow(db, companyId, a.rewardId).catch((err) => (missing(err) ? null : Promise.reject(err)));
      if (!reward) return [detail(`${path}.rewardId`, "not_company_reward")];
      if (programId && reward.program_id !== programId) return [detail(`${path}.rewardId`, "reward_not_of_program")];
      return [];
    }
    case "set_tier": {
      const tier = await getTierRow(db, companyId, a.tierId);
      if (!tier) return [detail(`${path}.tierId`, "not_company_tier")];
      if (programId && tier.program_id !== programId) return [detail(`${path}.tierId`, "tier_id_not_of_program")];
      return [];
    }
    case "call_webhook": {
      if (!webhookUrlOk(a.url, config.outbound)) return [detail(`${path}.url`, "webhook_url")];
      const refusal = await outboundHostRefusal(new URL(a.url).hostname, config.outbound);
      return refusal ? [detail(`${path}.url`, "host_not_allowed", { address: refusal.address })] : [];
    }
    case "send_webhook":
      return (await webhookEndpointExists(db, companyId, a.endpointId))
        ? []
        : [detail(`${path}.endpointId`, "not_company_webhook_endpoint")];
    default:
      return [];
  }
}
