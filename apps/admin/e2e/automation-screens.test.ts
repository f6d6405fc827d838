/**
 * The automation screens on a tablet (1024 and 768 px) in Polish and English: the scenario list
 * with its filters and row actions (pause, activate, archive after a question), the gallery and
 * the builder; no sideways overflow, no raw key, axe finds nothing serious.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import {
  apiAs,
  describeBrowser,
  en,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
} from "./harness";
import { created, seedProgram } from "./loyalty-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replaceAll(`{{${k}}}`, String(x)), s);

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
const KEYS = leafKeys(en).filter((k) => k.split(".").length > 2);

async function checkScreen(page: Page, what: string) {
  await settled(page, what);
  const text = await page.locator("body").innerText();
  expect(
    KEYS.filter((k) => text.includes(k)),
    `${what}: raw keys`,
  ).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what}: overflows sideways`).toBeLessThanOrEqual(1);
  expect(await seriousAxeFindings(page), `${what}: axe`).toEqual([]);
}

const rowsOf = (page: Page, label: string) => page.getByRole("table", { name: label }).locator("tbody tr");

describeBrowser("automation screens", () => {
  let h: Harness;
  let company: SeededCompany;
  let page: Page;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
    page = await h.newPage(TABLET_LANDSCAPE);
    page.on("pageerror", (err) => console.error("[page error]", err));
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(page, "Klub Kawowy");
    const consent = await created(page, "POST", "/api/v1/consents", {
      key: "newsletter",
      name: "Newsletter",
      purpose: "newsletter",
      channel: "email",
      text: "Zgadzam się na newsletter.",
    });
    const scenarios = [
      {
        name: "Premia za polecenie: znajomy wydał 200 zł",
        status: "active",
        trigger: { type: "referral_successful", measure: "spent", threshold: 20000 },
        actions: [{ type: "add_points", points: 20, reason: "Polecenie" }],
      },
      {
        name: "Powrót po 90 dniach",
        status: "paused",
        trigger: { type: "no_purchase", days: 90 },
        conditions: [{ type: "tier", op: "in", tierIds: [fx.goldId] }],
        actions: [
          { type: "add_tag", tag: "powrót" },
          { type: "wait", amount: 2, unit: "days" },
          { type: "add_points", points: 100, reason: "Tęsknimy" },
        ],
        frequencyLimit: { runs: 1, days: 90 },
      },
      {
        name: "Zgoda na newsletter",
        status: "active",
        programId: fx.programId,
        trigger: { type: "consent_granted", consentId: consent.id },
        actions: [{ type: "add_points", points: 5, reason: "Dziękujemy za zgodę" }],
      },
    ];
    for (const s of scenarios) await created(page, "POST", "/api/v1/automation/scenarios", s);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("pauses, activates and archives from the list (archive asks first)", async () => {
    const a = pl.automation;
    await page.goto("/admin/automation/scenarios");
    await page.getByRole("heading", { name: a.title, level: 1 }).waitFor();
    await settled(page, "list");
    const rows = rowsOf(page, a.title);
    await expect.poll(() => rows.count()).toBe(3);
    // The trigger in words, money in zł.
    await rows.filter({ hasText: "znajomy wydał" }).getByTestId("scenario-trigger").getByText("Gdy znajomy klienta wyda 200 zł").waitFor();

    const winBack = rows.filter({ hasText: "Powrót po 90 dniach" });
    await winBack.getByRole("button", { name: fill(a.activateNamed, { name: "Powrót po 90 dniach" }) }).click();
    await page.getByText(fill(a.activatedMessage, { name: "Powrót po 90 dniach" })).waitFor();
    await expect.poll(() => winBack.getByTestId("scenario-status").textContent()).toBe(a.statuses.active);
    await winBack.getByRole("button", { name: fill(a.pauseNamed, { name: "Powrót po 90 dniach" }) }).click();
    await expect.poll(() => winBack.getByTestId("scenario-status").textContent()).toBe(a.statuses.paused);

    // The status filter asks the API.
    await page.getByLabel(a.statusFilter, { exact: true }).first().click();
    await page.getByRole("option", { name: a.statuses.paused }).click();
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel(a.statusFilter, { exact: true }).first().click();
    await page.getByRole("option", { name: a.statuses.paused }).click();
    await expect.poll(() => rows.count()).toBe(3);

    const consentRow = rows.filter({ hasText: "Zgoda na newsletter" });
    await consentRow.getByRole("button", { name: fill(a.archiveNamed, { name: "Zgoda na newsletter" }) }).click();
    const dialog = page.getByRole("dialog", { name: fill(a.archiveTitle, { name: "Zgoda na newsletter" }) });
    await dialog.getByText(a.archiveMessage).waitFor();
    await shoot(page, "automation-archive-confirm-pl-tablet");
    await dialog.getByRole("button", { name: a.archive }).click();
    await page.getByText(fill(a.archivedMessage, { name: "Zgoda na newsletter" })).waitFor();
    await expect.poll(() => rows.count()).toBe(2);
    const left = await apiAs<{ data: { name: string }[] }>(page, "GET", "/api/v1/automation/scenarios");
    expect(left.data.data.map((s) => s.name).sort()).toEqual(["Powrót po 90 dniach", "Premia za polecenie: znajomy wydał 200 zł"]);
  });

  // Polish upright (the longest words on the narrowest tablet) and English on its side;
  // every-screen.test.ts visits these routes at every width in both languages.
  for (const [lang, s, size, viewport] of [
    ["pl", pl, "768", TABLET_PORTRAIT],
    ["en", en, "1024", TABLET_LANDSCAPE],
  ] as const) {
    it(`${lang}: the list, the gallery and a saved scenario's builder at ${size} px`, async () => {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: s.shell.navigation }).waitFor();
      }
      await page.setViewportSize(viewport);
      await page.goto("/admin/automation/scenarios");
      await page.getByRole("heading", { name: s.automation.title, level: 1 }).waitFor();
      await checkScreen(page, `list ${lang} ${size}`);
      await expect.poll(() => rowsOf(page, s.automation.title).count()).toBe(2);
      // The row actions stay inside the window.
      const right = await page.evaluate(
        () => document.querySelector(".rg-list tbody tr td.rg-actions")?.getBoundingClientRect().right ?? 0,
      );
      expect(right).toBeLessThanOrEqual(viewport.width);
      await shoot(page, `automation-list-${lang}-${size}`);

      await page.goto("/admin/automation/scenarios/new");
      await page.getByRole("heading", { name: s.automation.gallery.title, level: 1 }).waitFor();
      await checkScreen(page, `gallery ${lang} ${size}`);
      await shoot(page, `automation-gallery-${lang}-${size}`);

      await page.goto("/admin/automation/scenarios");
      await rowsOf(page, s.automation.title)
        .filter({ hasText: "Powrót po 90 dniach" })
        .getByRole("link", { name: "Powrót po 90 dniach", exact: true })
        .click();
      await page.getByRole("tab", { name: s.automation.tabs.builder }).waitFor();
      await checkScreen(page, `builder ${lang} ${size}`);
      const sentence = await page.getByTestId("scenario-sentence").innerText();
      expect(sentence).toContain(lang === "pl" ? "klient nie robi zakupów od 90 dni" : "a member has not bought anything for 90 days");
      expect(sentence).toContain(lang === "pl" ? "odczekaj 2 dni" : "wait 2 days");
      await shoot(page, `automation-builder-${lang}-${size}`);
      await page.getByRole("tab", { name: s.automation.tabs.runs }).click();
      await checkScreen(page, `run log ${lang} ${size}`);
      await page.getByRole("tab", { name: s.automation.tabs.results }).click();
      await checkScreen(page, `results ${lang} ${size}`);
    });
  }

  it("creates both scenarios of the referral bonus at once, paused, and shows them in the list", async () => {
    const a = en.automation;
    await page.setViewportSize(TABLET_LANDSCAPE);
    await page.goto("/admin/automation/scenarios/new");
    await page.getByRole("heading", { name: a.gallery.title, level: 1 }).waitFor();
    await page.getByTestId("template-referral_bonus").getByRole("button", { name: a.gallery.createAllPaused }).click();
    await page.getByRole("heading", { name: a.title, level: 1 }).waitFor();
    await page.getByText(fill(a.gallery.createdAll, { name: "Referral bonus", count: 2 })).waitFor();
    const rows = rowsOf(page, a.title);
    await expect.poll(() => rows.count()).toBe(4);
    for (const name of ["Referral: friend joined", "Referral: friend spent 200 zł"])
      expect(await rows.filter({ hasText: name }).getByTestId("scenario-status").textContent()).toBe(a.statuses.paused);
    await shoot(page, "automation-list-referral-created-en-1024");
  });
});
