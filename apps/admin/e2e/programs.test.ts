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
  TABLET_PORTRAIT,
} from "./harness";
import { created } from "./loyalty-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replace(`{{${k}}}`, String(x)), s);

describeBrowser("program settings", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("creates a program, sets the converter and budget, adds a tier and a rule, and warns when over budget", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.programs).click();
    await page.getByText(pl.programs.emptyTitle).waitFor();
    await shoot(page, "programs-empty-pl-desktop");
    await page.getByRole("button", { name: pl.programs.add }).first().click();
    const modal = page.getByRole("dialog", { name: pl.programs.createTitle });
    await field(modal, pl.programs.name).fill("Klub Kawowy");
    await modal.getByRole("button", { name: pl.common.create }).click();
    await page.getByRole("heading", { name: "Klub Kawowy", level: 1 }).waitFor();
    // A new program is a draft, and the screen says it must be activated.
    await page.getByTestId("draft-notice").getByText(pl.programs.draftNotice.title).waitFor();
    await page
      .getByTestId("draft-notice")
      .getByRole("button", { name: fill(pl.programs.activateNamed, { name: "Klub Kawowy" }) })
      .waitFor();

    // Budget 2,5 %, 1 point per 1 zł, active.
    const budget = field(page, pl.programs.budget);
    await budget.fill("2,5");
    await field(page, pl.programs.converterPoints).fill("1");
    await field(page, pl.programs.converterAmount).fill("1");
    await field(page, pl.programs.slogan).fill("Kawa smakuje lepiej z punktami");
    await page.getByText(pl.programs.statuses.active, { exact: true }).click();
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.programs.savedMessage.replace("{{name}}", "Klub Kawowy")).waitFor();
    await page.getByTestId("draft-notice").waitFor({ state: "detached" });
    // "1 pkt za 1,00 zł", not "1 pkt za każde 1,00 zł".
    await expect.poll(() => page.getByTestId("converter-summary").innerText()).toBe("1 pkt za 1,00 zł");
    const [saved] = await h.db.query<{
      id: string;
      budget_bp: number;
      converter_points: number;
      converter_amount_minor: string;
      status: string;
    }>("select id, budget_bp, converter_points, converter_amount_minor, status from programs where company_id = $1", [company.companyId]);
    expect(saved).toMatchObject({ budget_bp: 250, converter_points: 1, status: "active" });
    expect(Number(saved?.converter_amount_minor)).toBe(100);
    const cost = page.getByTestId("cost-panel");
    await cost.getByText(pl.programs.cost.title).waitFor();
    await shoot(page, "program-settings-pl-desktop");

    // A Gold tier with ×3 makes points cost 3 % > 2,5 %: the warning appears.
    await page.getByRole("tab", { name: pl.programs.tabs.tiers }).click();
    await page.getByRole("button", { name: pl.tiers.add }).click();
    const tierDrawer = page.getByRole("dialog", { name: pl.tiers.createTitle });
    await field(tierDrawer, pl.tiers.name).fill("Gold");
    await field(tierDrawer, pl.tiers.thresholdPoints).fill("1000");
    await field(tierDrawer, pl.tiers.discount).fill("10");
    await field(tierDrawer, pl.tiers.multiplier).fill("3");
    await tierDrawer.getByRole("button", { name: pl.common.save }).click();
    await tierDrawer.waitFor({ state: "hidden" });
    await page.getByRole("row").filter({ hasText: "Gold" }).getByText("×3").waitFor();
    await cost.getByText(pl.programs.cost.overBudgetTitle).waitFor();
    await shoot(page, "program-tiers-over-budget-pl-desktop");
    const [tier] = await h.db.query<{ multiplier_bp: number; discount_bp: number; threshold: string }>(
      "select multiplier_bp, discount_bp, threshold from tiers where company_id = $1 and name = 'Gold'",
      [company.companyId],
    );
    expect(tier).toMatchObject({ multiplier_bp: 30000, discount_bp: 1000 });
    expect(Number(tier?.threshold)).toBe(1000);

    // A rule: ×2 on category Kawa for Gold, capped at 500 a day; readable in the list.
    await page.getByRole("tab", { name: pl.programs.tabs.rules }).click();
    await page.getByRole("button", { name: pl.rules.add }).click();
    const ruleDrawer = page.getByRole("dialog", { name: pl.rules.createTitle });
    await field(ruleDrawer, pl.rules.name).fill("Podwójna kawa");
    await ruleDrawer.getByRole("textbox", { name: pl.rules.multiplier }).fill("2");
    await field(ruleDrawer, pl.rules.categories).fill("Kawa");
    await page.keyboard.press("Enter");
    await field(ruleDrawer, pl.rules.tiers).click({ force: true });
    await page.getByRole("option", { name: "Gold" }).click();
    await page.keyboard.press("Escape");
    await field(ruleDrawer, pl.rules.capPerDay).fill("500");
    await shoot(page, "program-rule-form-pl-desktop");
    await ruleDrawer.getByRole("button", { name: pl.common.save }).click();
    await ruleDrawer.waitFor({ state: "hidden" });
    const description = page.getByTestId("rule-description");
    await expect.poll(() => description.first().innerText()).toMatch(/^×2 · kategoria Kawa · dla Gold · zawsze · limit 500\/dzień$/);
    await shoot(page, "program-rules-pl-desktop");
    const [rule] = await h.db.query<{ multiplier_bp: number; categories: string[]; tier_ids: string[]; cap_per_day: string }>(
      "select multiplier_bp, categories, tier_ids, cap_per_day from earning_rules where company_id = $1",
      [company.companyId],
    );
    expect(rule?.multiplier_bp).toBe(20000);
    expect(rule?.categories).toEqual(["Kawa"]);
    expect(rule?.tier_ids).toHaveLength(1);
    expect(Number(rule?.cap_per_day)).toBe(500);

    // A fixed bonus of 50 points a purchase: the cost panel names it, per purchase in money.
    await apiAs(page, "POST", `/api/v1/programs/${saved?.id}/rules`, { name: "Premia", kind: "bonus", bonusPoints: 50 });
    await page.reload();
    await expect
      .poll(() => page.getByTestId("cost-per-purchase").innerText())
      .toMatch(/^Stałe premie: do 0,50\s?zł na zakup .*100,00\s?zł\)\.$/);
    await shoot(page, "program-cost-fixed-bonus-pl-desktop");

    // The list shows the program with its converter.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.programs).click();
    const row = page.getByRole("row").filter({ hasText: "Klub Kawowy" });
    await row.getByText(pl.programs.statuses.active).waitFor();
    await row.getByText("1 pkt za 1,00 zł").waitFor();
    await shoot(page, "programs-list-pl-desktop");

    // Names are unique in the company (any case): refused in place, nothing created.
    await page.getByRole("button", { name: pl.programs.add }).first().click();
    const again = page.getByRole("dialog", { name: pl.programs.createTitle });
    await field(again, pl.programs.name).fill("klub kawowy");
    await again.getByRole("button", { name: pl.common.create }).click();
    await again.getByText(pl.programs.nameTaken).waitFor();
    await expect.poll(() => field(again, pl.programs.name).getAttribute("aria-invalid")).toBe("true");
    await shoot(page, "program-name-taken-pl-desktop");
    const count = await h.db.query<{ n: string }>("select count(*) as n from programs where company_id = $1", [company.companyId]);
    expect(Number(count[0]?.n)).toBe(1);

    // A draft in the list has its Activate action there.
    await field(again, pl.programs.name).fill("Klub Herbaciany");
    await again.getByRole("button", { name: pl.common.create }).click();
    await page.getByRole("heading", { name: "Klub Herbaciany", level: 1 }).waitFor();
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.programs).click();
    const draft = page.getByRole("row").filter({ hasText: "Klub Herbaciany" });
    await draft.getByText(pl.programs.statuses.draft).waitFor();
    await draft.getByRole("button", { name: fill(pl.programs.activateNamed, { name: "Klub Herbaciany" }) }).click();
    await draft.getByText(pl.programs.statuses.active).waitFor();
    const [tea] = await h.db.query<{ status: string }>("select status from programs where company_id = $1 and name = 'Klub Herbaciany'", [
      company.companyId,
    ]);
    expect(tea?.status).toBe("active");
  }, 120_000);

  it("shows Polish dates as DD.MM.YYYY, names the colour picker, and renders every tab in pl and en at 1440, 1024 and 768", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    const program = await created<{ id: string }>(page, "POST", "/api/v1/programs", {
      name: "Klub Daty",
      slogan: "Punkty za każdą kawę",
      startsAt: "2026-03-01T12:00:00Z",
      endsAt: "2026-12-31T12:00:00Z",
    });
    await created(page, "POST", `/api/v1/programs/${program.id}/tiers`, { name: "Srebrny", threshold: 500, multiplierBp: 15000 });
    await created(page, "POST", `/api/v1/programs/${program.id}/rules`, {
      name: "Promocja marcowa",
      kind: "bonus",
      bonusPoints: 50,
      startsAt: "2026-03-10T12:00:00Z",
      endsAt: "2026-03-20T12:00:00Z",
    });
    await created(page, "POST", "/api/v1/rewards", { programId: program.id, namePl: "Kawa gratis", kind: "custom", pointsPrice: 100 });
    await page.goto(`/admin/programs/${program.id}`);
    await page.getByRole("heading", { name: "Klub Daty", level: 1 }).waitFor();
    await expect.poll(() => field(page, pl.programs.startsAt).innerText()).toMatch(/^01\.03\.2026 \d{2}:\d{2}$/);
    await expect.poll(() => field(page, pl.programs.endsAt).innerText()).toMatch(/^31\.12\.2026 \d{2}:\d{2}$/);
    // The slogan is not labelled as a password, and every button of the colour input has a name.
    expect(pl.programs.slogan).not.toBe("Hasło");
    await field(page, pl.programs.slogan).waitFor();
    const unnamed = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLButtonElement>("button:not([aria-hidden=true])")]
        .filter((b) => !(b.getAttribute("aria-label") || b.textContent?.trim() || b.getAttribute("aria-labelledby") || b.labels.length))
        .map((b) => b.outerHTML.slice(0, 300)),
    );
    expect(unnamed).toEqual([]);
    // A rule's dates in the drawer are Polish too.
    await page.getByRole("tab", { name: pl.programs.tabs.rules }).click();
    await page.getByRole("button", { name: fill(pl.common.actionsFor, { name: "Promocja marcowa" }) }).click();
    await page.getByRole("menuitem", { name: pl.common.edit }).click();
    const drawer = page.getByRole("dialog", { name: pl.rules.editTitle });
    await expect.poll(() => field(drawer, pl.rules.startsAt).innerText()).toMatch(/^10\.03\.2026 \d{2}:\d{2}$/);
    await page.keyboard.press("Escape");

    const tabs = [
      ["settings", (s: Strings) => s.programs.tabs.settings],
      ["tiers", (s: Strings) => s.programs.tabs.tiers],
      ["rules", (s: Strings) => s.programs.tabs.rules],
      ["rewards", (s: Strings) => s.programs.tabs.rewards],
    ] as const;
    for (const [lang, s] of [
      ["pl", pl],
      ["en", en],
    ] as const) {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
      }
      // Every screen at every width is in every-screen.test.ts; the tabs here, on a portrait tablet.
      for (const [size, viewport] of [["768", TABLET_PORTRAIT]] as const) {
        await page.setViewportSize(viewport);
        for (const [tab, label] of tabs) {
          await page.goto(`/admin/programs/${program.id}${tab === "settings" ? "" : `?tab=${tab}`}`);
          await page.getByRole("tab", { name: label(s), selected: true }).waitFor();
          await settled(page, `program ${tab} ${lang} ${size}`);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow, `program ${tab} ${lang} ${size} overflows`).toBeLessThanOrEqual(0);
          await shoot(page, `program-${tab}-${lang}-${size}`);
        }
      }
    }
  }, 240_000);
  it("shows the end of an ended program as fixed, still saves its other settings, and the server refuses moving the end", async () => {
    const page = await h.newPage(DESKTOP);
    // The tabs test above leaves the owner's language at English; this one starts in Polish.
    await h.db.query("update staff_accounts set language = 'pl' where email = $1", [company.ownerEmail]);
    await signIn(page, company.ownerEmail, PASSWORD);
    const ended = new Date(Date.now() - 7 * 86_400_000);
    ended.setUTCSeconds(0, 0);
    const program = await created<{ id: string }>(page, "POST", "/api/v1/programs", {
      name: "Klub Zakończony",
      status: "active",
      startsAt: new Date(ended.getTime() - 90 * 86_400_000).toISOString(),
      endsAt: ended.toISOString(),
    });
    await page.goto(`/admin/programs/${program.id}`);
    await page.getByRole("heading", { name: "Klub Zakończony", level: 1 }).waitFor();
    await page.getByText(pl.programs.endFixed).waitFor();
    expect(await field(page, pl.programs.endsAt).isDisabled()).toBe(true);
    await settled(page, "ended program settings pl");
    await shoot(page, "program-ended-settings-pl");
    // The form sends every field: the unchanged end goes with the new slogan, and the save succeeds.
    await field(page, pl.programs.slogan).fill("Dziękujemy za wspólny sezon");
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(fill(pl.programs.savedMessage, { name: "Klub Zakończony" })).waitFor();
    const [row] = await h.db.query<{ slogan: string; ends_at: Date }>("select slogan, ends_at from programs where id = $1", [program.id]);
    expect(row?.slogan).toBe("Dziękujemy za wspólny sezon");
    expect(new Date(row?.ends_at as Date).toISOString()).toBe(ended.toISOString());
    const reopen = await apiAs<{ error: { details: { path: string }[] } }>(page, "PATCH", `/api/v1/programs/${program.id}`, {
      endsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
    });
    expect(reopen.status).toBe(409);
    expect(reopen.data.error.details[0]?.path).toBe("endsAt");
    await page.getByText("EN", { exact: true }).click();
    await page.getByText(en.programs.endFixed).waitFor();
    await settled(page, "ended program settings en");
    await shoot(page, "program-ended-settings-en");
  }, 120_000);
});
