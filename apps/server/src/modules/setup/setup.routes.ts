import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, errorResponse } from "../../platform/http.js";
import { setSessionCookie } from "../auth/auth.routes.js";
import { email, language, password, sessionResponse } from "../auth/auth.schemas.js";
import { describeSession } from "../auth/auth.service.js";
import { companyInput } from "../companies/companies.schemas.js";
import { needsSetup, runSetup } from "./setup.service.js";

const tags = ["Setup"];

export const setupBody = z.strictObject({
  company: companyInput,
  owner: z.strictObject({ email, name: z.string().trim().min(1, "is required").max(200), password, language: language.optional() }),
});

export function registerSetupRoutes(app: App, deps: Deps): void {
  const { db } = deps;

  app.get(
    "/api/v1/setup",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Whether the installation still needs its first-run setup",
        response: { 200: z.object({ needsSetup: z.boolean() }) },
      },
    },
    async () => ({ needsSetup: await needsSetup(db) }),
  );

  app.post(
    "/api/v1/setup",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "First-run setup: create the first company and its owner, and sign in",
        body: setupBody,
        response: { 201: sessionResponse, 400: errorResponse, 409: errorResponse },
      },
    },
    async (req, reply) => {
      const { token, session } = await runSetup({
        db,
        config: deps.config,
        ...req.body,
        ip: req.ip,
        requestId: req.id,
        userAgent: req.headers["user-agent"],
      });
      setSessionCookie(reply, deps, token);
      return reply.code(201).send(await describeSession(db, session));
    },
  );
}
