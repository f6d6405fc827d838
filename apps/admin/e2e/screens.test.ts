import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  apiAs,
  DESKTOP,
  describeBrowser,
  en,
  field,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  type Strings,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
  unique,
} from "./harness";

// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

/** The settings lists, each with the table's name and the accessible name of its first row's action. */
const LISTS = [
  { path: "/admin/settings/locations", table: (s: Strings) => s.locations.title, action: (s: Strings) => s.common.actionsFor },
  { path: "/admin/settings/staff", table: (s: Strings) => s.staff.title, action: (s: Strings) => s.common.actionsFor },
  { path: "/admin/settings/api-keys", table: (s: Strings) => s.apiKeys.title, action: (s: Strings) => s.apiKeys.revokeNamed },
  { path: "/admin/settings/audit-log", table: (s: Strings) => s.audit.title, action: (s: Strings) => s.audit.showChanges },
  { path: "/admin/settings/member-fields", table: (s: Strings) => s.customFields.title, action: (s: Strings) => s.common.actionsFor },
];

const CODE = /^[a-z_]+\.[a-z_]+$/;

/** Picks a day in a DateField's calendar: `which` is today, or the 1st of the month before. */
async function pickDay(page: Page, label: string, which: "today" | "firstOfLastMonth") {
  await field(page, label).click();
  const dropdown = page.locator(".mantine-Popover-dropdown").last();
  if (which === "today") {
    await dropdown.locator("button[data-today]").first().click();
  } else {
    await dropdown.locator('button[data-direction="previous"]').click();
    await dropdown.locator("button.mantine-DatePickerInput-day:not([data-outside])").first().click();
  }
  await dropdown.waitFor({ state: "hidden" });
}

