import { sql } from "../../src/platform/sql.js";
import { call, createMemberVia, unique } from "../harness.js";
import type { MemberMatrixModule } from "./member-types.js";

// The program page (public), referrals, profile, consents, export and deletion request of H6.
let slug = "";
let consent = { consentId: "", version: 1 };
let cardA1 = "";
let referralCodeA1 = "";
let friendLastName = "";

export const profileMemberRoutes: MemberMatrixModule = {
  name: "portal profile",
  publicRoutes: ["GET /api/v1/portal/:slug/program"],
  secrets: () => [cardA1, referralCodeA1, friendLastName],
  async setup(f) {
    slug = f.slugA;
    const consents = await call(f.ctx, { method: "GET", url: "/api/v1/consents?active=true", auth: f.a.owner });
    const first = consents.data.data[0];
    consent = { consentId: first.id, version: first.currentVersion };
    const [row] = await f.ctx.db.query<{ card_number: string; referral_code: string }>(
      sql`select card_number, referral_code from members where company_id = ${f.a.companyId} and id = ${f.memberA1}`,
    );
    cardA1 = row?.card_number ?? "";
    referralCodeA1 = row?.referral_code ?? "";
    // A friend A1 referred: A2 must not see them.
    friendLastName = unique("Friend");
    await createMemberVia(f.ctx, f.a.owner, { firstName: "Zofia", lastName: friendLastName, referrerId: f.memberA1 });
  },
  cases: [
    {
      route: "GET /api/v1/portal/:slug/me/referrals",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/referrals` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "GET /api/v1/portal/:slug/me/profile",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/profile` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "PATCH /api/v1/portal/:slug/me/profile",
      call: () => ({ method: "PATCH", url: `/api/v1/portal/${slug}/me/profile`, body: { firstName: "Ala", language: "en" } }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "GET /api/v1/portal/:slug/me/consents",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/consents` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "PUT /api/v1/portal/:slug/me/consents",
      call: () => ({ method: "PUT", url: `/api/v1/portal/${slug}/me/consents`, body: { changes: [{ ...consent, granted: true }] } }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "GET /api/v1/portal/:slug/me/export",
      call: () => ({ method: "GET", url: `/api/v1/portal/${slug}/me/export` }),
      ok: 200,
      otherMember: "own",
    },
    {
      route: "POST /api/v1/portal/:slug/me/deletion-request",
      call: () => ({ method: "POST", url: `/api/v1/portal/${slug}/me/deletion-request`, body: { reason: "matrix" } }),
      ok: 201,
      otherMember: "own",
    },
  ],
};
