import { call, createProgramVia } from "../harness.js";
import type { MatrixModule } from "./types.js";

let programId = "";

const SETTINGS = {
  enabled: true,
  email: {
    enabled: true,
    purpose: "commercial_information",
    subject: "Hi {first_name}",
    html: "<p>+{points_change}: {points}</p>",
    text: "",
    textMode: "auto",
  },
  sms: { enabled: false, purpose: "sms_marketing", text: "" },
};

export const notificationRoutes: MatrixModule = {
  name: "notifications",
  secrets: () => [programId],
  async setup({ ctx, a }) {
    programId = await createProgramVia(ctx, a.owner);
    const res = await call(ctx, {
      method: "PUT",
      url: `/api/v1/programs/${programId}/notifications/welcome`,
      auth: a.owner,
      body: SETTINGS,
    });
    if (res.statusCode !== 200) throw new Error(`notification: ${res.body}`);
  },
  cases: [
    {
      route: "GET /api/v1/programs/:id/notifications",
      call: () => ({ method: "GET", url: `/api/v1/programs/${programId}/notifications` }),
      permission: "messages.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "PUT /api/v1/programs/:id/notifications/:kind",
      call: () => ({ method: "PUT", url: `/api/v1/programs/${programId}/notifications/points_earned`, body: SETTINGS }),
      permission: "messages.write",
      otherCompany: 404,
      ok: 200,
      notIds: ["kind"],
    },
  ],
};
