/**
 * The built admin works under its content security policy (platform/security-headers.ts): the
 * server sends the policy, and loading screens of every kind reports no violation, neither as a
 * `securitypolicyviolation` event nor in the console. Its own browser context: the harness's
 * contexts bypass the policy for axe.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../server/src/demo.js";
import { PAGE_POLICY } from "../../server/src/platform/security-headers.js";
import { apiAs, DESKTOP, describeBrowser, type Harness, settled, signIn, startHarness } from "./harness";

const SCREENS = [
  "/",
  "/members",
  "/counter",
  "/programs",
  "/rewards",
  "/rewards/new",
  "/voucher-pools",
  "/redemptions",
  "/messages/outbox",
  "/messages/templates",
  "/messages/templates/new",
  "/messages/notifications",
  "/messages/campaigns",
  "/messages/log",
  "/settings/company",
  "/settings/staff",
  "/settings/api-keys",
  "/settings/audit-log",
];

describeBrowser("content security policy", () => {
  let h: Harness;
  let context: BrowserContext;
  let page: Page;
  let ownerEmail: string;
  const violations: string[] = [];

  beforeAll(async () => {
    h = await startHarness();
    const demo = await seedDemo(h.db);
    ownerEmail = demo.logins.find((l) => l.role === "owner")?.email ?? "";
    context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: DESKTOP, locale: "pl-PL", timezoneId: "Europe/Warsaw" });
    context.setDefaultTimeout(15_000);
    await context.addInitScript(() => {
      document.addEventListener("securitypolicyviolation", (e) => {
        const w = window as Window & { cspViolations?: string[] };
        w.cspViolations ??= [];
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
      });
    });
    page = await context.newPage();
    page.on("console", (m) => {
      if (/content security policy/i.test(m.text())) violations.push(`console: ${m.text()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    await h?.close();
  });

  const collect = async (where: string) => {
    const seen = await page.evaluate(() => (window as Window & { cspViolations?: string[] }).cspViolations ?? []);
    for (const v of seen) violations.push(`${where}: ${v}`);
  };

  it("is sent with the admin's pages and the API's answers", async () => {
    const res = await page.goto("/admin/");
    expect(res?.headers()["content-security-policy"]).toBe(PAGE_POLICY);
    expect(res?.headers()["x-content-type-options"]).toBe("nosniff");
    expect(res?.headers()["x-frame-options"]).toBe("DENY");
    const api = await page.request.get("/api/openapi.json");
    expect(api.headers()["content-security-policy"]).toMatch(/^default-src 'none'/);
  });

  it("the signed-in admin runs every kind of screen with no violation", { timeout: 300_000 }, async () => {
    await signIn(page, ownerEmail, DEMO_PASSWORD).catch(async (err) => {
      await collect("sign-in");
      throw new Error(`${(err as Error).message}\n${violations.join("\n")}\n${(await page.content()).slice(0, 2000)}`);
    });
    const template = (await apiAs<{ data: { id: string }[] }>(page, "GET", "/api/v1/message-templates?limit=1")).data.data[0]?.id;
    const member = (await apiAs<{ data: { id: string }[] }>(page, "GET", "/api/v1/members?limit=1")).data.data[0]?.id;
    const screens = [...SCREENS, `/messages/templates/${template}`, `/members/${member}`];
    for (const path of screens) {
      await page.goto(`/admin${path}`);
      await page.getByRole("heading", { level: 1 }).first().waitFor();
      await settled(page, path);
      await collect(path);
    }
    // The API reference (Swagger UI) is an HTML page under the same policy.
    await page.goto("/api/docs");
    await page
      .locator(".swagger-ui .info")
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(async (err) => {
        await collect("/api/docs");
        throw new Error(`${(err as Error).message}\n${violations.join("\n")}`);
      });
    await page.waitForLoadState("networkidle");
    await collect("/api/docs");
    expect(violations).toEqual([]);
  });
});
