import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, page, toPage } from "../../platform/http.js";
import { listAuditEntries } from "./audit.service.js";

export const auditEntry = z
  .object({
    id: z.string(),
    occurredAt: z.date(),
    actorType: z.enum(["staff", "api_key", "system", "member"]),
    actorId: z.string().nullable(),
    actorName: z.string(),
    ip: z.string().nullable(),
    requestId: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    changes: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "AuditEntry" });

export const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
  actorId: z.string().max(100).optional(),
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  from: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).optional(),
  to: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }).optional(),
});

export function registerAuditRoutes(app: App, deps: Deps): void {
  app.get(
    "/api/v1/audit-log",
    {
      config: { access: "audit.read" },
      schema: {
        tags: ["Audit log"],
        summary: "Who did what, when, from where; newest first",
        querystring: auditQuery,
        response: { 200: page(auditEntry), ...authErrors },
      },
    },
    async (req) => toPage(await listAuditEntries({ db: deps.db, actor: actorOf(req), ...req.query }), req.query.limit),
  );
}
