import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Deps } from "../../deps.js";
import type { Db } from "../../platform/db.js";
import { type App, actorOf, authErrors, errorResponse, idParams, portalParams } from "../../platform/http.js";
import { portalCompanyOf } from "./portal-company.js";
import { portalPage, portalPageInput, portalPagePatch, renderedPortalPage } from "./portal-pages.schemas.js";
import {
  createPortalPage,
  deletePortalPage,
  getPortalPage,
  listPortalPages,
  renderPortalPage,
  updatePortalPage,
} from "./portal-pages.service.js";

const tags = ["Portal"];

/**
 * The member's session on a public route, when a valid cookie is sent. member-auth stands above this
 * module (it finds portals through portal-company.ts), so app.ts hands its reader in.
 */
export type OptionalMemberOf = (req: FastifyRequest, db: Db, companyId: string) => Promise<{ memberId: string } | null>;

export function registerPortalPageRoutes(app: App, deps: Deps, optionalMemberOf: OptionalMemberOf): void {
  const { db, config } = deps;

  app.get(
    "/api/v1/portal-pages",
    {
      config: { access: "programs.read" },
      schema: {
        tags,
        summary: "The portal's pages in menu order",
        response: { 200: z.object({ data: z.array(portalPage) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listPortalPages(db, actorOf(req).companyId) }),
  );

  app.post(
    "/api/v1/portal-pages",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Create a page (its HTML is sanitised: text formatting, links and /media/ images only)",
        body: portalPageInput,
        response: { 201: portalPage, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createPortalPage({ db, actor: actorOf(req), input: req.body })),
  );

  app.get(
    "/api/v1/portal-pages/:id",
    {
      config: { access: "programs.read" },
      schema: { tags, summary: "One page", params: idParams, response: { 200: portalPage, 404: errorResponse, ...authErrors } },
    },
    async (req) => getPortalPage(db, actorOf(req).companyId, req.params.id),
  );

  app.patch(
    "/api/v1/portal-pages/:id",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Change a page: title, body, active, position in the menu",
        params: idParams,
        body: portalPagePatch,
        response: { 200: portalPage, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => updatePortalPage({ db, actor: actorOf(req), id: req.params.id, patch: req.body }),
  );

  app.delete(
    "/api/v1/portal-pages/:id",
    {
      config: { access: "programs.write" },
      schema: { tags, summary: "Delete a page", params: idParams, response: { 204: z.undefined(), 404: errorResponse, ...authErrors } },
    },
    async (req, reply) => {
      await deletePortalPage({ db, actor: actorOf(req), id: req.params.id });
      return reply.code(204).send();
    },
  );

  app.get(
    "/api/v1/portal/:slug/pages/:id",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "An active page, its personal fields filled for the signed-in member (empty without a session)",
        params: portalParams.extend({ id: z.string().min(1).max(100) }),
        response: { 200: renderedPortalPage, 404: errorResponse },
      },
    },
    async (req) => {
      const company = await portalCompanyOf(db, req.params.slug);
      const memberId = (await optionalMemberOf(req, db, company.companyId))?.memberId ?? null;
      return renderPortalPage(db, { companyId: company.companyId, pageId: req.params.id, memberId, config });
    },
  );
}
