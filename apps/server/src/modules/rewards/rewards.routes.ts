import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { reward, rewardInput, rewardPatch, rewardQuery, stockChangeBody, stockMovement } from "./rewards.schemas.js";
import { changeStock, createReward, getReward, listRewards, listStockMovements, updateReward } from "./rewards.service.js";

const tags = ["Rewards"];

export function registerRewardRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/rewards",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "The rewards catalog; filter by program, text, category, kind, active",
        querystring: rewardQuery,
        response: { 200: z.object({ data: z.array(reward) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listRewards({ db, actor: actorOf(req), ...req.query }) }),
  );

  app.get(
    "/api/v1/rewards/:id",
    {
      config: { access: "rewards.read" },
      schema: { tags, summary: "One reward", params: idParams, response: { 200: reward, 404: errorResponse, ...authErrors } },
    },
    async (req) => getReward(db, actorOf(req).companyId, req.params.id),
  );

  app.post(
    "/api/v1/rewards",
    {
      config: { access: "rewards.write" },
      schema: {
        tags,
        summary: "Add a reward: physical item, discount coupon, free product, electronic voucher (codes from a pool) or custom",
        body: rewardInput,
        response: { 201: reward, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createReward({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    "/api/v1/rewards/:id",
    {
      config: { access: "rewards.write" },
      schema: {
        tags,
        summary: "Change a reward (kind, program and stock mode are fixed)",
        params: idParams,
        body: rewardPatch,
        response: { 200: reward, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateReward({ db, actor: actorOf(req), rewardId: req.params.id, patch: req.body }),
  );

  app.get(
    "/api/v1/rewards/:id/stock",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "The reward's stock history, newest first",
        params: idParams,
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(100).optional() }),
        response: { 200: z.object({ data: z.array(stockMovement), nextCursor: z.string().nullable() }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const rows = await listStockMovements(db, actorOf(req).companyId, req.params.id, req.query.limit, req.query.cursor);
      const data = rows.slice(0, req.query.limit);
      return { data, nextCursor: rows.length > req.query.limit ? (data[data.length - 1]?.id ?? null) : null };
    },
  );

  app.post(
    "/api/v1/rewards/:id/stock",
    {
      config: { access: "rewards.write" },
      schema: {
        tags,
        summary: "Record a delivery or a correction (with its reason) of the reward's stock",
        params: idParams,
        body: stockChangeBody,
        response: { 200: reward, 404: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => changeStock({ db, actor: actorOf(req), rewardId: req.params.id, ...req.body }),
  );
}
