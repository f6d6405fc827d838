import type { MatrixModule } from "./types.js";

/** The start page's figures: company B's credentials get B's own (empty) figures, never A's. */
export const startRoutes: MatrixModule = {
  name: "start",
  async setup() {},
  cases: [
    {
      route: "GET /api/v1/start",
      call: () => ({ method: "GET", url: "/api/v1/start" }),
      permission: "members.read",
      otherCompany: "own",
      ok: 200,
    },
  ],
};
