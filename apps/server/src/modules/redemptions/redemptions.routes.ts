import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page, toPage } from "../../platform/http.js";
import { rewardsForMember } from "./availability.js";
import { cancelBody, fulfilBody, memberReward, redeemBody, redeemResult, redemption, redemptionQuery } from "./redemptions.schemas.js";
import { cancelRedemption, fulfilRedemption, getRedemption, listRedemptions, redeemReward } from "./redemptions.service.js";

const tags = ["Redemptions"];

export function registerRedemptionRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.post(
    "/api/v1/redemptions",
    {
      config: { access: "redemptions.write" },
      schema: {
        tags,
        summary: "Redeem a reward for a member: points, stock and codes in one transaction; send Idempotency-Key to make retries safe",
        headers: z.object({ "idempotency-key": z.string().min(1).max(200).optional() }),
        body: redeemBody,
        response: { 200: redeemResult, 201: redeemResult, 404: errorResponse, 409: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = clock();
      const result = await redeemReward({ db, actor, ...req.body, idempotencyKey: req.headers["idempotency-key"], now });
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.get(
    "/api/v1/redemptions",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "Redemptions, newest first",
        querystring: redemptionQuery,
        response: { 200: page(redemption), ...authErrors },
      },
    },
    async (req) => toPage(await listRedemptions({ db, actor: actorOf(req), ...req.query }), req.query.limit),
  );

  app.get(
    "/api/v1/redemptions/:id",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "One redemption with its codes",
        params: idParams,
        response: { 200: redemption, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getRedemption(db, actorOf(req), req.params.id),
  );

  app.post(
    "/api/v1/redemptions/:id/fulfil",
    {
      config: { access: "redemptions.write" },
      schema: {
        tags,
        summary: "Mark a redemption collected or shipped",
        params: idParams,
        body: fulfilBody,
        response: { 200: redemption, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => fulfilRedemption({ db, actor: actorOf(req), redemptionId: req.params.id, method: req.body.method, now: clock() }),
  );

  app.post(
    "/api/v1/redemptions/:id/cancel",
    {
      config: { access: "redemptions.write" },
      schema: {
        tags,
        summary: "Cancel: points and stock return, codes are voided; cancelling twice changes nothing",
        params: idParams,
        body: cancelBody,
        response: { 200: z.object({ redemption, alreadyCancelled: z.boolean() }), 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => cancelRedemption({ db, actor: actorOf(req), redemptionId: req.params.id, reason: req.body.reason, now: clock() }),
  );

  app.get(
    "/api/v1/members/:id/rewards",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "The catalog as this member sees it: can they redeem each reward now, can they afford it, and why not",
        params: idParams,
        querystring: z.object({ locationId: z.string().max(100).optional() }),
        response: { 200: z.object({ data: z.array(memberReward) }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => ({
      data: await rewardsForMember({
        db,
        companyId: actorOf(req).companyId,
        memberId: req.params.id,
        locationId: req.query.locationId ?? null,
        now: clock(),
      }),
    }),
  );
}
