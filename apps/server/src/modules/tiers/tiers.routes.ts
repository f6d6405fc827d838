import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { getMember } from "../members/members.service.js";
import { getProgramRow } from "../programs/programs.service.js";
import { assignTier, tierHistory } from "./evaluate-tier.js";
import { programTierParams, tier, tierAssignment, tierChange, tierInput, tierPatch } from "./tiers.schemas.js";
import { createTier, deleteTier, tiersOf, toTier, updateTier } from "./tiers.service.js";

const tags = ["Tiers"];

export function registerTierRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/programs/:id/tiers",
    {
      config: { access: "programs.read" },
      schema: {
        tags,
        summary: "A program's tiers (customer groups), lowest threshold first",
        params: idParams,
        response: { 200: z.object({ data: z.array(tier) }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const { companyId } = actorOf(req);
      await getProgramRow(db, companyId, req.params.id);
      return { data: (await tiersOf(db, companyId, req.params.id)).map(toTier) };
    },
  );

  app.post(
    "/api/v1/programs/:id/tiers",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Add a tier",
        params: idParams,
        body: tierInput,
        response: { 201: tier, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createTier({ db, actor: actorOf(req), programId: req.params.id, input: req.body })),
  );

  app.patch(
    "/api/v1/programs/:programId/tiers/:tierId",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Change a tier",
        params: programTierParams,
        body: tierPatch,
        response: { 200: tier, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => updateTier({ db, actor: actorOf(req), programId: req.params.programId, tierId: req.params.tierId, patch: req.body }),
  );

  app.delete(
    "/api/v1/programs/:programId/tiers/:tierId",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Delete a tier that has no members",
        params: programTierParams,
        response: { 204: z.undefined(), 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await deleteTier({ db, actor: actorOf(req), programId: req.params.programId, tierId: req.params.tierId });
      return reply.code(204).send();
    },
  );

  app.put(
    "/api/v1/members/:memberId/programs/:programId/tier",
    {
      config: { access: "points.adjust" },
      schema: {
        tags,
        summary: "Assign a member's tier by hand, optionally locked against automatic changes",
        params: z.object({ memberId: z.string().max(100), programId: z.string().max(100) }),
        body: tierAssignment,
        response: { 204: z.undefined(), 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await assignTier({
        db,
        actor: actorOf(req),
        memberId: req.params.memberId,
        programId: req.params.programId,
        ...req.body,
        tierId: req.body.tierId,
        now: deps.clock(),
      });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/members/:id/tier-history",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "A member's tier changes, newest first",
        params: idParams,
        response: { 200: z.object({ data: z.array(tierChange) }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const data = await tierHistory(db, actor.companyId, req.params.id);
      // Only an empty answer needs to know whether the member exists (404, like every member route).
      if (data.length === 0) await getMember(db, actor, req.params.id);
      return { data };
    },
  );
}
