import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Deps } from "../../deps.js";
import type { Actor } from "../../platform/actor.js";
import type { Db } from "../../platform/db.js";
import { invalidField } from "../../platform/errors.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page, toPage } from "../../platform/http.js";
import { membershipOf } from "../auth/memberships.js";
import { getCompany } from "../companies/companies.service.js";
import {
  deliveryQuery,
  emailSettingsInput,
  emailTestBody,
  messageDelivery,
  messageDeliveryDetail,
  messageSettings,
  sendReport,
  smsSettingsInput,
  smsTestBody,
} from "./messaging.schemas.js";
import { getDelivery, listDeliveries, sendMessageNow, toDelivery } from "./outbox.service.js";
import { getMessageSettings, updateEmailSettings, updateSmsSettings } from "./settings.service.js";
import { unsubscribe, unsubscribeForm } from "./unsubscribe.service.js";

const tags = ["Messaging"];

const TEST_TEXTS = {
  pl: {
    subject: "Wiadomość testowa",
    body: (company: string) => `To jest wiadomość testowa skrzynki nadawczej firmy ${company}. Jeśli ją widzisz, wysyłka działa.`,
    sms: (company: string) => `Wiadomosc testowa ${company}: wysylka SMS dziala.`,
  },
  en: {
    subject: "Test message",
    body: (company: string) => `This is a test message from ${company}'s outbox. If you can read it, sending works.`,
    sms: (company: string) => `Test message from ${company}: SMS sending works.`,
  },
} as const;

/** The signed-in staff member's own address; an API key has none. */
async function staffEmail(db: Db, actor: Actor): Promise<string | null> {
  if (actor.type !== "staff") return null;
  // auth's read, not staff's: staff sends its invitations through messaging.
  return (await membershipOf(db, actor.companyId, actor.id))?.email ?? null;
}

export function registerMessagingRoutes(app: App, deps: Deps): void {
  const { db, config, clock } = deps;

  app.get(
    "/api/v1/messaging/settings",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary:
          "The company's outbox: SMTP and SMS provider settings (passwords and tokens are never returned, only whether they are set)",
        response: { 200: messageSettings, ...authErrors },
      },
    },
    async (req) => getMessageSettings(db, actorOf(req).companyId),
  );

  app.put(
    "/api/v1/messaging/settings/email",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary:
          "Save the SMTP settings. `password`: omitted keeps the stored one, null removes it; it is stored encrypted (AES-256-GCM) and never returned.",
        body: emailSettingsInput,
        response: { 200: messageSettings, ...authErrors },
      },
    },
    async (req) => updateEmailSettings({ db, config, actor: actorOf(req), input: req.body }),
  );

  app.put(
    "/api/v1/messaging/settings/sms",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary:
          "Save the SMS provider: `log` (records only), `smsapi` (SMSAPI.pl, OAuth token), `http` (JSON POST with a body template using {to}, {message}, {sender}). Quiet hours are in the company's time zone. `token`: omitted keeps, null removes.",
        body: smsSettingsInput,
        response: { 200: messageSettings, ...authErrors },
      },
    },
    async (req) => updateSmsSettings({ db, config, actor: actorOf(req), input: req.body }),
  );

  app.post(
    "/api/v1/messaging/settings/email/test",
    {
      config: { access: "messages.send" },
      schema: {
        tags,
        summary:
          "Send a test e-mail now with the saved settings (to the signed-in staff member unless `to` is given; API keys must give `to`) and report the SMTP server's answer",
        body: emailTestBody,
        response: { 200: sendReport, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const to = req.body.to ?? (await staffEmail(db, actor));
      if (!to) throw invalidField("to", "to_required_api_key");
      const company = await getCompany(db, actor.companyId);
      const t = TEST_TEXTS[company.language];
      return sendMessageNow({
        db,
        config,
        actor,
        now: clock(),
        message: {
          companyId: actor.companyId,
          memberId: null,
          channel: "email",
          kind: "test",
          to,
          subject: t.subject,
          text: t.body(company.name),
        },
      });
    },
  );

  app.post(
    "/api/v1/messaging/settings/sms/test",
    {
      config: { access: "messages.send" },
      schema: {
        tags,
        summary: "Send a test SMS now through the saved provider and report its answer",
        body: smsTestBody,
        response: { 200: sendReport, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const company = await getCompany(db, actor.companyId);
      return sendMessageNow({
        db,
        config,
        actor,
        now: clock(),
        message: {
          companyId: actor.companyId,
          memberId: null,
          channel: "sms",
          kind: "test",
          to: req.body.to,
          text: TEST_TEXTS[company.language].sms(company.name),
        },
      });
    },
  );

  app.get(
    "/api/v1/messages",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "Delivery records (queued, sent, failed with the provider's reason, skipped with why), newest first",
        querystring: deliveryQuery,
        response: { 200: page(messageDelivery), ...authErrors },
      },
    },
    async (req) => {
      const rows = await listDeliveries({ db, actor: actorOf(req), ...req.query });
      const p = toPage(rows, req.query.limit);
      return { data: p.data.map(toDelivery), nextCursor: p.nextCursor };
    },
  );

  app.get(
    "/api/v1/messages/:id",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary: "One delivery record with the HTML and text as sent",
        params: idParams,
        response: { 200: messageDeliveryDetail, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getDelivery(db, actorOf(req).companyId, req.params.id),
  );

  // The unsubscribe pages are for members' browsers and mail clients, not part of the API.
  // Their POST accepts any body: the RFC 8058 one-click request sends "List-Unsubscribe=One-Click"
  // form-encoded, the page's button an empty form; the signed token alone decides.
  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser(["application/x-www-form-urlencoded", "text/plain"], { parseAs: "string" }, (_req, body, done) =>
      done(null, body),
    );
    const params = z.object({ token: z.string().min(1).max(600) });
    const headers = {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "referrer-policy": "no-referrer",
      "x-robots-tag": "noindex",
      "content-security-policy":
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    };
    scope.get("/unsubscribe/:token", { config: { access: "public" }, schema: { hide: true, params } }, async (req, reply) => {
      const result = await unsubscribeForm({ db, config, token: req.params.token });
      return reply.code(result.status).headers(headers).send(result.html);
    });
    scope.post("/unsubscribe/:token", { config: { access: "public" }, schema: { hide: true, params } }, async (req, reply) => {
      const result = await unsubscribe({ db, config, token: req.params.token, ip: req.ip });
      return reply.code(result.status).headers(headers).send(result.html);
    });
  });
}
