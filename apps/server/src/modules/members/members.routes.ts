import type { Deps } from "../../deps.js";
import { recordAudit } from "../../platform/audit.js";
import { type App, actorOf, authErrors, errorResponse, idParams, page } from "../../platform/http.js";
import { listMembers, listReferrals } from "./list-members.js";
import { getMemberSettings, updateMemberSettings } from "./member-settings.service.js";
import { createMember, updateMember } from "./member-writes.js";
import {
  member,
  memberInput,
  memberListItem,
  memberPatch,
  memberQuery,
  memberSettings,
  memberSettingsPatch,
  referralsQuery,
  splitMemberQuery,
} from "./members.schemas.js";
import { getMember } from "./members.service.js";

const tags = ["Members"];

export function registerMemberRoutes(app: App, deps: Deps): void {
  const { db, clock } = deps;

  app.get(
    "/api/v1/member-settings",
    {
      config: { access: "company.read" },
      schema: {
        tags,
        summary: "How card numbers are generated: prefix, digits (check digit included) and whether the last digit is a Luhn check digit",
        response: { 200: memberSettings, ...authErrors },
      },
    },
    async (req) => getMemberSettings(db, actorOf(req).companyId),
  );

  app.patch(
    "/api/v1/member-settings",
    {
      config: { access: "company.write" },
      schema: {
        tags,
        summary: "Change the card number pattern; applies to numbers generated from now on",
        body: memberSettingsPatch,
        response: { 200: memberSettings, ...authErrors },
      },
    },
    async (req) => updateMemberSettings({ db, actor: actorOf(req), patch: req.body }),
  );

  app.get(
    "/api/v1/members",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary:
          "Members, newest first. `q` finds by card number, phone or e-mail prefix (exact matches first) and by name fragments, tolerating typos and Polish letters; filter by `status`, `tag`, `referrerId`, `joinLocationId` and custom fields with `field.<key>=<value>`. With `include=balance` each member comes with `balance`: the points and tier in the program `programId` (by default the company's oldest active program), null when not enrolled in it",
        querystring: memberQuery,
        response: { 200: page(memberListItem), ...authErrors },
      },
    },
    async (req) => listMembers({ db, actor: actorOf(req), now: clock(), ...splitMemberQuery(req.query) }),
  );

  app.get(
    "/api/v1/members/:id",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "One member's card. Each view is recorded in the audit log (who saw whose data); the list and search are not.",
        params: idParams,
        response: { 200: member, 404: errorResponse, ...authErrors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const found = await getMember(db, actor, req.params.id);
      // GDPR accountability: who looked at whose card. Not on the counter's path (it searches the list).
      await recordAudit(db, actor, { action: "member.viewed", entityType: "member", entityId: found.id });
      return found;
    },
  );

  app.post(
    "/api/v1/members",
    {
      config: { access: "members.write" },
      schema: {
        tags,
        summary:
          "Register a member. Without `cardNumber` one is generated from the member settings. Staff limited to locations must give one of their locations as `joinLocationId`.",
        body: memberInput,
        response: { 201: member, 409: errorResponse, ...authErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await createMember({ db, actor: actorOf(req), input: req.body, now: clock() })),
  );

  app.patch(
    "/api/v1/members/:id",
    {
      config: { access: "members.write" },
      schema: {
        tags,
        summary: "Change a member's data; `status: blocked` (with `blockedReason`) blocks, `status: active` unblocks",
        params: idParams,
        body: memberPatch,
        response: { 200: member, 404: errorResponse, 409: errorResponse, ...authErrors },
      },
    },
    async (req) => updateMember({ db, actor: actorOf(req), id: req.params.id, patch: req.body, now: clock() }),
  );

  app.get(
    "/api/v1/members/:id/referrals",
    {
      config: { access: "members.read" },
      schema: {
        tags,
        summary: "Members this member referred, newest first",
        params: idParams,
        querystring: referralsQuery,
        response: { 200: page(member), 404: errorResponse, ...authErrors },
      },
    },
    async (req) => listReferrals({ db, actor: actorOf(req), id: req.params.id, ...req.query }),
  );
}
