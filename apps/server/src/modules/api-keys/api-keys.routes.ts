import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { API_KEY_SCOPES } from "../../platform/permissions.js";
import { apiKey, apiKeyUsage, createApiKeyBody, createdApiKey, updateApiKeyBody, usageQuery } from "./api-keys.schemas.js";
import { createApiKey, getApiKeyUsage, listApiKeys, revokeApiKey, updateApiKey } from "./api-keys.service.js";

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

  app.patch(
    "/api/v1/api-keys/:id",
    {
      config: { access: "api_keys.write" },
      schema: {
        tags,
        summary: "Rename an API key or change its own rate limit (scopes stay as created)",
        params: idParams,
        body: updateApiKeyBody,
        response: { 200: apiKey, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateApiKey({ db, actor: actorOf(req), id: req.params.id, ...req.body }),
  );

  app.get(
    "/api/v1/api-keys/:id/usage",
    {
      config: { access: "api_keys.read" },
      schema: {
        tags,
        summary: "Requests made with an API key per hour or day: answered, client errors, server errors, refused by its rate limit",
        description:
          "Counted by each web process in memory and added to the shared figures every second or so, so the latest requests may show a moment late.",
        params: idParams,
        querystring: usageQuery,
        response: { 200: apiKeyUsage, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getApiKeyUsage({ db, counter: app.apiKeyUsage, actor: actorOf(req), id: req.params.id, ...req.query }),
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
