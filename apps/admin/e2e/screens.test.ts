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

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
const KEYS = leafKeys(en).filter((k) => k.includes("."));

// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

const SCREENS = [
  { path: "/admin/", name: "dashboard", heading: (s: Strings) => s.start.title.replace("{{name}}", "Anna Nowak") },
  { path: "/admin/settings/company", name: "company", heading: (s: Strings) => s.companyProfile.title },
  { path: "/admin/settings/locations", name: "locations", heading: (s: Strings) => s.locations.title },
  { path: "/admin/settings/staff", name: "staff", heading: (s: Strings) => s.staff.title },
  { path: "/admin/settings/api-keys", name: "api-keys", heading: (s: Strings) => s.apiKeys.title },
  { path: "/admin/settings/audit-log", name: "audit-log", heading: (s: Strings) => s.audit.title },
];

describeBrowser("company profile, audit log and every screen in both languages", () => {
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
    await page.getByRole("row").filter({ hasText: "location.created" }).first().waitFor();
    await page.getByRole("row").filter({ hasText: "company.updated" }).first().waitFor();

    await field(page, pl.audit.entityType).click();
    await page.getByRole("option", { name: pl.audit.entities.location }).click();
    await expect.poll(() => page.getByRole("row").filter({ hasText: "company.updated" }).count()).toBe(0);
    const entry = page.getByRole("row").filter({ hasText: "location.created" }).first();
    await entry.getByRole("button", { name: pl.audit.showChanges }).click();
    await page.getByText(`"name": "${locationName}"`).waitFor();
    await shoot(page, "audit-log-filtered-pl-desktop");

    // A date range in the future finds nothing and says so.
    await field(page, pl.audit.from).fill("2999-01-01");
    await page.getByText(pl.audit.noMatchesTitle).waitFor();
  });

  it("renders every screen in Polish and English at desktop and tablet sizes", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    expect(
      (
        await apiAs(page, "POST", "/api/v1/locations", {
          name: "Kawiarnia Centrum",
          address: { street: "ul. Nowy Świat 5", postalCode: "00-029", city: "Warszawa" },
          phone: "+48 22 555 01 01",
          openingHours: [
            { day: "mon", opens: "08:00", closes: "20:00" },
            { day: "sat", opens: "10:00", closes: "16:00" },
          ],
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await apiAs(page, "POST", "/api/v1/staff", {
          email: `${unique("kasjer")}@example.com`,
          name: "Ewa Zielińska",
          password: PASSWORD,
          role: "cashier",
        })
      ).status,
    ).toBe(201);
    expect((await apiAs(page, "POST", "/api/v1/api-keys", { name: "Sklep internetowy", scopes: ["locations.read"] })).status).toBe(201);

    for (const [lang, s] of [
      ["pl", pl],
      ["en", en],
    ] as const) {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
      }
      for (const [size, viewport] of [
        ["desktop", DESKTOP],
        ["tablet", TABLET_LANDSCAPE],
        ["portrait", TABLET_PORTRAIT],
      ] as const) {
        await page.setViewportSize(viewport);
        for (const screen of SCREENS) {
          await page.goto(screen.path);
          await page.getByRole("heading", { name: screen.heading(s), level: 1 }).waitFor();
          await settled(page, `${screen.path} ${lang} ${size}`);
          // Nothing untranslated: no raw keys like "locations.title" on screen.
          // (The audit log shows action names such as "staff.added" on purpose.)
          if (screen.name !== "audit-log") {
            const text = await page.locator("body").innerText();
            expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
          }
          await shoot(page, `${screen.name}-${lang}-${size}`);
        }
      }
    }
    // Drawers and dialogs at tablet size, in English.
    await page.setViewportSize(TABLET_LANDSCAPE);
    await page.goto("/admin/settings/locations");
    await page.getByRole("button", { name: en.locations.add }).first().click();
    await page.getByRole("dialog", { name: en.locations.createTitle }).getByRole("button", { name: en.locations.fillWeekdays }).click();
    await shoot(page, "location-form-en-tablet");
    await page.keyboard.press("Escape");
    await page.goto("/admin/settings/staff");
    await page.getByRole("button", { name: en.staff.add }).first().click();
    await page.getByRole("dialog", { name: en.staff.addTitle }).waitFor();
    await shoot(page, "staff-add-en-tablet");
  });
});
