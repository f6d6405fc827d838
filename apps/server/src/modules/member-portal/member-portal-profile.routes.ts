import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, memberOf, portalParams } from "../../platform/http.js";
import { portalCompanyOf } from "../portal-settings/portal-company.js";
import { exportMemberData } from "../privacy/export-member.js";
import { memberExport } from "../privacy/privacy.schemas.js";
import { requestErasure } from "../privacy/privacy-requests.js";
import {
  deletionRequestInput,
  deletionRequestResult,
  portalConsents,
  portalConsentsInput,
  portalProfile,
  portalProfilePatch,
  portalProgramPage,
  portalReferrals,
} from "./member-portal-profile.schemas.js";
import { changePortalConsents, getPortalConsents, getPortalProfile, updatePortalProfile } from "./profile.js";
import { getPortalProgram } from "./program.js";
import { getMemberReferrals } from "./referrals.js";

const tags = ["Member portal"];
const member = { access: "member" as const };

/** The portal's program page (public), and the signed-in member's referrals, profile, consents, export and deletion request. */
export function registerMemberPortalProfileRoutes(app: App, deps: Deps): void {
  const { db, config, clock } = deps;

  app.get(
    "/api/v1/portal/:slug/program",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary:
          "The company's open programs for members: branding, how points are earned (each active earning rule with its name, icon and description; promotions marked), the welcome benefit, tiers, and the points of sale with address, hours and a map link.",
        params: portalParams,
        response: { 200: portalProgramPage, 404: errorResponse, 400: errorResponse },
      },
    },
    async (req) => {
      const company = await portalCompanyOf(db, req.params.slug);
      return getPortalProgram(db, company.companyId, clock());
    },
  );

  app.get(
    "/api/v1/portal/:slug/me/referrals",
    {
      config: member,
      schema: {
        tags,
        summary:
          "My referral link ({member_ref_link}), the friends who joined through it (first name and initial) and the points referrals earned me.",
        params: portalParams,
        response: { 200: portalReferrals, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const m = memberOf(req);
      return getMemberReferrals({ db, config, companyId: m.companyId, slug: req.params.slug, memberId: m.memberId });
    },
  );

  app.get(
    "/api/v1/portal/:slug/me/profile",
    {
      config: member,
      schema: {
        tags,
        summary: "My data as the portal edits it, with the custom fields the company shows to members.",
        params: portalParams,
        response: { 200: portalProfile, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const m = memberOf(req);
      return getPortalProfile(db, m.companyId, m.memberId);
    },
  );

  app.patch(
    "/api/v1/portal/:slug/me/profile",
    {
      config: member,
      schema: {
        tags,
        summary:
          "Change my names, phone, birthday, address, language and the custom fields shown to members (a required one cannot be emptied). The e-mail address is not changed here.",
        params: portalParams,
        body: portalProfilePatch,
        response: { 200: portalProfile, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const m = memberOf(req);
      return updatePortalProfile({ db, actor: actorOf(req), memberId: m.memberId, patch: req.body, now: clock() });
    },
  );

  app.get(
    "/api/v1/portal/:slug/me/consents",
    {
      config: member,
      schema: {
        tags,
        summary: "Each active consent with its current text and version, and whether I grant it.",
        params: portalParams,
        response: { 200: portalConsents, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => getPortalConsents(db, actorOf(req), memberOf(req).memberId),
  );

  app.put(
    "/api/v1/portal/:slug/me/consents",
    {
      config: member,
      schema: {
        tags,
        summary:
          "Grant or withdraw consents, each with the text version shown; recorded with source portal. A text that changed since (another version) answers 409 and records nothing.",
        params: portalParams,
        body: portalConsentsInput,
        response: { 200: portalConsents, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => changePortalConsents({ db, actor: actorOf(req), memberId: memberOf(req).memberId, changes: req.body.changes }),
  );

  app.get(
    "/api/v1/portal/:slug/me/export",
    {
      config: member,
      schema: {
        tags,
        summary: "Everything the company holds about me, as a JSON file (the same export staff make); recorded in the audit log.",
        params: portalParams,
        response: { 200: memberExport, 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const now = clock();
      const data = await exportMemberData({ db, actor: actorOf(req), memberId: memberOf(req).memberId, now });
      reply.header("content-disposition", `attachment; filename="my-data-${now.toISOString().slice(0, 10)}.json"`);
      return data;
    },
  );

  app.post(
    "/api/v1/portal/:slug/me/deletion-request",
    {
      config: member,
      schema: {
        tags,
        summary:
          "Ask the company to erase my data: staff see the request and act on it. While one is open, asking again answers that one (200, created false).",
        params: portalParams,
        body: deletionRequestInput,
        response: { 200: deletionRequestResult, 201: deletionRequestResult, 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const { request, created } = await requestErasure({
        db,
        actor: actorOf(req),
        memberId: memberOf(req).memberId,
        reason: req.body.reason,
      });
      reply.code(created ? 201 : 200);
      return { id: request.id, status: request.status, createdAt: request.createdAt, created };
    },
  );
}
