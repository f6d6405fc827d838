import { call } from "../harness.js";
import { drainReferrals } from "../referral-fixtures.js";
import type { MatrixModule } from "./types.js";

let referrerId = "";
let friendId = "";

/** Referrals: lists and report answer another company with its own (empty) data; a review of A's referral is a 404 to B. */
export const referralRoutes: MatrixModule = {
  name: "referrals",
  secrets: () => [referrerId, friendId],
  async setup({ ctx, a }) {
    const referrer = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: { firstName: "Matrix", lastName: "Referrer" },
    });
    referrerId = referrer.data.id;
    const friend = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: { firstName: "Matrix", lastName: "Friend", referrerId },
    });
    if (friend.statusCode !== 201) throw new Error(`referral setup failed: ${friend.body}`);
    friendId = friend.data.id;
    await drainReferrals(ctx.db, a.companyId);
  },
  cases: [
    {
      route: "GET /api/v1/referrals",
      call: () => ({ method: "GET", url: `/api/v1/referrals?referrerId=${referrerId}` }),
      permission: "members.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/referrals/report",
      call: () => ({ method: "GET", url: "/api/v1/referrals/report" }),
      permission: "members.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      // The owner's answer: the referral exists but was never flagged, so there is nothing to decide (409).
      route: "POST /api/v1/referrals/:id/review",
      call: () => ({ method: "POST", url: `/api/v1/referrals/${friendId}/review`, body: { decision: "approve" } }),
      permission: "members.write",
      otherCompany: 404,
      ok: 409,
    },
  ],
};
