import type { Page } from "playwright-core";
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
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
  unique,
} from "./harness";

describeBrowser("API keys", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("creates a key, shows its secret once, which works against the API until the key is revoked", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.apiKeys).click();
    await page.getByText(pl.apiKeys.emptyTitle).waitFor();
    await shoot(page, "api-keys-empty-pl-tablet");

    await page.getByRole("button", { name: pl.apiKeys.create }).first().click();
    const dialog = page.getByRole("dialog", { name: pl.apiKeys.createTitle });
    await dialog.getByRole("button", { name: pl.apiKeys.create }).click();
    await dialog.getByText(pl.validation.required).waitFor();
    await dialog.getByText(pl.validation.scopes).waitFor();

    const name = `Sklep ${unique("")}`;
    await field(dialog, pl.apiKeys.name).fill(name);
    await dialog.getByLabel(pl.permissions.locations.read).check();
    await dialog.getByLabel(pl.permissions.company.read).check();
    await shoot(page, "api-key-create-pl-tablet");
    await dialog.getByRole("button", { name: pl.apiKeys.create }).click();

    const secretDialog = page.getByRole("dialog", { name: pl.apiKeys.secretTitle.replace("{{name}}", name) });
    await secretDialog.getByText(pl.apiKeys.secretWarning).waitFor();
    const secret = (await secretDialog.getByTestId("api-key-secret").textContent())?.trim() ?? "";
    expect(secret.length).toBeGreaterThan(20);
    await shoot(page, "api-key-secret-pl-tablet");
    await secretDialog.getByRole("button", { name: pl.apiKeys.secretDone }).click();
    await secretDialog.waitFor({ state: "hidden" });

    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByText(pl.apiKeys.activeBadge).waitFor();
    const [stored] = await h.db.query<{ scopes: string[]; company_id: string }>("select scopes, company_id from api_keys where name = $1", [
      name,
    ]);
    expect(stored?.company_id).toBe(company.companyId);
    expect([...(stored?.scopes ?? [])].sort()).toEqual(["company.read", "locations.read"]);

    const withKey = () => fetch(`${h.baseUrl}/api/v1/locations`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await withKey()).status).toBe(200);

    // "Last used" is filled in after use (seen on reload).
    await page.reload();
    await expect(row.getByText(pl.apiKeys.neverUsed).count()).resolves.toBe(0);

    await row.getByRole("button", { name: pl.apiKeys.revokeNamed.replace("{{name}}", name) }).click();
    const confirm = page.getByRole("dialog", { name: pl.apiKeys.revokeTitle.replace("{{name}}", name) });
    await confirm.getByText(pl.apiKeys.revokeMessage).waitFor();
    await confirm.getByRole("button", { name: pl.apiKeys.revoke }).click();
    await page.getByText(pl.apiKeys.revoked.replace("{{name}}", name)).waitFor();

    expect((await withKey()).status).toBe(401);
    // Revoked keys are hidden by default and shown with the switch.
    await page.getByText(pl.apiKeys.noMatchesTitle).waitFor();
    await page.getByLabel(pl.apiKeys.showRevoked).check();
    await row.getByText(pl.apiKeys.revokedBadge).waitFor();
    await shoot(page, "api-keys-revoked-pl-tablet");
  });

  it("creates a key with its own rate limit; requests made with it show in its usage (answered, errors, refused); the limit can be changed; 1024 and 768 px", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.apiKeys).click();
    await page.getByRole("heading", { name: pl.apiKeys.title }).first().waitFor();

    await page.getByRole("button", { name: pl.apiKeys.create }).first().click();
    const dialog = page.getByRole("dialog", { name: pl.apiKeys.createTitle });
    const name = `Kasa ${unique("")}`;
    await field(dialog, pl.apiKeys.name).fill(name);
    await dialog.getByLabel(pl.permissions.company.read).check();
    await field(dialog, pl.apiKeys.rateLimitPerMinute).fill("2");
    await shoot(page, "api-key-create-limit-pl-tablet");
    await dialog.getByRole("button", { name: pl.apiKeys.create }).click();
    const secretDialog = page.getByRole("dialog", { name: pl.apiKeys.secretTitle.replace("{{name}}", name) });
    const secret = (await secretDialog.getByTestId("api-key-secret").textContent())?.trim() ?? "";
    await secretDialog.getByRole("button", { name: pl.apiKeys.secretDone }).click();
    await secretDialog.waitFor({ state: "hidden" });
    const [stored] = await h.db.query<{ rate_limit_per_minute: number | null }>(
      "select rate_limit_per_minute from api_keys where name = $1",
      [name],
    );
    expect(stored?.rate_limit_per_minute).toBe(2);
    const row = page.getByRole("row").filter({ hasText: name });

    // Two requests within one minute pass, the third is refused; one outside the key's scopes is a client error.
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 15_000) await new Promise((r) => setTimeout(r, left + 100));
    const get = (url: string) => fetch(`${h.baseUrl}${url}`, { headers: { authorization: `Bearer ${secret}` } });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get("/api/v1/company")).status);
    statuses.push((await get("/api/v1/locations")).status);
    expect(statuses).toEqual([200, 200, 429, 403]);

    await row.getByRole("button", { name: pl.apiKeys.usage.openNamed.replace("{{name}}", name) }).click();
    const drawer = page.getByRole("dialog", { name: pl.apiKeys.usage.title.replace("{{name}}", name) });
    await expect(drawer.getByTestId("usage-requests").textContent()).resolves.toBe("4");
    await expect(drawer.getByTestId("usage-client-errors").textContent()).resolves.toBe("1");
    await expect(drawer.getByTestId("usage-server-errors").textContent()).resolves.toBe("0");
    await expect(drawer.getByTestId("usage-refused").textContent()).resolves.toBe("1");
    await drawer.getByTestId("usage-table").getByRole("row").nth(1).waitFor();
    await drawer.locator(".recharts-surface").first().waitFor();
    await checkLayout(page, "api-key-usage-pl-1024");

    // By day over 30 days: the same figures.
    await drawer.getByText(pl.apiKeys.usage.last30d).click();
    await drawer.getByRole("columnheader", { name: pl.apiKeys.usage.day }).waitFor();
    await expect(drawer.getByTestId("usage-requests").textContent()).resolves.toBe("4");

    // The limit changed here holds for the key at once.
    await field(drawer, pl.apiKeys.rateLimitPerMinute).fill("5");
    await drawer.getByRole("button", { name: pl.apiKeys.saveLimit }).click();
    await page.getByText(pl.apiKeys.limitSaved.replace("{{name}}", name)).waitFor();
    await expect(field(drawer, pl.apiKeys.rateLimitPerMinute).inputValue()).resolves.toBe("5");
    const [changed] = await h.db.query<{ rate_limit_per_minute: number | null }>(
      "select rate_limit_per_minute from api_keys where name = $1",
      [name],
    );
    expect(changed?.rate_limit_per_minute).toBe(5);
    expect((await get("/api/v1/company")).status).toBe(200);

    const narrow = await h.newPage(TABLET_PORTRAIT);
    await signIn(narrow, company.ownerEmail, PASSWORD);
    // At 768 px the navigation is behind the menu button: straight to the screen.
    await narrow.goto("/admin/settings/api-keys");
    const narrowRow = narrow.getByRole("row").filter({ hasText: name });
    await narrowRow.getByRole("button", { name: pl.apiKeys.usage.openNamed.replace("{{name}}", name) }).click();
    const narrowDrawer = narrow.getByRole("dialog", { name: pl.apiKeys.usage.title.replace("{{name}}", name) });
    await expect(narrowDrawer.getByTestId("usage-requests").textContent()).resolves.toBe("5");
    await narrowDrawer.locator(".recharts-surface").first().waitFor();
    await checkLayout(narrow, "api-key-usage-pl-768");
  });
});

/** No sideways overflow of the page or the drawer, no serious axe finding in the screen or the drawer; a screenshot. */
async function checkLayout(page: Page, shot: string) {
  await shoot(page, shot);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
  const drawerOverflow = await page.evaluate(() => {
    const body = document.querySelector(".mantine-Drawer-body");
    return body ? body.scrollWidth - body.clientWidth : 0;
  });
  expect(drawerOverflow).toBeLessThanOrEqual(0);
  expect(await seriousAxeFindings(page)).toEqual([]);
  expect(await seriousAxeFindingsIn(page, ".mantine-Drawer-content")).toEqual([]);
}

async function seriousAxeFindingsIn(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(async (sel) => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Element) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const root = document.querySelector(sel);
    if (!root) return [`no ${sel}`];
    const { violations } = await axe.run(root);
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}`));
  }, selector);
}
