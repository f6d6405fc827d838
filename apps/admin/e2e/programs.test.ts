import { afterAll, beforeAll, expect, it } from "vitest";
import {
  DESKTOP,
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
} from "./harness";

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

    // Budget 2,5 %, 1 point per 1 zł, active.
    const budget = field(page, pl.programs.budget);
    await budget.fill("2,5");
    await field(page, pl.programs.converterPoints).fill("1");
    await field(page, pl.programs.converterAmount).fill("1");
    await field(page, pl.programs.slogan).fill("Kawa smakuje lepiej z punktami");
    await page.getByText(pl.programs.statuses.active, { exact: true }).click();
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(pl.programs.savedMessage.replace("{{name}}", "Klub Kawowy")).waitFor();
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

    // The list shows the program with its converter.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.programs).click();
    await page.getByRole("link", { name: "Klub Kawowy" }).getByText(pl.programs.statuses.active).waitFor();
    await shoot(page, "programs-list-pl-desktop");
  });
});
