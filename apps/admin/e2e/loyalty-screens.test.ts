import type { Page } from "playwright-core";
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
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
} from "./harness";
import { created, seedMember, seedProgram } from "./loyalty-setup";

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
const KEYS = leafKeys(en).filter((k) => k.includes("."));

async function noRawKeys(page: Page) {
  const text = await page.locator("body").innerText();
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
}

describeBrowser("loyalty screens in both languages", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("every new screen renders translated at desktop and tablet size", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(page, "Klub Stałego Klienta");
    await created(page, "POST", `/api/v1/programs/${fx.programId}/rules`, {
      name: "Kawa ×2",
      kind: "multiplier",
      multiplierBp: 20000,
      categories: ["Kawa"],
      tierIds: [fx.goldId],
      capPerDay: 500,
    });
    await created(page, "POST", `/api/v1/programs/${fx.programId}/rules`, {
      name: "Newsletter",
      kind: "event",
      eventType: "newsletter_confirmed",
      bonusPoints: 50,
    });
    await created(page, "POST", "/api/v1/custom-fields", {
      key: "ulubiona_kawa",
      label: "Ulubiona kawa",
      type: "choice",
      options: ["Espresso", "Latte"],
    });
    await created(page, "POST", "/api/v1/custom-fields", { key: "firma", label: "Firma", type: "boolean" });
    const anna = await seedMember(page, {
      firstName: "Anna",
      lastName: "Wiśniewska",
      email: "anna.w@example.com",
      phone: "+48 600 200 300",
      tags: ["vip", "kawa"],
      joinLocationId: fx.locationId,
      customFields: { ulubiona_kawa: "Latte", firma: true },
    });
    const piotr = await seedMember(page, { firstName: "Piotr", lastName: "Zieliński", referrerId: anna.id, joinLocationId: fx.locationId });
    await seedMember(page, { firstName: "Marek", lastName: "Nowak", status: "blocked", blockedReason: "Karta zgubiona" });
    for (const m of [anna, piotr]) await created(page, "POST", `/api/v1/members/${m.id}/enrollments`, { programId: fx.programId });
    expect(
      (await apiAs(page, "PUT", `/api/v1/members/${anna.id}/programs/${fx.programId}/tier`, { tierId: fx.goldId, locked: false })).status,
    ).toBe(204);
    await created(page, "POST", "/api/v1/purchases", {
      programId: fx.programId,
      memberId: anna.id,
      amount: { amount: 12345, currency: "PLN" },
      receiptNumber: "PAR-100",
      locationId: fx.locationId,
    });
    await created(page, "POST", `/api/v1/members/${anna.id}/adjustments`, { programId: fx.programId, points: 30, reason: "Urodziny" });

    for (const [lang, s] of [
      ["pl", pl],
      ["en", en],
    ] as const) {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
      }
      // Every screen at every width is in every-screen.test.ts; the tabs and the counter here, on a tablet.
      for (const [size, viewport] of [["tablet", TABLET_LANDSCAPE]] as const) {
        await page.setViewportSize(viewport);
        // Every screen at every width is every-screen.test.ts's; here what these data show.
        // Points are where people look: Anna's tier in the list, her balance first on her card.
        await page.goto("/admin/members");
        await page.getByRole("row").filter({ hasText: "Anna Wiśniewska" }).getByTestId("member-points").getByText(/^Gold/).waitFor();
        await noRawKeys(page);
        // Tabs of the member card and the program.
        await page.goto(`/admin/members/${anna.id}`);
        await page.getByTestId(`summary-${fx.programId}`).getByTestId("summary-available").waitFor();
        await shoot(page, `member-card-${lang}-${size}`);
        for (const tab of ["points", "purchases", "tiers", "consents"] as const) {
          await page.getByRole("tab", { name: s.members.tabs[tab] }).click();
          await settled(page, `member card ${tab} ${lang} ${size}`);
          await noRawKeys(page);
          await shoot(page, `member-card-${tab}-${lang}-${size}`);
        }
        await page.goto(`/admin/programs/${fx.programId}`);
        for (const tab of ["tiers", "rules"] as const) {
          await page.getByRole("tab", { name: s.programs.tabs[tab] }).click();
          await settled(page, `program ${tab} ${lang} ${size}`);
          await noRawKeys(page);
          await shoot(page, `program-${tab}-${lang}-${size}`);
        }
        // The counter with a member chosen and a preview.
        await page.goto("/admin/counter");
        await field(page, s.counter.search).fill(anna.cardNumber);
        await page.keyboard.press("Enter");
        await field(page, s.counter.amount).fill("45,90");
        await page.getByTestId("preview-total").waitFor();
        await noRawKeys(page);
        await shoot(page, `counter-member-${lang}-${size}`);
      }
    }
    // Forms at tablet size, in English.
    await page.setViewportSize(TABLET_LANDSCAPE);
    await page.goto("/admin/members");
    await page.getByRole("button", { name: en.members.add }).first().click();
    await page.getByRole("dialog", { name: en.members.createTitle }).waitFor();
    await shoot(page, "member-form-en-tablet");
    await page.goto(`/admin/members/${anna.id}`);
    await page.getByRole("tab", { name: en.members.tabs.points }).click();
    await page.getByRole("button", { name: en.points.adjust, exact: true }).click();
    await page.getByRole("dialog", { name: en.points.adjustTitle }).waitFor();
    await shoot(page, "member-adjust-en-tablet");
    await page.goto(`/admin/programs/${fx.programId}`);
    await page.getByRole("tab", { name: en.programs.tabs.rules }).click();
    await page.getByRole("button", { name: en.rules.add }).click();
    await page.getByRole("dialog", { name: en.rules.createTitle }).waitFor();
    await shoot(page, "rule-form-en-tablet");
    await page.goto("/admin/settings/consents");
    await page.getByRole("button", { name: en.consents.add }).first().click();
    await page.getByRole("dialog", { name: en.consents.createTitle }).waitFor();
    await shoot(page, "consent-form-en-tablet");
  }, 240_000);
});
