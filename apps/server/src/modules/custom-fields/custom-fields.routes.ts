import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { customField, customFieldInput, customFieldPatch, customFieldQuery } from "./custom-fields.schemas.js";
import { createCustomField, listCustomFields, updateCustomField } from "./custom-fields.service.js";

const tags = ["Custom fields"];

export function registerCustomFieldRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/custom-fields",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "The company's custom member fields, in display order; filter by `active`",
        querystring: customFieldQuery,
        response: { 200: z.object({ data: z.array(customField) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listCustomFields({ db, companyId: actorOf(req).companyId, active: req.query.active }) }),
  );

  app.post(
    "/api/v1/custom-fields",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "Define a custom member field; `key` (snake_case) and `type` cannot change later",
        body: customFieldInput,
        response: { 201: customField, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createCustomField({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    "/api/v1/custom-fields/:id",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary:
          "Change a custom field's label, options, flags or position; `active: false` retires it. Removing an option keeps the values members already hold.",
        params: idParams,
        body: customFieldPatch,
        response: { 200: customField, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateCustomField({ db, actor: actorOf(req), id: req.params.id, patch: req.body }),
  );
}
