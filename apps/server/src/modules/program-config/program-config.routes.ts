import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { costAnalysis } from "../programs/programs.schemas.js";
import { analyseProgramCost } from "./program-cost.js";

const tags = ["Programs"];

/** A program's routes that read its tiers and rules as well (programs stands below them). */
export function registerProgramConfigRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/programs/:id/cost",
    {
      config: { access: "programs.read" },
      schema: {
        tags,
        summary: "What points cost as a share of the price, against the budget; a suggested converter",
        params: idParams,
        response: { 200: costAnalysis, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => analyseProgramCost(db, actorOf(req).companyId, req.params.id),
  );
}
