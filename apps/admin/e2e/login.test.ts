import { afterAll, beforeAll, expect, it } from "vitest";
import {
  describeBrowser,
  en,
  field,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  seedCompany,
  shoot,
  startHarness,
  TABLET_LANDSCAPE,
} from "./harness";

describeBrowser("sign-in, language and account", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("refuses a wrong password with a message and signs in with the right one", async () => {
    const page = await h.newPage();
    await page.goto("/admin/");
    await page.getByRole("heading", { name: pl.login.title }).waitFor();
    await shoot(page, "login-pl-desktop");

    await field(page, pl.login.email).fill(company.ownerEmail);
    await field(page, pl.login.password).fill("wrong-password-123");
    await page.getByRole("button", { name: pl.login.submit }).click();
    await page.getByRole("alert").filter({ hasText: pl.login.wrongCredentials }).waitFor();
    await shoot(page, "login-pl-error-desktop");
    const sessions = await h.db.query<{ n: number }>(
      "select count(*)::int as n from sessions s join staff_accounts a on a.id = s.staff_id where a.email = $1",
      [company.ownerEmail],
    );
    expect(sessions[0]?.n).toBe(0);

    await field(page, pl.login.password).fill(PASSWORD);
    await page.getByRole("button", { name: pl.login.submit }).click();
    await page.getByRole("navigation", { name: pl.shell.navigation }).waitFor();
    await expect(page.getByTestId("company-name").textContent()).resolves.toBe(company.companyName);
    const after = await h.db.query<{ n: number }>(
      "select count(*)::int as n from sessions s join staff_accounts a on a.id = s.staff_id where a.email = $1",
      [company.ownerEmail],
    );
    expect(after[0]?.n).toBe(1);
  });

  it("switches PL → EN at once, saves it to the account and keeps it after a reload and sign-out", async () => {
    const context = await h.newContext(TABLET_LANDSCAPE);
    const page = await context.newPage();
    await page.goto("/admin/");
    await field(page, pl.login.email).fill(company.ownerEmail);
    await field(page, pl.login.password).fill(PASSWORD);
    await page.getByRole("button", { name: pl.login.submit }).click();
    const nav = page.getByRole("navigation", { name: pl.shell.navigation });
    await nav.getByText(pl.nav.locations).waitFor();

    await page.getByText("EN", { exact: true }).click();
    const navEn = page.getByRole("navigation", { name: en.shell.navigation });
    await navEn.getByText(en.nav.locations).waitFor();
    await page.getByRole("heading", { name: en.start.title.replace("{{name}}", company.ownerName) }).waitFor();
    await expect(page.getByText(pl.nav.locations).count()).resolves.toBe(0);

    await expect
      .poll(
        async () =>
          (await h.db.query<{ language: string }>("select language from staff_accounts where id = $1", [company.ownerId]))[0]?.language,
      )
      .toBe("en");

    await page.reload();
    await navEn.getByText(en.nav.auditLog).waitFor();
    await shoot(page, "dashboard-en-tablet");

    // The account menu: wrong current password is shown on its field.
    await page.getByRole("button", { name: en.shell.account }).click();
    await page.getByRole("menuitem", { name: en.shell.changePassword }).click();
    await field(page, en.account.currentPassword).fill("not-my-password");
    await field(page, en.account.newPassword).fill("another-long-password");
    await field(page, en.account.repeatPassword).fill("another-long-password");
    await page.getByRole("dialog").getByRole("button", { name: en.common.save }).click();
    await page.getByText(en.fieldErrors.wrong_current_password).waitFor();
    await shoot(page, "change-password-en-tablet");
    await page.keyboard.press("Escape");

    await page.getByRole("button", { name: en.shell.account }).click();
    await page.getByRole("menuitem", { name: en.shell.signOut }).click();
    await page.getByRole("heading", { name: en.login.title }).waitFor();
    await shoot(page, "login-en-tablet");

    // A fresh browser starts in Polish; after sign-in the account's language (en) applies.
    const other = await h.newPage();
    await other.goto("/admin/");
    await other.getByRole("heading", { name: pl.login.title }).waitFor();
    await field(other, pl.login.email).fill(company.ownerEmail);
    await field(other, pl.login.password).fill(PASSWORD);
    await other.getByRole("button", { name: pl.login.submit }).click();
    await other.getByRole("navigation", { name: en.shell.navigation }).getByText(en.nav.company).waitFor();
  });
});
