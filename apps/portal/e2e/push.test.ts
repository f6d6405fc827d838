/**
 * Push in the portal, in Chromium at phone size: the "Notifications on this device" switch on More
 * (pl, en, axe), and the service worker's handlers: a push message delivered to the worker (the
 * DevTools protocol plays the push service's part) becomes a notification with the payload's title,
 * body, icon and link. Subscribing itself needs a real push service behind the browser (Chromium's
 * is Google's), so the server side of the journey is apps/server/test/push.test.ts.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../admin/e2e/axe-check";
import { describeBrowser, type Harness, SCREENSHOT_DIR, seedCompany, startHarness } from "../../admin/e2e/harness";
import { createMember } from "../../server/src/modules/members/member-writes";
import { memberInput } from "../../server/src/modules/members/members.schemas";
import { PERMISSIONS } from "../../server/src/platform/permissions";
import { sql } from "../../server/src/platform/sql";
import { memberCookie } from "./portal-harness";

const PHONE = { width: 390, height: 844 };
const shots = path.join(SCREENSHOT_DIR, "portal");

describeBrowser("portal push", () => {
  let h: Harness;
  let slug: string;
  let companyId: string;
  let ownerId: string;

  beforeAll(async () => {
    h = await startHarness();
    const company = await seedCompany(h);
    companyId = company.companyId;
    ownerId = company.ownerId;
    const [row] = await h.db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`);
    slug = row!.slug;
  });
  afterAll(async () => {
    await h?.close();
  });

  /** `harness`: the harness's context (CSP bypassed for axe); otherwise the server's real policies. */
  async function signedInMember(language: "pl" | "en", harness = false) {
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
    const member = await createMember({ db: h.db, actor, input: memberInput.parse({ firstName: "Ola", lastName: "Push", language }) });
    const context = harness
      ? await h.newContext(PHONE)
      : await h.browser.newContext({ baseURL: h.baseUrl, viewport: PHONE, locale: `${language}-PL`, timezoneId: "Europe/Warsaw" });
    context.setDefaultTimeout(15_000);
    await context.addCookies([await memberCookie(h, companyId, slug, member.id)]);
    return { context, page: await context.newPage() };
  }

  async function controlled(page: Page): Promise<void> {
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      const active = registration.active!;
      if (active.state !== "activated") await new Promise((done) => active.addEventListener("statechange", done));
    });
  }

  for (const [language, label, heading] of [
    ["pl", "Powiadomienia na tym urządzeniu", "Więcej"],
    ["en", "Notifications on this device", "More"],
  ] as const) {
    it(`shows the switch on More (${language})`, async () => {
      const { context, page } = await signedInMember(language, true);
      try {
        await page.goto(`/p/${slug}/more`);
        await page.getByRole("heading", { name: heading }).waitFor();
        await controlled(page);
        await page.reload();
        const toggle = page.getByRole("switch", { name: label });
        await toggle.waitFor();
        expect(await toggle.isChecked()).toBe(false);
        await page.screenshot({ path: path.join(shots, `push-switch-${language}.png`) });
        expect(await seriousAxeFindings(page)).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("shows a pushed message as a notification with the payload's title, body, icon and link", async () => {
    const { context, page } = await signedInMember("pl");
    try {
      await context.grantPermissions(["notifications"], { origin: h.baseUrl });
      await page.goto(`/p/${slug}/more`);
      await controlled(page);
      const cdp = await context.newCDPSession(page);
      const registrations = new Promise<string>((resolve) => {
        cdp.on("ServiceWorker.workerRegistrationUpdated", (e: { registrations: { registrationId: string; scopeURL: string }[] }) => {
          const mine = e.registrations.find((r) => r.scopeURL === `${h.baseUrl}/p/${slug}/`);
          if (mine) resolve(mine.registrationId);
        });
      });
      await cdp.send("ServiceWorker.enable");
      const registrationId = await registrations;
      const payload = {
        title: "Ola: +123 pkt",
        body: "Masz teraz 123 pkt.",
        url: `${h.baseUrl}/p/${slug}/history`,
        icon: `${h.baseUrl}/p/${slug}/icon-192.png`,
      };
      await cdp.send("ServiceWorker.deliverPushMessage", { origin: h.baseUrl, registrationId, data: JSON.stringify(payload) });
      const shown = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.ready;
        for (let i = 0; i < 100; i++) {
          const [n] = await registration.getNotifications();
          if (n) return { title: n.title, body: n.body, icon: n.icon, data: n.data };
          await new Promise((r) => setTimeout(r, 50));
        }
        return null;
      });
      expect(shown).toEqual({ title: payload.title, body: payload.body, icon: payload.icon, data: { url: payload.url } });
    } finally {
      await context.close();
    }
  });
});
