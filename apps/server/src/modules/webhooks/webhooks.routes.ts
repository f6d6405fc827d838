import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, listQuery, page } from "../../platform/http.js";
import { getDelivery, listDeliveries, replayDelivery, sendTestEvent } from "./deliveries.service.js";
import {
  createEndpoint,
  deleteEndpoint,
  getEndpoint,
  listEndpoints,
  revealSecret,
  rotateSecret,
  updateEndpoint,
} from "./endpoints.service.js";
import { eventTypes } from "./event-catalogue.js";
import {
  delivery,
  deliveryDetail,
  deliveryQuery,
  endpoint,
  endpointCreated,
  endpointInput,
  endpointPatch,
  endpointSecret,
  eventType,
} from "./webhooks.schemas.js";

const tags = ["Webhooks"];

export function registerWebhookRoutes(app: App, deps: Deps): void {
  const { db, clock, config } = deps;

  app.get(
    "/api/v1/webhooks/event-types",
    {
      config: { access: "integrations.read" },
      schema: {
        tags,
        summary: "The public event catalogue: every event type an endpoint can receive (docs/webhooks.md lists each one's `data`)",
        response: { 200: z.object({ data: z.array(eventType) }), ...authErrors },
      },
    },
    async () => ({ data: eventTypes() }),
  );

  app.get(
    "/api/v1/webhooks/endpoints",
    {
      config: { access: "integrations.read" },
      schema: {
        tags,
        summary: "The company's webhook endpoints, newest first, with their last 24 hours",
        querystring: listQuery,
        response: { 200: page(endpoint), ...authErrors },
      },
    },
    async (req) => listEndpoints({ db, actor: actorOf(req), ...req.query, now: clock() }),
  );

  app.post(
    "/api/v1/webhooks/endpoints",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary:
          "Add an endpoint: the events it receives (empty = every type), signed per Standard Webhooks with the secret in the answer (GET …/secret shows it again)",
        body: endpointInput,
        response: { 201: endpointCreated, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createEndpoint({ db, config, actor: actorOf(req), input: req.body, now: clock() })),
  );

  app.get(
    "/api/v1/webhooks/endpoints/:id",
    {
      config: { access: "integrations.read" },
      schema: { tags, summary: "One endpoint", params: idParams, response: { 200: endpoint, 404: errorResponse, ...authErrors } },
    },
    async (req) => getEndpoint(db, actorOf(req).companyId, req.params.id, clock()),
  );

  app.patch(
    "/api/v1/webhooks/endpoints/:id",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "Change an endpoint; enabling it again clears the reason it was disabled and resumes its waiting deliveries",
        params: idParams,
        body: endpointPatch,
        response: { 200: endpoint, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateEndpoint({ db, config, actor: actorOf(req), endpointId: req.params.id, patch: req.body, now: clock() }),
  );

  app.delete(
    "/api/v1/webhooks/endpoints/:id",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "Delete an endpoint: nothing more is sent to it; its delivery log stays readable until purged (30 days)",
        params: idParams,
        response: { 204: z.null(), 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await deleteEndpoint({ db, actor: actorOf(req), endpointId: req.params.id, now: clock() });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/webhooks/endpoints/:id/secret",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "The endpoint's signing secret",
        params: idParams,
        response: { 200: endpointSecret, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => revealSecret({ db, config, actor: actorOf(req), endpointId: req.params.id, now: clock() }),
  );

  app.post(
    "/api/v1/webhooks/endpoints/:id/rotate-secret",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "A new signing secret; the previous one keeps signing (a second v1 signature) for 24 hours",
        params: idParams,
        response: { 200: endpointSecret, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => rotateSecret({ db, config, actor: actorOf(req), endpointId: req.params.id, now: clock() }),
  );

  app.post(
    "/api/v1/webhooks/endpoints/:id/test",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: 'Send a "webhook.test" event to the endpoint now (the worker sends it on its next pass, even to a disabled endpoint)',
        params: idParams,
        response: { 202: delivery, 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(202).send(await sendTestEvent({ db, actor: actorOf(req), endpointId: req.params.id, now: clock() })),
  );

  app.get(
    "/api/v1/webhooks/deliveries",
    {
      config: { access: "integrations.read" },
      schema: {
        tags,
        summary: "Deliveries, newest first; filter by endpoint, status, event type and member",
        querystring: deliveryQuery,
        response: { 200: page(delivery), ...authErrors },
      },
    },
    async (req) => listDeliveries({ db, actor: actorOf(req), ...req.query }),
  );

  app.get(
    "/api/v1/webhooks/deliveries/:id",
    {
      config: { access: "integrations.read" },
      schema: {
        tags,
        summary: "One delivery with its request (as sent) and its attempts (status, headers and the first 4 KB of each answer)",
        params: idParams,
        response: { 200: deliveryDetail, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getDelivery(db, actorOf(req).companyId, req.params.id),
  );

  app.post(
    "/api/v1/webhooks/deliveries/:id/replay",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "Send a delivery again now, with the same webhook-id (a dead one comes back; the retry schedule starts over)",
        params: idParams,
        response: { 202: delivery, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(202).send(await replayDelivery({ db, actor: actorOf(req), deliveryId: req.params.id, now: clock() })),
  );
}
