import type { Deps } from "../../deps.js";
import { AppError } from "../../platform/errors.js";
import { type App, actorOf, authErrors, errorResponse, sessionOf } from "../../platform/http.js";
import { company, companyInput, companyPatch } from "./companies.schemas.js";
import { createCompany, getCompany, updateCompany } from "./companies.service.js";

const tags = ["Company"];

export function registerCompanyRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/company",
    { config: { access: "company.read" }, schema: { tags, summary: "The company you act for", response: { 200: company, ...authErrors } } },
    async (req) => getCompany(db, actorOf(req).companyId),
  );

  app.patch(
    "/api/v1/company",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "Update the company profile",
        body: companyPatch,
        response: { 200: company, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => updateCompany({ db, actor: actorOf(req), patch: req.body }),
  );

  app.post(
    "/api/v1/companies",
    {
      config: { access: "session" },
      schema: {
        tags,
        summary: "Create another company (installation operators only); you become its owner",
        body: companyInput,
        response: { 201: company, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const session = sessionOf(req);
      if (!session.isOperator) throw new AppError("forbidden", "Only the installation's operators create companies");
      const created = await createCompany({
        db,
        staffId: session.staffId,
        staffName: session.staffName,
        ip: req.ip,
        requestId: req.id,
        input: req.body,
      });
      return reply.code(201).send(created);
    },
  );
}
