import { sql } from "../../src/platform/sql.js";
import { call, unique } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let endpointId = "";
let toDeleteId = "";
let deliveryId = "";
const secretDescription = unique("Matrix webhook ");

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

export const webhookRoutes: MatrixModule = {
  name: "webhooks",
  secrets: () => [endpointId, secretDescription, deliveryId],
  async setup({ ctx, a }) {
    const create = async (description: string) => {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/webhooks/endpoints",
        auth: a.owner,
        // a receiver that is never reached: the matrix runs no worker
        body: { url: "https://example.com/matrix-hook", description, eventTypes: ["member.created"] },
      });
      if (res.statusCode !== 201) throw new Error(`endpoint: ${res.body}`);
      return res.data.endpoint.id as string;
    };
    endpointId = await create(secretDescription);
    toDeleteId = await create("to delete");
    const test = await call(ctx, { method: "POST", url: `/api/v1/webhooks/endpoints/${endpointId}/test`, auth: a.owner });
    if (test.statusCode !== 202) throw new Error(`test event: ${test.body}`);
    deliveryId = test.data.id;
    // dead, so replaying it is allowed and sends nothing anywhere (no worker runs here)
    await ctx.db.query(
      sql`update webhook_deliveries set status = 'dead', next_attempt_at = null where company_id = ${a.companyId} and id = ${deliveryId}`,
    );
  },
  cases: [
    { route: "GET /api/v1/webhooks/event-types", ...read(() => "/api/v1/webhooks/event-types", "own") },
    { route: "GET /api/v1/webhooks/endpoints", ...read(() => "/api/v1/webhooks/endpoints", "own") },
    { route: "GET /api/v1/webhooks/endpoints/:id", ...read(() => `/api/v1/webhooks/endpoints/${endpointId}`) },
    {
      route: "POST /api/v1/webhooks/endpoints",
      call: () => ({ method: "POST", url: "/api/v1/webhooks/endpoints", body: { url: "https://example.com/by-matrix", eventTypes: [] } }),
      permission: "integrations.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/webhooks/endpoints/:id",
      ...write("PATCH", () => `/api/v1/webhooks/endpoints/${endpointId}`, 200, { description: "changed by the matrix" }),
    },
    { route: "DELETE /api/v1/webhooks/endpoints/:id", ...write("DELETE", () => `/api/v1/webhooks/endpoints/${toDeleteId}`, 204) },
    { route: "GET /api/v1/webhooks/endpoints/:id/secret", ...write("GET", () => `/api/v1/webhooks/endpoints/${endpointId}/secret`, 200) },
    {
      route: "POST /api/v1/webhooks/endpoints/:id/rotate-secret",
      ...write("POST", () => `/api/v1/webhooks/endpoints/${endpointId}/rotate-secret`, 200),
    },
    { route: "POST /api/v1/webhooks/endpoints/:id/test", ...write("POST", () => `/api/v1/webhooks/endpoints/${endpointId}/test`, 202) },
    { route: "GET /api/v1/webhooks/deliveries", ...read(() => `/api/v1/webhooks/deliveries?endpointId=${endpointId}`, "own") },
    { route: "GET /api/v1/webhooks/deliveries/:id", ...read(() => `/api/v1/webhooks/deliveries/${deliveryId}`) },
    {
      route: "POST /api/v1/webhooks/deliveries/:id/replay",
      ...write("POST", () => `/api/v1/webhooks/deliveries/${deliveryId}/replay`, 202),
    },
  ],
};
