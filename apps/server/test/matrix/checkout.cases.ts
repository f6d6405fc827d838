import { BASKET, SETTINGS } from "../checkout-fixtures.js";
import { call, unique } from "../harness.js";
import type { MatrixModule } from "./types.js";

let programId = "";
let memberId = "";
let settleId = "";
let releaseId = "";

/** Points at checkout: A's program, member and reservations are 404 to company B (in the path or the body). */
export const checkoutRoutes: MatrixModule = {
  name: "checkout",
  secrets: () => [memberId, settleId, releaseId],
  async setup({ ctx, a }) {
    const program = await call(ctx, {
      method: "POST",
      url: "/api/v1/programs",
      auth: a.owner,
      body: { name: unique("Shop "), status: "active" },
    });
    programId = program.data.id;
    await call(ctx, { method: "PUT", url: `/api/v1/programs/${programId}/checkout-settings`, auth: a.owner, body: SETTINGS });
    const member = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: { firstName: "Matrix", lastName: "Shopper" },
    });
    memberId = member.data.id;
    await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId, receiptNumber: unique("M-"), amount: { amount: 10_000_000, currency: "PLN" } },
    });
    const reserve = () =>
      call(ctx, {
        method: "POST",
        url: "/api/v1/checkout/reservations",
        auth: a.owner,
        body: { programId, memberId, orderId: unique("O-"), basket: BASKET, apply: { discountPoints: 100 } },
      });
    settleId = (await reserve()).data.id;
    releaseId = (await reserve()).data.id;
  },
  cases: [
    {
      route: "GET /api/v1/programs/:id/checkout-settings",
      call: () => ({ method: "GET", url: `/api/v1/programs/${programId}/checkout-settings` }),
      permission: "programs.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "PUT /api/v1/programs/:id/checkout-settings",
      call: () => ({ method: "PUT", url: `/api/v1/programs/${programId}/checkout-settings`, body: SETTINGS }),
      permission: "programs.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/checkout/quote",
      call: () => ({ method: "POST", url: "/api/v1/checkout/quote", body: { programId, memberId, basket: BASKET } }),
      permission: "checkout.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/checkout/reservations",
      call: () => ({
        method: "POST",
        url: "/api/v1/checkout/reservations",
        body: { programId, memberId, orderId: unique("O-"), basket: BASKET, apply: { discountPoints: 100 } },
      }),
      permission: "checkout.write",
      otherCompany: 404,
      ok: 201,
    },
    {
      route: "GET /api/v1/checkout/reservations",
      call: () => ({ method: "GET", url: `/api/v1/checkout/reservations?programId=${programId}` }),
      permission: "programs.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/checkout/reservations/:id",
      call: () => ({ method: "GET", url: `/api/v1/checkout/reservations/${settleId}` }),
      permission: "checkout.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/checkout/reservations/:id/settle",
      call: () => ({ method: "POST", url: `/api/v1/checkout/reservations/${settleId}/settle` }),
      permission: "checkout.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/checkout/reservations/:id/release",
      call: () => ({ method: "POST", url: `/api/v1/checkout/reservations/${releaseId}/release` }),
      permission: "checkout.write",
      otherCompany: 404,
      ok: 200,
    },
  ],
};
