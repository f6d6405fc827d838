import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Actor } from "./actor.js";
import { AppError } from "./errors.js";
import type { Permission } from "./permissions.js";

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

/**
 * Every route declares who may call it: "public"; "session" (any signed-in staff member, with or
 * without a chosen company); "member" (a member signed in to the portal of the route's `:slug`);
 * "widget" (a member signed in to the website widget of the route's `:key`, by bearer token); or a
 * permission, which needs a company-bound actor holding it.
 */
export type Access = "public" | "session" | "member" | "widget" | Permission;

export interface StaffSession {
  id: string;
  staffId: string;
  companyId: string | null;
  csrfToken: string;
  staffName: string;
  isOperator: boolean;
  /** The password was set by someone else (the CLI): only changing it, the session and logout are allowed. */
  mustChangePassword: boolean;
}

/** A member's portal session: one member of one company (the portal's slug names the company). */
export interface MemberSession {
  sessionId: string;
  companyId: string;
  memberId: string;
  csrfToken: string;
}

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /** Open to a session that must change its password first (the password change, session, logout). */
    beforePasswordChange?: boolean;
  }
  interface FastifyRequest {
    actor?: Actor;
    staffSession?: StaffSession;
    memberSession?: MemberSession;
  }
}

export function actorOf(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError("unauthenticated", "Sign in or send an API key");
  return req.actor;
}

export function sessionOf(req: FastifyRequest): StaffSession {
  if (!req.staffSession) throw new AppError("unauthenticated", "Sign in first");
  return req.staffSession;
}

export function memberOf(req: FastifyRequest): MemberSession {
  if (!req.memberSession) throw new AppError("unauthenticated", "Sign in to the portal first");
  return req.memberSession;
}

// ---- shared schemas --------------------------------------------------------------------------

/** One field's problem: `code` is stable (translate it), `message` is English, `params` fill its blanks. */
export const errorDetail = z
  .object({
    path: z.string(),
    code: z.string(),
    message: z.string(),
    params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  })
  .meta({ id: "ErrorDetail" });

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.array(errorDetail),
    }),
    requestId: z.string(),
  })
  .meta({ id: "Error" });

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(100).optional(),
});

export function page<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), nextCursor: z.string().nullable() });
}

/** Rows fetched with limit + 1 tell whether another page exists; the cursor is the last id. */
export function toPage<T extends { id: string }>(rows: T[], limit: number): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  return { data, nextCursor: rows.length > limit ? (data[data.length - 1]?.id ?? null) : null };
}

export const idParams = z.object({ id: z.string().min(1).max(100) });

/** A member portal route's path: /api/v1/portal/:slug/… (the company's slug names the portal). */
export const portalParams = z.object({ slug: z.string().min(1).max(100) });

/** A website widget route's path: /api/v1/widget/:key/… (the snippet's public key names the company). */
export const widgetParams = z.object({ key: z.string().min(1).max(100) });

/**
 * Common error responses listed in OpenAPI for authenticated routes. 429: the rate limits per
 * client address and per API key (platform/rate-limit.ts), with Retry-After.
 */
export const authErrors = {
  400: errorResponse,
  401: errorResponse,
  403: errorResponse,
  429: errorResponse,
} as const;
