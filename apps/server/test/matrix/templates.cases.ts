import { call, createMemberVia, unique } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let templateId = "";
let deleteId = "";
let memberId = "";
let templateName = "";

const get = (url: () => string, otherCompany: RouteCase["otherCompany"] = 404): Omit<RouteCase, "route"> => ({
  call: () => ({ method: "GET", url: url() }),
  permission: "messages.read",
  otherCompany,
  ok: 200,
});

export const templateRoutes: MatrixModule = {
  name: "templates",
  secrets: () => [templateId, deleteId, templateName],
  async setup({ ctx, a }) {
    templateName = unique("Matrix template ");
    const create = async () => {
      const res = await call(ctx, {
        method: "POST",
        url: "/api/v1/message-templates",
        auth: a.owner,
        body: { name: templateName, channel: "email", subject: "Hi {first_name}", html: "<p>{points}</p>" },
      });
      if (res.statusCode !== 201) throw new Error(`template: ${res.body}`);
      return res.data.id as string;
    };
    templateId = await create();
    deleteId = await create();
    memberId = (await createMemberVia(ctx, a.owner)).id;
    // Test sends of SMS go to the log-only provider (the token, if any, stays).
    const sms = await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/sms", auth: a.owner, body: { provider: "log" } });
    if (sms.statusCode !== 200) throw new Error(`sms settings: ${sms.body}`);
  },
  cases: [
    { route: "GET /api/v1/message-placeholders", ...get(() => "/api/v1/message-placeholders", "own") },
    { route: "GET /api/v1/message-templates", ...get(() => "/api/v1/message-templates", "own") },
    { route: "GET /api/v1/message-templates/:id", ...get(() => `/api/v1/message-templates/${templateId}`) },
    {
      route: "POST /api/v1/message-templates",
      call: () => ({
        method: "POST",
        url: "/api/v1/message-templates",
        body: { name: unique("T "), channel: "sms", text: "{first_name}" },
      }),
      permission: "messages.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/message-templates/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/message-templates/${templateId}`, body: { subject: "Hello {first_name}" } }),
      permission: "messages.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/message-templates/:id",
      call: () => ({ method: "DELETE", url: `/api/v1/message-templates/${deleteId}` }),
      permission: "messages.write",
      otherCompany: 404,
      ok: 204,
    },
    {
      route: "POST /api/v1/message-templates/preview",
      call: () => ({
        method: "POST",
        url: "/api/v1/message-templates/preview",
        body: { channel: "email", subject: "Hi {first_name}", html: "<p>{points}</p>", memberId },
      }),
      permission: "messages.read",
      otherCompany: 400,
      ok: 200,
    },
    {
      route: "POST /api/v1/message-templates/test",
      call: () => ({
        method: "POST",
        url: "/api/v1/message-templates/test",
        body: { channel: "sms", text: "Hi {first_name}", memberId, to: "600100200" },
      }),
      permission: "messages.send",
      otherCompany: 400,
      ok: 200,
    },
  ],
};
