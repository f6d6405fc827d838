import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse } from "../../platform/http.js";
import { codeCheck, codeParams, useBody } from "../vouchers/vouchers.schemas.js";
import { checkCode, useCode } from "./code-use.js";

const tags = ["Voucher codes"];

/** Checking and using a code at the till (the vouchers module keeps the pools and codes). */
export function registerVoucherCodeRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/voucher-codes/:code",
    {
      config: { access: "vouchers.use" },
      schema: {
        tags,
        summary: "Is this code valid for this company? (for e-shops and POS)",
        params: codeParams,
        response: { 200: codeCheck, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => checkCode(db, actorOf(req).companyId, req.params.code, clock()),
  );

  app.post(
    "/api/v1/voucher-codes/:code/use",
    {
      config: { access: "vouchers.use" },
      schema: {
        tags,
        summary: "Mark an issued code used; repeating it answers the same (alreadyUsed: true)",
        params: codeParams,
        body: useBody,
        response: { 200: codeCheck.extend({ alreadyUsed: z.boolean() }), 404: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => useCode({ db, actor: actorOf(req), code: req.params.code, locationId: req.body.locationId, now: clock() }),
  );
}
