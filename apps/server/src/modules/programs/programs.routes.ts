import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { program, programInput, programPatch, programQuery } from "./programs.schemas.js";
import { createProgram, getProgramRow, listPrograms, toProgram, updateProgram } from "./programs.service.js";

const tags = ["Programs"];

export function registerProgramRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/programs",
    {
      config: { access: "programs.read" },
      schema: {
        tags,
        summary: "The company's programs",
        querystring: programQuery,
        response: { 200: z.object({ data: z.array(program) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listPrograms({ db, actor: actorOf(req), ...req.query }) }),
  );

  app.get(
    "/api/v1/programs/:id",
    {
      config: { access: "programs.read" },
      schema: { tags, summary: "One program", params: idParams, response: { 200: program, 404: errorResponse, ...authErrors } },
    },
    async (req) => toProgram(await getProgramRow(db, actorOf(req).companyId, req.params.id)),
  );

  app.post(
    "/api/v1/programs",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Create a program (draft unless status says otherwise)",
        body: programInput,
        response: { 201: program, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createProgram({ db, actor: actorOf(req), input: req.body })),
  );

  app.patch(
    "/api/v1/programs/:id",
    {
      config: { access: "programs.write" },
      schema: {
        tags,
        summary: "Change a program: settings, branding, status",
        params: idParams,
        body: programPatch,
        response: { 200: program, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => updateProgram({ db, actor: actorOf(req), programId: req.params.id, patch: req.body, now: deps.clock() }),
  );
}