/** The page does not scroll sideways, and `target` lies wholly inside the viewport, not covered. */
async function fitsAndShows(page: Page, target: Locator, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${what}: page wider than the window`).toBeLessThanOrEqual(innerWidth);
  await target.scrollIntoViewIfNeeded();
  const box = await target.boundingBox();
  expect(box, `${what}: not rendered`).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what}: cut off on the left`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: cut off on the right`).toBeLessThanOrEqual(innerWidth);
  // Nothing (an overflow clip, a neighbour) covers the control's middle.
  const onTop = await target.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && (el === hit || el.contains(hit));
  });
  expect(onTop, `${what}: covered or clipped`).toBe(true);
}

describeBrowser("company profile, audit log, settings lists and forms", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("edits the company profile and uploads a logo", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.goto("/admin/settings/company");
    const name = field(page, pl.companyProfile.name);
    await expect.poll(() => name.inputValue()).toBe(company.companyName);

    await name.fill("");
    await field(page, pl.companyProfile.dpoEmail).fill("iod@");
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.validation.required).waitFor();
    await page.getByText(pl.validation.email).waitFor();
    await shoot(page, "company-errors-pl-tablet");

    const newName = `Aroma ${unique("")}`;
    await name.fill(newName);
    await field(page, pl.companyProfile.dpoEmail).fill("iod@example.com");
    await field(page, pl.companyProfile.shortDescription).fill("Kawa z własnej palarni.");
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.companyProfile.saved).waitFor();
    const [row] = await h.db.query<{ name: string; dpo_email: string; description: string }>(
      "select name, dpo_email, description from companies where id = $1",
      [company.companyId],
    );
    expect(row).toEqual({ name: newName, dpo_email: "iod@example.com", description: "Kawa z własnej palarni." });
    // The top bar's company switcher follows the new name.
    await expect.poll(() => field(page, pl.shell.company).inputValue()).toBe(newName);

    await page.locator('input[type="file"]').setInputFiles({ name: "logo.png", mimeType: "image/png", buffer: PNG });
    await page.getByText(pl.companyProfile.logoSaved).waitFor();
    await page.getByTestId("logo-preview").locator("img").waitFor();
    const [logo] = await h.db.query<{ logo_media_id: string | null }>("select logo_media_id from companies where id = $1", [
      company.companyId,
    ]);
    expect(logo?.logo_media_id).toBeTruthy();
    await shoot(page, "company-logo-pl-tablet");
    company.companyName = newName;
  });

  it("filters the audit log and expands the changes of an entry", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    const locationName = `Audyt ${unique("")}`;
    expect((await apiAs(page, "POST", "/api/v1/locations", { name: locationName })).status).toBe(201);
    await page.goto("/admin/settings/audit-log");
    const created = pl.audit.actions.location.created;
    await page.getByRole("row").filter({ hasText: created }).first().waitFor();
    await page.getByRole("row").filter({ hasText: pl.audit.actions.company.updated }).first().waitFor();
    // Every action is shown by its translated name; the code stays underneath, for support.
    const cells = page.locator(`td[data-label="${pl.audit.action}"]`);
    const mainTexts = await cells.evaluateAll((tds) => tds.map((td) => td.querySelector("p")?.textContent ?? ""));
    expect(mainTexts.length).toBeGreaterThan(1);
    expect(mainTexts.filter((text) => CODE.test(text))).toEqual([]);
    await page.getByRole("row").filter({ hasText: created }).first().getByText("location.created", { exact: true }).waitFor();

    // The filter's choices are translated too.
    await field(page, pl.audit.action).click();
    await page.getByRole("option", { name: pl.audit.actions.staff.added }).waitFor();
    await page.keyboard.press("Escape");
    await field(page, pl.audit.entityType).click();
    await page.getByRole("option", { name: pl.audit.entities.location }).click();
    await expect.poll(() => page.getByRole("row").filter({ hasText: pl.audit.actions.company.updated }).count()).toBe(0);
    const entry = page.getByRole("row").filter({ hasText: created }).first();
    await entry.getByRole("button", { name: pl.audit.showChanges }).click();
    const details = page.getByRole("dialog", { name: created });
    await details.getByText(`"name": "${locationName}"`).waitFor();
    await details.getByText("location.created", { exact: true }).waitFor();
    await shoot(page, "audit-log-filtered-pl-desktop");
    await page.keyboard.press("Escape");
    await details.waitFor({ state: "hidden" });

    // A date range that ends before today finds nothing and says so; from today finds the entry again.
    await pickDay(page, pl.audit.to, "firstOfLastMonth");
    await page.getByText(pl.audit.noMatchesTitle).waitFor();
    await page.getByRole("button", { name: pl.audit.clear, exact: true }).click();
    await field(page, pl.audit.entityType).click();
    await page.getByRole("option", { name: pl.audit.entities.location }).click();
    await pickDay(page, pl.audit.from, "today");
    await page.getByRole("row").filter({ hasText: created }).first().waitFor();
    await shoot(page, "audit-log-dates-pl-desktop");
  });

  it("fits the settings lists on tablets, with each row's actions and the audit log's clear button in view", async () => {
    const page = await h.newPage({ width: 1440, height: 900 });
    await signIn(page, company.ownerEmail, PASSWORD);
    expect((await apiAs(page, "POST", "/api/v1/api-keys", { name: "Kasa fiskalna", scopes: ["locations.read"] })).status).toBe(201);
    expect(
      (
        await apiAs(page, "POST", "/api/v1/locations", {
          name: "Kawiarnia Dworcowa z bardzo długą nazwą oddziału",
          address: { street: "ul. Aleje Jerozolimskie 142", postalCode: "02-305", city: "Warszawa" },
          phone: "+48221234567",
          openingHours: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((day) => ({ day, opens: "07:00", closes: "21:00" })),
        })
      ).status,
    ).toBe(201);
    expect(
      (await apiAs(page, "POST", "/api/v1/custom-fields", { label: "Ulubiona kawa", key: unique("kawa_"), type: "text" })).status,
    ).toBe(201);
    // At 1440 the audit log's filters fit in one go, the clear button included.
    await page.goto("/admin/settings/audit-log");
    await page.getByRole("table", { name: pl.audit.title }).waitFor();
    await fitsAndShows(page, page.getByRole("button", { name: pl.audit.clear, exact: true }), "audit log clear button at 1440");

    for (const viewport of [TABLET_LANDSCAPE, TABLET_PORTRAIT]) {
      await page.setViewportSize(viewport);
      for (const list of LISTS) {
        await page.goto(list.path);
        const table = page.getByRole("table", { name: list.table(pl) });
        await table.waitFor();
        await settled(page, `${list.path} at ${viewport.width}`);
        const firstRow = table.locator("tbody tr").first();
        const name = new RegExp(`^${list.action(pl).replace(/\{\{name\}\}.*$/, "")}`);
        await fitsAndShows(page, firstRow.getByRole("button", { name }).first(), `${list.path} first row's action at ${viewport.width}`);
      }
      await page.goto("/admin/settings/audit-log");
      await page.getByRole("table", { name: pl.audit.title }).waitFor();
      await fitsAndShows(
        page,
        page.getByRole("button", { name: pl.audit.clear, exact: true }),
        `audit log clear button at ${viewport.width}`,
      );
    }

    // The language is the account's: back to Polish for the tests after this one.
    await page.getByText("PL", { exact: true }).click();
    await page.getByRole("navigation", { name: pl.shell.navigation }).waitFor();
  }, 240_000);

  it("opens the settings forms in English on a tablet", async () => {
    // Every screen at every width, in both languages, is every-screen.test.ts's; the forms here.
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
    await page.goto("/admin/settings/locations");
    await page.getByRole("button", { name: en.locations.add }).first().click();
    await page.getByRole("dialog", { name: en.locations.createTitle }).getByRole("button", { name: en.locations.fillWeekdays }).click();
    await shoot(page, "location-form-en-tablet");
    await page.keyboard.press("Escape");
    await page.goto("/admin/settings/staff");
    await page.getByRole("button", { name: en.staff.add }).first().click();
    await page.getByRole("dialog", { name: en.staff.addTitle }).waitFor();
    await shoot(page, "staff-add-en-tablet");
  }, 360_000);
});
