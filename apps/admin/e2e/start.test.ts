import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { newId } from "../../server/src/platform/ids.js";
import { seriousAxeFindings } from "./axe-check";
import {
  apiAs,
  describeBrowser,
  en,
  type Harness,
  joinByInvitation,
  PASSWORD,
  pl,
  type SeededCompany,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  unique,
} from "./harness";
import { created, seedMember } from "./loyalty-setup";

interface Overview {
  members: { total: number; newThisMonth: number };
  activity: { totals: { purchases: number; amountMinor: number; pointsIssued: number; pointsRedeemed: number } };
  lowStockRewards: { id: string; namePl: string; stock: number }[];
  failedMessages: number;
  checklist: { step: string; done: boolean }[];
}

const digits = (s: string) => s.replace(/\D/g, "");

describeBrowser("start page", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  const step = (page: Page, name: string) => page.getByTestId(`start-step-${name}`);
  const isDone = async (page: Page, name: string) => (await step(page, name).getAttribute("data-done")) === "true";
  const home = async (page: Page) => {
    await page.goto("/admin/");
    await page.getByTestId("start-checklist").waitFor();
    await settled(page, "start page");
  };

  it("ticks the first steps off as the converter, consents, e-mail outbox and staff are set up", async () => {
    const page = await h.newPage({ width: 1440, height: 900 });
    await signIn(page, company.ownerEmail, PASSWORD);
    await home(page);
    for (const s of ["converter", "consents", "outbox", "staff"]) expect(await isDone(page, s), s).toBe(false);
    expect(await page.getByTestId("start-checklist-progress").innerText()).toBe(
      pl.start.checklistProgress.replace("{{done}}", "0").replace("{{total}}", "8"),
    );
    // Each undone step links to where it is done.
    expect(await step(page, "consents").getByRole("link").getAttribute("href")).toBe("/admin/settings/consents");

    await created(page, "POST", "/api/v1/programs", {
      name: `Kawa+ ${unique("")}`,
      status: "active",
      converterPoints: 1,
      converterAmountMinor: 100,
    });
    await home(page);
    expect(await isDone(page, "converter")).toBe(true);
    expect(await step(page, "converter").getByRole("link").count()).toBe(0);

    const consents = await apiAs<{ data: { id: string }[] }>(page, "GET", "/api/v1/consents");
    const consentId = consents.data.data[0]?.id as string;
    expect((await apiAs(page, "PATCH", `/api/v1/consents/${consentId}`, { text: "Nasza treść zgody na newsletter." })).status).toBe(200);
    await home(page);
    expect(await isDone(page, "consents")).toBe(true);

    const outbox = await apiAs(page, "PUT", "/api/v1/messaging/settings/email", {
      enabled: true,
      host: "smtp.example.com",
      port: 587,
      fromName: "Kawiarnia",
      fromEmail: "kawiarnia@example.com",
    });
    expect(outbox.status).toBe(200);
    await home(page);
    expect(await isDone(page, "outbox")).toBe(true);

    await joinByInvitation(h, page, { email: `${unique("kasjer")}@example.com`, role: "cashier" }, "Ewa Zielińska");
    await home(page);
    for (const s of ["converter", "consents", "outbox", "staff"]) expect(await isDone(page, s), s).toBe(true);
    expect(await page.getByTestId("start-checklist-progress").innerText()).toBe(
      pl.start.checklistProgress.replace("{{done}}", "4").replace("{{total}}", "8"),
    );
  });

  it("shows the figures the API answers, with charts, low stock and failed messages (pl and en, 1440 / 1024 / 768)", async () => {
    const page = await h.newPage({ width: 1440, height: 900 });
    await signIn(page, company.ownerEmail, PASSWORD);
    const programs = await apiAs<{ data: { id: string }[] }>(page, "GET", "/api/v1/programs");
    // The first test's program, or one of its own when it runs alone.
    const programId =
      programs.data.data[0]?.id ??
      (await created(page, "POST", "/api/v1/programs", { name: "Kawa+", status: "active", converterPoints: 1, converterAmountMinor: 100 }))
        .id;
    const members = [];
    for (const name of ["Jan", "Maria", "Piotr"]) members.push(await seedMember(page, { firstName: name, lastName: "Kowalski" }));
    const now = Date.now();
    for (const [i, amount, daysAgo] of [
      [0, 12_345, 0],
      [1, 8_000, 0],
      [2, 25_000, 3],
      [0, 4_500, 12],
    ] as const) {
      await created(page, "POST", "/api/v1/purchases", {
        programId,
        memberId: members[i]?.id,
        receiptNumber: unique("PAR-"),
        amount: { amount, currency: "PLN" },
        occurredAt: new Date(now - daysAgo * 86_400_000).toISOString(),
      });
    }
    const mug = await created(page, "POST", "/api/v1/rewards", {
      programId,
      namePl: "Kubek termiczny",
      nameEn: "Travel mug",
      kind: "physical",
      pointsPrice: 50,
      stockMode: "global",
      initialStock: 3,
      lowStockThreshold: 2,
    });
    await created(page, "POST", "/api/v1/redemptions", { memberId: members[0]?.id, rewardId: mug.id });
    for (let i = 0; i < 2; i++)
      await h.db.query(
        "insert into message_deliveries (company_id, id, member_id, channel, kind, to_address, dedupe_key, status, attempts, last_error) values ($1, $2, $3, 'email', 'test', 'jan@example.com', $4, 'failed', 5, 'mailbox unavailable')",
        [company.companyId, newId("msg"), members[0]?.id, unique("k")],
      );

    const api = (await apiAs<Overview>(page, "GET", "/api/v1/start")).data;
    expect(api.members.total).toBe(3);
    expect(api.activity.totals.purchases).toBe(4);
    expect(api.lowStockRewards.map((r) => r.namePl)).toEqual(["Kubek termiczny"]);
    expect(api.failedMessages).toBe(2);

    await home(page);
    const shown = async (id: string) => digits(await page.getByTestId(id).innerText());
    expect(await shown("start-members-total")).toBe(String(api.members.total));
    expect(await shown("start-members-new")).toBe(String(api.members.newThisMonth));
    expect(await shown("start-purchases")).toBe(String(api.activity.totals.purchases));
    expect(await shown("start-points-issued")).toBe(String(api.activity.totals.pointsIssued));
    expect(await shown("start-points-redeemed")).toBe(String(api.activity.totals.pointsRedeemed));
    expect(api.activity.totals.pointsIssued).toBe(123 + 80 + 250 + 45);
    expect(api.activity.totals.pointsRedeemed).toBe(50);
    await page.getByTestId("start-low-stock").getByText("Kubek termiczny").waitFor();
    await page.getByTestId("start-failed-messages").getByText(pl.start.failedMessagesCount.replace("{{count}}", "2")).waitFor();
    // Both charts drew their 30 days.
    await page.getByTestId("start-purchases-chart").locator(".recharts-bar-rectangle path").first().waitFor();
    expect(await page.getByTestId("start-purchases-chart").locator(".recharts-bar-rectangle").count()).toBe(30);
    await page.getByTestId("start-points-chart").locator(".recharts-bar-rectangle path").first().waitFor();

    expect(await seriousAxeFindings(page)).toEqual([]);

    const sizes = [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
    ];
    for (const size of sizes) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await shoot(page, `start-pl-${size.width}`);
    }
    await page.setViewportSize(sizes[0] as { width: number; height: number });
    await page.getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: en.start.title.replace("{{name}}", company.ownerName) }).waitFor();
    await page.getByTestId("start-low-stock").getByText("Travel mug").waitFor();
    await settled(page, "start page in English");
    for (const size of sizes) {
      await page.setViewportSize(size);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await shoot(page, `start-en-${size.width}`);
    }
  });
});
