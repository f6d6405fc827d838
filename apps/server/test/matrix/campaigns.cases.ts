import { call, unique } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let draftId = "";
let toDeleteId = "";
let toSendId = "";
let scheduledId = "";
const secretName = unique("Matrix campaign ");

const get = (url: () => string, otherCompany: RouteCase["otherCompany"] = 404): Omit<RouteCase, "route"> => ({
  call: () => ({ method: "GET", url: url() }),
  permission: "messages.read",
  otherCompany,
  ok: 200,
});

const sms = (name: string) => ({ name, channel: "sms", text: "Hej {first_name}", audience: { tags: ["matrix-nobody"] } });

export const campaignRoutes: MatrixModule = {
  name: "campaigns",
  secrets: () => [draftId, toSendId, scheduledId, secretName],
  async setup({ ctx, a }) {
    await call(ctx, { method: "PUT", url: "/api/v1/messaging/settings/sms", auth: a.owner, body: { provider: "log" } });
    const create = async (name: string) => {
      const res = await call(ctx, { method: "POST", url: "/api/v1/campaigns", auth: a.owner, body: sms(name) });
      if (res.statusCode !== 201) throw new Error(`campaign: ${res.body}`);
      return res.data.id as string;
    };
    draftId = await create(secretName);
    toDeleteId = await create("to delete");
    toSendId = await create("to send");
    scheduledId = await create("scheduled");
    const at = new Date(Date.now() + 30 * 86_400_000).toISOString();
    await call(ctx, { method: "POST", url: `/api/v1/campaigns/${scheduledId}/send`, auth: a.owner, body: { scheduledAt: at } });
  },
  cases: [
    { route: "GET /api/v1/campaigns", ...get(() => "/api/v1/campaigns", "own") },
    { route: "GET /api/v1/campaigns/:id", ...get(() => `/api/v1/campaigns/${draftId}`) },
    {
      route: "POST /api/v1/campaigns",
      call: () => ({ method: "POST", url: "/api/v1/campaigns", body: sms("created by the matrix") }),
      permission: "messages.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/campaigns/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/campaigns/${draftId}`, body: { throttlePerMinute: 10 } }),
      permission: "messages.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/campaigns/:id",
      call: () => ({ method: "DELETE", url: `/api/v1/campaigns/${toDeleteId}` }),
      permission: "messages.write",
      otherCompany: 404,
      ok: 204,
    },
    {
      route: "POST /api/v1/campaigns/audience-count",
      call: () => ({
        method: "POST",
        url: "/api/v1/campaigns/audience-count",
        body: { channel: "email", purpose: "newsletter", audience: {} },
      }),
      permission: "messages.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/campaigns/:id/send",
      call: () => ({ method: "POST", url: `/api/v1/campaigns/${toSendId}/send`, body: {} }),
      permission: "messages.send",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/campaigns/:id/cancel",
      call: () => ({ method: "POST", url: `/api/v1/campaigns/${scheduledId}/cancel` }),
      permission: "messages.send",
      otherCompany: 404,
      ok: 200,
    },
  ],
};
