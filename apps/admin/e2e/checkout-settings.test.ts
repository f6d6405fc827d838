/**
 * The program's "E-shop" tab: the checkout settings typed in Polish, saved, seen again after a
 * reload; a rule broken in the form and a value only the API refuses, each shown at its input; the
 * recent reservations; the same screen in English; 1024 and 768 px without sideways overflow; axe.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import {
  apiAs,
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
  TABLET_PORTRAIT,
} from "./harness";
import { created, seedMember, seedProgram } from "./loyalty-setup";

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
const KEYS = leafKeys(en.checkout).map((k) => `checkout.${k}`);

async function checkScreen(page: Page, what: string) {
  await settled(page, what);
  const text = await page.locator("body").innerText();
  expect(
    KEYS.filter((k) => text.includes(k)),
    `${what}: raw keys`,
  ).toEqual([]);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what}: overflows sideways`).toBeLessThanOrEqual(1);
  expect(await seriousAxeFindings(page), `${what}: axe`).toEqual([]);
}

/** The error text Mantine shows under the input labelled `label`. */
async function errorOf(page: Page, input: ReturnType<typeof field>): Promise<string> {
  const id = await input.getAttribute("aria-describedby");
  const ids = (id ?? "").split(" ").filter((x) => x.endsWith("-error"));
  if (ids.length === 0) return "";
  return (await page.locator(`[id="${ids[0]}"]`).innerText()).trim();
}

