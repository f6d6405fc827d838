import { call, unique } from "../harness.js";
import type { MatrixModule } from "./types.js";

// A member of its own: the erase case erases it (a second erase answers 200 alreadyErased).
let memberId = "";
let cardNumber = "";
let lastName = "";

export const privacyRoutes: MatrixModule = {
  name: "privacy",
  secrets: () => [memberId, cardNumber, lastName],
  async setup({ ctx, a }) {
    lastName = unique("Privacy");
    const created = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { firstName: "Matrix", lastName } });
    if (created.statusCode !== 201) throw new Error(`member setup failed: ${created.body}`);
    memberId = created.data.id;
    cardNumber = created.data.cardNumber;
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
  ],
};
