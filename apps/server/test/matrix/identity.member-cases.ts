import type { MemberMatrixModule } from "./member-types.js";

let slug = "";

/**
 * Member identity (issue 21): the one route behind a member session is the password change; the
 * public ones (sign-up, sign-in, reset, activation) have isolation tests of their own in
 * member-signup.test.ts and member-sign-in.test.ts (a code or link of company A does nothing on B).
 */
export const identityRoutes: MemberMatrixModule = {
  name: "member identity",
  async setup(f) {
    slug = f.slugA;
  },
  cases: [
    {
      route: "PUT /api/v1/portal/:slug/me/password",
      // Members of the fixtures were created by staff and sign in by codes: a first password needs no current one.
      call: () => ({ method: "PUT", url: `/api/v1/portal/${slug}/me/password`, body: { newPassword: "matrix-lantern-harbour-9" } }),
      ok: 204,
      otherMember: "own",
    },
  ],
  publicRoutes: [
    "GET /api/v1/portal/:slug/signup-form",
    "POST /api/v1/portal/:slug/signup",
    "POST /api/v1/portal/:slug/signup/verify",
    "POST /api/v1/portal/:slug/login",
    "POST /api/v1/portal/:slug/login/code",
    "POST /api/v1/portal/:slug/login/code/verify",
    "POST /api/v1/portal/:slug/password-reset",
    "POST /api/v1/portal/:slug/password-reset/confirm",
    "POST /api/v1/portal/:slug/activate",
    "POST /api/v1/portal/:slug/activate/confirm",
  ],
};
