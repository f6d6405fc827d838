import { call } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let deliveryId = "";

const get = (url: () => string, permission: string, otherCompany: RouteCase["otherCompany"] = 404): Omit<RouteCase, "route"> => ({
  call: () => ({ method: "GET", url: url() }),
  permission,
  otherCompany,
  ok: 200,
});

export const messagingRoutes: MatrixModule = {
  name: "messaging",
  secrets: () => [deliveryId, "matrix-sms-secret"],
  async setup({ ctx, a }) {
    // Company A sends SMS through the log-only provider; its e-mail stays unconfigured (test send = 422).
    const sms = await call(ctx, {
      method: "PUT",
      url: "/api/v1/messaging/settings/sms",
      auth: a.owner,
      body: { provider: "log", token: "matrix-sms-secret" },
    });
    if (sms.statusCode !== 200) throw new Error(`sms settings: ${sms.body}`);
    deliveryId = (await call(ctx, { method: "POST", url: "/api/v1/messaging/settings/sms/test", auth: a.owner, body: { to: "600100200" } }))
      .data.deliveryId;
  },
  cases: [
    { route: "GET /api/v1/messaging/settings", ...get(() => "/api/v1/messaging/settings", "messages.read", "own") },
    {
      route: "PUT /api/v1/messaging/settings/email",
      call: () => ({ method: "PUT", url: "/api/v1/messaging/settings/email", body: { enabled: false, host: "smtp.example.com" } }),
      permission: "messages.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "PUT /api/v1/messaging/settings/sms",
      call: () => ({ method: "PUT", url: "/api/v1/messaging/settings/sms", body: { provider: "log" } }),
      permission: "messages.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/messaging/settings/email/test",
      call: () => ({ method: "POST", url: "/api/v1/messaging/settings/email/test", body: { to: "matrix@example.com" } }),
      permission: "messages.send",
      otherCompany: "own",
      ok: 422,
    },
    {
      route: "POST /api/v1/messaging/settings/sms/test",
      call: () => ({ method: "POST", url: "/api/v1/messaging/settings/sms/test", body: { to: "600100200" } }),
      permission: "messages.send",
      otherCompany: "own",
      ok: 200,
    },
    { route: "GET /api/v1/messages", ...get(() => "/api/v1/messages", "messages.read", "own") },
    { route: "GET /api/v1/messages/:id", ...get(() => `/api/v1/messages/${deliveryId}`, "messages.read") },
  ],
};
