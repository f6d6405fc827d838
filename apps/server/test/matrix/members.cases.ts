import { call, unique } from "../harness.js";
import type { MatrixModule } from "./types.js";

let memberId = "";
let cardNumber = "";
let memberEmail = "";
let fieldId = "";
let consentId = "";

export const memberRoutes: MatrixModule = {
  name: "members",
  secrets: () => [memberId, cardNumber, memberEmail, fieldId, consentId],
  async setup({ ctx, a }) {
    memberEmail = `${unique("matrix")}@example.com`;
    const created = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: { firstName: "Matrix", lastName: "Member", email: memberEmail },
    });
    if (created.statusCode !== 201) throw new Error(`member setup failed: ${created.body}`);
    memberId = created.data.id;
    cardNumber = created.data.cardNumber;
    const field = await call(ctx, {
      method: "POST",
      url: "/api/v1/custom-fields",
      auth: a.owner,
      body: { key: unique("f_"), label: "Field", type: "text" },
    });
    fieldId = field.data.id;
    const consents = await call(ctx, { method: "GET", url: "/api/v1/consents", auth: a.owner });
    consentId = consents.data.data[0].id;
  },
  cases: [
    {
      route: "GET /api/v1/member-settings",
      call: () => ({ method: "GET", url: "/api/v1/member-settings" }),
      permission: "company.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "PATCH /api/v1/member-settings",
      call: () => ({ method: "PATCH", url: "/api/v1/member-settings", body: { cardNumberDigits: 12 } }),
      permission: "company.write",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/members",
      call: () => ({ method: "GET", url: "/api/v1/members" }),
      permission: "members.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "GET /api/v1/members/:id",
      call: () => ({ method: "GET", url: `/api/v1/members/${memberId}` }),
      permission: "members.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/members",
      call: () => ({ method: "POST", url: "/api/v1/members", body: { firstName: "New", referrerId: null } }),
      permission: "members.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/members/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/members/${memberId}`, body: { notes: "matrix" } }),
      permission: "members.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/members/:id/referrals",
      call: () => ({ method: "GET", url: `/api/v1/members/${memberId}/referrals` }),
      permission: "members.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/members/:id/consents",
      call: () => ({ method: "GET", url: `/api/v1/members/${memberId}/consents` }),
      permission: "members.read",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "POST /api/v1/members/:id/consents",
      call: () => ({ method: "POST", url: `/api/v1/members/${memberId}/consents`, body: { changes: [{ consentId, granted: true }] } }),
      permission: "members.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/custom-fields",
      call: () => ({ method: "GET", url: "/api/v1/custom-fields" }),
      permission: "members.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/custom-fields",
      call: () => ({ method: "POST", url: "/api/v1/custom-fields", body: { key: unique("f_"), label: "Another", type: "boolean" } }),
      permission: "company.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/custom-fields/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/custom-fields/${fieldId}`, body: { label: "Renamed" } }),
      permission: "company.write",
      otherCompany: 404,
      ok: 200,
    },
    {
      route: "GET /api/v1/consents",
      call: () => ({ method: "GET", url: "/api/v1/consents" }),
      permission: "members.read",
      otherCompany: "own",
      ok: 200,
    },
    {
      route: "POST /api/v1/consents",
      call: () => ({
        method: "POST",
        url: "/api/v1/consents",
        body: { key: unique("c_"), name: "Phone calls", purpose: "direct_marketing", channel: "phone", text: "I agree to calls." },
      }),
      permission: "company.write",
      otherCompany: "own",
      ok: 201,
    },
    {
      route: "PATCH /api/v1/consents/:id",
      call: () => ({ method: "PATCH", url: `/api/v1/consents/${consentId}`, body: { name: "Renamed consent" } }),
      permission: "company.write",
      otherCompany: 404,
      ok: 200,
    },
  ],
};
