import { call, unique } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let shopId = "";
let toDeleteId = "";
let secretA = "";
let programIdA = "";
const secretName = unique("Matrix shop ");

const read = (url: () => string, otherCompany: RouteCase["otherCompany"] = 404): Omit<RouteCase, "route"> => ({
  call: () => ({ method: "GET", url: url() }),
  permission: "integrations.read",
  otherCompany,
  ok: 200,
});
const write = (method: "POST" | "PATCH" | "DELETE" | "GET", url: () => string, ok: number, body?: unknown): Omit<RouteCase, "route"> => ({
  call: () => ({ method, url: url(), ...(body === undefined ? {} : { body }) }),
  permission: "integrations.write",
  otherCompany: 404,
  ok,
});

/** E-shop connections (issue 24): company B never sees, changes or reads the secret of A's connections. */
export const connectorRoutes: MatrixModule = {
  name: "connectors",
  secrets: () => [shopId, secretName, secretA],
  async setup({ ctx, a }) {
    const programs = await call(ctx, { method: "GET", url: "/api/v1/programs", auth: a.owner });
    let programId = programs.data.data?.[0]?.id as string | undefined;
    if (!programId) {
      const created = await call(ctx, { method: "POST", url: "/api/v1/programs", auth: a.owner, body: { name: "Matrix shop program" } });
      programId = created.data.id as string;
    }
    const create = async (name: string) => {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/shops",
        auth: a.owner,
        body: { platform: "woocommerce", name, programId },
      });
      if (res.statusCode !== 201) throw new Error(`shop: ${res.body}`);
      return res.data as { shop: { id: string }; secret: string };
    };
    const created = await create(secretName);
    shopId = created.shop.id;
    secretA = created.secret;
    toDeleteId = (await create("to delete")).shop.id;
    programIdA = programId;
  },
  cases: [
    { route: "GET /api/v1/shops", ...read(() => "/api/v1/shops", "own") },
    {
      route: "POST /api/v1/shops",
      // A's program named by B: refused naming programId, as a program that does not exist.
      call: () => ({
        method: "POST",
        url: "/api/v1/shops",
        body: { platform: "generic", name: "created by the matrix", programId: programIdA },
      }),
      permission: "integrations.write",
      otherCompany: 400,
      ok: 201,
    },
    { route: "GET /api/v1/shops/:id", ...read(() => `/api/v1/shops/${shopId}`) },
    { route: "PATCH /api/v1/shops/:id", ...write("PATCH", () => `/api/v1/shops/${shopId}`, 200, { name: `${secretName} changed` }) },
    { route: "DELETE /api/v1/shops/:id", ...write("DELETE", () => `/api/v1/shops/${toDeleteId}`, 204) },
    { route: "GET /api/v1/shops/:id/secret", ...write("GET", () => `/api/v1/shops/${shopId}/secret`, 200) },
    { route: "POST /api/v1/shops/:id/rotate-secret", ...write("POST", () => `/api/v1/shops/${shopId}/rotate-secret`, 200) },
    { route: "GET /api/v1/shops/:id/deliveries", ...read(() => `/api/v1/shops/${shopId}/deliveries`) },
  ],
};
