import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page } from "../../platform/http.js";
import { referral, referralQuery, referralReport, reportQuery, reviewBody } from "./referrals.schemas.js";
import { referralReport as buildReport, listReferrals, reviewReferral } from "./referrals.service.js";

const tags = ["Referrals"];

export function registerReferralRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/referrals",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary:
          "Referrals (one per referred member; its id is the friend's member id), newest first. Filter by `referrerId`, `status` (registered, successful, rewarded) and `review` (`flagged`: many referrals from one address or device in 24 h, waiting for staff)",
        querystring: referralQuery,
        response: { 200: page(referral), ...authErrors },
      },
    },
    async (req) => listReferrals({ db, actor: actorOf(req), ...req.query }),
  );

  app.get(
    "/api/v1/referrals/report",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary:
          "Referrals registered in the period (`from` inclusive, `to` exclusive; all time when left out): how many, the share that became successful, rewarded, points paid, flagged; and the 100 referrers with the most referrals",
        querystring: reportQuery,
        response: { 200: referralReport, ...authErrors },
      },
    },
    async (req) => buildReport({ db, actor: actorOf(req), ...req.query }),
  );

  app.post(
    "/api/v1/referrals/:id/review",
    {
      config: { access: "members.write" },
      schema: {
        tags,
        summary:
          "Decide on a flagged referral: `approve` registers it (automation rewards it as if it had not been flagged), `reject` means it is never rewarded. 409 unless the referral is flagged",
        params: idParams,
        body: reviewBody,
        response: { 200: referral, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => reviewReferral({ db, actor: actorOf(req), friendId: req.params.id, decision: req.body.decision, now: clock() }),
  );
}
