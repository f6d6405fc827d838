/**
 * E-shop connections, end to end in the browser: a WooCommerce shop is connected through the
 * screens (platform, settings, then the address and secret with WooCommerce's instructions); the
 * address and secret read from the screen take WooCommerce's published order payload, signed as
 * WooCommerce signs it, and the shop's page shows each webhook with its outcome in words (the
 * ping, the purchase with its points and member, a duplicate, a forged signature refused); the
 * purchase is on the member's card. Then the same in English, and the tablet widths.
 */
import { createHmac, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import {
  apiAs,
  DESKTOP,
  describeBrowser,
  en,
  field,
  type Harness,
  PASSWORD,
  pl,
  REPO_ROOT,
  type SeededCompany,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
} from "./harness";
import { type LoyaltyFixture, seedProgram } from "./loyalty-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replaceAll(`{{${k}}}`, String(x)), s);
const rowsOf = (page: Page, label: string) => page.getByRole("table", { name: label }).locator("tbody tr");
/** Text as read, with the no-break spaces of formatted numbers as plain ones. */
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");

/** WooCommerce's published order.created payload, byte for byte (the signature covers the bytes). */
const ORDER = readFileSync(path.join(REPO_ROOT, "apps/server/test/fixtures/ecommerce/woocommerce-order.created.json"));

/** Posts to the shop's inbound address as WooCommerce does: X-WC-Webhook-Signature = base64(HMAC-SHA256(secret, body)). */
async function wooPost(url: string, secret: string, body: Buffer, topic: string, deliveryId = randomBytes(6).toString("hex")) {
  const [resource, event] = topic.split(".");
  const res = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-wc-webhook-source": "https://sklep.example.com/",
      "x-wc-webhook-topic": topic,
      "x-wc-webhook-resource": resource ?? "",
      "x-wc-webhook-event": event ?? "",
      "x-wc-webhook-signature": createHmac("sha256", secret).update(body).digest("base64"),
      "x-wc-webhook-id": "42",
      "x-wc-webhook-delivery-id": deliveryId,
    },
    body: new Uint8Array(body),
  });
  return { status: res.status, data: (await res.json()) as { outcome: string; detail: string } };
}

