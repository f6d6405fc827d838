import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page } from "../../platform/http.js";
import {
  deliveriesQuery,
  inboundDelivery,
  shopConnection,
  shopCreated,
  shopInput,
  shopPatch,
  shopSecret,
  shopsQuery,
} from "./connectors.schemas.js";
import { registerInboundRoute } from "./inbound.routes.js";
import { listShopDeliveries } from "./shop-deliveries.js";
import { createShop, deleteShop, getShop, listShops, revealShopSecret, rotateShopSecret, updateShop } from "./shops.service.js";

const tags = ["E-shop connections"];

export function registerConnectorRoutes(app: App, deps: Deps): void {
  const { db, config, clock } = deps;
  registerInboundRoute(app, deps);

  app.get(
    "/api/v1/shops",
    {
      config: { access: "integrations.read" },
      schema: {
        tags,
        summary: "E-shop connections, newest first, with the URL to paste into the shop and the last day's counts",
        querystring: shopsQuery,
        response: { 200: page(shopConnection), ...authErrors },
      },
    },
    async (req) => listShops({ db, config, actor: actorOf(req), ...req.query, now: clock() }),
  );

  app.post(
    "/api/v1/shops",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary:
          "Connect a shop: its orders become purchases in the program, its customers members. Answers the secret once (Shopify: the one given)",
        body: shopInput,
        response: { 201: shopCreated, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createShop({ db, config, actor: actorOf(req), input: req.body, now: clock() })),
  );

  app.get(
    "/api/v1/shops/:id",
    {
      config: { access: "integrations.read" },
      schema: {
        tags,
        summary: "One e-shop connection",
        params: idParams,
        response: { 200: shopConnection, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getShop({ db, config, companyId: actorOf(req).companyId, id: req.params.id, now: clock() }),
  );

  app.patch(
    "/api/v1/shops/:id",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "Change a connection: name, program, location, domain, consents, pause or resume, a new secret typed in",
        params: idParams,
        body: shopPatch,
        response: { 200: shopConnection, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateShop({ db, config, actor: actorOf(req), id: req.params.id, patch: req.body, now: clock() }),
  );

  app.delete(
    "/api/v1/shops/:id",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "Disconnect a shop: webhooks to its URL are refused (410) from now on; what it recorded stays",
        params: idParams,
        response: { 204: z.null(), 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await deleteShop({ db, actor: actorOf(req), id: req.params.id, now: clock() });
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/api/v1/shops/:id/secret",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary: "The connection's signing secret, to paste into the shop (each look is audited)",
        params: idParams,
        response: { 200: shopSecret, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => revealShopSecret({ db, config, actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    "/api/v1/shops/:id/rotate-secret",
    {
      config: { access: "integrations.write" },
      schema: {
        tags,
        summary:
          "A new generated secret; the old one stops verifying at once. Not for Shopify (422: its secret is the app's; PATCH secret instead)",
        params: idParams,
        response: { 200: shopSecret, 404: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => rotateShopSecret({ db, config, actor: actorOf(req), id: req.params.id, now: clock() }),
  );

  app.get(
    "/api/v1/shops/:id/deliveries",
    {
      config: { access: "integrations.read" },
      schema: {
        tags,
        summary: "The webhooks the shop sent, newest first, with their outcome",
        params: idParams,
        querystring: deliveriesQuery,
        response: { 200: page(inboundDelivery), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => listShopDeliveries({ db, companyId: actorOf(req).companyId, shopId: req.params.id, ...req.query }),
  );
}
