import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page } from "../../platform/http.js";
import {
  dryRun,
  run,
  runQuery,
  scenario,
  scenarioInput,
  scenarioPatch,
  scenarioQuery,
  scenarioTemplate,
  templatesQuery,
} from "./automation.schemas.js";
import { dryRunScenario } from "./dry-run.js";
import { listRuns } from "./runs.service.js";
import { scenarioTemplates } from "./scenario-templates.js";
import { archiveScenario, createScenario, getScenario, listScenarios, updateScenario } from "./scenarios.service.js";

const tags = ["Automation"];

export function registerAutomationRoutes(app: App, deps: Deps): void {
  const { db, clock, config } = deps;

  app.get(
    "/api/v1/automation/scenarios",
    {
      config: { access: "automation.read" },
      schema: {
        tags,
        summary: "Scenarios with their results, newest first; filter by status and trigger",
        querystring: scenarioQuery,
        response: { 200: page(scenario), ...authErrors },
      },
    },
    async (req) => listScenarios({ db, actor: actorOf(req), ...req.query }),
  );

  app.get(
    "/api/v1/automation/scenarios/:id",
    {
      config: { access: "automation.read" },
      schema: {
        tags,
        summary: "One scenario with its results",
        params: idParams,
        response: { 200: scenario, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getScenario(db, actorOf(req).companyId, req.params.id),
  );

  app.post(
    "/api/v1/automation/scenarios",
    {
      config: { access: "automation.write" },
      schema: {
        tags,
        summary:
          "Create a scenario: one trigger, conditions that must all hold, ordered actions (wait between them), an optional active window and a per-member frequency limit. Paused unless `status` is active",
        body: scenarioInput,
        response: { 201: scenario, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createScenario({ db, config, actor: actorOf(req), input: req.body, now: clock() })),
  );

  app.patch(
    "/api/v1/automation/scenarios/:id",
    {
      config: { access: "automation.write" },
      schema: {
        tags,
        summary: "Change a scenario (runs already started finish with the actions they started with)",
        params: idParams,
        body: scenarioPatch,
        response: { 200: scenario, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateScenario({ db, config, actor: actorOf(req), scenarioId: req.params.id, patch: req.body, now: clock() }),
  );

  app.delete(
    "/api/v1/automation/scenarios/:id",
    {
      config: { access: "automation.write" },
      schema: {
        tags,
        summary:
          "Archive a scenario: it stops reacting and leaves the list; its runs stay in the members' history and waiting runs are skipped",
        params: idParams,
        response: { 204: z.null(), 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await archiveScenario({ db, actor: actorOf(req), scenarioId: req.params.id, now: clock() });
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/v1/automation/dry-run",
    {
      config: { access: "automation.read" },
      schema: {
        tags,
        summary:
          "Who a scenario (saved or not) would reach today and what it would cost in points, messages and rewards; nothing is written",
        body: scenarioInput,
        response: { 200: dryRun, ...authErrors },
      },
    },
    async (req) => dryRunScenario({ db, config, actor: actorOf(req), input: req.body, now: clock() }),
  );

  app.get(
    "/api/v1/automation/runs",
    {
      config: { access: "automation.read" },
      schema: {
        tags,
        summary: "Runs, newest first: what fired and what each action did or why not; filter by scenario, member and status",
        querystring: runQuery,
        response: { 200: page(run), ...authErrors },
      },
    },
    async (req) => listRuns({ db, actor: actorOf(req), ...req.query }),
  );

  app.get(
    "/api/v1/automation/templates",
    {
      config: { access: "automation.read" },
      schema: {
        tags,
        summary: "Ready-made scenarios to start from (welcome points, birthday voucher, referral bonus, win-back, points-expiry reminder…)",
        querystring: templatesQuery,
        response: { 200: z.object({ data: z.array(scenarioTemplate) }), ...authErrors },
      },
    },
    async (req) => ({ data: await scenarioTemplates({ db, actor: actorOf(req), language: req.query.language }) }),
  );
}
