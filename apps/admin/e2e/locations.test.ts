import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeBrowser,
  field,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  seedCompany,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  unique,
} from "./harness";

describeBrowser("locations", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("creates a location with hours and coordinates, shows validation errors in place, and deactivates it after confirmation", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.locations).click();
    await page.getByText(pl.locations.emptyTitle).waitFor();
    await shoot(page, "locations-empty-pl-tablet");

    await page.getByRole("button", { name: pl.locations.add }).first().click();
    const drawer = page.getByRole("dialog", { name: pl.locations.createTitle });
    await drawer.waitFor();

    // Missing name: the error appears next to the field and nothing is saved.
    await drawer.getByRole("button", { name: pl.common.save }).click();
    await expect(field(drawer, pl.locations.name).getAttribute("aria-invalid")).resolves.toBe("true");
    await drawer.getByText(pl.validation.required).waitFor();

    // Closing before opening is refused on the "closes" field of that row.
    const name = `Oddział ${unique("")}`;
    await field(drawer, pl.locations.name).fill(name);
    await field(drawer, pl.locations.street).fill("ul. Marszałkowska 10");
    await field(drawer, pl.locations.postalCode).fill("00-001");
    await field(drawer, pl.locations.city).fill("Warszawa");
    await field(drawer, pl.locations.phone).fill("+48 22 123 45 67");
    await field(drawer, pl.locations.latitude).fill("52.2297");
    await field(drawer, pl.locations.longitude).fill("21.0122");
    await drawer.getByRole("button", { name: pl.locations.addHours }).click();
    await field(drawer, pl.locations.opens).first().fill("10:00");
    await field(drawer, pl.locations.closes).first().fill("08:00");
    await drawer.getByRole("button", { name: pl.common.save }).click();
    await drawer.getByText(pl.validation.closesAfterOpens).waitFor();
    await shoot(page, "location-form-errors-pl-tablet");
    expect((await h.db.query("select 1 from locations where name = $1", [name])).length).toBe(0);

    // Latitude out of range is refused too.
    await field(drawer, pl.locations.closes).first().fill("18:00");
    await field(drawer, pl.locations.latitude).fill("123");
    await drawer.getByRole("button", { name: pl.common.save }).click();
    await drawer.getByText(pl.validation.latitude).waitFor();
    await field(drawer, pl.locations.latitude).fill("52.2297");

    await drawer.getByRole("button", { name: pl.common.save }).click();
    await drawer.waitFor({ state: "hidden" });
    await page.getByText(pl.locations.savedMessage.replace("{{name}}", name)).waitFor();
    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByText(pl.locations.active, { exact: true }).waitFor();
    await row.getByText("Pn 10:00–18:00").waitFor();
    await shoot(page, "locations-list-pl-tablet");

    const [saved] = await h.db.query<{ company_id: string; city: string; latitude: number; opening_hours: unknown; active: boolean }>(
      "select * from locations where name = $1",
      [name],
    );
    expect(saved).toMatchObject({ company_id: company.companyId, active: true });
    expect(JSON.stringify(saved)).toContain("Warszawa");
    expect(JSON.stringify(saved?.opening_hours)).toContain("10:00");

    // Deactivation asks first and says what happens.
    await row.getByRole("button", { name: pl.common.actionsFor.replace("{{name}}", name) }).click();
    await page.getByRole("menuitem", { name: pl.locations.deactivate }).click();
    const confirm = page.getByRole("dialog", { name: pl.locations.deactivateTitle.replace("{{name}}", name) });
    await confirm.getByText(pl.locations.deactivateMessage).waitFor();
    await shoot(page, "location-deactivate-confirm-pl-tablet");
    await confirm.getByRole("button", { name: pl.locations.deactivate }).click();
    await row.getByText(pl.locations.inactive, { exact: true }).waitFor();
    await expect
      .poll(async () => (await h.db.query<{ active: boolean }>("select active from locations where name = $1", [name]))[0]?.active)
      .toBe(false);

    // The "active" filter hides it and explains the empty result.
    await page.getByText(pl.locations.filterActive, { exact: true }).click();
    await page.getByText(pl.locations.noMatchesTitle).waitFor();
    await page.getByText(pl.locations.filterAll, { exact: true }).click();
    await row.waitFor();
  });
});
