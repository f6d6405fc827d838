import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page, toPage } from "../../platform/http.js";
import { sendReport } from "../messaging/messaging.schemas.js";
import {
  messageTemplate,
  placeholderList,
  previewBody,
  previewResult,
  templateInput,
  templatePatch,
  templateQuery,
  testSendBody,
} from "./templates.schemas.js";
import {
  createTemplate,
  deleteTemplate,
  getTemplate,
  listPlaceholders,
  listTemplates,
  previewMessage,
  sendTestMessage,
  updateTemplate,
} from "./templates.service.js";

const tags = ["Messages"];

export function registerTemplateRoutes(app: App, deps: Deps): void {
  const { db, config, clock } = deps;

  app.get(
    "/api/v1/message-placeholders",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "The personal fields a message may use as `{name}`, with example values in the company's language",
        response: { 200: placeholderList, ...authErrors },
      },
    },
    async (req) => ({ data: await listPlaceholders({ db, config, companyId: actorOf(req).companyId }) }),
  );

  app.get(
    "/api/v1/message-templates",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "Message templates, newest first; filter by channel and by text in the name or subject",
        querystring: templateQuery,
        response: { 200: page(messageTemplate), ...authErrors },
      },
    },
    async (req) => {
      const { limit } = req.query;
      return toPage(await listTemplates({ db, companyId: actorOf(req).companyId, ...req.query }), limit);
    },
  );

  app.get(
    "/api/v1/message-templates/:id",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "One message template",
        params: idParams,
        response: { 200: messageTemplate, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getTemplate(db, actorOf(req).companyId, req.params.id),
  );

  app.post(
    "/api/v1/message-templates",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary:
          "Save a template: an e-mail (subject, HTML body, plain text generated or written) or an SMS (text). An unknown `{field}` is refused, naming it and the field it is in.",
        body: templateInput,
        response: { 201: messageTemplate, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createTemplate({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    "/api/v1/message-templates/:id",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary: "Change a template (its channel is fixed); the same checks as on creation",
        params: idParams,
        body: templatePatch,
        response: { 200: messageTemplate, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updateTemplate({ db, actor: actorOf(req), id: req.params.id, patch: req.body }),
  );

  app.delete(
    "/api/v1/message-templates/:id",
    {
      config: { access: "messages.write" },
      schema: { tags, summary: "Delete a template", params: idParams, response: { 204: z.undefined(), 404: errorResponse, ...authErrors } },
    },
    async (req, reply) => {
      await deleteTemplate({ db, actor: actorOf(req), id: req.params.id });
      return reply.code(204).send();
    },
  );

  app.post(
    "/api/v1/message-templates/preview",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary:
          "Render content with a member's personal fields (or example values): an e-mail as the whole branded message it will be, an SMS with its length and parts",
        body: previewBody,
        response: { 200: previewResult, ...authErrors },
      },
    },
    async (req) => previewMessage({ db, config, actor: actorOf(req), body: req.body, now: clock() }),
  );

  app.post(
    "/api/v1/message-templates/test",
    {
      config: { access: "messages.send" },
      schema: {
        tags,
        summary:
          "Send content to yourself now (e-mail: your own address unless `to` is given; SMS: `to`) with a member's personal fields, and report the provider's answer",
        body: testSendBody,
        response: { 200: sendReport, ...authErrors },
      },
    },
    async (req) => sendTestMessage({ db, config, actor: actorOf(req), body: req.body, now: clock() }),
  );
}
