import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors } from "../../platform/http.js";
import { widgetSecrets, widgetSettings, widgetSettingsPut } from "./widget-settings.schemas.js";
import {
  getWidgetSettings,
  revealWidgetSecrets,
  revokePreviousWidgetSecret,
  rotateWidgetSecret,
  updateWidgetSettings,
} from "./widget-settings.service.js";

const tags = ["Website widget"];

export function registerWidgetSettingsRoutes(app: App, deps: Deps): void {
  const { db, config, clock } = deps;

  app.get(
    "/api/v1/widget-settings",
    {
      config: { access: "company.read" },
      schema: {
        tags,
        summary: "The website widget's settings, its public key and the snippet to paste (never the secret)",
        response: { 200: widgetSettings, ...authErrors },
      },
    },
    async (req) => getWidgetSettings({ db, config, companyId: actorOf(req).companyId }),
  );

  app.put(
    "/api/v1/widget-settings",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "Change the website widget's settings (all fields)",
        description:
          "Allowed origins are the sites that may show the widget (https://shop.example.com); the API refuses calls from any other site.",
        body: widgetSettingsPut,
        response: { 200: widgetSettings, ...authErrors },
      },
    },
    async (req) => updateWidgetSettings({ db, config, actor: actorOf(req), input: req.body }),
  );

  app.get(
    "/api/v1/widget-settings/secrets",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "Show the secret that signs member tokens (and the previous one during a rotation); recorded in the audit log",
        response: { 200: widgetSecrets, ...authErrors },
      },
    },
    async (req) => revealWidgetSecrets({ db, config, actor: actorOf(req), now: clock() }),
  );

  app.post(
    "/api/v1/widget-settings/secrets/rotate",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "Make a new secret; tokens signed with the old one keep working for 7 days",
        response: { 200: widgetSecrets, ...authErrors },
      },
    },
    async (req) => rotateWidgetSecret({ db, config, actor: actorOf(req), now: clock() }),
  );

  app.delete(
    "/api/v1/widget-settings/secrets/previous",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "End a rotation now: tokens signed with the previous secret are refused from now on",
        response: { 200: widgetSettings, ...authErrors },
      },
    },
    async (req) => revokePreviousWidgetSecret({ db, config, actor: actorOf(req) }),
  );
}
