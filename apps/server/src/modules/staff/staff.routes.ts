import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "../../platform/permissions.js";
import { setSessionCookie } from "../auth/auth.routes.js";
import { sessionResponse } from "../auth/auth.schemas.js";
import { describeSession } from "../auth/auth.service.js";
import { acceptInvitation, previewInvitation } from "./accept-invitation.js";
import {
  acceptInvitationBody,
  invitationPreview,
  invitationSent,
  invitationTokenParams,
  inviteStaffBody,
  staffInvitation,
} from "./invitations.schemas.js";
import { inviteStaff, listInvitations, resendInvitation, revokeInvitation } from "./invitations.service.js";
import { rolesResponse, staffMember, staffQuery, updateStaffBody } from "./staff.schemas.js";
import { getStaffMember, listStaff, removeStaffMember, updateStaffMember } from "./staff.service.js";

const tags = ["Staff"];

export function registerStaffRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/roles",
    {
      config: { access: "staff.read" },
      schema: { tags, summary: "Roles and the permission switches each one presets", response: { 200: rolesResponse, ...authErrors } },
    },
    async () => ({ permissions: [...PERMISSIONS], roles: ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] })) }),
  );

  app.get(
    "/api/v1/staff",
    {
      config: { access: "staff.read" },
      schema: {
        tags,
        summary: "Staff members of the company",
        querystring: staffQuery,
        response: { 200: z.object({ data: z.array(staffMember) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listStaff({ db, actor: actorOf(req), ...req.query }) }),
  );

  app.get(
    "/api/v1/staff/:id",
    {
      config: { access: "staff.read" },
      schema: { tags, summary: "One staff member", params: idParams, response: { 200: staffMember, 404: errorResponse, ...authErrors } },
    },
    async (req) => getStaffMember(db, actorOf(req).companyId, req.params.id),
  );

  app.get(
    "/api/v1/staff/invitations",
    {
      config: { access: "staff.read" },
      schema: {
        tags,
        summary: "Open invitations (not yet accepted or revoked; expired ones can be resent)",
        response: { 200: z.object({ data: z.array(staffInvitation) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listInvitations(db, actorOf(req).companyId) }),
  );

  app.post(
    "/api/v1/staff/invitations",
    {
      config: { access: "staff.write" },
      schema: {
        tags,
        summary:
          "Invite a person by e-mail: a one-time link valid for 7 days, sent through the company's e-mail settings (the link comes back when no e-mail went out)",
        body: inviteStaffBody,
        response: { 201: invitationSent, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await inviteStaff({ db, config: deps.config, actor: actorOf(req), input: req.body })),
  );

  app.post(
    "/api/v1/staff/invitations/:id/resend",
    {
      config: { access: "staff.write" },
      schema: {
        tags,
        summary: "Send an open invitation again with a new link (the old link stops working), valid for another 7 days",
        params: idParams,
        response: { 200: invitationSent, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => resendInvitation({ db, config: deps.config, actor: actorOf(req), id: req.params.id }),
  );

  app.delete(
    "/api/v1/staff/invitations/:id",
    {
      config: { access: "staff.write" },
      schema: {
        tags,
        summary: "Revoke an open invitation (its link stops working)",
        params: idParams,
        response: { 204: z.undefined(), 404: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await revokeInvitation({ db, actor: actorOf(req), id: req.params.id });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/invitations/:token",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "The invitation behind a link: who is invited where, and whether they already have an account",
        params: invitationTokenParams,
        response: { 200: invitationPreview, 400: errorResponse, 404: errorResponse },
      },
    },
    async (req) => previewInvitation(db, req.params.token),
  );

  app.post(
    "/api/v1/invitations/:token/accept",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Accept an invitation and sign in: a new person sets name and password; an existing account gives its current password",
        params: invitationTokenParams,
        body: acceptInvitationBody,
        response: { 200: sessionResponse, 400: errorResponse, 404: errorResponse, 409: errorResponse, 429: errorResponse },
      },
    },
    async (req, reply) => {
      const { token, session } = await acceptInvitation({
        db,
        config: deps.config,
        token: req.params.token,
        input: req.body,
        ip: req.ip,
        requestId: req.id,
        userAgent: req.headers["user-agent"],
      });
      setSessionCookie(reply, deps, token);
      return describeSession(db, session);
    },
  );

  app.patch(
    "/api/v1/staff/:id",
    {
      config: { access: "staff.write" },
      schema: {
        tags,
        summary: "Change a staff member's role, permission switches (null = the role's) or locations",
        params: idParams,
        body: updateStaffBody,
        response: { 200: staffMember, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => updateStaffMember({ db, actor: actorOf(req), staffId: req.params.id, patch: req.body }),
  );

  app.delete(
    "/api/v1/staff/:id",
    {
      config: { access: "staff.write" },
      schema: {
        tags,
        summary: "Remove a staff member from the company (their account stays)",
        params: idParams,
        response: { 204: z.undefined(), 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      await removeStaffMember({ db, actor: actorOf(req), staffId: req.params.id });
      return reply.code(204).send();
    },
  );
}
