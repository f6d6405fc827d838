/**
 * Settings → Website widget in the real admin on the real server: switching it on for a site (a
 * page address refused in place), the live preview following the colour, corner, texts, language
 * and member state before saving, the snippet copied to the clipboard, and the secret revealed,
 * rotated (the old one valid for a week) and the old one revoked. Screenshots in pl and en, on a
 * tablet held both ways.
 */
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import {
  apiAs,
  describeBrowser,
  en,
  field,
  type Harness,
  joinByInvitation,
  PASSWORD,
  pl,
  SCREENSHOT_DIR,
  type SeededCompany,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
  unique,
} from "./harness";

interface Settings {
  enabled: boolean;
  publicKey: string;
  allowedOrigins: string[];
  appearance: { accentColor: string; position: string; texts: { pl: { launcher: string } } };
  secret: { previousValidUntil: string | null };
  snippet: string;
}
interface Secrets {
  current: string;
  previous: string | null;
  previousValidUntil: string | null;
}

const DAY = 86_400_000;
const DESKTOP_WIDE = { width: 1440, height: 900 };

/** The preview's launcher, inside the widget's shadow root (Playwright's CSS locators pierce open shadow roots). */
const launcher = (page: Page) => page.getByTestId("widget-preview").locator("regulars-widget .launcher");
const background = (page: Page) => launcher(page).evaluate((el) => getComputedStyle(el).backgroundColor);
/** Where the widget sits in the mock page: "left" or "right". */
async function side(page: Page): Promise<"left" | "right"> {
  const frame = await page.getByTestId("widget-preview").boundingBox();
  const box = await launcher(page).boundingBox();
  if (!frame || !box) throw new Error("the preview or its launcher is not on screen");
  return box.x + box.width / 2 < frame.x + frame.width / 2 ? "left" : "right";
}

async function auditActions(h: Harness, companyId: string): Promise<string[]> {
  const rows = await h.db.query<{ action: string }>(
    "select action from audit_log where company_id = $1 and action like 'widget.%' order by occurred_at, id",
    [companyId],
  );
  return rows.map((r) => r.action);
}

