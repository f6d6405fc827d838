/**
 * A member with points opens the portal: home (balances, expiring, tier progress, last operations),
 * redeems a voucher reward and sees its code, finds it in My rewards, opens the card; at phone size
 * (390×844) and on a desktop, in Polish and English, with axe's serious and critical findings at 0.
 * The member's session is opened through the sessions' own function and put into the browser as
 * the portal's cookie (signing in is the identity feature's test).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../admin/e2e/axe-check.js";
import { animationsDone } from "../../admin/e2e/harness";
import { DESKTOP, describeBrowser, type Harness, seedCompany, startHarness, unique } from "../../admin/e2e/harness.js";
import { messages as cardMessages } from "../src/features/card/messages.js";
import { messages as homeMessages } from "../src/features/home/messages.js";
import { messages as rewardMessages } from "../src/features/rewards/messages.js";
import { memberCookie, ownerApi, PHONE, PORTAL_SHOTS, portalSlug } from "./portal-harness.js";

let h: Harness;
let slug = "";
let companyId = "";
let staffApi: Awaited<ReturnType<typeof ownerApi>>;
let programId = "";
let voucherRewardName = "";
let voucherRewardId = "";

/** A member with welcome points, a purchase at Kazimierz and a bonus, in the given language. */
async function memberWithPoints(language: "pl" | "en"): Promise<string> {
  const member = await staffApi("POST", "/api/v1/members", {
    firstName: language === "pl" ? "Zofia" : "Emily",
    lastName: unique("M"),
    language,
  });
  await staffApi("POST", `/api/v1/members/${member.id}/enrollments`, { programId });
  const locations = await staffApi<{ data: { id: string; name: string }[] }>("GET", "/api/v1/locations?limit=10");
  const kazimierz = locations.data.find((l) => l.name === "Kraków, Kazimierz")?.id;
  await staffApi("POST", "/api/v1/purchases", {
    programId,
    memberId: member.id,
    receiptNumber: unique("R-"),
    amount: { amount: 4_900, currency: "PLN" },
    locationId: kazimierz,
  });
  await staffApi("POST", `/api/v1/members/${member.id}/adjustments`, { programId, points: 1_300, reason: "Bonus on opening" });
  return member.id;
}

/** A browser context signed in to the portal as the member (the portal's own cookie, path /api/v1/portal/<slug>). */
async function memberContext(memberId: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await h.newContext(viewport);
  await context.addCookies([await memberCookie(h, companyId, slug, memberId)]);
  return context;
}

async function quiet(page: Page): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.busy === "0");
  await animationsDone(page);
}

async function look(page: Page, name: string): Promise<void> {
  await quiet(page);
  expect(await seriousAxeFindings(page), name).toEqual([]);
  // No sideways scrolling at any size.
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), name).toBe(true);
  await page.screenshot({ path: path.join(PORTAL_SHOTS, `${name}.png`) });
}

beforeAll(async () => {
  mkdirSync(PORTAL_SHOTS, { recursive: true });
  h = await startHarness();
  const company = await seedCompany(h);
  companyId = company.companyId;
  slug = await portalSlug(h, companyId);
  staffApi = await ownerApi(h, company.ownerEmail);
  programId = (
    await staffApi("POST", "/api/v1/programs", {
      name: "Klub Kawowy",
      status: "active",
      welcomePoints: 20,
      expiryPolicy: "days",
      expiryValue: 25,
    })
  ).id;
  await staffApi("POST", `/api/v1/programs/${programId}/tiers`, { name: "Srebrny", threshold: 50, discountBp: 500 });
  await staffApi("POST", `/api/v1/programs/${programId}/tiers`, { name: "Złoty", threshold: 500, discountBp: 1000 });
  await staffApi("POST", "/api/v1/locations", { name: "Kraków, Kazimierz" });
  const pool = await staffApi("POST", "/api/v1/voucher-pools", { name: "Kawa" });
  await staffApi("POST", `/api/v1/voucher-pools/${pool.id}/generate`, { count: 20 });
  voucherRewardName = "Kawa gratis";
  const voucherReward = await staffApi("POST", "/api/v1/rewards", {
    programId,
    namePl: voucherRewardName,
    nameEn: "Free coffee",
    descriptionPl: "Dowolna kawa z karty.",
    descriptionEn: "Any coffee from the menu.",
    category: "Kawa",
    kind: "voucher",
    voucherPoolId: pool.id,
    fulfilment: "none",
    pointsPrice: 300,
  });
  voucherRewardId = voucherReward.id;
  await staffApi("POST", "/api/v1/rewards", {
    programId,
    namePl: "Kubek termiczny",
    nameEn: "Travel mug",
    category: "Gadżety",
    kind: "physical",
    pointsPrice: 5_000,
  });
}, 180_000);
afterAll(() => h?.close());

