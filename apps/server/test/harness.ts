import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { inject } from "vitest";
import { buildApp } from "../src/app.js";
import { type Config, loadConfig } from "../src/config.js";
import { insertMembership } from "../src/modules/auth/memberships.js";
import { createCompany } from "../src/modules/companies/companies.service.js";
import { MEMBER_COOKIE, startMemberSession } from "../src/modules/member-auth/member-sessions.js";
import { insertStaffAccount } from "../src/modules/staff/staff.service.js";
import type { Actor } from "../src/platform/actor.js";
import { type Db, openPglite, openPostgres } from "../src/platform/db.js";
import type { App } from "../src/platform/http.js";
import { migrate } from "../src/platform/migrations.js";
import { PERMISSIONS, type Role } from "../src/platform/permissions.js";
import { sql } from "../src/platform/sql.js";

export const DATABASE_URL = process.env.DATABASE_URL;
export const onPostgres = Boolean(DATABASE_URL);

export const unique = (prefix = "t") => `${prefix}${randomBytes(5).toString("hex")}`;

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    SECRET_KEY: "test-secret-key-0123456789abcdef0123456789",
    DATA_DIR: "/tmp/regulars-test",
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    // The tests' SMTP server listens on 127.0.0.1: loopback is allowed here, never by default.
    ALLOW_PRIVATE_NETWORK_HOSTS: "localhost,127.0.0.0/8,::1",
    // Tests send thousands of requests from one address; rate-limit.test.ts turns the limits on.
    RATE_LIMIT_PER_KEY: "0",
    RATE_LIMIT_PER_ADDRESS: "0",
    RATE_LIMIT_WIDGET_PER_ADDRESS: "0",
    MEMBER_AUTH_FAILURES_PER_IDENTIFIER: "0",
    MEMBER_AUTH_FAILURES_PER_ADDRESS: "0",
    MEMBER_AUTH_CODES_PER_IDENTIFIER: "0",
    MEMBER_AUTH_CODES_PER_ADDRESS: "0",
    ...overrides,
  });
}

