import { afterAll, beforeAll, expect, it } from "vitest";
import { createStaffAccountCli } from "../../server/src/modules/staff/staff.cli.js";
import {
  apiAs,
  describeBrowser,
  en,
  field,
  type Harness,
  pl,
  type SeededCompany,
  seedCompany,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  unique,
} from "./harness";

const PHONE = { width: 390, height: 844 };

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

  it("invites a branch manager limited to one location, who accepts the link on a phone and sees only the permitted navigation", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, "correct-horse-battery");
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
    await page.getByRole("button", { name: pl.staff.add }).first().click();
    const drawer = page.getByRole("dialog", { name: pl.staff.addTitle });
    await field(drawer, pl.staff.email).fill("not-an-email");
    await drawer.getByRole("button", { name: pl.staff.invite }).click();
    await drawer.getByText(pl.validation.email).waitFor();

    const email = `${unique("kierownik")}@example.com`;
    await field(drawer, pl.staff.email).fill(email);
    await field(drawer, pl.staff.role).click();
    await page.getByRole("option", { name: pl.roles.branch_manager }).click();
    await field(drawer, pl.staff.locations).click();
    await page.getByRole("option", { name: here }).click();
    await page.keyboard.press("Escape");
    await shoot(page, "staff-invite-pl-1024");
    await drawer.getByRole("button", { name: pl.staff.invite }).click();

    // The seeded company has no e-mail set up: the panel says so and hands over the link.
    const dialog = page.getByRole("dialog", { name: pl.staff.linkTitle });
    await dialog.getByText(pl.staff.linkNotConfigured.split("(")[0] as string).waitFor();
    const link = await field(dialog, pl.staff.linkLabel).inputValue();
    expect(link).toMatch(/\/admin\/invite\/[\w-]+$/);
    await shoot(page, "staff-invite-link-pl-1024");
    await dialog.getByRole("button", { name: pl.staff.close }).click();
    await page.getByRole("heading", { name: pl.staff.invitationsTitle }).waitFor();
    await page.getByText(email, { exact: true }).waitFor();
    await shoot(page, "staff-pending-pl-1024");
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: en.staff.invitationsTitle }).waitFor();
    await shoot(page, "staff-pending-en-1024");
    await page.getByText("PL", { exact: true }).click();
    await page.getByRole("heading", { name: pl.staff.invitationsTitle }).waitFor();

    // The invited person opens the link on a phone, first in English for the screenshot.
    const phone = await h.newPage(PHONE);
    await phone.goto(new URL(link).pathname);
    await phone.getByRole("heading", { name: pl.invite.title.replace("{{company}}", company.companyName) }).waitFor();
    await shoot(phone, "invite-accept-pl-390");
    await phone.getByText("EN", { exact: true }).click();
    await phone.getByRole("heading", { name: en.invite.title.replace("{{company}}", company.companyName) }).waitFor();
    await shoot(phone, "invite-accept-en-390");
    await phone.setViewportSize(TABLET_LANDSCAPE);
    await shoot(phone, "invite-accept-en-1024");
    await phone.getByText("PL", { exact: true }).click();
    await phone.getByRole("heading", { name: pl.invite.title.replace("{{company}}", company.companyName) }).waitFor();
    await shoot(phone, "invite-accept-pl-1024");
    await phone.setViewportSize(PHONE);

    await field(phone, pl.invite.name).fill("Piotr Kowalski");
    await field(phone, pl.invite.password).fill("qwertyuiop");
    await field(phone, pl.invite.repeat).fill("qwertyuiop");
    await phone.getByRole("button", { name: pl.invite.submitNew }).click();
    // The server's policy refusal shows in place.
    await phone.getByText(pl.fieldErrors.password_common).waitFor();
    await shoot(phone, "invite-accept-refused-pl-390");
    await field(phone, pl.invite.password).fill("lipowa-kawa-o-siodmej");
    await field(phone, pl.invite.repeat).fill("lipowa-kawa-o-siodmej");
    await phone.getByRole("button", { name: pl.invite.submitNew }).click();

    // Signed in at once, with only what the role allows.
    await phone.getByRole("button", { name: pl.shell.openNavigation }).click();
    const nav = phone.getByRole("navigation", { name: pl.shell.navigation });
    await nav.getByText(pl.nav.locations).waitFor();
    const links = (await nav.getByRole("link").allTextContents()).map((s) => s.trim());
    expect(links).toEqual(expect.arrayContaining([pl.nav.home, pl.nav.members, pl.nav.counter, pl.nav.locations, pl.nav.staff]));
    for (const hidden of [pl.nav.apiKeys, pl.nav.auditLog]) expect(links).not.toContain(hidden);
    await nav.getByText(pl.nav.locations).click();
    await phone.getByText(here).first().waitFor();
    await expect(phone.getByText(elsewhere).count()).resolves.toBe(0);

    const [membership] = await h.db.query<{ role: string; location_ids: string[]; name: string }>(
      "select m.role, m.location_ids, a.name from memberships m join staff_accounts a on a.id = m.staff_id where a.email = $1 and m.company_id = $2",
      [email, company.companyId],
    );
    expect(membership).toEqual({ role: "branch_manager", location_ids: [created[0]], name: "Piotr Kowalski" });

    // The used link no longer works, and the owner's list no longer shows the invitation.
    await phone.goto(new URL(link).pathname);
    await phone.getByText(pl.invite.invalidTitle).waitFor();
    await page.reload();
    await page.getByRole("row").filter({ hasText: email }).getByText(pl.roles.branch_manager).waitFor();
    await expect(page.getByRole("heading", { name: pl.staff.invitationsTitle }).count()).resolves.toBe(0);
  });

  it("asks an account whose password the CLI set to choose its own right after sign-in", async () => {
    const email = `${unique("cli")}@example.com`;
    const slug = (await h.db.query<{ slug: string }>("select slug from companies where id = $1", [company.companyId]))[0]?.slug;
    await createStaffAccountCli({
      db: h.db,
      email,
      name: "Olga Nowicka",
      password: "given-by-operator-7",
      companySlug: slug,
      role: "admin",
      operator: false,
    });
    const page = await h.newPage(PHONE);
    await page.goto("/admin/");
    await field(page, pl.login.email).fill(email);
    await field(page, pl.login.password).fill("given-by-operator-7");
    await page.getByRole("button", { name: pl.login.submit }).click();
    await page.getByRole("heading", { name: pl.forcedPassword.title }).waitFor();
    await shoot(page, "forced-password-pl-390");
    await field(page, pl.account.currentPassword).fill("given-by-operator-7");
    await field(page, pl.account.newPassword).fill("lipowa-kawa-o-siodmej");
    await field(page, pl.account.repeatPassword).fill("lipowa-kawa-o-siodmej");
    await page.getByRole("button", { name: pl.forcedPassword.submit }).click();
    await page.getByRole("button", { name: pl.shell.openNavigation }).waitFor();
  });
});
