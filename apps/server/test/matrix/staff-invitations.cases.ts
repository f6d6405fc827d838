import { call, unique } from "../harness.js";
import type { MatrixModule } from "./types.js";

// Invitations of company A (no e-mail set up there, so the answers carry the link).
let toResend = "";
let toRevoke = "";
let invitedEmail = "";

export const staffInvitationRoutes: MatrixModule = {
  name: "staff invitations",
  secrets: () => [invitedEmail],
  async setup({ ctx, a }) {
    const invite = async (email: string) => {
      const res = await call(ctx, { method: "POST", url: "/api/v1/staff/invitations", auth: a.owner, body: { email, role: "cashier" } });
      if (res.statusCode !== 201) throw new Error(`invite failed: ${res.statusCode} ${res.body}`);
      return res.data.invitation.id as string;
    };
    invitedEmail = `${unique("matrix-invite")}@example.com`;
    toResend = await invite(invitedEmail);
    toRevoke = await invite(`${unique("matrix-revoke")}@example.com`);
  },
  cases: [
    {
      route: "GET /api/v1/staff/invitations",
      call: () => ({ method: "GET", url: "/api/v1/staff/invitations" }),
      permission: "staff.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/staff/invitations",
      call: () => ({ method: "POST", url: "/api/v1/staff/invitations", body: { email: `${unique()}@example.com`, role: "cashier" } }),
      permission: "staff.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "POST /api/v1/staff/invitations/:id/resend",
      call: () => ({ method: "POST", url: `/api/v1/staff/invitations/${toResend}/resend` }),
      permission: "staff.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "DELETE /api/v1/staff/invitations/:id",
      call: () => ({ method: "DELETE", url: `/api/v1/staff/invitations/${toRevoke}` }),
      permission: "staff.write",
      otherCompany: 404,
      ok: 204,
    },
  ],
};