/** A fresh database name on the PostgreSQL of DATABASE_URL, with its URL. */
function scratchUrl(): { name: string; url: string } {
  if (!DATABASE_URL) throw new Error("a scratch database needs DATABASE_URL");
  const name = unique("regulars_test_");
  const url = new URL(DATABASE_URL);
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

async function onAdmin(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/**
 * A database of its own on PostgreSQL, for tests that need an installation of their own: a copy of
 * the run's migrated template (global-setup.ts), or with `unmigrated` a database with no tables at all
 * (a first start that migrates).
 */
export async function createScratchDatabase(opts: { unmigrated?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const { name, url } = scratchUrl();
  const template = inject("postgresTemplate");
  await onAdmin(opts.unmigrated || !template ? `create database ${name}` : `create database ${name} template ${template}`);
  return { url, drop: () => onAdmin(`drop database if exists ${name} with (force)`) };
}

/** A database for one test file: the shared PostgreSQL, a scratch copy, or PGlite loaded from the run's template. */
async function openTestDatabase(empty: boolean): Promise<{ db: Db; scratch: { drop(): Promise<void> } | null }> {
  if (DATABASE_URL) {
    const scratch = empty ? await createScratchDatabase() : null;
    const db = await openPostgres(scratch?.url ?? DATABASE_URL, 5);
    // Migrated by global-setup.ts before any file ran (a run without it migrates here).
    if (!inject("postgresTemplate")) await migrate(db);
    return { db, scratch };
  }
  const template = inject("pgliteTemplate");
  if (!template) {
    const db = await openPglite();
    await migrate(db);
    return { db, scratch: null };
  }
  return { db: await openPglite(undefined, { loadDataDir: new Blob([readFileSync(template)]) }), scratch: null };
}

export interface TestContext {
  app: App;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

/**
 * The real app on a real database: in-memory PGlite by default, the PostgreSQL of DATABASE_URL
 * when set (shared by parallel files, so tests use unique values), or an empty scratch database.
 */
export async function startTestApp(
  opts: { empty?: boolean; clock?: () => Date; config?: Record<string, string> } = {},
): Promise<TestContext> {
  const { db, scratch } = await openTestDatabase(Boolean(opts.empty));
  // TEST_LOG=error (or any level) shows the server's log, e.g. the cause of an unexpected 500.
  const config = testConfig({ ...(process.env.TEST_LOG ? { LOG_LEVEL: process.env.TEST_LOG } : {}), ...opts.config });
  const app = await buildApp({ config, db, clock: opts.clock }, { logger: Boolean(process.env.TEST_LOG) });
  await app.ready();
  return {
    app,
    db,
    config,
    async close() {
      await app.close();
      await db.close();
      await scratch?.drop();
    },
  };
}

/** Credentials for requests: a staff session (cookie + CSRF token) or an API key. */
export type Auth = { cookie: string; csrf: string } | { apiKey: string } | null;

export interface Call {
  method: InjectOptions["method"];
  url: string;
  body?: unknown;
  auth?: Auth;
  headers?: Record<string, string>;
  /** Client address; login throttling counts per address. */
  ip?: string;
}

export async function call(ctx: TestContext, c: Call): Promise<LightMyRequestResponse & { data: any }> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.auth && "cookie" in c.auth) {
    headers.cookie = c.auth.cookie;
    headers["x-csrf-token"] = c.auth.csrf;
  } else if (c.auth && "apiKey" in c.auth) {
    headers.authorization = `Bearer ${c.auth.apiKey}`;
  }
  const res = await ctx.app.inject({
    method: c.method,
    url: c.url,
    headers,
    remoteAddress: c.ip ?? "127.0.0.1",
    ...(c.body === undefined ? {} : { payload: c.body as object }),
  });
  const data = res.headers["content-type"]?.toString().includes("json") && res.body ? JSON.parse(res.body) : res.body;
  return Object.assign(res, { data });
}

export async function login(ctx: TestContext, email: string, password: string): Promise<{ cookie: string; csrf: string }> {
  const res = await call(ctx, { method: "POST", url: "/api/v1/auth/login", body: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const setCookie = String(res.headers["set-cookie"]);
  const cookie = setCookie.split(";")[0] as string;
  return { cookie, csrf: res.data.csrfToken };
}

export const PASSWORD = "correct-horse-battery";

export interface TestCompany {
  companyId: string;
  ownerId: string;
  ownerEmail: string;
  owner: { cookie: string; csrf: string };
}

/** A company with a signed-in owner, created through the services (fast, no setup screen). */
export async function createTestCompany(ctx: TestContext, opts: { operator?: boolean } = {}): Promise<TestCompany> {
  const ownerEmail = `${unique("owner")}@example.com`;
  const ownerId = await ctx.db.transaction((tx) =>
    insertStaffAccount(tx, { email: ownerEmail, name: "Owner Test", password: PASSWORD, isOperator: opts.operator ?? false }),
  );
  const company = await createCompany({
    db: ctx.db,
    staffId: ownerId,
    staffName: "Owner Test",
    ip: "127.0.0.1",
    requestId: "test",
    input: { name: `Company ${unique()}` },
  });
  return { companyId: company.id, ownerId, ownerEmail, owner: await login(ctx, ownerEmail, PASSWORD) };
}

/** The company's owner as the services see them, for tests that call services directly. */
export function ownerActor(company: TestCompany, requestId = "test"): Actor {
  return {
    type: "staff",
    id: company.ownerId,
    name: "Owner Test",
    companyId: company.companyId,
    permissions: new Set(PERMISSIONS),
    locationIds: null,
    ip: "127.0.0.1",
    requestId,
  };
}

/** Adds a staff member with a role (optionally limited to locations) through the API and signs them in. */
export async function addStaff(
  ctx: TestContext,
  company: TestCompany,
  role: Role,
  extra: { locationIds?: string[]; permissions?: string[] | null } = {},
): Promise<{ id: string; email: string; auth: { cookie: string; csrf: string } }> {
  const email = `${unique(role)}@example.com`;
  // Staff join by invitation (tested in invitations.test.ts); other tests only need the membership.
  const id = await ctx.db.transaction(async (tx) => {
    const staffId = await insertStaffAccount(tx, { email, name: `${role} person`, password: PASSWORD });
    await insertMembership(tx, company.companyId, staffId, { role, ...extra } as Parameters<typeof insertMembership>[3]);
    return staffId;
  });
  return { id, email, auth: await login(ctx, email, PASSWORD) };
}

export async function createLocationVia(ctx: TestContext, auth: Auth, name = unique("Loc ")): Promise<string> {
  const res = await call(ctx, { method: "POST", url: "/api/v1/locations", auth, body: { name } });
  if (res.statusCode !== 201) throw new Error(`createLocation failed: ${res.statusCode} ${res.body}`);
  return res.data.id;
}

export async function createApiKeyVia(ctx: TestContext, auth: Auth, scopes: string[]): Promise<{ id: string; secret: string }> {
  const res = await call(ctx, { method: "POST", url: "/api/v1/api-keys", auth, body: { name: unique("key"), scopes } });
  if (res.statusCode !== 201) throw new Error(`createApiKey failed: ${res.statusCode} ${res.body}`);
  return { id: res.data.apiKey.id, secret: res.data.secret };
}

/** A clock the test moves by hand (pending points, expiry, tier periods). */
export class TestClock {
  constructor(public current: Date = new Date()) {}
  readonly now = () => new Date(this.current);
  set(iso: string | Date): void {
    this.current = new Date(iso);
  }
  advanceDays(days: number): void {
    this.current = new Date(this.current.getTime() + days * 86_400_000);
  }
}

export async function createMemberVia(
  ctx: TestContext,
  auth: Auth,
  body: Record<string, unknown> = {},
): Promise<{ id: string; cardNumber: string }> {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/members",
    auth,
    body: { firstName: "Jan", lastName: unique("Kowalski"), ...body },
  });
  if (res.statusCode !== 201) throw new Error(`createMember failed: ${res.statusCode} ${res.body}`);
  return { id: res.data.id, cardNumber: res.data.cardNumber };
}

export const pln = (amount: number) => ({ amount, currency: "PLN" });

/** A purchase through the API with a fresh receipt number; `extra` adds or overrides body fields. */
export function purchaseVia(
  ctx: TestContext,
  auth: Auth,
  programId: string,
  memberId: string,
  amount: number,
  extra: Record<string, unknown> = {},
) {
  return call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth,
    body: { programId, memberId, receiptNumber: unique("R-"), amount: pln(amount), ...extra },
  });
}

