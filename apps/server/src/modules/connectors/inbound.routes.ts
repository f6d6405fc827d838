import type { FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import type { Deps } from "../../deps.js";
import { type App, errorResponse } from "../../platform/http.js";
import { connectAnswer, connectParams } from "./connectors.schemas.js";
import { receiveWebhook } from "./receive-webhook.js";

/** Shops send up to a few hundred kilobytes (a large order with metadata); Fastify's 1 MB applies too. */
const INBOUND_BODY_LIMIT = 1024 * 1024;

// The raw bytes of each inbound request, kept out of req.body: the request guards walk a parsed
// body for control characters, and a Buffer there would be walked byte by byte.
const rawBodies = new WeakMap<FastifyRequest, Buffer>();

/**
 * POST /api/v1/connect/:shopId, the public address shops post their webhooks to. No credentials:
 * the platform's signature with the connection's secret is the credential, so the body must reach
 * the check exactly as sent. Its own plugin context replaces the JSON parser with a raw one for
 * this route alone (any content type: JSON, WooCommerce's form-encoded ping, Shoper's XML → 415).
 */
export function registerInboundRoute(app: App, deps: Deps): void {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: INBOUND_BODY_LIMIT }, (req, body, done) => {
      rawBodies.set(req, body as Buffer);
      done(null, undefined);
    });
    scope.post(
      "/api/v1/connect/:shopId",
      {
        config: { access: "public" },
        schema: {
          tags: ["E-shop connections"],
          summary: "The inbound webhook address of a shop connection (the platform's signature is the credential)",
          description:
            "Shopify, WooCommerce, Shoper or the generic connector (docs/connectors.md) post here. 200 with the outcome (a duplicate and an ignored topic too); 401 signature missing or wrong (logged as refused, nothing else written); 404 unknown or paused connection; 410 deleted connection; 415 XML or another body than JSON.",
          params: connectParams,
          response: {
            200: connectAnswer,
            400: errorResponse,
            401: errorResponse,
            404: errorResponse,
            410: errorResponse,
            415: errorResponse,
          },
        },
      },
      async (req, reply) => {
        const answer = await receiveWebhook({
          db: deps.db,
          config: deps.config,
          shopId: req.params.shopId,
          request: { headers: req.headers, raw: rawBodies.get(req) ?? Buffer.alloc(0) },
          now: deps.clock(),
        });
        return reply.code(200).send(answer);
      },
    );
  });
}
