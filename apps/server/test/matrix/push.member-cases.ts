import { randomBytes } from "node:crypto";
import { call } from "../harness.js";
import { newBrowserKeys } from "../push-fixtures.js";
import type { MemberMatrixModule } from "./member-types.js";

let slug = "";
const keys = newBrowserKeys();
const subscription = (endpoint: string) => ({ endpoint, keys: { p256dh: keys.p256dh, auth: keys.auth } });
// Nothing listens there: subscribing does not connect (loopback is allowed in tests only).
const endpointFor = (what: string) => `http://127.0.0.1:9/wpush/${what}-${randomBytes(8).toString("hex")}`;
const toSubscribe = endpointFor("subscribe");
const toRemove = endpointFor("remove");

export const pushRoutes: MemberMatrixModule = {
  name: "push",
  async setup(f) {
    slug = f.slugA;
    const consents = (await call(f.ctx, { method: "GET", url: "/api/v1/consents", auth: f.a.owner })).data.data as {
      id: string;
      key: string;
    }[];
    const push = consents.find((c) => c.key === "push_notifications");
    if (!push) throw new Error("company A has no push consent");
    // Both members agreed: what A2 gets for A1's endpoint is then about whose device it is, not the consent.
    for (const memberId of [f.memberA1, f.memberA2]) {
      const res = await call(f.ctx, {
        method: "POST",
        url: `/api/v1/members/${memberId}/consents`,
        auth: f.a.owner,
        body: { changes: [{ consentId: push.id, granted: true }] },
      });
      if (res.statusCode !== 200) throw new Error(`consent: ${res.statusCode} ${res.body}`);
    }
    const res = await call(f.ctx, {
      method: "POST",
      url: `/api/v1/portal/${slug}/me/push-subscriptions`,
      auth: await f.sessionA1(),
      body: subscription(toRemove),
    });
    if (res.statusCode !== 200) throw new Error(`subscribe: ${res.statusCode} ${res.body}`);
  },
  cases: [
    {
      route: "GET /api/v1/portal/:slug/me/push-subscriptions",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/push-subscriptions` }),
      ok: 200,
      otherMember: "own",
    },
    {
      // The endpoint is the device: whoever holds it subscribes it for themselves (another member
      // signed in on the same browser); the answer names no endpoint.
      route: "POST /api/v1/portal/:slug/me/push-subscriptions",
      call: () => ({ method: "POST", url: `/api/v1/portal/${slug}/me/push-subscriptions`, body: subscription(toSubscribe) }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "DELETE /api/v1/portal/:slug/me/push-subscriptions",
      call: () => ({ method: "DELETE", url: `/api/v1/portal/${slug}/me/push-subscriptions`, body: { endpoint: toRemove } }),
      ok: 204,
      otherMember: 404,
    },
  ],
  publicRoutes: ["GET /api/v1/portal/:slug/push/key"],
  secrets: () => [new URL(toRemove).pathname, new URL(toSubscribe).pathname],
};
