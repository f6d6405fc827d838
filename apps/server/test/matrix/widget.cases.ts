import { call } from "../harness.js";
import { widgetAppearance } from "../widget-fixtures.js";
import type { MatrixModule } from "./types.js";

let keyA = "";
let secretA = "";

/** The website widget's settings and secrets: one row per company, so another company sees and changes its own. */
export const widgetSettingsRoutes: MatrixModule = {
  name: "widget-settings",
  secrets: () => [keyA, secretA],
  async setup({ ctx, a }) {
    keyA = (await call(ctx, { method: "GET", url: "/api/v1/widget-settings", auth: a.owner })).data.publicKey;
    secretA = (await call(ctx, { method: "GET", url: "/api/v1/widget-settings/secrets", auth: a.owner })).data.current;
  },
  cases: [
    {
      route: "GET /api/v1/widget-settings",
      call: () => ({ method: "GET", url: "/api/v1/widget-settings" }),
      permission: "company.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "PUT /api/v1/widget-settings",
      call: () => ({
        method: "PUT",
        url: "/api/v1/widget-settings",
        body: { enabled: true, allowedOrigins: ["https://matrix.example.com"], appearance: widgetAppearance },
      }),
      permission: "company.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/widget-settings/secrets",
      call: () => ({ method: "GET", url: "/api/v1/widget-settings/secrets" }),
      permission: "company.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/widget-settings/secrets/rotate",
      call: () => ({ method: "POST", url: "/api/v1/widget-settings/secrets/rotate" }),
      permission: "company.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "DELETE /api/v1/widget-settings/secrets/previous",
      call: () => ({ method: "DELETE", url: "/api/v1/widget-settings/secrets/previous" }),
      permission: "company.write",
      otherCompany: "own",
      ok: 200,
    },
  ],
};
