import type { Config } from "../../config.js";
import type { Db } from "../../platform/db.js";
import { AppError } from "../../platform/errors.js";
import { startMemberSession } from "../member-auth/member-sessions.js";
import { assertMayUsePortal } from "../member-auth/sign-in.js";
import type { Member } from "../members/members.schemas.js";
import { findMember, findMemberByCardNumber, findMemberByEmail } from "../members/members.service.js";
import { verifyMemberToken } from "./member-token.js";
import type { WidgetCompany } from "./widget-company.js";
import { verifyingSecrets } from "./widget-settings.service.js";

/**
 * A session opened with the host's token lasts a working day and does not slide: the host site
 * decides who is signed in, and a widget left on a shared computer must not outlive that for long.
 */
const TOKEN_SESSION_MINUTES = 12 * 60;

interface Client {
  ip: string;
  userAgent: string | null | undefined;
}

export interface OpenedWidgetSession {
  sessionToken: string;
  expiresAt: Date;
  via: "token" | "sign_in";
}

/** `sub` names the customer the host knows: an e-mail address, a card number, or our member id. */
async function memberOfSubject(db: Db, companyId: string, sub: string): Promise<Member | null> {
  if (sub.includes("@")) return findMemberByEmail(db, companyId, sub.toLowerCase());
  if (sub.startsWith("mbr_")) return findMember(db, companyId, sub);
  return findMemberByCardNumber(db, companyId, sub);
}

/** The host site's signed token → a widget session for that customer (no second sign-in). */
export async function openTokenSession(opts: {
  db: Db;
  config: Config;
  widget: WidgetCompany;
  token: string;
  client: Client;
  now: Date;
}): Promise<OpenedWidgetSession> {
  const { db, widget } = opts;
  const { companyId } = widget.company;
  const claims = await verifyMemberToken(opts.token, verifyingSecrets(widget.settings, opts.config, opts.now), opts.now);
  const member = await memberOfSubject(db, companyId, claims.sub);
  if (!member || member.erasedAt)
    throw new AppError("member_not_found", "The signed token names no card of this company: the customer can join in the portal");
  assertMayUsePortal(member);
  const started = await startMemberSession(db, {
    companyId,
    memberId: member.id,
    ...opts.client,
    channel: "widget",
    fixedMinutes: TOKEN_SESSION_MINUTES,
  });
  return { sessionToken: started.token, expiresAt: started.expiresAt, via: "token" };
}

/** After the portal's own sign-in (password or e-mailed code) inside the widget: 30 days, sliding. */
export async function openSignInSession(db: Db, companyId: string, memberId: string, client: Client): Promise<OpenedWidgetSession> {
  const started = await startMemberSession(db, { companyId, memberId, ...client, channel: "widget" });
  return { sessionToken: started.token, expiresAt: started.expiresAt, via: "sign_in" };
}
