import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { memberConsents, memberConsentsInput } from "../consents/consents.schemas.js";
import { changeMemberConsents, getMemberConsents } from "./member-consents.js";

const tags = ["Consents"];

/** A member's consent decisions (the consents' own routes are in the consents module). */
export function registerMemberConsentRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/members/:id/consents",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "A member's current decision per consent and the full history of grants and withdrawals, newest first",
        params: idParams,
        response: { 200: memberConsents, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getMemberConsents({ db, actor: actorOf(req), memberId: req.params.id }),
  );

  app.post(
    "/api/v1/members/:id/consents",
    {
      config: { access: "members.write" },
      schema: {
        tags,
        summary:
          "Record a member's grants and withdrawals; only real changes are logged (a grant after a text change records the new version). `source` defaults to `api` for API keys and `admin` for staff.",
        params: idParams,
        body: memberConsentsInput,
        response: { 200: memberConsents, 404: errorResponse, ...authErrors },
      },
    },
    async (req) =>
      changeMemberConsents({ db, actor: actorOf(req), memberId: req.params.id, changes: req.body.changes, source: req.body.source }),
  );
}
