import { call, unique } from "../harness.js";
import type { MatrixModule } from "./types.js";

let pageId = "";
let deleteId = "";
let pageTitle = "";

const settings = {
  enabled: true,
  customDomain: null,
  programName: "Matrix club",
  logoMediaId: null,
  backgroundMediaId: null,
  faviconMediaId: null,
  accentColor: "#224466",
  identifierLabelPl: "",
  identifierLabelEn: "",
  barcodeFormat: "code128",
  defaultProgramId: null,
};

/** The portal's settings (one row per company: another company sees and changes its own) and pages. */
export const portalSettingsRoutes: MatrixModule = {
  name: "portal-settings",
  secrets: () => [pageId, deleteId, pageTitle],
  async setup({ ctx, a }) {
    pageTitle = unique("Matrix page ");
    const create = async () => {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/portal-pages",
        auth: a.owner,
        body: { title: pageTitle, bodyHtml: "<p>x</p>" },
      });
      if (res.statusCode !== 201) throw new Error(`page: ${res.body}`);
      return res.data.id as string;
    };
    pageId = await create();
    deleteId = await create();
  },
  cases: [
    {
      route: "GET /api/v1/portal-settings",
      call: () => ({ method: "GET", url: "/api/v1/portal-settings" }),
      permission: "company.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "PUT /api/v1/portal-settings",
      call: () => ({ method: "PUT", url: "/api/v1/portal-settings", body: settings }),
      permission: "company.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/portal-pages",
      call: () => ({ method: "GET", url: "/api/v1/portal-pages" }),
      permission: "programs.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/portal-pages",
      call: () => ({ method: "POST", url: "/api/v1/portal-pages", body: { title: unique("P "), bodyHtml: "<p>{first_name}</p>" } }),
      permission: "programs.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "GET /api/v1/portal-pages/:id",
      call: () => ({ method: "GET", url: `/api/v1/portal-pages/${pageId}` }),
      permission: "programs.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "PATCH /api/v1/portal-pages/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/portal-pages/${pageId}`, body: { position: 3 } }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/portal-pages/:id",
      call: () => ({ method: "DELETE", url: `/api/v1/portal-pages/${deleteId}` }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 204,
    },
  ],
};