describeBrowser("website widget settings", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("switches the widget on for a site, previews it live, copies the snippet and rotates the secret", { timeout: 240_000 }, async () => {
    const context = await h.newContext(TABLET_LANDSCAPE);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: h.baseUrl });
    const page = await context.newPage();
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.widget, { exact: true }).click();
    await page.getByRole("heading", { name: pl.widget.title, level: 1 }).waitFor();
    await settled(page, "widget settings");

    // A new company's widget is off, with a public key in its snippet and no site yet.
    await page.getByTestId("widget-off-warning").waitFor();
    await page.getByTestId("widget-no-origins").waitFor();
    const initial = (await apiAs<Settings>(page, "GET", "/api/v1/widget-settings")).data;
    expect(initial.enabled).toBe(false);
    expect(initial.publicKey).toMatch(/^wpk_/);
    expect(await page.getByTestId("widget-snippet").innerText()).toBe(initial.snippet);
    expect(initial.snippet).toContain(`data-company="${initial.publicKey}"`);
    expect(await seriousAxeFindings(page)).toEqual([]);

    // The preview draws the real widget: the launcher in the saved colour, with the default label.
    await launcher(page).getByText("Moje punkty").waitFor();
    expect(initial.appearance.accentColor).toBe("#1c7ed6");
    expect(await background(page)).toBe("rgb(28, 126, 214)");
    expect(await side(page)).toBe("right");

    // Switch on, add a site: a page address is refused in place, the site's origin is taken.
    await page.getByRole("switch", { name: pl.widget.enabled }).check();
    await page.getByRole("button", { name: pl.widget.addOrigin }).click();
    const first = page.getByRole("textbox", { name: pl.widget.originLabel.replace("{{n}}", "1") });
    await expect.poll(() => first.evaluate((el) => el === document.activeElement)).toBe(true);
    await first.fill("https://shop.example.com/koszyk?x=1");
    await first.blur();
    const originError = pl.fieldErrors.web_origin.replace("{{example}}", "https://shop.example.com");
    await page.getByText(originError).waitFor();
    expect(await first.getAttribute("aria-invalid")).toBe("true");
    await shoot(page, "widget-settings-origin-refused-pl-tablet");
    await first.fill("https://Shop.Example.com/");
    await first.blur();
    await page.getByText(originError).waitFor({ state: "hidden" });
    expect(await first.inputValue()).toBe("https://shop.example.com");
    // A second row for local testing: the http hint appears; a duplicate is refused in place.
    await page.getByRole("button", { name: pl.widget.addOrigin }).click();
    const second = page.getByRole("textbox", { name: pl.widget.originLabel.replace("{{n}}", "2") });
    await second.fill("https://shop.example.com:443");
    await second.blur();
    await page.getByText(pl.fieldErrors.listed_twice).waitFor();
    await second.fill("http://localhost:8080");
    await second.blur();
    await page.getByText(pl.widget.httpWarning).waitFor();

    // The preview follows the form before saving: colour, corner, label, language, member, closed.
    await field(page, pl.widget.accentColor).fill("#aa3300");
    await expect.poll(() => background(page)).toBe("rgb(170, 51, 0)");
    await page.getByText(pl.widget.positions["bottom-left"], { exact: true }).click();
    await expect.poll(() => side(page)).toBe("left");
    await field(page.getByRole("tabpanel", { name: pl.widget.textsIn.pl }), pl.widget.texts.launcher).fill("Punkty Klubu");
    await launcher(page).getByText("Punkty Klubu").waitFor();
    await page.getByRole("radiogroup", { name: pl.widget.previewState }).getByText(pl.widget.previewStates.member).click();
    await page.getByTestId("widget-preview").locator("regulars-widget").getByText("Srebrny").first().waitFor();
    await page.getByRole("heading", { name: pl.widget.title, level: 1 }).scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-preview-member-pl-tablet");

    // Save: stored as the API keeps it (origins normalised), the off warning gone.
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.widget.saved).waitFor();
    await settled(page, "saved widget settings");
    const saved = (await apiAs<Settings>(page, "GET", "/api/v1/widget-settings")).data;
    expect(saved.enabled).toBe(true);
    expect(saved.allowedOrigins).toEqual(["https://shop.example.com", "http://localhost:8080"]);
    expect(saved.appearance.accentColor).toBe("#aa3300");
    expect(saved.appearance.position).toBe("bottom-left");
    expect(saved.appearance.texts.pl.launcher).toBe("Punkty Klubu");
    await page.getByTestId("widget-off-warning").waitFor({ state: "detached" });
    expect(await seriousAxeFindings(page)).toEqual([]);

    // The API's own field errors land on the row they name (the same rule, asked directly).
    const refused = await apiAs<{ error: { code: string; details: { path: string; code: string }[] } }>(
      page,
      "PUT",
      "/api/v1/widget-settings",
      {
        enabled: true,
        allowedOrigins: ["https://shop.example.com", "shop.example.com/path"],
        appearance: saved.appearance,
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.data.error.code).toBe("validation_failed");
    expect(refused.data.error.details).toEqual([expect.objectContaining({ path: "allowedOrigins.1", code: "web_origin" })]);

    // The snippet goes to the clipboard as shown.
    await page.getByRole("button", { name: pl.widget.copySnippet }).click();
    await page.getByTestId("widget-install").getByText(pl.common.copied).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(saved.snippet);

    // The secret: hidden until shown (and the showing is audited), then copied.
    const secretCard = page.getByTestId("widget-secret");
    const secretValue = page.getByTestId("widget-secret-value");
    expect(await secretValue.innerText()).not.toMatch(/^wsk_[A-Za-z0-9_-]{8}/);
    await secretCard.getByRole("button", { name: pl.widget.secret.show }).click();
    await expect.poll(() => secretValue.innerText()).toMatch(/^wsk_[A-Za-z0-9_-]{16,}$/);
    const before = await secretValue.innerText();
    expect((await apiAs<Secrets>(page, "GET", "/api/v1/widget-settings/secrets")).data.current).toBe(before);
    await secretCard.getByRole("button", { name: pl.widget.secret.copy }).click();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(before);

    // Rotate: the confirmation says the old one keeps working for 7 days; the new one is shown.
    await secretCard.getByRole("button", { name: pl.widget.secret.rotate }).click();
    const rotateDialog = page.getByRole("dialog", { name: pl.widget.secret.rotateTitle });
    await rotateDialog.getByText(pl.widget.secret.rotateMessage.replace("{{days}}", "7")).waitFor();
    await shoot(page, "widget-settings-rotate-confirm-pl-tablet");
    expect(await seriousAxeFindings(page)).toEqual([]);
    await rotateDialog.getByRole("button", { name: pl.widget.secret.rotate }).click();
    await rotateDialog.waitFor({ state: "hidden" });
    await expect.poll(() => secretValue.innerText()).not.toBe(before);
    const rotated = await secretValue.innerText();
    expect(rotated).toMatch(/^wsk_/);
    const previousNote = page.getByTestId("widget-previous-secret");
    await previousNote.waitFor();
    await settled(page, "rotated");
    const during = (await apiAs<Secrets>(page, "GET", "/api/v1/widget-settings/secrets")).data;
    expect(during).toMatchObject({ current: rotated, previous: before });
    const validUntil = new Date(during.previousValidUntil ?? 0).getTime();
    expect(validUntil - Date.now()).toBeGreaterThan(6.9 * DAY);
    expect(validUntil - Date.now()).toBeLessThanOrEqual(7 * DAY);
    // The note names the day in Polish ("… ważny do 13 gru 2026, 15:04").
    const shownUntil = new Intl.DateTimeFormat("pl-PL", { dateStyle: "medium", timeStyle: "short", timeZone: "Europe/Warsaw" }).format(
      new Date(validUntil),
    );
    expect(await previousNote.innerText()).toContain(shownUntil);
    await secretCard.scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-secret-rotated-pl-tablet");

    // Revoke the old one now: asked first, then gone from the screen and the server.
    await previousNote.getByRole("button", { name: pl.widget.secret.revoke }).click();
    const revokeDialog = page.getByRole("dialog", { name: pl.widget.secret.revokeTitle });
    await revokeDialog.getByText(pl.widget.secret.revokeMessage).waitFor();
    await revokeDialog.getByRole("button", { name: pl.widget.secret.revoke }).click();
    await page.getByText(pl.widget.secret.revoked).waitFor();
    await previousNote.waitFor({ state: "detached" });
    const after = (await apiAs<Secrets>(page, "GET", "/api/v1/widget-settings/secrets")).data;
    expect(after).toEqual({ current: rotated, previous: null, previousValidUntil: null });
    expect(await secretValue.innerText()).toBe(rotated);

    // Every step is in the audit log, and the log names it in Polish.
    expect(await auditActions(h, company.companyId)).toEqual(
      expect.arrayContaining([
        "widget.settings_updated",
        "widget.secret_revealed",
        "widget.secret_rotated",
        "widget.secret_previous_revoked",
      ]),
    );
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.auditLog, { exact: true }).click();
    await page.getByText(pl.audit.actions.widget.secret_rotated).first().waitFor();
    await page.getByText(pl.audit.actions.widget.secret_previous_revoked).first().waitFor();
  });

  it("reads well on a tablet held upright and in English, with the preview in English", { timeout: 120_000 }, async () => {
    const page = await h.newPage(TABLET_PORTRAIT);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.goto("/admin/settings/website-widget");
    await page.getByRole("heading", { name: pl.widget.title, level: 1 }).waitFor();
    await settled(page, "widget settings upright");
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(await overflow()).toBeLessThanOrEqual(1);
    await shoot(page, "widget-settings-pl-portrait");
    await page.getByTestId("widget-preview").scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-preview-pl-portrait");
    await page.getByTestId("widget-install").scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-install-pl-portrait");

    // English: the admin's words, and the texts tab and preview follow the language chosen.
    await page.getByRole("radiogroup", { name: pl.shell.language }).getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: en.widget.title, level: 1 }).waitFor();
    await page.getByRole("tab", { name: en.widget.textsIn.en }).click();
    await field(page.getByRole("tabpanel", { name: en.widget.textsIn.en }), en.widget.texts.launcher).fill("Club points");
    await launcher(page).getByText("Club points").waitFor();
    expect(await page.getByRole("radiogroup", { name: en.widget.previewLanguage }).locator("input:checked").inputValue()).toBe("en");
    await page.getByRole("radiogroup", { name: en.widget.previewState }).getByText(en.widget.previewStates.member).click();
    await page.getByTestId("widget-preview").locator("regulars-widget").getByText("Silver").first().waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.setViewportSize(TABLET_LANDSCAPE);
    await page.getByRole("heading", { name: en.widget.title, level: 1 }).scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-en-tablet");
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, "widget-settings-en-tablet-full.png"), fullPage: true });
    await page.getByTestId("widget-preview").scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-preview-en-tablet");
    await page.getByTestId("widget-secret").scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-secret-en-tablet");
    expect(await overflow()).toBeLessThanOrEqual(1);
    // On a desktop the preview stands beside the form.
    await page.setViewportSize(DESKTOP_WIDE);
    await page.getByRole("heading", { name: en.widget.title, level: 1 }).scrollIntoViewIfNeeded();
    const form = await page.getByRole("tab", { name: en.widget.textsIn.en }).boundingBox();
    const preview = await page.getByTestId("widget-preview").boundingBox();
    if (!form || !preview) throw new Error("the form or the preview is not laid out");
    expect(preview.x).toBeGreaterThan(form.x + form.width);
    await shoot(page, "widget-settings-en-desktop");
    expect(await overflow()).toBeLessThanOrEqual(1);
  });

  it("shows a marketer the snippet but not the secret, and nothing to change", { timeout: 120_000 }, async () => {
    // A company of its own: the owner above now speaks English.
    const other = await seedCompany(h);
    const owner = await h.newPage(TABLET_LANDSCAPE);
    await signIn(owner, other.ownerEmail, PASSWORD);
    const email = `${unique("marketer")}@example.com`;
    await joinByInvitation(h, owner, { email, role: "marketer" }, "Marta Marketing");
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, email, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.widget, { exact: true }).click();
    await page.getByRole("heading", { name: pl.widget.title, level: 1 }).waitFor();
    await settled(page, "widget settings, read-only");
    await page.getByText(pl.common.readOnly).waitFor();
    expect(await page.getByRole("switch", { name: pl.widget.enabled }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: pl.widget.addOrigin }).isDisabled()).toBe(true);
    expect(await page.getByRole("button", { name: pl.common.save }).count()).toBe(0);
    expect(await page.getByTestId("widget-snippet").innerText()).toContain('data-company="wpk_');
    const secretCard = page.getByTestId("widget-secret");
    await secretCard.getByText(pl.widget.secret.noAccess).waitFor();
    expect(await secretCard.getByRole("button").count()).toBe(0);
    // The preview still answers its own switches (they change nothing that is saved).
    await page.getByRole("radiogroup", { name: pl.widget.previewState }).getByText(pl.widget.previewStates.member).click();
    await page.getByTestId("widget-preview").locator("regulars-widget").getByText("Srebrny").first().waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.getByRole("heading", { name: pl.widget.title, level: 1 }).scrollIntoViewIfNeeded();
    await shoot(page, "widget-settings-read-only-pl-tablet");
  });
});
