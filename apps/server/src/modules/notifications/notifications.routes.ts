import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { notification, notificationInput, notificationParams } from "./notifications.schemas.js";
import { listNotifications, saveNotification } from "./notifications.service.js";

const tags = ["Messages"];

export function registerNotificationRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/programs/:id/notifications",
    {
      config: { access: "messages.read" },
      schema: {
        tags,
        summary:
          "The program's automatic notifications, one per kind; kinds never saved show their defaults in the company's language (switched off)",
        params: idParams,
        response: { 200: z.object({ data: z.array(notification) }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => ({ data: await listNotifications({ db, companyId: actorOf(req).companyId, programId: req.params.id }) }),
  );

  app.put(
    "/api/v1/programs/:id/notifications/:kind",
    {
      config: { access: "messages.write" },
      schema: {
        tags,
        summary:
          "Switch a notification on or off and set its texts per channel and the consent each needs; an unknown `{field}` is refused, naming it and where it is",
        params: notificationParams,
        body: notificationInput,
        response: { 200: notification, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => saveNotification({ db, actor: actorOf(req), programId: req.params.id, kind: req.params.kind, input: req.body }),
  );
}
