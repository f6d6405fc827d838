import type { MemberMatrixModule } from "./member-types.js";

let slug = "";

export const memberSessionRoutes: MemberMatrixModule = {
  name: "member sessions",
  async setup(f) {
    slug = f.slugA;
  },
  cases: [
    {
      route: "GET /api/v1/portal/:slug/session",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/session` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "POST /api/v1/portal/:slug/logout",
      call: () => ({ method: "POST", url: `/api/v1/portal/${slug}/logout` }),
      ok: 204,
      otherMember: "own",
    },
    {
      route: "POST /api/v1/portal/:slug/logout-everywhere",
      call: () => ({ method: "POST", url: `/api/v1/portal/${slug}/logout-everywhere` }),
      ok: 200,
      otherMember: "own",
    },
  ],
};
