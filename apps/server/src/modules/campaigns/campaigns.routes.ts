import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page } from "../../platform/http.js";
import { audienceCount, audienceCountBody, campaign, campaignInput, campaignPatch, campaignQuery, sendBody } from "./campaigns.schemas.js";
import {
  cancelCampaign,
  countAudience,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  sendCampaign,
  updateCampaign,
} from "./campaigns.service.js";

const tags = ["Campaigns"];

export function registerCampaignRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/campaigns",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "Campaigns with their results, newest first; filter by status and channel",
        querystring: campaignQuery,
        response: { 200: page(campaign), ...authErrors },
      },
    },
    async (req) => listCampaigns({ db, actor: actorOf(req), ...req.query }),
  );

  app.get(
    "/api/v1/campaigns/:id",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "One campaign with its results",
        params: idParams,
        response: { 200: campaign, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getCampaign(db, actorOf(req).companyId, req.params.id),
  );

  app.post(
    "/api/v1/campaigns",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary:
          "Create a draft campaign: channel, the consent purpose recipients must grant, content with personal {fields}, audience filters (program, tiers, tags, join locations, granted consents) and an optional throttle",
        body: campaignInput,
        response: { 201: campaign, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createCampaign({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    "/api/v1/campaigns/:id",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary: "Change a draft campaign (409 once it is scheduled)",
        params: idParams,
        body: campaignPatch,
        response: { 200: campaign, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => updateCampaign({ db, actor: actorOf(req), campaignId: req.params.id, patch: req.body }),
  );

  app.delete(
    "/api/v1/campaigns/:id",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary: "Delete a draft campaign (409 once it is scheduled: cancel it instead)",
        params: idParams,
        response: { 204: z.undefined(), 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await deleteCampaign({ db, actor: actorOf(req), campaignId: req.params.id });
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/v1/campaigns/audience-count",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "How many members the filters select, and how many of them can be reached (consent + address) on the channel",
        body: audienceCountBody,
        response: { 200: audienceCount, ...authErrors },
      },
    },
    async (req) => countAudience({ db, actor: actorOf(req), ...req.body }),
  );

  app.post(
    "/api/v1/campaigns/:id/send",
    {
      config: { access: "messages.send" },
      schema: {
        tags,
        summary:
          "Send a draft now or at `scheduledAt`: the worker queues one message per member of the audience (throttled), skipping members without the consent or an address",
        params: idParams,
        body: sendBody,
        response: { 200: campaign, 404: errorResponse, 409: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => sendCampaign({ db, actor: actorOf(req), campaignId: req.params.id, scheduledAt: req.body.scheduledAt, now: clock() }),
  );

  app.post(
    "/api/v1/campaigns/:id/cancel",
    {
      config: { access: "messages.send" },
      schema: {
        tags,
        summary: "Stop a scheduled or sending campaign: messages not yet sent are skipped as cancelled",
        params: idParams,
        response: { 200: campaign, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => cancelCampaign({ db, actor: actorOf(req), campaignId: req.params.id, now: clock() }),
  );
}
