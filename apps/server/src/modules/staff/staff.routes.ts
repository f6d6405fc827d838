import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES } from "../../platform/permissions.js";
import { addStaffBody, rolesResponse, staffMember, staffQuery, updateStaffBody } from "./staff.schemas.js";
import { addStaffMember, getStaffMember, listStaff, removeStaffMember, updateStaffMember } from "./staff.service.js";

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

  app.post(
    "/api/v1/staff",
    {
      config: { access: "staff.write" },
      schema: {
        tags,
        summary: "Add a staff member: an existing account by e-mail, or a new account (name and initial password required)",
        body: addStaffBody,
        response: { 201: staffMember, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await addStaffMember({ db, actor: actorOf(req), input: req.body })),
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
