import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page } from "../../platform/http.js";
import {
  checkoutQuote,
  checkoutSettings,
  checkoutSettingsInput,
  quoteRequest,
  reservation,
  reservationQuery,
  reservationRequest,
} from "./checkout.schemas.js";
import { quoteCheckout } from "./checkout-quote.js";
import { getCheckoutSettings, putCheckoutSettings } from "./checkout-settings.js";
import { getReservation, listReservations } from "./reservation-rows.js";
import { reserveCheckout } from "./reservations.js";
import { releaseReservation, settleReservation } from "./settle-release.js";

const tags = ["Checkout"];
const refusals = { 404: errorResponse, 409: errorResponse, 422: errorResponse };

export function registerCheckoutRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/programs/:id/checkout-settings",
    {
      config: { access: "programs.read" },
      schema: {
        tags,
        summary:
          "Points at an e-shop's checkout: the program's switch, products for points, limits, discount thresholds (docs/checkout.md)",
        params: idParams,
        response: { 200: checkoutSettings, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getCheckoutSettings({ db, actor: actorOf(req), programId: req.params.id }),
  );

  app.put(
    "/api/v1/programs/:id/checkout-settings",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary:
          "Save the program's checkout settings whole. Discount thresholds ascend (more points, a bigger percent); SKUs are unique in the list",
        params: idParams,
        body: checkoutSettingsInput,
        response: { 200: checkoutSettings, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => putCheckoutSettings({ db, actor: actorOf(req), programId: req.params.id, input: req.body, now: clock() }),
  );

  app.post(
    "/api/v1/checkout/quote",
    {
      config: { access: "checkout.write" },
      schema: {
        tags,
        summary:
          "What the member may take for points in this basket: products (how many, points each, fee), discount thresholds (reachable, what each saves), the limits and why something is not offered. Writes nothing",
        body: quoteRequest,
        response: { 200: checkoutQuote, ...refusals, ...authErrors },
      },
    },
    async (req) => {
      const { programId, memberId, cardNumber, basket } = req.body;
      return quoteCheckout({ db, actor: actorOf(req), programId, member: { memberId, cardNumber }, basket, now: clock() });
    },
  );

  app.post(
    "/api/v1/checkout/reservations",
    {
      config: { access: "checkout.write" },
      schema: {
        tags,
        summary:
          "Reserve points for an order: products for points and/or one discount threshold. The points leave the balance at once and come back on release or expiry. Idempotent by (programId, orderId): the same request again answers 200 with the same reservation; a different one for the order 409 order_already_reserved. Too few points: 422 insufficient_points",
        body: reservationRequest,
        response: { 201: reservation, 200: reservation, ...refusals, ...authErrors },
      },
    },
    async (req, reply) => {
      const { programId, memberId, cardNumber, orderId, basket, apply } = req.body;
      const result = await reserveCheckout({
        db,
        actor: actorOf(req),
        programId,
        member: { memberId, cardNumber },
        orderId,
        basket,
        apply,
        now: clock(),
      });
      return reply.code(result.replayed ? 200 : 201).send(result.reservation);
    },
  );

  app.get(
    "/api/v1/checkout/reservations",
    {
      config: { access: "programs.read" },
      schema: {
        tags,
        summary: "Reservations, newest first; filter by programId, memberId, status",
        querystring: reservationQuery,
        response: { 200: page(reservation), ...authErrors },
      },
    },
    async (req) => listReservations({ db, actor: actorOf(req), ...req.query }),
  );

  app.get(
    "/api/v1/checkout/reservations/:id",
    {
      config: { access: "checkout.write" },
      schema: { tags, summary: "One reservation", params: idParams, response: { 200: reservation, 404: errorResponse, ...authErrors } },
    },
    async (req) => getReservation({ db, actor: actorOf(req), id: req.params.id }),
  );

  app.post(
    "/api/v1/checkout/reservations/:id/settle",
    {
      config: { access: "checkout.write" },
      schema: {
        tags,
        summary:
          "The order was paid: the points are spent for good. Idempotent; 409 reservation_released / reservation_expired when the points came back (or are coming back) already",
        params: idParams,
        response: { 200: reservation, ...refusals, ...authErrors },
      },
    },
    async (req) => settleReservation({ db, actor: actorOf(req), id: req.params.id, now: clock() }),
  );

  app.post(
    "/api/v1/checkout/reservations/:id/release",
    {
      config: { access: "checkout.write" },
      schema: {
        tags,
        summary: "The order was abandoned: the points come back. Idempotent; 409 reservation_settled after a settle",
        params: idParams,
        response: { 200: reservation, ...refusals, ...authErrors },
      },
    },
    async (req) => releaseReservation({ db, actor: actorOf(req), id: req.params.id, now: clock() }),
  );
}
