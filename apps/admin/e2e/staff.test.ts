import { afterAll, beforeAll, expect, it } from "vitest";
import {
  apiAs,
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
  TABLET_PORTRAIT,
  unique,
} from "./harness";

describeBrowser("staff and roles", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("adds a branch manager limited to one location, who then sees only the permitted navigation", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    const here = `Centrum ${unique("")}`;
    const elsewhere = `Mokotów ${unique("")}`;
    const created = [];
    for (const name of [here, elsewhere]) {
      const res = await apiAs<{ id: string }>(page, "POST", "/api/v1/locations", { name, address: { city: "Warszawa" } });
      expect(res.status).toBe(201);
      created.push(res.data.id);
    }

    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.staff).click();
    await page.getByRole("heading", { name: pl.staff.rolesTitle }).waitFor();
    await page.getByRole("row").filter({ hasText: company.ownerEmail }).getByText(pl.roles.owner).waitFor();
    await shoot(page, "staff-list-pl-tablet");

    await page.getByRole("button", { name: pl.staff.add }).first().click();
    const drawer = page.getByRole("dialog", { name: pl.staff.addTitle });
    const email = `${unique("kierownik")}@example.com`;
    await field(drawer, pl.staff.email).fill("not-an-email");
    await field(drawer, pl.staff.initialPassword).fill("short");
    await drawer.getByRole("button", { name: pl.staff.add }).click();
    await drawer.getByText(pl.validation.email).waitFor();
    await drawer.getByText(pl.validation.passwordMin).waitFor();

    await field(drawer, pl.staff.email).fill(email);
    await field(drawer, pl.staff.name).fill("Piotr Kowalski");
    await field(drawer, pl.staff.initialPassword).fill(PASSWORD);
    await field(drawer, pl.staff.role).click();
    await page.getByRole("option", { name: pl.roles.branch_manager }).click();
    await field(drawer, pl.staff.locations).click();
    await page.getByRole("option", { name: here }).click();
    await page.keyboard.press("Escape");
    await shoot(page, "staff-add-pl-tablet");
    await drawer.getByRole("button", { name: pl.staff.add }).click();
    await drawer.waitFor({ state: "hidden" });

    const row = page.getByRole("row").filter({ hasText: email });
    await row.getByText(pl.roles.branch_manager).waitFor();
    await row.getByText(here).waitFor();
    await shoot(page, "staff-list-after-add-pl-tablet");

    const [membership] = await h.db.query<{ role: string; location_ids: string[]; permissions: string[] | null }>(
      "select m.role, m.location_ids, m.permissions from memberships m join staff_accounts a on a.id = m.staff_id where a.email = $1 and m.company_id = $2",
      [email, company.companyId],
    );
    expect(membership).toEqual({ role: "branch_manager", location_ids: [created[0]], permissions: null });

    // The new person, in a fresh browser, sees only what the role allows.
    const other = await h.newPage(TABLET_PORTRAIT);
    await signIn(other, email, PASSWORD);
    await other.getByRole("button", { name: pl.shell.openNavigation }).click();
    const nav = other.getByRole("navigation", { name: pl.shell.navigation });
    await nav.getByText(pl.nav.locations).waitFor();
    const links = (await nav.getByRole("link").allTextContents()).map((s) => s.trim());
    // Exact membership of the list changes as areas are added; what the role must and must not see does not.
    expect(links).toEqual(
      expect.arrayContaining([
        pl.nav.home,
        pl.nav.members,
        pl.nav.counter,
        pl.nav.programs,
        pl.nav.rewards,
        pl.nav.redemptions,
        pl.nav.company,
        pl.nav.locations,
        pl.nav.staff,
      ]),
    );
    for (const hidden of [pl.nav.apiKeys, pl.nav.auditLog]) expect(links).not.toContain(hidden);
    await shoot(other, "nav-branch-manager-pl-portrait");

    // Only the assigned location is listed; pages beyond the role say so.
    await nav.getByText(pl.nav.locations).click();
    await other.getByRole("row").filter({ hasText: here }).waitFor();
    await expect(other.getByRole("row").filter({ hasText: elsewhere }).count()).resolves.toBe(0);
    await shoot(other, "locations-branch-manager-pl-portrait");
    await other.goto("/admin/settings/api-keys");
    await other.getByText(pl.forbidden.title).waitFor();
  });
});
