import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors } from "../../platform/http.js";
import { startOverview } from "./start.schemas.js";
import { readStartOverview } from "./start.service.js";

export function registerStartRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;
  app.get(
    "/api/v1/start",
    {
      config: { access: "members.read" },
      schema: {
        tags: ["Start"],
        summary:
          "The start page: members (total, new this month), purchases and points per day over the last 30 days, rewards low on stock, failed messages and the first-steps checklist, in the company's time zone. Each part is null when the caller's permissions do not cover it; an account with counter permissions only gets no figures",
        response: { 200: startOverview, ...authErrors },
      },
    },
    async (req) => readStartOverview({ db, actor: actorOf(req), now: clock() }),
  );
}
