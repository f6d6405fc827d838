/**
 * Browser-test harness: the real server (in-process, on PGlite or the PostgreSQL of
 * DATABASE_URL) serving the real built admin UI, driven by Debian's Chromium via playwright-core.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { describe, inject } from "vitest";
import { buildApp } from "../../server/src/app.js";
import { type Config, loadConfig } from "../../server/src/config.js";
import { createCompany } from "../../server/src/modules/companies/companies.service.js";
import { insertStaffAccount } from "../../server/src/modules/staff/staff.service.js";
import { type Db, openPglite, openPostgres } from "../../server/src/platform/db.js";
// The run's migrated templates, provided by the global setup (its declaration types inject()).
import type {} from "../../server/test/global-setup.js";
import { en, pl } from "../src/i18n/resources";

export { en, pl };
export type Strings = typeof en;

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(here, "../../..");
export const ADMIN_DIST_INDEX = path.resolve(here, "../dist/index.html");
export const SCREENSHOT_DIR = path.join(REPO_ROOT, "test-output/screenshots");

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM_PATH);
if (!hasChromium && process.env.CI === "true") {
  throw new Error(`Chromium not found at ${CHROMIUM_PATH}; browser tests cannot run in CI (apt-get install chromium).`);
}
if (!hasChromium) {
  console.warn(`[browser tests] SKIPPED: no Chromium at ${CHROMIUM_PATH}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`);
}

/** `describe` for browser tests: skipped (with a message above) when Chromium is missing outside CI. */
export const describeBrowser = describe.skipIf(!hasChromium);

export const DATABASE_URL = process.env.DATABASE_URL;
export const PASSWORD = "correct-horse-battery";
export const unique = (prefix = "t") => `${prefix}${randomBytes(4).toString("hex")}`;

export const DESKTOP = { width: 1280, height: 800 };
export const TABLET_LANDSCAPE = { width: 1024, height: 768 };
export const TABLET_PORTRAIT = { width: 768, height: 1024 };

export interface Harness {
  baseUrl: string;
  db: Db;
  /** The server's configuration (e.g. publicUrl for links in messages, background work). */
  config: Config;
  browser: Browser;
  /** A fresh browser context (its own cookies and localStorage). */
  newContext(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** A copy of the run's migrated template database (global-setup.ts) on the PostgreSQL of `url`. */
async function createScratchDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = unique("regulars_e2e_");
  const onAdmin = async (sql: string) => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(sql).finally(() => admin.end());
  };
  await onAdmin(`create database ${name} template ${inject("postgresTemplate")}`);
  const scratch = new URL(url);
  scratch.pathname = `/${name}`;
  return { url: scratch.toString(), drop: () => onAdmin(`drop database if exists ${name} with (force)`) };
}

/**
 * Starts the server and Chromium. `emptyInstallation` gives a database with no accounts yet (the
 * first-run setup screen): PGlite is always fresh; on PostgreSQL a scratch database is created.
 */
