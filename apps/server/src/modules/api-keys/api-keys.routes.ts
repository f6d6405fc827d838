import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { API_KEY_SCOPES } from "../../platform/permissions.js";
import { apiKey, createApiKeyBody, createdApiKey } from "./api-keys.schemas.js";
import { createApiKey, listApiKeys, revokeApiKey } from "./api-keys.service.js";

const tags = ["API keys"];

export function registerApiKeyRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/api-keys",
    {
      config: { access: "api_keys.read" },
      schema: {
        tags,
        summary: "API keys of the company (secrets are never shown again)",
        response: { 200: z.object({ data: z.array(apiKey), scopes: z.array(z.string()) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listApiKeys({ db, actor: actorOf(req) }), scopes: API_KEY_SCOPES }),
  );

  app.post(
    "/api/v1/api-keys",
    {
      config: { access: "api_keys.write" },
      schema: {
        tags,
        summary: "Create an API key; the response carries its secret, once",
        body: createApiKeyBody,
        response: { 201: createdApiKey, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createApiKey({ db, actor: actorOf(req), ...req.body })),
  );

  app.delete(
    "/api/v1/api-keys/:id",
    {
      config: { access: "api_keys.write" },
      schema: { tags, summary: "Revoke an API key", params: idParams, response: { 200: apiKey, 404: errorResponse, ...authErrors } },
    },
    async (req) => revokeApiKey({ db, actor: actorOf(req), id: req.params.id }),
  );
}
