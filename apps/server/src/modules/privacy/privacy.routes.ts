import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { eraseMember } from "./erase-member.js";
import { exportMemberData } from "./export-member.js";
import {
  dismissInput,
  erasureInput,
  erasureResult,
  memberExport,
  privacyRequest,
  privacyRequestPage,
  privacyRequestQuery,
} from "./privacy.schemas.js";
import { countOpenPrivacyRequests, dismissPrivacyRequest, listPrivacyRequests } from "./privacy-requests.js";

const tags = ["Privacy"];

export function registerPrivacyRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/members/:id/export",
    {
      config: { access: "members.export" },
      schema: {
        tags,
        summary:
          "Everything held about one member, as a JSON file (GDPR access request): card, custom fields, consents with their history, points ledger, purchases with lines, redemptions and messages sent. Recorded in the audit log.",
        params: idParams,
        response: { 200: memberExport, 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const now = clock();
      const data = await exportMemberData({ db, actor: actorOf(req), memberId: req.params.id, now });
      const day = now.toISOString().slice(0, 10);
      const card = data.member.cardNumber.replace(/[^A-Za-z0-9-]/g, "_");
      reply.header("content-disposition", `attachment; filename="member-${card}-${day}.json"`);
      return data;
    },
  );

  app.post(
    "/api/v1/members/:id/erase",
    {
      config: { access: "members.erase" },
      schema: {
        tags,
        summary:
          "Erase a member's personal data, irreversibly (GDPR): the card is pseudonymized, and consent records, messages, purchase lines, redemption notes and events lose the personal texts; points history stays as numbers and every balance as it was. `confirmCardNumber` must be the card's number. A second call answers `alreadyErased: true`.",
        params: idParams,
        body: erasureInput,
        response: { 200: erasureResult, 404: errorResponse, ...authErrors },
      },
    },
    async (req) =>
      eraseMember({ db, actor: actorOf(req), memberId: req.params.id, now: clock(), confirmCardNumber: req.body.confirmCardNumber }),
  );

  app.get(
    "/api/v1/privacy-requests",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary:
          "Members' requests to act on (erasure asked for in the member portal), newest first; `openCount` is how many wait. Erasing the member (POST /members/:id/erase) completes the member's open request.",
        querystring: privacyRequestQuery,
        response: { 200: privacyRequestPage, ...authErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const page = await listPrivacyRequests({ db, actor, ...req.query });
      return { ...page, openCount: await countOpenPrivacyRequests(db, actor.companyId) };
    },
  );

  app.post(
    "/api/v1/privacy-requests/:id/dismiss",
    {
      config: { access: "members.erase" },
      schema: {
        tags,
        summary: "Decide not to act on an open request (e.g. the law requires keeping the data); the note says why.",
        params: idParams,
        body: dismissInput,
        response: { 200: privacyRequest, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => dismissPrivacyRequest({ db, actor: actorOf(req), id: req.params.id, note: req.body.note, now: clock() }),
  );
}
