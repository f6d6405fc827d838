import { call, createProgramVia, unique } from "../harness.js";
import type { MemberMatrixModule } from "./member-types.js";

// The member's points, rewards and card (modules/member-portal). Only the redemption id names A1's
// data; every other route answers the caller's own.

let slug = "";
let rewardId = "";
let redemptionId = "";
let secretsOfA1: string[] = [];

export const memberPointsRoutes: MemberMatrixModule = {
  name: "member points and rewards",
  async setup(f) {
    slug = f.slugA;
    const auth = f.a.owner;
    const programId = await createProgramVia(f.ctx, auth);
    for (const memberId of [f.memberA1, f.memberA2]) {
      await call(f.ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth, body: { programId } });
      await call(f.ctx, {
        method: "POST",
        url: `/api/v1/members/${memberId}/adjustments`,
        auth,
        body: { programId, points: 100_000, reason: "member matrix" },
      });
    }
    const reward = await call(f.ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth,
      body: { programId, namePl: unique("Nagroda "), kind: "physical", pointsPrice: 1 },
    });
    rewardId = reward.data.id;
    const pool = await call(f.ctx, { method: "POST", url: "/api/v1/voucher-pools", auth, body: { name: unique("Pula ") } });
    await call(f.ctx, { method: "POST", url: `/api/v1/voucher-pools/${pool.data.id}/generate`, auth, body: { count: 5 } });
    const voucher = await call(f.ctx, {
      method: "POST",
      url: "/api/v1/rewards",
      auth,
      body: { programId, namePl: unique("Bon "), kind: "voucher", voucherPoolId: pool.data.id, fulfilment: "none", pointsPrice: 1 },
    });
    const redeemed = await call(f.ctx, {
      method: "POST",
      url: `/api/v1/portal/${slug}/me/redemptions`,
      auth: await f.sessionA1(),
      headers: { "idempotency-key": unique("matrix-") },
      body: { rewardId: voucher.data.id },
    });
    if (redeemed.statusCode !== 201) throw new Error(`member matrix redemption: ${redeemed.body}`);
    redemptionId = redeemed.data.redemption.id;
    const card = await call(f.ctx, { method: "GET", url: `/api/v1/members/${f.memberA1}`, auth });
    secretsOfA1 = [redemptionId, redeemed.data.redemption.codes[0].code, card.data.cardNumber];
  },
  secrets: () => secretsOfA1,
  cases: [
    {
      route: "GET /api/v1/portal/:slug/me/home",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/home` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "GET /api/v1/portal/:slug/me/history",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/history?limit=10` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "GET /api/v1/portal/:slug/me/rewards",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/rewards` }),
      ok: 200,
      otherMember: "own",
    },
    {
      // Each call a new attempt (its own key): member A2 redeems with their own points.
      route: "POST /api/v1/portal/:slug/me/redemptions",
      call: () => ({
        method: "POST",
        url: `/api/v1/portal/${slug}/me/redemptions`,
        headers: { "idempotency-key": unique("attempt-") },
        body: { rewardId },
      }),
      ok: 201,
      otherMember: "own",
    },
    {
      route: "GET /api/v1/portal/:slug/me/redemptions",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/redemptions` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "GET /api/v1/portal/:slug/me/redemptions/:id",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/redemptions/${redemptionId}` }),
      ok: 200,
      otherMember: 404,
    },
    {
      route: "GET /api/v1/portal/:slug/me/card",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/card` }),
      ok: 200,
      otherMember: "own",
    },
  ],
};
