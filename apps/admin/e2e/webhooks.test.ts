/**
 * Outgoing webhooks, end to end in the browser: an endpoint created on the screens points at a
 * real receiver on 127.0.0.1, which verifies every request with the `standardwebhooks` library and
 * the secret copied from the screen. A test event is delivered and shows in the log without a
 * reload; the receiver then answers 500, a purchase's delivery fails and waits for a retry; the
 * receiver answers 200 again, the delivery is replayed from its drawer and arrives once more, and
 * only once, answered 200.
 */
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Locator, Page } from "playwright-core";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import { drainWorker } from "./drain-worker";
import {
  animationsDone,
  apiAs,
  DESKTOP,
  describeBrowser,
  en,
  field,
  type Harness,
  joinByInvitation,
  PASSWORD,
  pl,
  type SeededCompany,
  type Strings,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
  unique,
} from "./harness";
import { created, type LoyaltyFixture, seedMember, seedProgram } from "./loyalty-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replaceAll(`{{${k}}}`, String(x)), s);
const rowsOf = (page: Page, label: string) => page.getByRole("table", { name: label }).locator("tbody tr");

interface Received {
  id: string;
  type: string;
  answered: number;
  verified: boolean;
}

/** A webhook receiver on loopback: verifies each request with the secret it is given, answers `status`. */
class Receiver {
  server: Server;
  status = 200;
  secret = "";
  received: Received[] = [];
  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const headers = req.headers as IncomingHttpHeaders & Record<string, string>;
        let verified = false;
        let type = "";
        try {
          const payload = new Webhook(this.secret).verify(body, headers) as { type: string };
          verified = true;
          type = payload.type;
        } catch {
          // recorded as not verified: the test fails on it
        }
        const answered = this.status;
        this.received.push({ id: String(headers["webhook-id"] ?? ""), type, answered, verified });
        res.writeHead(answered, { "content-type": "application/json", "x-receiver": "e2e" });
        res.end(JSON.stringify(answered < 300 ? { ok: true } : { error: "receiver down for the test" }));
      });
    });
  }
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/regulars`;
  }
  close() {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** No sideways scrolling at the tablet widths. */
async function expectNoOverflow(page: Page, what: string) {
  for (const viewport of [TABLET_LANDSCAPE, TABLET_PORTRAIT]) {
    await page.setViewportSize(viewport);
    await animationsDone(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${what} at ${viewport.width} px overflows by ${overflow}px`).toBeLessThanOrEqual(1);
    await shoot(page, `${what}-${viewport.width}`);
  }
  await page.setViewportSize(DESKTOP);
}

/** The confirmation dialog (a modal, not the drawer under it). */
const confirmDialog = (page: Page) => page.locator(".mantine-Modal-content");