describeBrowser("member portal: home, rewards, card", () => {
  it("phone, Polish: sees home, redeems a reward, sees its code, opens the card", async () => {
    const pl = { ...homeMessages.pl, ...rewardMessages.pl, ...cardMessages.pl };
    const context = await memberContext(await memberWithPoints("pl"), PHONE);
    const page = await context.newPage();
    await page.goto(`/p/${slug}/`);
    await page.getByTestId("available-points").waitFor();
    // 20 welcome + 49 purchase + 1300 bonus, grouped the Polish way.
    expect((await page.getByTestId("available-points").textContent())?.replace(/\s/g, " ")).toBe("1 369 pkt");
    await page.getByText("Zakup — Kraków, Kazimierz").waitFor();
    await page
      .getByText(pl.home.nextTier.split("{{")[0] as string, { exact: false })
      .first()
      .waitFor();
    await look(page, "home-phone-pl");

    await page.goto(`/p/${slug}/rewards`);
    await page.getByRole("heading", { name: voucherRewardName }).waitFor();
    await page.getByText("Brakuje Ci").first().waitFor();
    await look(page, "rewards-phone-pl");
    const card = page.getByTestId("reward-card").filter({ hasText: voucherRewardName });
    await card.getByRole("button", { name: pl.rewards.redeem }).click();
    await page.getByRole("dialog").getByText("Zostanie Ci").waitFor();
    await look(page, "redeem-confirm-phone-pl");
    await page.getByRole("button", { name: pl.rewards.confirm.yes }).click();
    const code = await page.getByTestId("voucher-code").first().textContent();
    expect(code).toMatch(/^[A-Z0-9-]{4,}$/);
    await page.getByRole("button", { name: pl.rewards.mine.showQr }).click();
    await page.getByRole("img", { name: `Kod QR z kodem ${code}` }).waitFor();
    await look(page, "redeem-done-phone-pl");

    await page.getByRole("link", { name: pl.rewards.done.mine }).click();
    await page
      .getByTestId("my-reward")
      .filter({ hasText: code ?? "" })
      .waitFor();
    await page.getByText(pl.rewards.mine.status.issued).first().waitFor();
    await look(page, "my-rewards-phone-pl");

    await page.goto(`/p/${slug}/card`);
    await page
      .getByRole("img", { name: /Kod kreskowy karty/ })
      .locator("rect")
      .first()
      .waitFor();
    expect((await page.getByTestId("card-balance").textContent())?.replace(/\s/g, " ")).toBe("1 069 pkt");
    await page.getByText(pl.card.brightness).waitFor();
    await look(page, "card-phone-pl");
    await context.close();
  });

  it("phone and desktop, English: home, rewards and the card in English formats", async () => {
    const en = { ...homeMessages.en, ...rewardMessages.en, ...cardMessages.en };
    const memberId = await memberWithPoints("en");
    for (const [size, viewport] of [
      ["phone", PHONE],
      ["desktop", DESKTOP],
    ] as const) {
      const context = await memberContext(memberId, viewport);
      const page = await context.newPage();
      await page.goto(`/p/${slug}/`);
      await page.getByTestId("available-points").waitFor();
      expect(await page.getByTestId("available-points").textContent()).toBe("1,369\u00a0pts");
      await page.getByText("Purchase — Kraków, Kazimierz").waitFor();
      await page.getByText(en.home.lastOperations).waitFor();
      await look(page, `home-${size}-en`);
      await page.goto(`/p/${slug}/rewards`);
      await page.getByRole("heading", { name: "Free coffee" }).waitFor();
      await look(page, `rewards-${size}-en`);
      await page.goto(`/p/${slug}/card`);
      await page
        .getByRole("img", { name: /Barcode of card/ })
        .locator("rect")
        .first()
        .waitFor();
      await page.getByText(en.card.brightness).waitFor();
      await look(page, `card-${size}-en`);
      await context.close();
    }
  });

  it("phone, offline: the card and its last known balance open from the service worker's copy", async () => {
    const context = await memberContext(await memberWithPoints("pl"), PHONE);
    const page = await context.newPage();
    await page.goto(`/p/${slug}/card`);
    await page.getByTestId("card-number").waitFor();
    // The worker takes control after its first install: the card's answer is kept from the next load on.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByTestId("card-balance").waitFor();
    await quiet(page);
    const number = await page.getByTestId("card-number").textContent();
    await context.setOffline(true);
    await page.reload();
    expect(await page.getByTestId("card-number").textContent()).toBe(number);
    expect((await page.getByTestId("card-balance").textContent())?.replace(/\s/g, " ")).toBe("1 369 pkt");
    await page
      .getByRole("img", { name: /Kod kreskowy karty/ })
      .locator("rect")
      .first()
      .waitFor();
    await page.screenshot({ path: path.join(PORTAL_SHOTS, "card-offline-phone-pl.png") });
    await context.close();
  });

  it("desktop, Polish: the website widget's link rewards?reward=<id> opens that reward; closing it leaves the catalog", async () => {
    const pl = { ...homeMessages.pl, ...rewardMessages.pl };
    const context = await memberContext(await memberWithPoints("pl"), DESKTOP);
    const page = await context.newPage();
    await page.goto(`/p/${slug}/rewards?reward=${voucherRewardId}`);
    const dialog = page.getByRole("dialog", { name: voucherRewardName });
    await dialog.getByText("Zostanie Ci").waitFor();
    await dialog.getByRole("button", { name: pl.rewards.confirm.yes }).waitFor();
    await look(page, "reward-link-desktop-pl");
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "hidden" });
    expect(new URL(page.url()).search).toBe("");
    await page.getByRole("heading", { name: voucherRewardName }).waitFor();
    await context.close();
  });

  it("desktop, Polish: history with filters", async () => {
    const context = await memberContext(await memberWithPoints("pl"), DESKTOP);
    const page = await context.newPage();
    await page.goto(`/p/${slug}/history`);
    await page.getByText("Zakup — Kraków, Kazimierz").waitFor();
    await page.getByText("Punkty powitalne").waitFor();
    await page.getByText("Zakupy", { exact: true }).click();
    await quiet(page);
    expect(await page.getByText("Punkty powitalne").count()).toBe(0);
    await page.getByText("Zakup — Kraków, Kazimierz").waitFor();
    await look(page, "history-desktop-pl");
    await context.close();
  });
});
