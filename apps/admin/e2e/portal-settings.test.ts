import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import {
  describeBrowser,
  field,
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
} from "./harness";

describeBrowser("portal settings", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("changes the colour and card label with a live preview, shows the link's QR and the poster, and writes a page", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.portal, { exact: true }).click();
    await page.getByRole("heading", { name: pl.portal.title }).waitFor();
    await settled(page, "portal settings");

    // The preview follows the form before anything is saved.
    await field(page, pl.portal.accentColor).fill("#aa3300");
    await field(page, pl.portal.identifierLabelPl).fill("Numer karty klubowej");
    await field(page, pl.portal.programName).fill("Klub Kawy");
    const preview = page.getByTestId("portal-preview");
    await preview.getByText("Numer karty klubowej").waitFor();
    await preview.getByText("Klub Kawy").waitFor();
    expect(await page.getByTestId("preview-header").evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(170, 51, 0)");
    await page.getByTestId("portal-qr").waitFor();
    await page.getByRole("heading", { name: pl.portal.title }).scrollIntoViewIfNeeded();
    await shoot(page, "portal-settings-preview-pl-tablet");

    // A domain that is not a host name is refused in place.
    await field(page, pl.portal.customDomain).fill("http://klub");
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.fieldErrors.hostname).waitFor();
    await field(page, pl.portal.customDomain).fill("");
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.portal.saved).waitFor();
    const [saved] = await h.db.query<{ accent_color: string; identifier_label_pl: string }>(
      "select accent_color, identifier_label_pl from portal_settings where company_id = $1",
      [company.companyId],
    );
    expect(saved).toEqual({ accent_color: "#aa3300", identifier_label_pl: "Numer karty klubowej" });
    await settled(page, "saved settings");
    await shoot(page, "portal-settings-pl-tablet");
    expect(await seriousAxeFindings(page)).toEqual([]);

    await page.getByRole("link", { name: pl.portal.printPoster }).click();
    await page.getByTestId("portal-poster").getByText("Klub Kawy").waitFor();
    await page.getByTestId("portal-qr").waitFor();
    await settled(page, "poster");
    await shoot(page, "portal-poster-pl-tablet");

    // Pages: create one with formatted text; it is listed, active, first in the menu.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.portalPages, { exact: true }).click();
    await page.getByText(pl.portal.pages.emptyTitle).waitFor();
    await page.getByRole("button", { name: pl.portal.pages.add }).first().click();
    const drawer = page.getByRole("dialog", { name: pl.portal.pages.new });
    await drawer.waitFor();
    await field(drawer, pl.portal.pages.pageTitle).fill("Regulamin programu");
    const editor = drawer.getByRole("textbox", { name: pl.portal.pages.body });
    await editor.click();
    await page.keyboard.type("Cześć {first_name}, oto zasady.");
    await shoot(page, "portal-page-editor-pl-tablet");
    expect(await seriousAxeFindings(page)).toEqual([]);
    await drawer.getByRole("button", { name: pl.common.save }).click();
    await drawer.waitFor({ state: "hidden" });
    const row = page.getByRole("row").filter({ hasText: "Regulamin programu" });
    await row.waitFor();
    await settled(page, "pages list");
    const [stored] = await h.db.query<{ body_html: string; active: boolean }>(
      "select body_html, active from portal_pages where company_id = $1",
      [company.companyId],
    );
    expect(stored).toEqual({ body_html: "<p>Cześć {first_name}, oto zasady.</p>", active: true });
    await shoot(page, "portal-pages-pl-tablet");
    expect(await seriousAxeFindings(page)).toEqual([]);

    // The public config lists it in the menu.
    const slug = (await h.db.query<{ slug: string }>("select slug from companies where id = $1", [company.companyId]))[0]?.slug;
    const config = await page.evaluate(async (s) => (await fetch(`/api/v1/portal/${s}/config`)).json(), slug);
    expect(config.pages.map((p: { title: string }) => p.title)).toEqual(["Regulamin programu"]);
    expect(config.layout.accentColor).toBe("#aa3300");
  });
});
