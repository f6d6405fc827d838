/**
 * Automation, end to end in the browser: a scenario built from the ready-made "big purchase
 * bonus", activated and saved, fires on a purchase recorded through the API once the worker has
 * run; its run log shows the run and its steps, its results the points. Bad input is told at its
 * input (the builder's own check and the API's), and nothing is saved.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import { drainWorker } from "./drain-worker";
import {
  apiAs,
  DESKTOP,
  describeBrowser,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
} from "./harness";
import { created, type LoyaltyFixture, seedMember, seedProgram } from "./loyalty-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replaceAll(`{{${k}}}`, String(x)), s);
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const a = pl.automation;
/** Text as read, with the no-break spaces of formatted numbers ("500 zł") as plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

/** The rows of a list (ListTable) named `label`. */
const rowsOf = (page: Page, label: string) => page.getByRole("table", { name: label }).locator("tbody tr");

interface ScenarioList {
  data: { id: string; name: string; status: string }[];
}

describeBrowser("automation builder", () => {
  let h: Harness;
  let company: SeededCompany;
  let page: Page;
  let fx: LoyaltyFixture;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
    page = await h.newPage(DESKTOP);
    page.on("pageerror", (err) => console.error("[page error]", err));
    // Two shared cores: the builder is a lazy chunk with the date pickers.
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, PASSWORD);
    fx = await seedProgram(page, "Klub Kawowy");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("builds a scenario from the big purchase bonus, sees it fire on a purchase, reads its log and results", async () => {
    const jan = await seedMember(page, { firstName: "Jan", lastName: "Kowalski", email: "jan.k@example.com" });
    await created(page, "POST", `/api/v1/members/${jan.id}/enrollments`, { programId: fx.programId });

    // ---- The list is empty and points to the ready-made scenarios.
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.scenarios, { exact: true }).click();
    await page.getByRole("heading", { name: a.title, level: 1 }).waitFor();
    await page.getByText(a.emptyTitle).waitFor();
    await page.getByRole("link", { name: a.emptyAction }).click();
    await page.getByRole("heading", { name: a.gallery.title, level: 1 }).waitFor();
    await settled(page, "gallery");
    await shoot(page, "automation-gallery-pl-desktop");

    // ---- The ready-made big purchase bonus opens the builder, prefilled, read back as a sentence.
    await page.getByTestId("template-big_purchase_bonus").getByRole("link", { name: a.gallery.use }).click();
    await page.getByRole("heading", { level: 1, name: /Premia za duży zakup/ }).waitFor();
    await settled(page, "builder from template");
    const sentence = page.getByTestId("scenario-sentence");
    await expect
      .poll(async () => plain(await sentence.innerText()))
      .toBe("Gdy klient zrobi zakup, jeśli zakup wynosi co najmniej 500 zł → daj klientowi 50 punktów");
    // Lowered to 300 zł; the sentence follows.
    await page
      .getByTestId("condition-0")
      .getByLabel(new RegExp(`^${escapeRe(a.builder.amount)}`))
      .fill("300");
    await expect.poll(async () => plain(await sentence.innerText())).toContain("co najmniej 300 zł");
    await page.getByRole("switch", { name: a.builder.active }).check({ force: true });

    // ---- Dry run: who it reaches now, and the note that purchase conditions are per purchase.
    await page.getByRole("button", { name: a.dryRun.check }).click();
    await page.getByTestId("dry-run-result").waitFor();
    await expect.poll(() => page.getByTestId("dry-run-members").innerText()).toBe("1");
    // Each run gives 50 points; one member now, so 50 in total.
    await expect.poll(async () => plain(await page.getByTestId("dry-run-points").innerText())).toBe("50");
    await page.getByTestId("dry-run-result").scrollIntoViewIfNeeded();
    await shoot(page, "automation-builder-dry-run-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);

    // ---- Saved: the scenario's own page, active.
    await page.getByTestId("save-scenario").click();
    await page.getByText(fill(a.savedMessage, { name: "Premia za duży zakup" })).waitFor();
    await page.waitForURL(/\/admin\/automation\/scenarios\/[^/?]+$/);
    await page.getByRole("tab", { name: a.tabs.builder }).waitFor();
    await expect.poll(() => page.getByTestId("scenario-status").textContent()).toBe(a.statuses.active);
    const list = await apiAs<ScenarioList>(page, "GET", "/api/v1/automation/scenarios");
    expect(list.data.data.map((s) => s.status)).toEqual(["active"]);

    // ---- Two purchases: 120 zł (below the threshold, no run) and 450 zł (a run); then the worker.
    for (const [receipt, amount] of [
      ["PAR-1", 12000],
      ["PAR-2", 45000],
    ] as const)
      await created(page, "POST", "/api/v1/purchases", {
        programId: fx.programId,
        memberId: jan.id,
        amount: { amount, currency: "PLN" },
        receiptNumber: receipt,
        locationId: fx.locationId,
      });
    await drainWorker(h, company.companyId);

    // ---- The run log: one run, completed, its step; a row opens the steps.
    await page.getByRole("tab", { name: a.tabs.runs }).click();
    await settled(page, "run log");
    const runs = rowsOf(page, a.runs.table);
    await expect.poll(() => runs.count()).toBe(1);
    await runs.first().getByText("Jan Kowalski").waitFor();
    await runs.first().getByText(a.runs.statuses.completed).waitFor();
    await runs
      .first()
      .getByText(fill(a.steps.details.points_added, { points: "50 punktów" }))
      .waitFor();
    await shoot(page, "automation-run-log-pl-desktop");
    await runs.first().getByText(a.runs.statuses.completed).click();
    const drawer = page.getByTestId("run-drawer");
    await drawer.waitFor();
    await drawer.getByText(fill(a.runs.stepTitle, { n: 1, action: a.actions.add_points })).waitFor();
    await drawer.getByText(a.steps.outcomes.done).waitFor();
    await drawer
      .getByTestId("step-detail")
      .getByText(fill(a.steps.details.points_added, { points: "50 punktów" }))
      .waitFor();
    await drawer.getByRole("link", { name: "Jan Kowalski" }).waitFor();
    await shoot(page, "automation-run-drawer-pl-desktop");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });

    // ---- Results: one run, 50 points.
    await page.getByRole("tab", { name: a.tabs.results }).click();
    await expect.poll(() => page.getByTestId("result-runs").innerText()).toBe("1");
    expect(await page.getByTestId("result-completed").innerText()).toBe("1");
    expect(await page.getByTestId("result-points").innerText()).toBe("50");
    await shoot(page, "automation-results-pl-desktop");

    // The ledger has the bonus with the scenario's reason: 120 + 450 points for the purchases, 50 from the scenario.
    const balances = await apiAs<{ data: { programId: string; available: number }[] }>(page, "GET", `/api/v1/members/${jan.id}/balances`);
    expect(balances.data.data.find((b) => b.programId === fx.programId)?.available).toBe(120 + 450 + 50);
    const ledger = await apiAs<{ data: { points: number; reason: string }[] }>(page, "GET", `/api/v1/members/${jan.id}/ledger`);
    expect(ledger.data.data.filter((e) => e.reason === "Premia za zakup od 500 zł").map((e) => e.points)).toEqual([50]);

    // ---- The list shows what it did; a replayed worker pass changes nothing.
    await drainWorker(h, company.companyId);
    await page.getByRole("main").getByRole("link", { name: a.back }).click();
    await page.getByRole("heading", { name: a.title, level: 1 }).waitFor();
    await settled(page, "list");
    const row = rowsOf(page, a.title).filter({ hasText: "Premia za duży zakup" });
    await row.getByTestId("scenario-trigger").getByText("Gdy klient zrobi zakup").waitFor();
    await expect.poll(() => row.locator("td").nth(2).innerText()).toBe("1");
    await shoot(page, "automation-list-pl-desktop");
  });

  it("tells bad input at its input, the builder's own check and the API's, and saves nothing", async () => {
    const before = (await apiAs<ScenarioList>(page, "GET", "/api/v1/automation/scenarios")).data.data.length;
    await page.goto("/admin/automation/scenarios/new");
    await page.getByRole("heading", { name: a.gallery.title, level: 1 }).waitFor();
    await page.getByRole("link", { name: a.gallery.scratch }).click();
    await page.getByRole("heading", { name: a.newTitle, level: 1 }).waitFor();
    await settled(page, "builder from scratch");
    await page.getByLabel(new RegExp(`^${escapeRe(a.builder.name)}`)).fill("Zły scenariusz");
    const step = page.getByTestId("action-0");
    await step.getByLabel(new RegExp(`^${escapeRe(a.builder.points)}`)).fill("0");
    await page.getByTestId("save-scenario").click();
    await step.getByText(fill(a.validation.atLeast, { min: 1 })).waitFor();
    await step.getByText(pl.validation.required).waitFor();
    await shoot(page, "automation-builder-errors-pl-desktop");

    // What only the server knows: a webhook to a private address is refused, at the address.
    await step.getByLabel(new RegExp(`^${escapeRe(fill(a.builder.actionType, { n: 1 }))}`)).click();
    await page.getByRole("option", { name: a.actions.call_webhook }).click();
    await step.getByLabel(new RegExp(`^${escapeRe(a.builder.url)}`)).fill("https://10.20.30.40/hook");
    await page.getByTestId("save-scenario").click();
    await step.getByText(fill(pl.fieldErrors.host_not_allowed, { address: "10.20.30.40" })).waitFor();
    expect(page.url()).toContain("/automation/scenarios/new");
    expect((await apiAs<ScenarioList>(page, "GET", "/api/v1/automation/scenarios")).data.data.length).toBe(before);
    await shoot(page, "automation-builder-api-error-pl-desktop");
  });

  it("sets up the two scenarios of the referral bonus one after the other", async () => {
    await page.goto("/admin/automation/scenarios/new");
    await page.getByRole("heading", { name: a.gallery.title, level: 1 }).waitFor();
    await page.getByTestId("template-referral_bonus").getByRole("link", { name: a.gallery.useSeveral }).click();
    const banner = page.getByTestId("template-part");
    const sentence = page.getByTestId("scenario-sentence");
    await banner.getByText(fill(a.builder.part, { name: "Premia za polecenie", n: 1, count: 2 })).waitFor();
    await expect
      .poll(async () => plain(await sentence.innerText()))
      .toBe("Gdy znajomy klienta zarejestruje się z jego polecenia → daj klientowi 10 punktów");
    await page.getByRole("button", { name: a.builder.saveAndNext }).click();
    await page.getByText(fill(a.builder.partSaved, { name: "Polecenie: znajomy dołączył", n: 2, count: 2 })).waitFor();
    await banner.getByText(fill(a.builder.part, { name: "Premia za polecenie", n: 2, count: 2 })).waitFor();
    await expect.poll(async () => plain(await sentence.innerText())).toBe("Gdy znajomy klienta wyda 200 zł → daj klientowi 20 punktów");
    // The threshold is in zł as people say it; the API gets grosze.
    expect(await page.getByLabel(new RegExp(`^${escapeRe(a.builder.thresholdMoney)}`)).inputValue()).toBe("200,00");
    await shoot(page, "automation-builder-referral-part2-pl-desktop");
    await page.getByRole("button", { name: a.builder.save }).click();
    await page.waitForURL(/\/admin\/automation\/scenarios\/[^/?]+$/);
    await page.getByRole("heading", { name: "Polecenie: znajomy wydał 200 zł", level: 1 }).waitFor();
    const list = await apiAs<{ data: { name: string; status: string; trigger: { type: string; threshold?: number } }[] }>(
      page,
      "GET",
      "/api/v1/automation/scenarios?trigger=referral_successful",
    );
    expect(list.data.data.map((s) => [s.name, s.status, s.trigger.threshold])).toEqual([
      ["Polecenie: znajomy wydał 200 zł", "paused", 20000],
    ]);
    const registered = await apiAs<ScenarioList>(page, "GET", "/api/v1/automation/scenarios?trigger=referral_registered");
    expect(registered.data.data.map((s) => s.name)).toEqual(["Polecenie: znajomy dołączył"]);
  });
});