describeBrowser("webhooks", () => {
  let h: Harness;
  let company: SeededCompany;
  let page: Page;
  let fx: LoyaltyFixture;
  const receiver = new Receiver();
  let receiverUrl: string;
  beforeAll(async () => {
    h = await startHarness();
    receiverUrl = await receiver.start();
    company = await seedCompany(h);
    page = await h.newPage(DESKTOP);
    page.on("pageerror", (err) => console.error("[page error]", err));
    page.setDefaultTimeout(30_000);
    await signIn(page, company.ownerEmail, PASSWORD);
    fx = await seedProgram(page, "Klub Kawowy");
  });
  afterAll(async () => {
    await h?.close();
    await receiver.close();
  });

  it("creates an endpoint, delivers a test event, sees a failed delivery and replays it once", async () => {
    const w = pl.integrations.webhooks;
    const d = pl.integrations.deliveries;
    const jan = await seedMember(page, { firstName: "Jan", lastName: "Kowalski", email: "jan.webhook@example.com" });
    await created(page, "POST", `/api/v1/members/${jan.id}/enrollments`, { programId: fx.programId });

    // ---- The empty list says what a webhook is for.
    const nav = page.getByRole("navigation", { name: pl.shell.navigation });
    await nav.getByText(pl.nav.areas.integrations).waitFor();
    await nav.getByText(pl.nav.webhooks, { exact: true }).click();
    await page.getByRole("heading", { name: w.title, level: 1 }).waitFor();
    await page.getByText(w.emptyTitle).waitFor();
    await page.getByText(w.empty).waitFor();
    await settled(page, "empty webhooks");
    await shoot(page, "webhooks-empty-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);

    // ---- Created in the drawer: the address and one event type from the grouped select.
    await page.getByRole("main").getByRole("button", { name: w.add }).first().click();
    const drawer = page.getByRole("dialog", { name: w.addTitle });
    await drawer.waitFor();
    await field(drawer, w.form.url).fill(receiverUrl);
    await field(drawer, w.form.description).fill("Kasa sklepu");
    await field(drawer, w.form.eventTypes).click();
    await page.getByRole("option", { name: pl.integrations.eventTypes.purchase.recorded }).click();
    await page.keyboard.press("Escape");
    await shoot(page, "webhooks-create-drawer-pl-desktop");
    await drawer.getByRole("button", { name: w.add }).click();

    // ---- The secret once, with how to verify; copied from the screen into the receiver.
    const secretDialog = page.getByRole("dialog", { name: w.secretTitle });
    await secretDialog.waitFor();
    await secretDialog.getByText(w.verify.title).waitFor();
    receiver.secret = (await secretDialog.getByTestId("webhook-secret").innerText()).trim();
    expect(receiver.secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    await shoot(page, "webhooks-secret-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);
    await secretDialog.getByRole("button", { name: w.secretDone }).click();

    // ---- The endpoint's page; a test event is delivered and shows in the log without a reload.
    await page.waitForURL(/\/admin\/webhooks\/whe_[^/?]+$/);
    await page.getByRole("heading", { name: "Kasa sklepu", level: 1 }).waitFor();
    expect(await page.getByTestId("endpoint-url").innerText()).toBe(receiverUrl);
    expect(await page.getByTestId("endpoint-events").innerText()).toBe(
      fill(w.receives, { events: pl.integrations.eventTypes.purchase.recorded }),
    );
    await settled(page, "endpoint");
    await page.getByRole("button", { name: w.sendTest }).click();
    await page.getByText(w.testSent).waitFor();
    const log = rowsOf(page, d.table);
    await expect.poll(() => log.count(), { timeout: 15_000 }).toBe(1);
    await drainWorker(h, company.companyId);
    const testRow = log.filter({ hasText: pl.integrations.eventTypes.webhook.test });
    await testRow.getByText(d.statuses.delivered).waitFor();
    expect(receiver.received.map((r) => [r.type, r.answered, r.verified])).toEqual([["webhook.test", 200, true]]);
    await shoot(page, "webhooks-endpoint-test-delivered-pl-desktop");

    // ---- The receiver breaks; a purchase's delivery fails and waits for its retry.
    receiver.status = 500;
    await created(page, "POST", "/api/v1/purchases", {
      programId: fx.programId,
      memberId: jan.id,
      amount: { amount: 4500, currency: "PLN" },
      receiptNumber: "WH-1",
      locationId: fx.locationId,
    });
    await drainWorker(h, company.companyId);
    const purchaseRow = log.filter({ hasText: pl.integrations.eventTypes.purchase.recorded });
    await purchaseRow.getByText(d.statuses.retrying).waitFor();
    await purchaseRow.getByText("500").waitFor();
    await page.getByTestId("endpoint-status").getByText(w.statuses.failing).waitFor();
    const failed = receiver.received.filter((r) => r.type === "purchase.recorded");
    expect(failed.map((r) => [r.answered, r.verified])).toEqual([[500, true]]);
    const purchaseEventId = failed[0]?.id ?? "";
    await shoot(page, "webhooks-endpoint-failed-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);

    // ---- Its drawer: the request as sent (pretty-printed) and the attempt's response.
    await purchaseRow.getByText(d.statuses.retrying).click();
    const deliveryDrawer = page.getByTestId("webhook-delivery-drawer");
    await deliveryDrawer.waitFor();
    expect(await deliveryDrawer.getByTestId("request-headers").innerText()).toContain(`webhook-id: ${purchaseEventId}`);
    const body = await deliveryDrawer.getByTestId("request-body").innerText();
    expect(body).toContain('  "type": "purchase.recorded"');
    const attempts = deliveryDrawer.getByTestId("webhook-attempt");
    await attempts.first().waitFor();
    expect(await attempts.count()).toBe(1);
    await attempts.first().getByTestId("attempt-status").getByText("500", { exact: true }).waitFor();
    expect(await attempts.first().getByTestId("attempt-body").innerText()).toContain('"error": "receiver down for the test"');
    await shoot(page, "webhooks-delivery-drawer-failed-pl-desktop");

    // ---- Fixed; replayed after the confirmation: delivered, once, with the same webhook-id.
    receiver.status = 200;
    await deliveryDrawer.getByRole("button", { name: d.replay }).click();
    await confirmDialog(page).getByText(d.replayMessage).waitFor();
    await confirmDialog(page).getByRole("button", { name: d.replay }).click();
    await page.getByText(d.replayed).waitFor();
    await drainWorker(h, company.companyId);
    // The drawer asks again while the delivery is on its way: the second attempt, answered 200.
    await attempts.nth(1).getByTestId("attempt-status").getByText("200", { exact: true }).waitFor();
    await deliveryDrawer.getByTestId("webhook-delivery-status").getByText(d.statuses.delivered).waitFor();
    expect(await attempts.count()).toBe(2);
    await shoot(page, "webhooks-delivery-drawer-replayed-pl-desktop");
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.keyboard.press("Escape");
    await deliveryDrawer.waitFor({ state: "hidden" });
    await purchaseRow.getByText(d.statuses.delivered).waitFor();
    await drainWorker(h, company.companyId);
    const forPurchase = receiver.received.filter((r) => r.id === purchaseEventId);
    expect(forPurchase.map((r) => [r.answered, r.verified])).toEqual([
      [500, true],
      [200, true],
    ]);

    // ---- The list tells the endpoint's state and figures.
    await page.getByRole("main").getByRole("link", { name: w.back }).click();
    await page.getByRole("heading", { name: w.title, level: 1 }).waitFor();
    await settled(page, "webhooks list");
    const row = rowsOf(page, w.table).filter({ hasText: receiverUrl });
    await row.getByTestId("endpoint-events").getByText(pl.integrations.eventTypes.purchase.recorded).waitFor();
    await row.getByTestId("endpoint-status").getByText(w.statuses.enabled).waitFor();
    await shoot(page, "webhooks-list-pl-desktop");
    await expectNoOverflow(page, "webhooks-list-pl");
  });

  it("sends to the endpoint from an automation scenario: the builder names it, the log shows the delivery", async () => {
    const a = pl.automation;
    const endpoints = await apiAs<{ data: { id: string; description: string }[] }>(page, "GET", "/api/v1/webhooks/endpoints");
    const endpoint = endpoints.data.data.find((e) => e.description === "Kasa sklepu");
    expect(endpoint).toBeDefined();
    const eventName = unique("kasa_");
    const scenario = await created<{ id: string }>(page, "POST", "/api/v1/automation/scenarios", {
      name: "Do kasy sklepu",
      status: "active",
      trigger: { type: "custom_event", name: eventName },
      actions: [{ type: "send_webhook", endpointId: endpoint?.id }],
    });
    // The builder reads the action back with the endpoint's name, and offers the company's endpoints.
    await page.goto(`/admin/automation/scenarios/${scenario.id}`);
    await settled(page, "scenario");
    await expect
      .poll(async () => (await page.getByTestId("scenario-sentence").innerText()).replace(/\s+/g, " "))
      .toContain(fill(a.sentence.actions.send_webhook, { endpoint: "„Kasa sklepu”" }));
    await page
      .getByTestId("action-0")
      .getByLabel(new RegExp(`^${a.builder.endpoint}`))
      .click();
    await page.getByRole("option", { name: "Kasa sklepu" }).waitFor();
    await page.keyboard.press("Escape");
    await shoot(page, "automation-send-webhook-pl-desktop");

    // A custom event fires it; the delivery is signed, logged at the endpoint, and arrives once.
    const member = await seedMember(page, { firstName: "Ola", lastName: "Nowak" });
    await created(page, "POST", `/api/v1/members/${member.id}/events`, {
      programId: fx.programId,
      type: "custom",
      name: eventName,
      key: "1",
    });
    await drainWorker(h, company.companyId);
    const sent = receiver.received.filter((r) => r.type === "automation.webhook");
    expect(sent.map((r) => [r.answered, r.verified])).toEqual([[200, true]]);
    await page.goto(`/admin/webhooks/${endpoint?.id}`);
    await settled(page, "endpoint");
    await rowsOf(page, pl.integrations.deliveries.table)
      .filter({ hasText: pl.integrations.eventTypes.automation.webhook })
      .getByText(pl.integrations.deliveries.statuses.delivered)
      .waitFor();
  });

  it("rotates the secret with a day's overlap, disables and enables again, with the reason said", async () => {
    const w = pl.integrations.webhooks;
    await page.goto("/admin/webhooks");
    await rowsOf(page, w.table).first().getByRole("link").first().click();
    await page.waitForURL(/\/admin\/webhooks\/whe_/);
    await settled(page, "endpoint");
    const card = page.getByTestId("webhook-secret-card");
    await card.getByRole("button", { name: w.secret.show }).click();
    await expect
      .poll(async () => (await card.getByTestId("webhook-secret-value").innerText()).trim(), { timeout: 15_000 })
      .toBe(receiver.secret);
    await card.getByRole("button", { name: w.secret.rotate }).click();
    await confirmDialog(page)
      .getByText(fill(w.secret.rotateMessage, { hours: 24 }))
      .waitFor();
    await confirmDialog(page).getByRole("button", { name: w.secret.rotate }).click();
    await page.getByText(w.secret.rotated).first().waitFor();
    await expect
      .poll(async () => (await card.getByTestId("webhook-secret-value").innerText()).trim(), { timeout: 15_000 })
      .not.toBe(receiver.secret);
    await card.getByTestId("webhook-previous-secret").waitFor();

    // Disabled by staff: said at the top, with the way back.
    await page.getByRole("button", { name: w.disable }).click();
    const banner = page.getByTestId("endpoint-disabled");
    await banner.getByText(w.disabledManual).waitFor();
    await shoot(page, "webhooks-endpoint-disabled-pl-desktop");
    await banner.getByRole("button", { name: w.enableAgain }).click();
    await banner.waitFor({ state: "hidden" });
    await page.getByTestId("endpoint-status").getByText(w.statuses.enabled).waitFor();
    await expectNoOverflow(page, "webhooks-endpoint-pl");
  });

  it("shows an analyst (integrations.read) the webhooks and shops without any way to change them", async () => {
    const email = `${unique("analityk")}@example.com`;
    await joinByInvitation(h, page, { email, role: "analyst" }, "Olga Analityk");
    const analyst = await h.newPage(DESKTOP);
    await signIn(analyst, email, PASSWORD);
    const w = pl.integrations.webhooks;
    await analyst.goto("/admin/webhooks");
    await analyst.getByRole("heading", { name: w.title, level: 1 }).waitFor();
    await settled(analyst, "webhooks as analyst");
    expect(await analyst.getByRole("button", { name: w.add }).count()).toBe(0);
    await rowsOf(analyst, w.table).first().getByRole("link").first().click();
    await analyst.getByTestId("webhook-secret-card").getByText(w.secret.noAccess).waitFor();
    await settled(analyst, "endpoint as analyst");
    for (const name of [w.sendTest, w.disable, w.delete, w.secret.show, w.secret.rotate])
      expect(await analyst.getByRole("button", { name }).count(), name).toBe(0);
    await rowsOf(analyst, pl.integrations.deliveries.table).first().click();
    await analyst.getByTestId("webhook-delivery-drawer").waitFor();
    expect(await analyst.getByRole("button", { name: pl.integrations.deliveries.replay }).count()).toBe(0);
    await analyst.goto("/admin/shops");
    await analyst.getByRole("heading", { name: pl.integrations.shops.title, level: 1 }).waitFor();
    await settled(analyst, "shops as analyst");
    expect(await analyst.getByRole("button", { name: pl.integrations.shops.connectAction }).count()).toBe(0);
    await shoot(analyst, "webhooks-shops-analyst-pl-desktop");
  });

  it("reads in English: the list, the endpoint, its log and a delivery", async () => {
    const s: Strings = en;
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("navigation", { name: s.shell.navigation }).waitFor();
    await page.goto("/admin/webhooks");
    await page.getByRole("heading", { name: s.integrations.webhooks.title, level: 1 }).waitFor();
    await settled(page, "webhooks list en");
    await rowsOf(page, s.integrations.webhooks.table).first().getByText(s.integrations.eventTypes.purchase.recorded).waitFor();
    await shoot(page, "webhooks-list-en-desktop");
    await rowsOf(page, s.integrations.webhooks.table).first().getByRole("link").first().click();
    await page.getByRole("heading", { name: s.integrations.deliveries.title, level: 2 }).waitFor();
    await settled(page, "endpoint en");
    const log: Locator = rowsOf(page, s.integrations.deliveries.table);
    await log.filter({ hasText: s.integrations.eventTypes.webhook.test }).getByText(s.integrations.deliveries.statuses.delivered).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "webhooks-endpoint-en-desktop");
    await log
      .filter({ hasText: s.integrations.eventTypes.purchase.recorded })
      .getByText(s.integrations.deliveries.statuses.delivered)
      .click();
    await page
      .getByTestId("webhook-delivery-drawer")
      .getByText(fill(s.integrations.deliveries.attemptTitle, { n: 2 }))
      .waitFor();
    await shoot(page, "webhooks-delivery-drawer-en-desktop");
    await expectNoOverflow(page, "webhooks-delivery-drawer-en");
    await page.keyboard.press("Escape");
    await expectNoOverflow(page, "webhooks-endpoint-en");
  });
});