async function expectNoOverflow(page: Page, what: string) {
  for (const viewport of [TABLET_LANDSCAPE, TABLET_PORTRAIT]) {
    await page.setViewportSize(viewport);
    await page.waitForTimeout(200);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${what} at ${viewport.width} px overflows by ${overflow}px`).toBeLessThanOrEqual(1);
    await shoot(page, `${what}-${viewport.width}`);
  }
  await page.setViewportSize(DESKTOP);
}

describeBrowser("e-shops", () => {
  let h: Harness;
  let company: SeededCompany;
  let page: Page;
  let fx: LoyaltyFixture;
  let shopUrl = "";
  beforeAll(async () => {
    h = await startHarness();
    // The published WooCommerce order is in US dollars: the program counts them too.
    company = await seedCompany(h, { currency: "USD" });
    page = await h.newPage(DESKTOP);
    page.on("pageerror", (err) => console.error("[page error]", err));
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, PASSWORD);
    fx = await seedProgram(page, "Klub Kawowy");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("connects a WooCommerce shop, takes its signed order and shows each webhook's outcome and the purchase", async () => {
    const s = pl.integrations.shops;
    // ---- The empty list says what a connection does.
    const nav = page.getByRole("navigation", { name: pl.shell.navigation });
    await nav.getByText(pl.nav.shops, { exact: true }).click();
    await page.getByRole("heading", { name: s.title, level: 1 }).waitFor();
    await page.getByText(s.emptyTitle).waitFor();
    await settled(page, "empty shops");
    await shoot(page, "shops-empty-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);

    // ---- Connect: the platform, then the settings.
    await page.getByRole("main").getByRole("button", { name: s.connectAction }).first().click();
    const drawer = page.getByRole("dialog", { name: s.connect.title });
    await drawer.waitFor();
    await drawer.getByTestId("platform-woocommerce").click();
    await shoot(page, "shops-connect-platform-pl-desktop");
    await drawer.getByRole("button", { name: s.connect.next }).click();
    await field(drawer, s.form.name).fill("Sklep WooCommerce");
    await field(drawer, s.form.program).click();
    await page.getByRole("option", { name: "Klub Kawowy" }).click();
    await field(drawer, s.form.location).click();
    await page.getByRole("option").first().click();
    await field(drawer, s.form.shopDomain).fill("sklep.example.com");
    await shoot(page, "shops-connect-settings-pl-desktop");
    await drawer.getByRole("button", { name: s.connect.submit }).click();

    // ---- The result: the address and the secret to copy, and where they go in WooCommerce.
    const done = drawer.getByTestId("shop-connected");
    await done.waitFor();
    await done.getByText(s.instructions.woocommerce.title).waitFor();
    await done.getByText(s.instructions.woocommerce.step1).waitFor();
    shopUrl = (await done.getByTestId("shop-url").innerText()).trim();
    const secret = (await done.getByTestId("shop-secret").innerText()).trim();
    expect(shopUrl).toMatch(/\/api\/v1\/connect\/shp_[A-Za-z0-9]+$/);
    expect(secret.length).toBeGreaterThanOrEqual(16);
    await shoot(page, "shops-connect-result-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);
    await done.getByRole("button", { name: s.connect.finish }).click();
    await page.waitForURL(/\/admin\/shops\/shp_[^/?]+$/);
    await page.getByRole("heading", { name: "Sklep WooCommerce", level: 1 }).waitFor();
    await settled(page, "shop");

    // ---- The shop sends: its ping, the paid order (twice: a retry), and a forgery.
    // The address names this installation's public URL; the test server listens elsewhere.
    const inbound = `${h.baseUrl}${new URL(shopUrl).pathname}`;
    const ping = await fetch(inbound, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "webhook_id=42",
    });
    expect(ping.status).toBe(200);
    const order = await wooPost(inbound, secret, ORDER, "order.created", "d-727");
    expect(order.data.outcome).toBe("purchase_recorded");
    expect((await wooPost(inbound, secret, ORDER, "order.created", "d-727")).data.outcome).toBe("duplicate");
    const forged = await wooPost(inbound, "not-the-secret-of-this-shop", ORDER, "order.created", "d-forged");
    expect(forged.status).toBe(401);

    // ---- The shop's page shows each one with its outcome in words, without a reload.
    const log = rowsOf(page, s.deliveries.table);
    await expect.poll(() => log.count(), { timeout: 20_000 }).toBe(4);
    const purchaseRow = log.filter({ hasText: s.outcomes.purchase_recorded });
    await purchaseRow.getByText(fill(s.details.points, { points: "+19" })).waitFor();
    await purchaseRow.getByText(fill(s.deliveries.externalId, { id: "727" })).waitFor();
    await log.filter({ hasText: s.outcomes.duplicate }).getByText(s.details.same_delivery).waitFor();
    await log.filter({ hasText: s.outcomes.refused }).getByText(s.details.signature_invalid).waitFor();
    await log.filter({ hasText: s.outcomes.ignored }).getByText(s.details.woocommerce_ping).waitFor();
    await page
      .getByText(fill(s.countsLine, { received: 4, refused: 1 }))
      .first()
      .waitFor();
    await page.getByRole("heading", { name: s.deliveries.title, level: 2 }).scrollIntoViewIfNeeded();
    await shoot(page, "shops-detail-deliveries-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);
    await expectNoOverflow(page, "shops-detail-pl");

    // ---- The purchase is on the member's card (John Doe, by the order's e-mail).
    await purchaseRow.getByRole("link", { name: s.deliveries.openMember }).click();
    await page.waitForURL(/\/admin\/members\/mbr_/);
    await page.getByRole("heading", { name: /John Doe/, level: 1 }).waitFor();
    await page.getByRole("tab", { name: pl.members.tabs.purchases }).click();
    await page.getByText("woocommerce:727").waitFor();
    await shoot(page, "shops-member-purchase-pl-desktop");
    const members = await apiAs<{ data: { id: string; email: string }[] }>(page, "GET", "/api/v1/members?q=john.doe%40example.com");
    expect(members.data.data.map((m) => m.email)).toEqual(["john.doe@example.com"]);

    // ---- The list: the shop with its platform, program, status and figures.
    await page.goto("/admin/shops");
    await settled(page, "shops list");
    const row = rowsOf(page, s.table).filter({ hasText: "Sklep WooCommerce" });
    await row.getByText("Klub Kawowy").waitFor();
    await row.getByTestId("shop-status").getByText(s.statuses.active).waitFor();
    expect(plain(await row.getByTestId("shop-counts").innerText())).toBe(fill(s.countsLine, { received: 4, refused: 1 }));
    await shoot(page, "shops-list-pl-desktop");
    await expectNoOverflow(page, "shops-list-pl");
    expect(fx.programId).toBeTruthy();
  });

  it("pauses the connection: the shop's next webhook is refused and said so", async () => {
    const s = pl.integrations.shops;
    await page.goto("/admin/shops");
    await rowsOf(page, s.table).first().getByRole("link").first().click();
    await page.waitForURL(/\/admin\/shops\/shp_/);
    await settled(page, "shop");
    await page.getByRole("button", { name: s.pause }).click();
    await page.getByTestId("shop-status").getByText(s.statuses.paused).waitFor();
    await page.getByText(s.pausedHelp).waitFor();
    const res = await fetch(`${h.baseUrl}${new URL(shopUrl).pathname}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "webhook_id=42",
    });
    expect(res.status).toBe(404);
    await rowsOf(page, s.deliveries.table).filter({ hasText: s.details.connection_paused }).first().waitFor();
    await page.getByRole("button", { name: s.resume }).click();
    await page.getByTestId("shop-status").getByText(s.statuses.active).waitFor();
    await shoot(page, "shops-detail-resumed-pl-desktop");
  });

  it("reads in English: the list, the shop, its setup and its log", async () => {
    const s = en.integrations.shops;
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
    await page.goto("/admin/shops");
    await page.getByRole("heading", { name: s.title, level: 1 }).waitFor();
    await settled(page, "shops en");
    await shoot(page, "shops-list-en-desktop");
    await rowsOf(page, s.table).first().getByRole("link").first().click();
    await page.getByRole("heading", { name: s.deliveries.title, level: 2 }).waitFor();
    await settled(page, "shop en");
    await page.getByText(s.instructions.woocommerce.step3).waitFor();
    await rowsOf(page, s.deliveries.table)
      .filter({ hasText: s.outcomes.purchase_recorded })
      .getByText(fill(s.details.points, { points: "+19" }))
      .waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "shops-detail-en-desktop");
    await expectNoOverflow(page, "shops-detail-en");
  });
});
