import { afterAll, beforeAll, expect, it } from "vitest";
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
});
