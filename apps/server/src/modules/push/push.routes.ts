import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, authErrors, errorResponse, memberOf, portalParams } from "../../platform/http.js";
import { pushDevice, pushDeviceList, pushEndpointInput, pushKey, pushSubscriptionInput } from "./push.schemas.js";
import { listPushDevices, subscribeToPush, unsubscribeFromPush } from "./subscriptions.service.js";
import { vapidKeys } from "./vapid-keys.js";

const tags = ["Portal: push notifications"];

/**
 * `portalCompanyOf` comes from app.ts: portal-settings stands above messaging (its pages render
 * personal fields through templates), and messaging sends through push, so push may not import it.
 */
export function registerPushRoutes(app: App, deps: Deps, portalCompanyOf: (db: Deps["db"], slug: string) => Promise<unknown>): void {
  const { db, config, clock } = deps;

  app.get(
    "/api/v1/portal/:slug/push/key",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "The installation's VAPID public key, for PushManager.subscribe (the same for every company)",
        params: portalParams,
        response: { 200: pushKey, 404: errorResponse },
      },
    },
    async (req) => {
      await portalCompanyOf(db, req.params.slug);
      return { publicKey: (await vapidKeys(db, config)).publicKey };
    },
  );

  app.get(
    "/api/v1/portal/:slug/me/push-subscriptions",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "My devices subscribed to push notifications",
        params: portalParams,
        response: { 200: pushDeviceList, ...authErrors, 404: errorResponse },
      },
    },
    async (req) => {
      const me = memberOf(req);
      return { data: await listPushDevices(db, me.companyId, me.memberId) };
    },
  );

  app.post(
    "/api/v1/portal/:slug/me/push-subscriptions",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Subscribe this device: the browser's PushSubscription (needs the push notifications consent: 409 otherwise)",
        params: portalParams,
        body: pushSubscriptionInput,
        response: { 200: pushDevice, ...authErrors, 404: errorResponse, 409: errorResponse },
      },
    },
    async (req) => {
      const me = memberOf(req);
      return subscribeToPush({
        db,
        config,
        companyId: me.companyId,
        memberId: me.memberId,
        subscription: req.body,
        userAgent: req.headers["user-agent"] ?? null,
        now: clock(),
      });
    },
  );

  app.delete(
    "/api/v1/portal/:slug/me/push-subscriptions",
    {
      config: { access: "member" },
      schema: {
        tags,
        summary: "Unsubscribe a device of mine by its endpoint",
        params: portalParams,
        body: pushEndpointInput,
        response: { 204: z.null(), ...authErrors, 404: errorResponse },
      },
    },
    async (req, reply) => {
      const me = memberOf(req);
      await unsubscribeFromPush(db, me.companyId, me.memberId, req.body.endpoint);
      return reply.code(204).send(null);
    },
  );
}
