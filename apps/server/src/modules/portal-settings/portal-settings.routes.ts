import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, portalParams } from "../../platform/http.js";
import { portalCompanyOf } from "./portal-company.js";
import { buildPortalConfig } from "./portal-config.js";
import { portalConfig, portalSettings, portalSettingsPut } from "./portal-settings.schemas.js";
import { getPortalSettings, updatePortalSettings } from "./portal-settings.service.js";

export function registerPortalSettingsRoutes(app: App, deps: Deps): void {
  const { db, config } = deps;

  app.get(
    "/api/v1/portal-settings",
    {
      config: { access: "company.read" },
      schema: { tags: ["Portal"], summary: "The member portal's settings", response: { 200: portalSettings, ...authErrors } },
    },
    async (req) => getPortalSettings({ db, config, companyId: actorOf(req).companyId }),
  );

  app.put(
    "/api/v1/portal-settings",
    {
      config: { access: "company.write" },
      schema: {
        tags: ["Portal"],
        summary: "Change the member portal's settings (all fields)",
        description:
          "A custom domain must point at this installation through the operator's reverse proxy (TLS stays there); " +
          "a domain another company uses answers 409. EAN-13 needs card numbers of 12–13 digits.",
        body: portalSettingsPut,
        response: { 200: portalSettings, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => updatePortalSettings({ db, config, actor: actorOf(req), input: req.body }),
  );

  app.get(
    "/api/v1/portal/:slug/config",
    {
      config: { access: "public" },
      schema: {
        tags: ["Portal"],
        summary: "What the member portal shows before sign-in: company, layout, programs' branding, menu pages",
        params: portalParams,
        response: { 200: portalConfig, 404: errorResponse },
      },
    },
    async (req) => {
      const company = await portalCompanyOf(db, req.params.slug);
      return buildPortalConfig(db, { companyId: company.companyId, config });
    },
  );
}
