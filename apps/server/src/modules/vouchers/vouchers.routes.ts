import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { codesQuery, generateBody, importBody, importResult, pool, poolInput, voucherCode } from "./vouchers.schemas.js";
import { createPool, describePool, generateCodes, importCodes, listCodes, listPools } from "./vouchers.service.js";

const tags = ["Voucher codes"];

export function registerVoucherRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/voucher-pools",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "Code pools with how many codes are available, issued, used, expired and void",
        response: { 200: z.object({ data: z.array(pool) }), ...authErrors },
      },
    },
    async (req) => ({ data: await listPools(db, actorOf(req), clock()) }),
  );

  app.post(
    "/api/v1/voucher-pools",
    {
      config: { access: "rewards.write" },
      schema: { tags, summary: "Create a code pool", body: poolInput, response: { 201: pool, ...authErrors } },
    },
    async (req, reply) => reply.code(201).send(await createPool({ db, actor: actorOf(req), ...req.body, now: clock() })),
  );

  app.get(
    "/api/v1/voucher-pools/:id",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "One code pool with its counts",
        params: idParams,
        response: { 200: pool, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => describePool(db, actorOf(req).companyId, req.params.id, clock()),
  );

  app.post(
    "/api/v1/voucher-pools/:id/import",
    {
      config: { access: "rewards.write" },
      bodyLimit: 6 * 1024 * 1024,
      schema: {
        tags,
        summary: "Import codes from CSV text; invalid lines refuse the whole file, re-importing is harmless",
        params: idParams,
        body: importBody,
        response: { 200: importResult, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => importCodes({ db, actor: actorOf(req), poolId: req.params.id, csv: req.body.csv, now: clock() }),
  );

  app.post(
    "/api/v1/voucher-pools/:id/generate",
    {
      config: { access: "rewards.write" },
      schema: {
        tags,
        summary: "Generate codes: prefix + random characters from an alphabet without look-alikes (no 0/O, 1/I/L)",
        params: idParams,
        body: generateBody,
        response: { 200: z.object({ generated: z.number().int() }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => generateCodes({ db, actor: actorOf(req), poolId: req.params.id, ...req.body, now: clock() }),
  );

  app.get(
    "/api/v1/voucher-pools/:id/codes",
    {
      config: { access: "rewards.read" },
      schema: {
        tags,
        summary: "The pool's codes with their status; format=csv exports them",
        params: idParams,
        querystring: codesQuery,
        response: {
          200: z.union([z.object({ data: z.array(voucherCode), nextCursor: z.string().nullable() }), z.string()]),
          404: errorResponse,
          ...authErrors,
        },
      },
    },
    async (req, reply) => {
      const page = await listCodes({
        db,
        actor: actorOf(req),
        poolId: req.params.id,
        status: req.query.status,
        q: req.query.q,
        limit: req.query.format === "csv" ? 100_000 : req.query.limit,
        cursor: req.query.cursor,
        now: clock(),
      });
      if (req.query.format === "json") return page;
      const lines = page.data.map((c) =>
        [
          c.code,
          c.status,
          c.expiresAt?.toISOString() ?? "",
          c.memberId ?? "",
          c.issuedAt?.toISOString() ?? "",
          c.usedAt?.toISOString() ?? "",
        ].join(","),
      );
      return reply
        .type("text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="codes-${req.params.id}.csv"`)
        .send(["code,status,expires_at,member_id,issued_at,used_at", ...lines].join("\n"));
    },
  );
}