describeBrowser("checkout settings (program tab)", () => {
  let h: Harness;
  let company: SeededCompany;
  let page: Page;
  let programId: string;
  const c = pl.checkout;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
    page = await h.newPage(TABLET_LANDSCAPE);
    page.on("pageerror", (err) => console.error("[page error]", err));
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, PASSWORD);
    programId = (await seedProgram(page, "Sklep z kawą")).programId;
  });
  afterAll(async () => {
    await h?.close();
  });

  const openTab = async () => {
    await page.goto(`/admin/programs/${programId}?tab=checkout`);
    await page.getByTestId("checkout-settings-form").waitFor();
    await settled(page, "checkout tab");
  };

  it("pl: sets the e-shop settings, saves, and sees them again after a reload", async () => {
    await openTab();
    await page.getByRole("tab", { name: c.tab }).waitFor();
    await page.getByLabel(c.enabled).check();
    await field(page, c.minimumBasket).fill("50");
    await field(page, c.feePerItem).fill("1,99");
    await field(page, c.maxProducts).fill("2");
    await field(page, c.maxPoints).fill("250");
    await field(page, c.reservationMinutes).fill("45");
    await page.getByRole("button", { name: c.products.add }).click();
    await page.getByLabel(`${c.products.sku} 1`).fill("KUBEK-01");
    await page.getByLabel(`${c.products.name} 1`).fill("Kubek z logo");
    await page.getByLabel(`${c.products.points} 1`).fill("80");
    await page.getByRole("button", { name: c.thresholds.add }).click();
    await page.getByRole("button", { name: c.thresholds.add }).click();
    await shoot(page, "checkout-settings-filled-pl-1024");
    await page.getByRole("button", { name: pl.common.save }).click();
    await page.getByText(c.saved).waitFor();

    const saved = await apiAs<Record<string, unknown>>(page, "GET", `/api/v1/programs/${programId}/checkout-settings`);
    expect(saved.data).toMatchObject({
      enabled: true,
      minimumBasketMinor: 5_000,
      feePerItemMinor: 199,
      maxProductsPerOrder: 2,
      maxPointsPerOrder: 250,
      reservationMinutes: 45,
      products: [{ sku: "KUBEK-01", name: "Kubek z logo", points: 80, active: true }],
      discountThresholds: [
        { points: 100, percent: 10 },
        { points: 200, percent: 20 },
      ],
    });

    await page.reload();
    await page.getByTestId("checkout-settings-form").waitFor();
    await settled(page, "after reload");
    expect(await page.getByLabel(c.enabled).isChecked()).toBe(true);
    expect(await field(page, c.minimumBasket).inputValue()).toBe("50,00 zł");
    expect(await field(page, c.feePerItem).inputValue()).toBe("1,99 zł");
    expect(await field(page, c.reservationMinutes).inputValue()).toBe("45 min");
    expect(await page.getByLabel(`${c.products.sku} 1`).inputValue()).toBe("KUBEK-01");
    const thresholds = page.getByTestId("checkout-thresholds");
    expect(await thresholds.getByRole("group", { name: "Próg 2" }).getByLabel(c.thresholds.percent).inputValue()).toBe("20 %");
  });

  it("pl: shows a broken rule at its input before sending, and the API's refusal at its input after", async () => {
    await openTab();
    const second = page.getByTestId("checkout-thresholds").getByRole("group", { name: "Próg 2" });
    const percent = second.getByLabel(c.thresholds.percent);
    await percent.fill("5");
    await page.getByRole("button", { name: pl.common.save }).click();
    await expect.poll(() => errorOf(page, percent)).toBe(c.validation.percentAscending);
    // in the middle of the window: the sticky save bar covers the bottom
    await percent.evaluate((el) => el.scrollIntoView({ block: "center" }));
    await shoot(page, "checkout-settings-invalid-pl-1024");
    await percent.fill("20");
    // 201 characters: only the API's schema knows the limit; its answer lands at the SKU input.
    const sku = page.getByLabel(`${c.products.sku} 1`);
    await sku.fill("K".repeat(201));
    await page.getByRole("button", { name: pl.common.save }).click();
    await expect.poll(() => errorOf(page, sku)).toBe(pl.fieldErrors.too_long.replace("{{max}}", "200"));
    await sku.scrollIntoViewIfNeeded();
    await shoot(page, "checkout-settings-api-error-pl-1024");
    const still = await apiAs<{ products: { sku: string }[] }>(page, "GET", `/api/v1/programs/${programId}/checkout-settings`);
    expect(still.data.products[0]?.sku).toBe("KUBEK-01");
  });

  it("lists the program's recent reservations with their status", async () => {
    const member = await seedMember(page, { firstName: "Ola", lastName: "Nowak" });
    await created(page, "POST", "/api/v1/purchases", {
      programId,
      memberId: member.id,
      receiptNumber: "R-CHECKOUT-1",
      amount: { amount: 50_000, currency: "PLN" },
    });
    const basket = { amount: { amount: 10_000, currency: "PLN" }, items: [{ sku: "KUBEK-01", quantity: 1, unitPriceMinor: 2_000 }] };
    const reserved = await created(page, "POST", "/api/v1/checkout/reservations", {
      programId,
      memberId: member.id,
      orderId: "WC-1001",
      basket,
      apply: { products: [{ sku: "KUBEK-01", quantity: 1 }], discountPoints: 100 },
    });
    await created(page, "POST", "/api/v1/checkout/reservations", {
      programId,
      memberId: member.id,
      orderId: "WC-1002",
      basket,
      apply: { discountPoints: 200 },
    });
    await created(page, "POST", `/api/v1/checkout/reservations/${reserved.id}/settle`, {});
    await openTab();
    const rows = page.getByRole("table", { name: c.reservations.label }).locator("tbody tr");
    await expect.poll(() => rows.count()).toBe(2);
    await rows.filter({ hasText: "WC-1001" }).getByText(c.reservations.statuses.settled).waitFor();
    await rows.filter({ hasText: "WC-1002" }).getByText(c.reservations.statuses.reserved).waitFor();
  });

  for (const [lang, s, size, viewport] of [
    ["pl", pl, "768", TABLET_PORTRAIT],
    ["en", en, "1024", TABLET_LANDSCAPE],
    ["en", en, "768", TABLET_PORTRAIT],
  ] as const) {
    it(`${lang}: the tab at ${size} px: no sideways overflow, no raw key, axe clean`, async () => {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: s.shell.navigation }).waitFor();
      }
      await page.setViewportSize(viewport);
      await openTab();
      await page.getByRole("tab", { name: s.checkout.tab }).waitFor();
      await page.getByRole("heading", { name: s.checkout.sections.thresholds }).waitFor();
      expect(await field(page, s.checkout.minimumBasket).inputValue()).toContain("50");
      await checkScreen(page, `checkout ${lang} ${size}`);
      await shoot(page, `checkout-settings-${lang}-${size}`);
      await page.getByRole("heading", { name: s.checkout.sections.reservations }).scrollIntoViewIfNeeded();
      await shoot(page, `checkout-reservations-${lang}-${size}`);
    });
  }
});
