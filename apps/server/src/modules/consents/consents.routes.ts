import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { consent, consentInput, consentPatch, consentQuery, memberConsents, memberConsentsInput } from "./consents.schemas.js";
import { changeMemberConsents, createConsent, getMemberConsents, listConsents, updateConsent } from "./consents.service.js";

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

  app.get(
    "/api/v1/members/:id/consents",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "A member's current decision per consent and the full history of grants and withdrawals, newest first",
        params: idParams,
        response: { 200: memberConsents, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getMemberConsents({ db, actor: actorOf(req), memberId: req.params.id }),
  );

  app.post(
    "/api/v1/members/:id/consents",
    {
      config: { access: "members.write" },
      schema: {
        tags,
        summary:
          "Record a member's grants and withdrawals; only real changes are logged (a grant after a text change records the new version). `source` defaults to `api` for API keys and `admin` for staff.",
        params: idParams,
        body: memberConsentsInput,
        response: { 200: memberConsents, 404: errorResponse, ...authErrors },
      },
    },
    async (req) =>
      changeMemberConsents({ db, actor: actorOf(req), memberId: req.params.id, changes: req.body.changes, source: req.body.source }),
  );
}
