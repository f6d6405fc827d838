/**
 * The portal's shell in Chromium at phone size (390×844): a visitor is sent to sign-in, the
 * header names the company, the language switches, axe finds nothing serious; the installability
 * check passes (manifest, icons, service worker) and after a first visit the shell opens offline.
 * The service-worker part runs in a context of its own without the harness's CSP bypass, so it
 * also proves the worker works under the policies the server sends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../admin/e2e/axe-check";
import { CHROMIUM_PATH, describeBrowser, type Harness, SCREENSHOT_DIR, seedCompany, startHarness } from "../../admin/e2e/harness";
import { createMember } from "../../server/src/modules/members/member-writes";
import { memberInput } from "../../server/src/modules/members/members.schemas";
import { PERMISSIONS } from "../../server/src/platform/permissions";
import { sql } from "../../server/src/platform/sql";
import { memberCookie } from "./portal-harness";

const PHONE = { width: 390, height: 844 };
const shots = path.join(SCREENSHOT_DIR, "portal");

async function shoot(page: Page, name: string) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

describeBrowser("portal shell", () => {
  let h: Harness;
  let slug: string;
  let companyName: string;
  let companyId: string;
  let ownerId: string;

  beforeAll(async () => {
    h = await startHarness();
    const company = await seedCompany(h);
    companyName = company.companyName;
    companyId = company.companyId;
    ownerId = company.ownerId;
    const [row] = await h.db.query<{ slug: string }>(sql`select slug from companies where id = ${company.companyId}`);
    slug = row!.slug;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("sends a visitor to sign-in, shows the company in the header and switches the language", async () => {
    const page = await h.newPage(PHONE);
    const first = await page.goto(`/p/${slug}/more`);
    expect(await first?.text()).toContain(`<title>${companyName}</title>`);
    await page.waitForURL(`**/p/${slug}/sign-in?next=%2Fmore`);
    // Before the portal's configuration arrives the header has the name the server put in <title>.
    await page.locator(".portal-brand").waitFor();
    expect(await page.title()).toBe(await page.locator(".portal-brand").textContent());
    expect(await page.locator("html").getAttribute("lang")).toBe("pl");
    await page.getByRole("link", { name: "Przejdź do treści" }).waitFor({ state: "attached" });
    await shoot(page, "shell-sign-in-redirect-pl");
    expect(await seriousAxeFindings(page)).toEqual([]);

    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("link", { name: "Skip to content" }).waitFor({ state: "attached" });
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await shoot(page, "shell-sign-in-redirect-en");
    // The choice is kept on this device.
    await page.reload();
    await page.getByRole("link", { name: "Skip to content" }).waitFor({ state: "attached" });
    expect(await seriousAxeFindings(page)).toEqual([]);
  });

  /** The session cookie of a new member of the company (created as staff would). */
  async function newMemberCookie(language: "pl" | "en") {
    const actor = {
      type: "staff" as const,
      id: ownerId,
      name: "Anna Nowak",
      companyId,
      permissions: new Set(PERMISSIONS),
      locationIds: null,
      ip: "127.0.0.1",
      requestId: "e2e",
    };
    const member = await createMember({ db: h.db, actor, input: memberInput.parse({ firstName: "Ola", lastName: "Zielińska", language }) });
    return memberCookie(h, companyId, slug, member.id);
  }

  /** A member of the company signed in on a new phone-sized page. */
  async function signedInMember(language: "pl" | "en") {
    const context = await h.newContext(PHONE);
    await context.addCookies([await newMemberCookie(language)]);
    return { context, page: await context.newPage() };
  }

  it("gives a signed-in member the bottom navigation on a phone, More, the member's language and signing out", async () => {
    const { page } = await signedInMember("en");
    await page.goto(`/p/${slug}/more`);
    const nav = page.getByRole("navigation", { name: "Navigation" });
    await nav.getByRole("link", { name: "More" }).waitFor();
    for (const name of ["Home", "Rewards", "Card", "More"]) expect(await nav.getByRole("link", { name }).isVisible()).toBe(true);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    await page.getByRole("heading", { name: "More" }).waitFor();
    await page.getByRole("link", { name: "My profile" }).waitFor();
    await shoot(page, "shell-more-en");
    expect(await seriousAxeFindings(page)).toEqual([]);
    // The bottom bar sits at the bottom of the 844 px screen.
    const box = await nav.boundingBox();
    expect(Math.round((box?.y ?? 0) + (box?.height ?? 0))).toBe(844);

    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await page.waitForURL(`**/p/${slug}/sign-in`);
    expect(await page.getByRole("navigation", { name: "Navigation" }).count()).toBe(0);
    const session = await page.evaluate(async (s) => (await fetch(`/api/v1/portal/${s}/session`)).status, slug);
    expect(session).toBe(401);
  });

  it("puts the navigation into the header on a desktop", async () => {
    const { page } = await signedInMember("pl");
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`/p/${slug}/more`);
    await page.getByRole("heading", { name: "Więcej" }).waitFor();
    const navs = page.getByRole("navigation", { name: "Nawigacja" });
    // Both are in the page; CSS shows the one for the screen's width.
    const visible = await navs.evaluateAll((els) => els.filter((e) => getComputedStyle(e).display !== "none").map((e) => e.className));
    expect(visible).toEqual(["portal-topnav"]);
    await shoot(page, "shell-more-desktop-pl");
    // A signed-in member's choice goes onto their card (messages follow it), not only this device.
    const saved = page.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith(`/api/v1/portal/${slug}/me/profile`));
    await page.locator("header").getByText("EN", { exact: true }).click();
    expect((await saved).postDataJSON()).toEqual({ language: "en" });
    await page.getByRole("heading", { name: "More" }).waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
  });

  it("answers a plain 404 page for a portal that does not exist", async () => {
    const page = await h.newPage(PHONE);
    const res = await page.goto("/p/no-such-company-here/");
    expect(res?.status()).toBe(404);
    await page.getByRole("heading", { name: "Nie ma takiego portalu" }).waitFor();
  });

  /** A context under the server's real policies (no CSP bypass) whose page is controlled by the portal's worker. */
  async function visitWithWorker(
    given?: { context: BrowserContext; page: Page },
    at = "",
  ): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
    const context =
      given?.context ?? (await h.browser.newContext({ baseURL: h.baseUrl, viewport: PHONE, locale: "pl-PL", timezoneId: "Europe/Warsaw" }));
    context.setDefaultTimeout(15_000);
    const violations: string[] = [];
    const page = given?.page ?? (await context.newPage());
    page.on("console", (m) => {
      if (/content security policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(`/p/${slug}/${at}`);
    await page.locator(".portal-brand").waitFor();
    // The worker of this portal's scope is active (it precached the app shell when installing).
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const active = registration.active!;
      if (active.state !== "activated") await new Promise((done) => active.addEventListener("statechange", done));
      return { scope: registration.scope, state: active.state, script: active.scriptURL };
    });
    expect(worker).toEqual({ scope: `${h.baseUrl}/p/${slug}/`, state: "activated", script: `${h.baseUrl}/p/${slug}/sw.js` });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    // This load goes through the worker, which keeps the portal page for offline use.
    await page.reload();
    await page.locator(".portal-brand").waitFor();
    return { context, page, violations };
  }

  it("opens offline after the first visit", async () => {
    const { context, page, violations } = await visitWithWorker();
    try {
      await context.setOffline(true);
      await page.reload();
      await page.locator(".portal-brand").waitFor();
      await page.getByRole("status").filter({ hasText: "Jesteś offline" }).waitFor();
      expect(await page.title()).toBe(await page.locator(".portal-brand").textContent());
      await shoot(page, "shell-offline");
      // Another address of the portal opens offline too (the worker answers with the portal page).
      await page.goto(`/p/${slug}/card`);
      await page.locator(".portal-brand").waitFor();
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("opens a signed-in member's shell offline with what the member saw last", async () => {
    const { context, page } = await visitWithWorker(await signedInMember("pl"), "more");
    try {
      await page.getByRole("heading", { name: "Więcej" }).waitFor();
      await context.setOffline(true);
      await page.reload();
      await page.getByRole("heading", { name: "Więcej" }).waitFor();
      await page.getByRole("navigation", { name: "Nawigacja" }).getByRole("link", { name: "Karta" }).waitFor();
      await page.getByRole("status").filter({ hasText: "Jesteś offline" }).waitFor();
      await shoot(page, "shell-more-offline-pl");
      // Signing out leaves none of the member's answers on the device.
      await context.setOffline(false);
      expect(await page.evaluate(() => caches.has("portal-member-api"))).toBe(true);
      await page.getByRole("button", { name: "Wyloguj się" }).click();
      await page.waitForURL(`**/p/${slug}/sign-in`);
      await expect.poll(() => page.evaluate(async () => (await (await caches.open("portal-member-api")).keys()).length)).toBe(0);
    } finally {
      await context.setOffline(false);
    }
  });

  it("shows a push message as a notification that opens the portal's address", async () => {
    const { context, page } = await visitWithWorker(await signedInMember("pl"), "more");
    try {
      await context.grantPermissions(["notifications"], { origin: h.baseUrl });
      const cdp = await context.newCDPSession(page);
      const registrationId = new Promise<string>((resolve) => {
        cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
          const mine = registrations.find((r) => r.scopeURL === `${h.baseUrl}/p/${slug}/` && !r.isDeleted);
          if (mine) resolve(mine.registrationId);
        });
      });
      await cdp.send("ServiceWorker.enable");
      await cdp.send("ServiceWorker.deliverPushMessage", {
        origin: h.baseUrl,
        registrationId: await registrationId,
        data: JSON.stringify({ title: "Nowa nagroda", body: "Kawa gratis czeka", url: "rewards", tag: "t1" }),
      });
      // Polled from here: Playwright's waitForFunction does not wait for an async predicate's
      // answer (a promise counts as true), so a busy machine read the list before the worker
      // had shown it (CI of issue 24).
      await expect
        .poll(
          () =>
            page.evaluate(async () =>
              (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
                title: n.title,
                body: n.body,
                tag: n.tag,
                data: n.data,
              })),
            ),
          { timeout: 15_000 },
        )
        .toEqual([{ title: "Nowa nagroda", body: "Kawa gratis czeka", tag: "t1", data: { url: `${h.baseUrl}/p/${slug}/rewards` } }]);
    } finally {
      await context.close();
    }
  });

  it("passes the browser's installability check: manifest with 192 and 512 icons, service worker", async () => {
    // Chromium never offers to install from an incognito context (browser.newContext() is one):
    // the check needs a profile of its own.
    const profile = mkdtempSync(path.join(tmpdir(), "regulars-portal-profile-"));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      baseURL: h.baseUrl,
      viewport: PHONE,
      locale: "pl-PL",
      timezoneId: "Europe/Warsaw",
    });
    try {
      await context.addCookies([await newMemberCookie("pl")]);
      const { page, violations } = await visitWithWorker({ context, page: context.pages()[0] ?? (await context.newPage()) }, "more");
      const href = await page.locator('link[rel="manifest"]').getAttribute("href");
      expect(href).toBe(`/p/${slug}/manifest.webmanifest`);
      // The manifest and icons are served by modules/portal-settings.
      const manifest = await page.evaluate(async (url) => {
        const res = await fetch(url);
        return { status: res.status, body: res.ok ? await res.json() : null };
      }, href!);
      expect(manifest.status).toBe(200);
      const sizes = (manifest.body.icons as { sizes: string }[]).map((i) => i.sizes);
      expect(sizes).toEqual(expect.arrayContaining(["192x192", "512x512"]));
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
      expect(installabilityErrors).toEqual([]);
      // The browser's install offer becomes the More screen's button.
      await page.getByRole("button", { name: "Zainstaluj aplikację" }).waitFor();
      await shoot(page, "shell-more-install-pl");
      expect(violations).toEqual([]);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  });
});
