/**
 * Push as a channel in the admin: a push template written and previewed (title, text, link), and a
 * program's notification with its push part; pl and en, axe, screenshots at tablet size.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import {
  apiAs,
  describeBrowser,
  en,
  field,
  type Harness,
  pl,
  type SeededCompany,
  type Strings,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
} from "./harness";

describeBrowser("push in the admin", () => {
  let h: Harness;
  let company: SeededCompany;

  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("writes and previews a push template, and a notification's push part, in pl and en", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, "correct-horse-battery");
    const program = await apiAs<{ id: string }>(page, "POST", "/api/v1/programs", { name: "Klub push" });
    expect(program.status).toBe(201);
    for (const [lang, s] of [
      ["pl", pl],
      ["en", en],
    ] as [string, Strings][]) {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
      }
      await page.goto("/admin/messages/templates/new");
      await page.getByText(s.messaging.channels.push, { exact: true }).click();
      await field(page, s.messaging.templates.name).fill(`Push ${lang}`);
      await field(page, s.messaging.push.title).fill("{first_name}, +{points_change} pkt");
      await field(page, s.messaging.push.body).fill("Masz teraz {points} pkt.");
      await field(page, s.messaging.push.url).fill("/rewards");
      await page.getByTestId("preview-push").waitFor();
      await settled(page, "the push preview");
      expect(await page.getByTestId("preview-push-body").textContent()).toMatch(/\d/);
      await shoot(page, `admin-push-template-${lang}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await page.getByRole("button", { name: s.messaging.templates.create }).click();
      await page.waitForURL(/\/messages\/templates\/tpl_/);
      const saved = await apiAs<{ data: { channel: string; url: string; name: string }[] }>(
        page,
        "GET",
        "/api/v1/message-templates?channel=push",
      );
      expect(saved.data.data.find((t) => t.name === `Push ${lang}`)).toMatchObject({ channel: "push", url: "/rewards" });

      await page.goto("/admin/messages/notifications");
      await page.getByRole("heading", { name: s.messaging.notifications.title, level: 1 }).waitFor();
      const earned = page.getByTestId("notification-points_earned");
      await earned.getByRole("button", { name: new RegExp(`^${s.messaging.notifications.kinds.points_earned}`) }).click();
      const push = earned.getByRole("group", { name: s.messaging.channels.push, exact: true });
      await push.waitFor();
      await push.getByRole("switch", { name: s.messaging.notifications.sendPush }).check({ force: true });
      await push.scrollIntoViewIfNeeded();
      await settled(page, "the notification's push part");
      await shoot(page, `admin-push-notification-${lang}`);
      expect(await seriousAxeFindings(page)).toEqual([]);
      await earned.getByRole("button", { name: s.common.save }).click();
      await page
        .getByText(s.messaging.notifications.savedMessage.replace("{{name}}", s.messaging.notifications.kinds.points_earned))
        .first()
        .waitFor();
      const list = await apiAs<{ data: { kind: string; push: { enabled: boolean } }[] }>(
        page,
        "GET",
        `/api/v1/programs/${program.data.id}/notifications`,
      );
      expect(list.data.data.find((n) => n.kind === "points_earned")?.push.enabled).toBe(true);
    }
  });
});
