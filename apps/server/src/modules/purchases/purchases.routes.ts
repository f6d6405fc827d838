import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page, toPage } from "../../platform/http.js";
import { previewPurchase } from "./preview-purchase.js";
import { getPurchase, listPurchases } from "./purchase-reads.js";
import {
  previewInput,
  previewResult,
  purchase,
  purchaseBatchInput,
  purchaseBatchResult,
  purchaseHeaders,
  purchaseQuery,
  purchaseRequest,
  purchaseResult,
  returnInput,
  returnResult,
} from "./purchases.schemas.js";
import { recordPurchase } from "./record-purchase.js";
import { recordPurchaseBatch } from "./record-purchase-batch.js";
import { recordReturn } from "./record-return.js";

const tags = ["Purchases"];

export function registerPurchaseRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.post(
    "/api/v1/purchases",
    {
      config: { access: "purchases.write" },
      schema: {
        tags,
        summary:
          "Record a purchase and credit its points. Idempotent on (program, receiptNumber): a replay returns the original and writes nothing; the same number with other content is a 409",
        description:
          "A counter without a till may leave receiptNumber out and send an Idempotency-Key header instead: the purchase gets a receipt number generated from the key (AUTO- and 20 hex digits), so the same key replays the original (200, replayed) and never credits twice, and another key records another purchase. Without both, the answer is a 400 naming receiptNumber. A request with a receiptNumber works as before; its Idempotency-Key is not used.",
        headers: purchaseHeaders,
        body: purchaseRequest,
        response: { 200: purchaseResult, 201: purchaseResult, 404: errorResponse, 409: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const idempotencyKey = req.headers["idempotency-key"];
      const result = await recordPurchase({ db, actor: actorOf(req), input: req.body, idempotencyKey, now: clock() });
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );

  app.post(
    "/api/v1/purchases/batch",
    {
      config: { access: "purchases.write" },
      schema: {
        tags,
        summary:
          "Record up to 100 purchases in one request (a till or shop sending what it sold). Each is recorded or refused on its own, with the same rules and idempotency as POST /purchases; an invalid body is refused whole (400) and writes nothing",
        body: purchaseBatchInput,
        response: { 200: purchaseBatchResult, ...authErrors },
      },
    },
    async (req) => recordPurchaseBatch({ db, actor: actorOf(req), inputs: req.body.purchases, now: clock() }),
  );

  app.post(
    "/api/v1/purchases/preview",
    {
      config: { access: "purchases.write" },
      schema: {
        tags,
        summary: "How many points would this purchase earn? Same rules, nothing written",
        body: previewInput,
        response: { 200: previewResult, 404: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => previewPurchase({ db, actor: actorOf(req), input: req.body, now: clock() }),
  );

  app.get(
    "/api/v1/purchases",
    {
      config: { access: "purchases.read" },
      schema: { tags, summary: "Purchases, newest first", querystring: purchaseQuery, response: { 200: page(purchase), ...authErrors } },
    },
    async (req) => toPage(await listPurchases({ db, actor: actorOf(req), ...req.query }), req.query.limit),
  );

  app.get(
    "/api/v1/purchases/:id",
    {
      config: { access: "purchases.read" },
      schema: {
        tags,
        summary: "One purchase with its returns",
        params: idParams,
        response: { 200: purchase, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getPurchase(db, actorOf(req), req.params.id),
  );

  app.post(
    "/api/v1/purchases/:id/returns",
    {
      config: { access: "purchases.write" },
      schema: {
        tags,
        summary:
          "Record a return or partial refund (by amount or by lines); takes back the points in proportion. Idempotent on returnNumber",
        params: idParams,
        body: returnInput,
        response: { 200: returnResult, 201: returnResult, 404: errorResponse, 409: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const result = await recordReturn({ db, actor: actorOf(req), purchaseId: req.params.id, input: req.body, now: clock() });
      return reply.code(result.replayed ? 200 : 201).send(result);
    },
  );
}