/** The member's balance in the program, as the API answers it. */
export async function balanceVia(ctx: TestContext, auth: Auth, memberId: string, programId: string) {
  const res = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/balances?programId=${programId}`, auth });
  return res.data.data[0];
}

export async function createProgramVia(ctx: TestContext, auth: Auth, body: Record<string, unknown> = {}): Promise<string> {
  const res = await call(ctx, {
    method: "POST",
    url: "/api/v1/programs",
    auth,
    body: { name: unique("Program "), status: "active", ...body },
  });
  if (res.statusCode !== 201) throw new Error(`createProgram failed: ${res.statusCode} ${res.body}`);
  return res.data.id;
}

export async function createTierVia(ctx: TestContext, auth: Auth, programId: string, body: Record<string, unknown>) {
  const res = await call(ctx, { method: "POST", url: `/api/v1/programs/${programId}/tiers`, auth, body });
  if (res.statusCode !== 201) throw new Error(`createTier failed: ${res.statusCode} ${res.body}`);
  return res.data;
}

export async function countRows(db: Db, table: string, where = "true", params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from ${table} where ${where}`, params);
  return row?.n ?? 0;
}

/**
 * Runs `sql` in a transaction of its own and keeps that open, with the locks it took, until the
 * returned release is called (which waits for the commit): another session's locks, for tests of
 * what a statement does while it cannot have them (PostgreSQL; PGlite has one session).
 */
export async function holdLocks(db: Db, sql: string, params: unknown[] = []): Promise<() => Promise<void>> {
  let release: () => void = () => {};
  const released = new Promise<void>((r) => {
    release = r;
  });
  let held: () => void = () => {};
  const holding = new Promise<void>((r) => {
    held = r;
  });
  const holder = db.transaction(async (tx) => {
    await tx.query(sql, params);
    held();
    await released;
  });
  await Promise.race([holding, holder]);
  return async () => {
    release();
    await holder;
  };
}

/** The company's slug (its portal lives at /p/<slug>/ and /api/v1/portal/<slug>/). */
export async function companySlug(ctx: TestContext, companyId: string): Promise<string> {
  const [row] = await ctx.db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
  if (!row) throw new Error(`no company ${companyId}`);
  return row.slug;
}

/**
 * A member's portal session opened through the sessions' own function (sign-up and sign-in are
 * tested in their own files; other tests only need a signed-in member): usable as `auth` of `call`.
 */
export async function memberSessionVia(ctx: TestContext, companyId: string, memberId: string): Promise<{ cookie: string; csrf: string }> {
  const { token, session } = await startMemberSession(ctx.db, { companyId, memberId, ip: "127.0.0.1", userAgent: "test" });
  return { cookie: `${MEMBER_COOKIE}=${token}`, csrf: session.csrfToken };
}
