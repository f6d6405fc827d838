import { afterAll, beforeAll, expect, it } from "vitest";
import { describeBrowser, en, field, type Harness, pl, shoot, startHarness, TABLET_LANDSCAPE, unique } from "./harness";

describeBrowser("first-run setup", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ emptyInstallation: true });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows the setup screen on every route, validates, creates the company and owner, and lands in the app", async () => {
    const page = await h.newPage();
    await page.goto("/admin/settings/locations");
    await page.getByRole("heading", { name: pl.setup.title }).waitFor();
    await shoot(page, "setup-pl-desktop");

    // Switching the language before sign-in works at once and is remembered in the browser.
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: en.setup.title }).waitFor();
    await shoot(page, "setup-en-desktop");
    await page.setViewportSize(TABLET_LANDSCAPE);
    await shoot(page, "setup-en-tablet");
    await page.reload();
    await page.getByRole("heading", { name: en.setup.title }).waitFor();
    await page.getByText("PL", { exact: true }).click();
    await page.getByRole("heading", { name: pl.setup.title }).waitFor();

    // Inline validation: nothing is sent while the form is invalid.
    await page.getByRole("button", { name: pl.setup.submit }).click();
    await expect(page.getByText(pl.validation.required).first().isVisible()).resolves.toBe(true);
    await field(page, pl.setup.ownerEmail).fill("not-an-email");
    await field(page, pl.setup.password).fill("short");
    await page.getByRole("button", { name: pl.setup.submit }).click();
    await page.getByText(pl.validation.email).waitFor();
    await page.getByText(pl.validation.passwordRule).last().waitFor();
    await shoot(page, "setup-pl-validation-tablet");
    const stillEmpty = await h.db.query<{ n: number }>("select count(*)::int as n from staff_accounts");
    expect(stillEmpty[0]?.n).toBe(0);

    const companyName = `Kawiarnia Aroma ${unique("")}`;
    const email = `${unique("owner")}@example.com`;
    await field(page, pl.companyProfile.name).fill(companyName);
    await field(page, pl.setup.ownerName).fill("Anna Nowak");
    await field(page, pl.setup.ownerEmail).fill(email);
    await field(page, pl.setup.password).fill("correct-horse-battery");
    await field(page, pl.setup.passwordRepeat).fill("correct-horse-battery");
    await page.getByRole("button", { name: pl.setup.submit }).click();

    await page.getByRole("navigation", { name: pl.shell.navigation }).waitFor();
    await expect(page.getByTestId("company-name").textContent()).resolves.toBe(companyName);
    await shoot(page, "dashboard-pl-tablet");

    const companies = await h.db.query<{ name: string; currency: string; time_zone: string }>(
      "select name, currency, time_zone from companies",
    );
    expect(companies).toEqual([{ name: companyName, currency: "PLN", time_zone: "Europe/Warsaw" }]);
    const owners = await h.db.query<{ email: string; role: string; is_operator: boolean }>(
      `select a.email, m.role, a.is_operator from staff_accounts a join memberships m on m.staff_id = a.id`,
    );
    expect(owners).toEqual([{ email, role: "owner", is_operator: true }]);

    // The session survives a reload; the setup screen is gone for good.
    await page.reload();
    await expect(page.getByTestId("company-name").textContent()).resolves.toBe(companyName);
  });
});
