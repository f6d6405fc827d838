import { call, createMemberVia, createProgramVia, unique } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let rewardId = "";
let stockedRewardId = "";
let programId = "";
let poolId = "";
let memberId = "";
let code = "";
let redemptionIds: string[] = [];

const get = (url: () => string, permission: string, otherCompany: RouteCase["otherCompany"] = 404): Omit<RouteCase, "route"> => ({
  call: () => ({ method: "GET", url: url() }),
  permission,
  otherCompany,
  ok: 200,
});

export const rewardRoutes: MatrixModule = {
  name: "rewards",
  secrets: () => [rewardId, poolId, code],
  async setup({ ctx, a }) {
    programId = await createProgramVia(ctx, a.owner);
    stockedRewardId = (
      await call(ctx, {
        method: "POST",
        url: "/api/v1/rewards",
        auth: a.owner,
        body: { programId, namePl: "Stocked", kind: "physical", pointsPrice: 5, stockMode: "global", initialStock: 1 },
      })
    ).data.id;
    poolId = (await call(ctx, { method: "POST", url: "/api/v1/voucher-pools", auth: a.owner, body: { name: "Matrix pool" } })).data.id;
    await call(ctx, { method: "POST", url: `/api/v1/voucher-pools/${poolId}/generate`, auth: a.owner, body: { count: 20 } });
    rewardId = (
      await call(ctx, {
        method: "POST",
        url: "/api/v1/rewards",
        auth: a.owner,
        body: { programId, namePl: "Matrix", kind: "voucher", voucherPoolId: poolId, pointsPrice: 1 },
      })
    ).data.id;
    memberId = (await createMemberVia(ctx, a.owner)).id;
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/adjustments`,
      auth: a.owner,
      body: { programId, points: 100, reason: "matrix" },
    });
    redemptionIds = [];
    for (let i = 0; i < 3; i++)
      redemptionIds.push(
        (await call(ctx, { method: "POST", url: "/api/v1/redemptions", auth: a.owner, body: { memberId, rewardId } })).data.redemption.id,
      );
    code = (await call(ctx, { method: "GET", url: `/api/v1/redemptions/${redemptionIds[0]}`, auth: a.owner })).data.codes[0];
  },
  cases: [
    { route: "GET /api/v1/rewards", ...get(() => "/api/v1/rewards", "rewards.read", "own") },
    { route: "GET /api/v1/rewards/:id", ...get(() => `/api/v1/rewards/${rewardId}`, "rewards.read") },
    {
      route: "POST /api/v1/rewards",
      call: () => ({ method: "POST", url: "/api/v1/rewards", body: { programId: "prg_x", namePl: "X", kind: "physical", pointsPrice: 5 } }),
      permission: "rewards.write",
      otherCompany: "own",
      ok: 400,
    },
    {
      route: "PATCH /api/v1/rewards/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/rewards/${rewardId}`, body: { sortOrder: 3 } }),
      permission: "rewards.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/rewards/:id/stock", ...get(() => `/api/v1/rewards/${stockedRewardId}/stock`, "rewards.read") },
    {
      route: "POST /api/v1/rewards/:id/stock",
      call: () => ({ method: "POST", url: `/api/v1/rewards/${stockedRewardId}/stock`, body: { kind: "delivery", quantity: 1 } }),
      permission: "rewards.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/voucher-pools", ...get(() => "/api/v1/voucher-pools", "rewards.read", "own") },
    {
      route: "POST /api/v1/voucher-pools",
      call: () => ({ method: "POST", url: "/api/v1/voucher-pools", body: { name: unique("Pool ") } }),
      permission: "rewards.write",
      otherCompany: "own",
      ok: 201,
    },
    { route: "GET /api/v1/voucher-pools/:id", ...get(() => `/api/v1/voucher-pools/${poolId}`, "rewards.read") },
    {
      route: "POST /api/v1/voucher-pools/:id/import",
      call: () => ({ method: "POST", url: `/api/v1/voucher-pools/${poolId}/import`, body: { csv: `M-${unique()}` } }),
      permission: "rewards.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/voucher-pools/:id/generate",
      call: () => ({ method: "POST", url: `/api/v1/voucher-pools/${poolId}/generate`, body: { count: 1 } }),
      permission: "rewards.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/voucher-pools/:id/codes", ...get(() => `/api/v1/voucher-pools/${poolId}/codes`, "rewards.read") },
    { route: "GET /api/v1/voucher-codes/:code", ...get(() => `/api/v1/voucher-codes/${code}`, "vouchers.use") },
    {
      route: "POST /api/v1/voucher-codes/:code/use",
      call: () => ({ method: "POST", url: `/api/v1/voucher-codes/${code}/use`, body: {} }),
      permission: "vouchers.use",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/redemptions",
      call: () => ({ method: "POST", url: "/api/v1/redemptions", body: { memberId, rewardId } }),
      permission: "redemptions.write",
      otherCompany: 404,
      ok: 201,
    },
    { route: "GET /api/v1/redemptions", ...get(() => "/api/v1/redemptions", "rewards.read", "own") },
    { route: "GET /api/v1/redemptions/:id", ...get(() => `/api/v1/redemptions/${redemptionIds[0]}`, "rewards.read") },
    {
      route: "POST /api/v1/redemptions/:id/fulfil",
      call: () => ({ method: "POST", url: `/api/v1/redemptions/${redemptionIds[1]}/fulfil`, body: { method: "collected" } }),
      permission: "redemptions.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/redemptions/:id/cancel",
      call: () => ({ method: "POST", url: `/api/v1/redemptions/${redemptionIds[2]}/cancel`, body: { reason: "matrix test" } }),
      permission: "redemptions.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/members/:id/rewards", ...get(() => `/api/v1/members/${memberId}/rewards`, "rewards.read") },
  ],
};
