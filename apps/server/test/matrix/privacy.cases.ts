import { requestErasure } from "../../src/modules/privacy/privacy-requests.js";
import { call, ownerActor, unique } from "../harness.js";
import type { MatrixModule } from "./types.js";

// A member of its own: the erase case erases it (a second erase answers 200 alreadyErased).
let memberId = "";
let cardNumber = "";
let lastName = "";
// A request to dismiss, made for a member of its own.
let requestId = "";

export const privacyRoutes: MatrixModule = {
  name: "privacy",
  secrets: () => [memberId, cardNumber, lastName],
  async setup({ ctx, a }) {
    lastName = unique("Privacy");
    const created = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { firstName: "Matrix", lastName } });
    if (created.statusCode !== 201) throw new Error(`member setup failed: ${created.body}`);
    memberId = created.data.id;
    cardNumber = created.data.cardNumber;
    const requester = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { firstName: "Matrix", lastName } });
    const made = await requestErasure({ db: ctx.db, actor: ownerActor(a), memberId: requester.data.id, reason: "matrix" });
    requestId = made.request.id;
  },
  cases: [
    {
      route: "GET /api/v1/members/:id/export",
      call: () => ({ method: "GET", url: `/api/v1/members/${memberId}/export` }),
      permission: "members.export",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/members/:id/erase",
      call: () => ({ method: "POST", url: `/api/v1/members/${memberId}/erase`, body: { confirmCardNumber: cardNumber } }),
      permission: "members.erase",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/privacy-requests",
      call: () => ({ method: "GET", url: "/api/v1/privacy-requests" }),
      permission: "members.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/privacy-requests/:id/dismiss",
      call: () => ({ method: "POST", url: `/api/v1/privacy-requests/${requestId}/dismiss`, body: { note: "Kept by law" } }),
      permission: "members.erase",
      otherCompany: 404,
      ok: 200,
    },
  ],
};
