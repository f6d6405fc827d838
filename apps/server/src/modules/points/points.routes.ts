import { z } from "zod";
import type { Deps } from "../../deps.js";
import { type App, actorOf, authErrors, errorResponse, idParams } from "../../platform/http.js";
import { getLedgerEntry, listLedgerEntries } from "../ledger/read-entries.js";
import { getMember } from "../members/members.service.js";
import { eventAward, memberEventBody } from "../rules/rules.schemas.js";
import {
  adjustmentBody,
  balance,
  enrollBody,
  ledgerEntry,
  ledgerPage,
  ledgerQuery,
  memberProgramQuery,
  reverseBody,
} from "./points.schemas.js";
import { adjustPoints, describeBalances, enrollMember, recordMemberEvent, reverseOperation } from "./points.service.js";

const tags = ["Points"];

export function registerPointsRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.post(
    "/api/v1/members/:id/enrollments",
    {
      config: { access: "members.write" },
      schema: {
        tags,
        summary: "Enroll a member in a program (welcome points and registration rules pay out once); enrolling again changes nothing",
        params: idParams,
        body: enrollBody,
        response: { 200: balance, 201: balance, 404: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const now = clock();
      const created = await db.transaction((tx) =>
        enrollMember(tx, { actor, memberId: req.params.id, programId: req.body.programId, now }),
      );
      const [b] = await describeBalances(db, actor.companyId, req.params.id, now, req.body.programId);
      if (!b) throw new Error("enrollment missing right after enrolling");
      return reply.code(created ? 201 : 200).send(b);
    },
  );

  app.get(
    "/api/v1/members/:id/balances",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "A member's points per program: available, pending, debt, tier and discount",
        params: idParams,
        querystring: memberProgramQuery,
        response: { 200: z.object({ data: z.array(balance) }), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const data = await describeBalances(db, actor.companyId, req.params.id, clock(), req.query.programId);
      // Only an empty answer needs to know whether the member exists (404) at all.
      if (data.length === 0) await getMember(db, actor, req.params.id);
      return { data };
    },
  );

  app.get(
    "/api/v1/members/:id/ledger",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "A member's point operations with their causes, newest first, and their sums",
        params: idParams,
        querystring: ledgerQuery,
        response: { 200: ledgerPage, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      await getMember(db, actor, req.params.id);
      const { entries, sums } = await listLedgerEntries({ db, companyId: actor.companyId, memberId: req.params.id, ...req.query });
      const data = entries.slice(0, req.query.limit);
      return { data, nextCursor: entries.length > req.query.limit ? (data[data.length - 1]?.id ?? null) : null, sums };
    },
  );

  app.post(
    "/api/v1/members/:id/adjustments",
    {
      config: { access: "points.adjust" },
      schema: {
        tags,
        summary: "Add or deduct points by hand, with a reason",
        params: idParams,
        body: adjustmentBody,
        response: { 201: ledgerEntry, 404: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await adjustPoints({ db, actor: actorOf(req), memberId: req.params.id, ...req.body, now: clock() })),
  );

  app.post(
    "/api/v1/members/:id/events",
    {
      config: { access: "purchases.write" },
      schema: {
        tags,
        summary: "Report an event (newsletter confirmed, review approved, custom…): matching event rules award their points once per key",
        params: idParams,
        body: memberEventBody,
        response: { 200: z.object({ awards: z.array(eventAward) }), 404: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req) => ({ awards: await recordMemberEvent({ db, actor: actorOf(req), memberId: req.params.id, ...req.body, now: clock() }) }),
  );

  app.get(
    "/api/v1/ledger-entries/:id",
    {
      config: { access: "members.read" },
      schema: { tags, summary: "One point operation", params: idParams, response: { 200: ledgerEntry, 404: errorResponse, ...authErrors } },
    },
    async (req) => getLedgerEntry(db, actorOf(req).companyId, req.params.id),
  );

  app.post(
    "/api/v1/ledger-entries/:id/reverse",
    {
      config: { access: "points.adjust" },
      schema: {
        tags,
        summary: "Cancel a point operation with a reversing entry (purchases are undone by returns)",
        params: idParams,
        body: reverseBody,
        response: { 201: ledgerEntry, 404: errorResponse, 409: errorResponse, 422: errorResponse, ...authErrors },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await reverseOperation({ db, actor: actorOf(req), entryId: req.params.id, reason: req.body.reason, now: clock() })),
  );
}
