import { call, createMemberVia, createProgramVia, unique } from "../harness.js";
import type { MatrixModule, RouteCase } from "./types.js";

let programId = "";
let tierId = "";
let spareTierIds: string[] = [];
let ruleId = "";
let memberId = "";
let purchaseId = "";
let adjustmentIds: string[] = [];

const pln = (amount: number) => ({ amount, currency: "PLN" });
const get = (url: () => string, permission: string, otherCompany: RouteCase["otherCompany"] = 404): Omit<RouteCase, "route"> => ({
  call: () => ({ method: "GET", url: url() }),
  permission,
  otherCompany,
  ok: 200,
});

export const pointsRoutes: MatrixModule = {
  name: "points",
  secrets: () => [programId, tierId, ruleId, purchaseId],
  async setup({ ctx, a }) {
    programId = await createProgramVia(ctx, a.owner, { name: "Matrix program" });
    tierId = (
      await call(ctx, {
        method: "POST",
        url: `/api/v1/programs/${programId}/tiers`,
        auth: a.owner,
        body: { name: "Gold", threshold: 100_000 },
      })
    ).data.id;
    spareTierIds = [];
    for (let i = 0; i < 2; i++) {
      spareTierIds.push(
        (
          await call(ctx, {
            method: "POST",
            url: `/api/v1/programs/${programId}/tiers`,
            auth: a.owner,
            body: { name: `Spare ${i}`, threshold: 200_000 + i },
          })
        ).data.id,
      );
    }
    ruleId = (
      await call(ctx, {
        method: "POST",
        url: `/api/v1/programs/${programId}/rules`,
        auth: a.owner,
        body: { name: "Newsletter", kind: "event", eventType: "newsletter_confirmed", bonusPoints: 10 },
      })
    ).data.id;
    memberId = (await createMemberVia(ctx, a.owner)).id;
    const bought = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId, receiptNumber: unique("M-"), amount: pln(50_000) },
    });
    purchaseId = bought.data.purchase.id;
    adjustmentIds = [];
    for (let i = 0; i < 3; i++) {
      adjustmentIds.push(
        (
          await call(ctx, {
            method: "POST",
            url: `/api/v1/members/${memberId}/adjustments`,
            auth: a.owner,
            body: { programId, points: 5, reason: "matrix" },
          })
        ).data.id,
      );
    }
  },
  cases: [
    { route: "GET /api/v1/programs", ...get(() => "/api/v1/programs", "programs.read", "own") },
    { route: "GET /api/v1/programs/:id", ...get(() => `/api/v1/programs/${programId}`, "programs.read") },
    { route: "GET /api/v1/programs/:id/cost", ...get(() => `/api/v1/programs/${programId}/cost`, "programs.read") },
    {
      route: "POST /api/v1/programs",
      call: () => ({ method: "POST", url: "/api/v1/programs", body: { name: unique("P") } }),
      permission: "programs.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/programs/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/programs/${programId}`, body: { slogan: "Zbieraj punkty" } }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/programs/:id/tiers", ...get(() => `/api/v1/programs/${programId}/tiers`, "programs.read") },
    {
      route: "POST /api/v1/programs/:id/tiers",
      call: () => ({
        method: "POST",
        url: `/api/v1/programs/${programId}/tiers`,
        body: { name: "Silver", threshold: Math.floor(Math.random() * 90_000) + 1 },
      }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 201,
    },
    {
      route: "PATCH /api/v1/programs/:programId/tiers/:tierId",
      call: () => ({ method: "PATCH", url: `/api/v1/programs/${programId}/tiers/${tierId}`, body: { discountBp: 500 } }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/programs/:programId/tiers/:tierId",
      call: () => ({ method: "DELETE", url: `/api/v1/programs/${programId}/tiers/${spareTierIds[0]}` }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 204,
    },
    { route: "GET /api/v1/programs/:id/rules", ...get(() => `/api/v1/programs/${programId}/rules`, "programs.read") },
    {
      route: "GET /api/v1/programs/:programId/rules/:ruleId",
      ...get(() => `/api/v1/programs/${programId}/rules/${ruleId}`, "programs.read"),
    },
    {
      route: "POST /api/v1/programs/:id/rules",
      call: () => ({
        method: "POST",
        url: `/api/v1/programs/${programId}/rules`,
        body: { name: "Bonus", kind: "bonus", bonusPoints: 5, active: false },
      }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 201,
    },
    {
      route: "PATCH /api/v1/programs/:programId/rules/:ruleId",
      call: () => ({ method: "PATCH", url: `/api/v1/programs/${programId}/rules/${ruleId}`, body: { bonusPoints: 15 } }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "PUT /api/v1/members/:memberId/programs/:programId/tier",
      call: () => ({ method: "PUT", url: `/api/v1/members/${memberId}/programs/${programId}/tier`, body: { tierId, locked: false } }),
      permission: "points.adjust",
      otherCompany: 404,
      ok: 204,
    },
    { route: "GET /api/v1/members/:id/tier-history", ...get(() => `/api/v1/members/${memberId}/tier-history`, "members.read") },
    {
      route: "POST /api/v1/members/:id/enrollments",
      call: () => ({ method: "POST", url: `/api/v1/members/${memberId}/enrollments`, body: { programId } }),
      permission: "members.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/members/:id/balances", ...get(() => `/api/v1/members/${memberId}/balances`, "members.read") },
    { route: "GET /api/v1/members/:id/ledger", ...get(() => `/api/v1/members/${memberId}/ledger`, "members.read") },
    {
      route: "POST /api/v1/members/:id/adjustments",
      call: () => ({
        method: "POST",
        url: `/api/v1/members/${memberId}/adjustments`,
        body: { programId, points: 3, reason: "matrix test" },
      }),
      permission: "points.adjust",
      otherCompany: 404,
      ok: 201,
    },
    {
      route: "POST /api/v1/members/:id/events",
      call: () => ({
        method: "POST",
        url: `/api/v1/members/${memberId}/events`,
        body: { programId, type: "newsletter_confirmed", key: unique("k") },
      }),
      permission: "purchases.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/ledger-entries/:id", ...get(() => `/api/v1/ledger-entries/${adjustmentIds[0]}`, "members.read") },
    {
      route: "POST /api/v1/ledger-entries/:id/reverse",
      call: () => ({ method: "POST", url: `/api/v1/ledger-entries/${adjustmentIds[1]}/reverse`, body: { reason: "matrix test" } }),
      permission: "points.adjust",
      otherCompany: 404,
      ok: 201,
    },
    {
      route: "POST /api/v1/purchases",
      call: () => ({
        method: "POST",
        url: "/api/v1/purchases",
        body: { programId, memberId, receiptNumber: unique("M-"), amount: pln(1_000) },
      }),
      permission: "purchases.write",
      otherCompany: 404,
      ok: 201,
    },
    {
      route: "POST /api/v1/purchases/batch",
      call: () => ({
        method: "POST",
        url: "/api/v1/purchases/batch",
        body: { purchases: [{ programId, memberId, receiptNumber: unique("MB-"), amount: pln(1_000) }] },
      }),
      permission: "purchases.write",
      // Each receipt stands alone: another company's member is that receipt's not_found, in a 200.
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/purchases/preview",
      call: () => ({ method: "POST", url: "/api/v1/purchases/preview", body: { programId, memberId, amount: pln(1_000) } }),
      permission: "purchases.write",
      otherCompany: 404,
      ok: 200,
    },
    { route: "GET /api/v1/purchases", ...get(() => "/api/v1/purchases", "purchases.read", "own") },
    { route: "GET /api/v1/purchases/:id", ...get(() => `/api/v1/purchases/${purchaseId}`, "purchases.read") },
    {
      route: "POST /api/v1/purchases/:id/returns",
      call: () => ({
        method: "POST",
        url: `/api/v1/purchases/${purchaseId}/returns`,
        body: { returnNumber: unique("Z-"), amount: pln(100) },
      }),
      permission: "purchases.write",
      otherCompany: 404,
      ok: 201,
    },
  ],
};
