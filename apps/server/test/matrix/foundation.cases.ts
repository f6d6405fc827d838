import { addStaff, createApiKeyVia, createLocationVia, unique } from "../harness.js";
import type { MatrixModule } from "./types.js";

let aLocation = "";
let aKey = { id: "", secret: "" };
let aStaffId = "";
let companyA = "";

export const foundationRoutes: MatrixModule = {
  name: "foundation",
  secrets: () => [aLocation],
  async setup({ ctx, a }) {
    aLocation = await createLocationVia(ctx, a.owner);
    aKey = await createApiKeyVia(ctx, a.owner, ["locations.read"]);
    aStaffId = (await addStaff(ctx, a, "marketer")).id;
    companyA = a.companyId;
  },
  cases: [
    {
      route: "GET /api/v1/auth/session",
      call: () => ({ method: "GET", url: "/api/v1/auth/session" }),
      permission: null,
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/auth/switch-company",
      call: () => ({ method: "POST", url: "/api/v1/auth/switch-company", body: { companyId: companyA } }),
      permission: null,
      otherCompany: 403,
      ok: 200,
    },
    {
      route: "POST /api/v1/auth/password",
      call: () => ({
        method: "POST",
        url: "/api/v1/auth/password",
        body: { currentPassword: "wrong-password-1", newPassword: "new-password-123" },
      }),
      permission: null,
      otherCompany: "own",
      ok: 400,
    },
    {
      route: "PATCH /api/v1/auth/profile",
      call: () => ({ method: "PATCH", url: "/api/v1/auth/profile", body: { language: "pl" } }),
      permission: null,
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/auth/logout",
      call: () => ({ method: "POST", url: "/api/v1/auth/logout" }),
      permission: null,
      otherCompany: "own",
      ok: 204,
      consumesSession: true,
    },
    {
      route: "GET /api/v1/company",
      call: () => ({ method: "GET", url: "/api/v1/company" }),
      permission: "company.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "PATCH /api/v1/company",
      call: () => ({ method: "PATCH", url: "/api/v1/company", body: { description: "x" } }),
      permission: "company.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/companies",
      call: () => ({ method: "POST", url: "/api/v1/companies", body: { name: unique("New ") } }),
      permission: "operator",
      otherCompany: 403,
      ok: 201,
    },
    {
      route: "GET /api/v1/locations",
      call: () => ({ method: "GET", url: "/api/v1/locations" }),
      permission: "locations.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/locations/:id",
      call: () => ({ method: "GET", url: `/api/v1/locations/${aLocation}` }),
      permission: "locations.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/locations",
      call: () => ({ method: "POST", url: "/api/v1/locations", body: { name: unique("L") } }),
      permission: "locations.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/locations/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/locations/${aLocation}`, body: { phone: "+48 600 100 200" } }),
      permission: "locations.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/roles",
      call: () => ({ method: "GET", url: "/api/v1/roles" }),
      permission: "staff.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/staff",
      call: () => ({ method: "GET", url: "/api/v1/staff" }),
      permission: "staff.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/staff/:id",
      call: () => ({ method: "GET", url: `/api/v1/staff/${aStaffId}` }),
      permission: "staff.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "PATCH /api/v1/staff/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/staff/${aStaffId}`, body: { role: "analyst" } }),
      permission: "staff.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/staff/:id",
      call: () => ({ method: "DELETE", url: `/api/v1/staff/${aStaffId}` }),
      permission: "staff.write",
      otherCompany: 404,
      ok: 204,
    },
    {
      route: "GET /api/v1/api-keys",
      call: () => ({ method: "GET", url: "/api/v1/api-keys" }),
      permission: "api_keys.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/api-keys",
      call: () => ({ method: "POST", url: "/api/v1/api-keys", body: { name: "k", scopes: ["locations.read"] } }),
      permission: "api_keys.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/api-keys/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/api-keys/${aKey.id}`, body: { rateLimitPerMinute: 600 } }),
      permission: "api_keys.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/api-keys/:id/usage",
      call: () => ({ method: "GET", url: `/api/v1/api-keys/${aKey.id}/usage` }),
      permission: "api_keys.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/api-keys/:id",
      call: () => ({ method: "DELETE", url: `/api/v1/api-keys/${aKey.id}` }),
      permission: "api_keys.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/audit-log",
      call: () => ({ method: "GET", url: "/api/v1/audit-log" }),
      permission: "audit.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/media",
      call: () => ({ method: "POST", url: "/api/v1/media" }),
      permission: "company.write",
      otherCompany: "own",
      ok: 400,
    },
  ],
};
