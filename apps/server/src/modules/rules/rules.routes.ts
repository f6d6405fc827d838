import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { getProgramRow } from "../programs/programs.service.js";
import { rule, ruleInput, rulePatch } from "./rules.schemas.js";
import { createRule, getRule, listRules, updateRule } from "./rules.service.js";

const tags = ["Earning rules"];
const ruleParams = z.object({ programId: z.string().max(100), ruleId: z.string().max(100) });

export function registerRuleRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/programs/:id/rules",
    {
      config: { access: "programs.read" },
      schema: {
        tags,
        summary: "A program's earning rules",
        params: idParams,
        response: { 200: z.object({ data: z.array(rule) }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const { companyId } = actorOf(req);
      await getProgramRow(db, companyId, req.params.id);
      return { data: await listRules(db, companyId, req.params.id) };
    },
  );

  app.get(
    "/api/v1/programs/:programId/rules/:ruleId",
    {
      config: { access: "programs.read" },
      schema: { tags, summary: "One earning rule", params: ruleParams, response: { 200: rule, 404: errorResponse, ...authErrors } },
    },
    async (req) => getRule(db, actorOf(req).companyId, req.params.programId, req.params.ruleId),
  );

  app.post(
    "/api/v1/programs/:id/rules",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary:
          "Add an earning rule: a multiplier, a fixed bonus, or points for an event, scoped to products, tiers, tags, members, locations and a time window, with optional caps",
        params: idParams,
        body: ruleInput,
        response: { 201: rule, 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createRule({ db, actor: actorOf(req), programId: req.params.id, input: req.body })),
  );

  app.patch(
    "/api/v1/programs/:programId/rules/:ruleId",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Change an earning rule (set active: false to switch it off)",
        params: ruleParams,
        body: rulePatch,
        response: { 200: rule, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateRule({ db, actor: actorOf(req), programId: req.params.programId, ruleId: req.params.ruleId, patch: req.body }),
  );
}
