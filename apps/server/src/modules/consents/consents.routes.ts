import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { consent, consentInput, consentPatch, consentQuery } from "./consents.schemas.js";
import { createConsent, listConsents, updateConsent } from "./consents.service.js";

const tags = ["Consents"];

export function registerConsentRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/consents",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "The company's consents with every version of their texts; filter by `active`",
        querystring: consentQuery,
        response: { 200: z.object({ data: z.array(consent) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listConsents({ db, companyId: actorOf(req).companyId, active: req.query.active }) }),
  );

  app.post(
    "/api/v1/consents",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "Define a consent: purpose, channel and the text members agree to (version 1)",
        body: consentInput,
        response: { 201: consent, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createConsent({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    "/api/v1/consents/:id",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary:
          "Rename, retire (`active: false`) or reword a consent; a new `text` becomes a new version, earlier versions and the decisions made against them stay",
        params: idParams,
        body: consentPatch,
        response: { 200: consent, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateConsent({ db, actor: actorOf(req), id: req.params.id, patch: req.body }),
  );
}
