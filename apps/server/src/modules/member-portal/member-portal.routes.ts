import { z } from "zod";
import type { Deps } from "../../deps.js";
import { invalidField } from "../../platform/errors.js";
import { type App, actorOf, authErrors, errorResponse, memberOf, portalParams } from "../../platform/http.js";
import { memberCard } from "./card.js";
import { memberHistory } from "./history.js";
import { memberHome } from "./home.js";
import {
  card,
  historyPage,
  historyQuery,
  home,
  idempotencyHeaders,
  myRedemption,
  myRedemptionsPage,
  myRedemptionsQuery,
  redeemBody,
  redeemResult,
  rewardsList,
  rewardsQuery,
} from "./member-portal.schemas.js";
import { memberRewards, myRedemptions, myRedemption as readMyRedemption, redeemAsMember } from "./rewards.js";

// The member's own points, rewards and card. No member id in any path: the session names the
// member (memberOf), so a member can only ever reach their own data.

const tags = ["Member portal"];
const slugIdParams = portalParams.extend({ id: z.string().min(1).max(100) });

export function registerMemberPortalRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/portal/:slug/me/home",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "The member's home: points, what expires when, tier and progress to the next, last operations",
        params: portalParams,
        response: { 200: home, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const { companyId, memberId } = memberOf(req);
      return memberHome({ db, companyId, memberId, now: clock() });
    },
  );

  app.get(
    "/api/v1/portal/:slug/me/history",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "The member's point operations with their causes, newest first (purchases, returns, rewards, bonuses, expiry)",
        params: portalParams,
        querystring: historyQuery,
        response: { 200: historyPage, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const { companyId, memberId } = memberOf(req);
      const { kind, ...rest } = req.query;
      return memberHistory({ db, companyId, memberId, ...rest, filter: kind, now: clock() });
    },
  );

  app.get(
    "/api/v1/portal/:slug/me/rewards",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "The rewards this member may redeem, and why the others are out of reach now",
        params: portalParams,
        querystring: rewardsQuery,
        response: { 200: rewardsList, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const { companyId, memberId } = memberOf(req);
      const { affordable, ...filters } = req.query;
      return memberRewards({ db, companyId, memberId, now: clock(), ...filters, affordableOnly: affordable === "true" });
    },
  );

  app.post(
    "/api/v1/portal/:slug/me/redemptions",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary:
          "Redeem a reward: points checked and spent, stock or codes taken in one transaction; the Idempotency-Key (one per attempt) makes retries safe",
        params: portalParams,
        headers: idempotencyHeaders,
        body: redeemBody,
        response: { 200: redeemResult, 201: redeemResult, 404: errorResponse, 409: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const { memberId } = memberOf(req);
      const idempotencyKey = req.headers["idempotency-key"];
      if (!idempotencyKey) throw invalidField("Idempotency-Key", "required");
      const result = await redeemAsMember({
        db,
        actor: actorOf(req),
        memberId,
        ...req.body,
        idempotencyKey,
        now: clock(),
      });
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.get(
    "/api/v1/portal/:slug/me/redemptions",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My rewards: the member's redemptions with their codes and statuses, newest first",
        params: portalParams,
        querystring: myRedemptionsQuery,
        response: { 200: myRedemptionsPage, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => myRedemptions({ db, actor: actorOf(req), memberId: memberOf(req).memberId, ...req.query }),
  );

  app.get(
    "/api/v1/portal/:slug/me/redemptions/:id",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "One of the member's redemptions with its codes",
        params: slugIdParams,
        response: { 200: myRedemption, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => readMyRedemption(db, actorOf(req), memberOf(req).memberId, req.params.id),
  );

  app.get(
    "/api/v1/portal/:slug/me/card",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "The member's card: number, barcode format, identifier label and the default program's balance (kept for offline use)",
        params: portalParams,
        response: { 200: card, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const { companyId, memberId } = memberOf(req);
      return memberCard({ db, companyId, memberId, now: clock() });
    },
  );
}