export async function startHarness(opts: { emptyInstallation?: boolean } = {}): Promise<Harness> {
  if (!existsSync(ADMIN_DIST_INDEX)) {
    throw new Error(`The admin UI is not built (${ADMIN_DIST_INDEX} missing). Run \`npm run build\` at the repository root first.`);
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const dataDir = mkdtempSync(path.join(tmpdir(), "regulars-e2e-"));
  const scratch = opts.emptyInstallation && DATABASE_URL ? await createScratchDatabase(DATABASE_URL) : null;
  const url = scratch?.url ?? DATABASE_URL;
  const config = loadConfig({
    SECRET_KEY: "x".repeat(40),
    DATA_DIR: dataDir,
    LOG_LEVEL: "silent",
    NODE_ENV: "test",
    // The tests' SMTP server listens on 127.0.0.1; production refuses loopback unless allowed.
    ALLOW_PRIVATE_NETWORK_HOSTS: "localhost,127.0.0.0/8,::1",
    RATE_LIMIT_PER_KEY: "0",
    RATE_LIMIT_PER_ADDRESS: "0",
  });
  // Migrated once for the run by global-setup.ts: PGlite loads its dump, PostgreSQL is migrated.
  const db = url
    ? await openPostgres(url)
    : await openPglite(undefined, { loadDataDir: new Blob([readFileSync(inject("pgliteTemplate"))]) });
  const app = await buildApp({ config, db }, { logger: false });
  await app.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.address();
  if (!address || typeof address === "string") throw new Error("server has no TCP address");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const contexts: BrowserContext[] = [];
  const newContext = async (viewport = DESKTOP) => {
    // axe-check.ts injects axe-core as a script tag, which the content security policy refuses;
    // csp.test.ts loads the admin under the policy (a context of its own, without this bypass).
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport,
      locale: "pl-PL",
      timezoneId: "Europe/Warsaw",
      bypassCSP: true,
    });
    context.setDefaultTimeout(15_000);
    contexts.push(context);
    return context;
  };
  return {
    baseUrl,
    db,
    config,
    browser,
    newContext,
    async newPage(viewport = DESKTOP) {
      return (await newContext(viewport)).newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await app.close();
      await db.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SeededCompany {
  companyId: string;
  companyName: string;
  ownerId: string;
  ownerEmail: string;
  ownerName: string;
}

/** A company and its owner (language pl), created through the services with unique values; PLN unless `currency` says. */
export async function seedCompany(h: Harness, opts: { language?: "pl" | "en"; currency?: string } = {}): Promise<SeededCompany> {
  const ownerEmail = `${unique("owner")}@example.com`;
  const ownerName = "Anna Nowak";
  const ownerId = await h.db.transaction((tx) =>
    insertStaffAccount(tx, { email: ownerEmail, name: ownerName, password: PASSWORD, language: opts.language ?? "pl" }),
  );
  const companyName = `Kawiarnia ${unique("")}`;
  const company = await createCompany({
    db: h.db,
    staffId: ownerId,
    staffName: ownerName,
    ip: "127.0.0.1",
    requestId: "e2e",
    input: (opts.currency ? { name: companyName, currency: opts.currency } : { name: companyName }) as never,
  });
  return { companyId: company.id, companyName, ownerId, ownerEmail, ownerName };
}

/**
 * A person joins the owner's company the way staff do: invited through the owner's page (the
 * answer carries the link when no e-mail went out) and accepted over HTTP, outside the browser, so
 * the owner's page keeps its session. The browser flow itself is in staff.test.ts.
 */
export async function joinByInvitation(
  h: Harness,
  owner: Page,
  invite: { email: string; role: string; locationIds?: string[] },
  name: string,
  password = PASSWORD,
): Promise<void> {
  const sent = await apiAs<{ inviteUrl: string | null }>(owner, "POST", "/api/v1/staff/invitations", invite);
  if (sent.status !== 201 || !sent.data.inviteUrl) throw new Error(`invite failed: ${sent.status} ${JSON.stringify(sent.data)}`);
  const token = sent.data.inviteUrl.split("/admin/invite/")[1];
  const res = await fetch(`${h.baseUrl}/api/v1/invitations/${token}/accept`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name, password }),
  });
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${await res.text()}`);
}

/** Signs in through the login screen and waits for the shell. */
export async function signIn(page: Page, email: string, password: string, s: Strings = pl): Promise<void> {
  await page.goto("/admin/");
  await field(page, s.login.email).fill(email);
  await field(page, s.login.password).fill(password);
  await page.getByRole("button", { name: s.login.submit }).click();
  await page.getByRole("navigation", { name: s.shell.navigation }).waitFor();
}

/** Calls the API with the page's session cookie (and CSRF token for writes). */
export async function apiAs<T = unknown>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; data: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const session = await fetch("/api/v1/auth/session").then((r) => r.json());
      const res = await fetch(url, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, data: text ? JSON.parse(text) : null };
    },
    { method, url, body },
  ) as Promise<{ status: number; data: T }>;
}

/**
 * Waits until the screen's data has arrived: no query fetching and no mutation running for 300 ms
 * (the admin marks <html data-busy>; the quiet spell covers a query that starts from another's
 * answer). Unlike Playwright's "networkidle" it ignores requests that are not the app's data, and
 * a screen that never settles fails naming the queries still fetching.
 */
export async function settled(page: Page, what: string): Promise<void> {
  try {
    // The quiet spell starts now: a click just made may not have started its query yet.
    await page.evaluate(() => {
      (window as Window & { quietSince?: number }).quietSince = undefined;
    });
    await page.waitForFunction(() => {
      const w = window as Window & { quietSince?: number };
      if (document.documentElement.dataset.busy !== "0") {
        w.quietSince = undefined;
        return false;
      }
      w.quietSince ??= performance.now();
      return performance.now() - w.quietSince >= 300;
    });
  } catch (err) {
    const busy = await page.evaluate(() => document.documentElement.dataset.busyKeys).catch(() => "?");
    throw new Error(`${what} did not settle (still fetching: ${busy || "no query; a mutation"}): ${err}`);
  }
}

/**
 * Waits until the page's finite animations and transitions (Mantine's drawers, menus, fades) have
 * ended, and one frame more for what they started: cheaper and surer than a fixed pause, which
 * cost 350 ms a picture. Endless ones (loaders) are not waited for.
 */
export async function animationsDone(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document
        .getAnimations()
        .every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Number.POSITIVE_INFINITY),
    undefined,
    { polling: "raf" },
  );
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/** Saves a PNG under test-output/screenshots/ (after animations settle). */
export async function shoot(page: Page, name: string): Promise<void> {
  await animationsDone(page);
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: false });
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The input labelled exactly `label` (Mantine appends " *" to required labels). */
export function field(scope: Page | Locator, label: string) {
  // .first(): a Select's listbox carries the same label as its input.
  return scope.getByLabel(new RegExp(`^${escapeRe(label)}( \\*)?$`)).first();
}
