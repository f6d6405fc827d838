import { z } from "zod";
import type { Deps } from "../../deps.js";
import { AppError } from "../../platform/errors.js";
import type { App } from "../../platform/http.js";
import { pendingMigrations } from "../../platform/migrations.js";
import { sql } from "../../platform/sql.js";

const tags = ["Health"];

export function registerHealthRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/health",
    {
      config: { access: "public" },
      schema: { tags, summary: "Liveness: the process answers", response: { 200: z.object({ status: z.literal("ok") }) } },
    },
    async () => ({ status: "ok" as const }),
  );

  app.get(
    "/api/ready",
    {
      config: { access: "public" },
      schema: {
        tags,
        summary: "Readiness: database reachable and every migration applied",
        response: { 200: z.object({ status: z.literal("ready"), database: z.enum(["pglite", "postgres"]) }) },
      },
    },
    async () => {
      try {
        await deps.db.query(sql`select 1`);
      } catch {
        throw new AppError("not_ready", "Database unreachable");
      }
      const pending = await pendingMigrations(deps.db);
      if (pending.length > 0) throw new AppError("not_ready", `Migrations not applied: ${pending.join(", ")}`);
      return { status: "ready" as const, database: deps.db.kind };
    },
  );
}
