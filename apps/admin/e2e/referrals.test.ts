/**
 * The help pages' referral example, end to end through the admin: two active scenarios (+10 when a
 * friend registers, +20 once the friend has spent 200 zł), a friend registered at the desk with the
 * referring-member search, the worker run between steps, and what staff see: the referrer's
 * Referrals tab moving from registered to rewarded, the points paid once, the referral report and
 * the member's Automation tab — in Polish and English, at 1024 and 768 px, axe clean.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSmtpServer, type TestSmtp } from "../../server/test/messaging-fixtures.js";
import { seriousAxeFindings } from "./axe-check";
import { drainWorker } from "./drain-worker";
import {
  apiAs,
  describeBrowser,
  en,
  field,
  type Harness,
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
} from "./harness";
import { created, type LoyaltyFixture, seedMember, seedProgram } from "./loyalty-setup";

/** The page scrolls only vertically. */
async function noSidewaysOverflow(page: Page, what: string) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what}: the page overflows sideways`).toBeLessThanOrEqual(1);
}

const referralRow = (page: Page, s: Strings, name: string) =>
  page.getByRole("table", { name: s.members.tabs.referrals }).locator("tbody tr").filter({ hasText: name });

async function openTab(page: Page, memberId: string, tab: string) {
  await page.goto(`/admin/members/${memberId}`);
  await page.getByRole("tab", { name: tab }).click();
  await settled(page, `member card, tab ${tab}`);
}

async function referrerPoints(page: Page, memberId: string): Promise<number> {
  const res = await apiAs<{ data: { programId: string; available: number }[] }>(page, "GET", `/api/v1/members/${memberId}/balances`);
  return res.data.data.reduce((sum, b) => sum + b.available, 0);
}

/**
 * A friend signs up in the portal through the referral link, from this process (one address):
 * the sign-up, the verification e-mail sent by the worker, the 6-digit code. Returns the member id.
 */
async function portalSignUp(h: Harness, smtp: TestSmtp, o: { companyId: string; slug: string; referralCode: string; name: string }) {
  const email = `${o.name.toLowerCase()}.${Date.now()}@example.com`;
  const post = (path: string, body: object) =>
    fetch(`${h.baseUrl}/api/v1/portal/${o.slug}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": `Browser/${o.name}` },
      body: JSON.stringify(body),
    });
  const signup = await post("/signup", {
    email,
    password: "Kawa-z-mlekiem-2026!",
    firstName: o.name,
    lastName: "Z Linku",
    language: "pl",
    referralCode: o.referralCode,
  });
  expect(signup.status, await signup.text()).toBe(202);
  await drainWorker(h, o.companyId);
  await expect.poll(() => smtp.messages.filter((m) => m.to.includes(email)).length, { timeout: 10_000 }).toBe(1);
  const code = smtp.messages.find((m) => m.to.includes(email))?.text.match(/\b(\d{6})\b/)?.[1];
  const verified = await post("/signup/verify", { email, code });
  const body = await verified.json();
  expect(verified.status, JSON.stringify(body)).toBe(201);
  return body.member.id as string;
}

describeBrowser("referrals", () => {
  let h: Harness;
  let company: SeededCompany;
  let page: Page;
  let fx: LoyaltyFixture;
  let referrer: { id: string; cardNumber: string };
  let friendId = "";
  let scenarios: { registered: string; successful: string };
  let smtp: TestSmtp;

  beforeAll(async () => {
    h = await startHarness();
    smtp = await startSmtpServer();
    company = await seedCompany(h);
    page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    fx = await seedProgram(page);
    const bonus = (name: string, trigger: object, points: number) =>
      created<{ id: string }>(page, "POST", "/api/v1/automation/scenarios", {
        name,
        programId: fx.programId,
        status: "active",
        trigger,
        actions: [{ type: "add_points", points, reason: name }],
      });
    scenarios = {
      registered: (await bonus("Polecenie: znajomy dołączył", { type: "referral_registered" }, 10)).id,
      successful: (await bonus("Polecenie: znajomy wydał 200 zł", { type: "referral_successful", measure: "spent", threshold: 20000 }, 20))
        .id,
    };
    referrer = await seedMember(page, { firstName: "Barbara", lastName: "Polecająca", email: "barbara.ref@example.com" });
    await created(page, "POST", `/api/v1/members/${referrer.id}/enrollments`, { programId: fx.programId });
  }, 120_000);
  afterAll(async () => {
    await smtp?.close();
    await h?.close();
  });

  it("registers a referred member with the referrer search; the referrer gets +10 and sees the referral", async () => {
    await page.goto("/admin/members");
    await page.getByRole("heading", { name: pl.members.title, level: 1 }).waitFor();
    await page.getByRole("button", { name: pl.members.add }).first().click();
    const drawer = page.getByRole("dialog", { name: pl.members.createTitle });
    await field(drawer, pl.members.firstName).fill("Celina");
    await field(drawer, pl.members.lastName).fill("Znajoma");
    await field(drawer, pl.members.email).fill("celina.ref@example.com");
    // The referring-member search: by surname.
    await field(drawer, pl.members.referrer).fill("Polecająca");
    await page.getByRole("option", { name: new RegExp(referrer.cardNumber) }).click();
    await drawer.getByRole("button", { name: pl.members.create }).click();
    await drawer.waitFor({ state: "hidden" });
    await page.getByRole("heading", { name: "Celina Znajoma", level: 1 }).waitFor();
    friendId = page.url().split("/members/")[1] ?? "";
    expect(friendId).toMatch(/^mbr_/);

    await drainWorker(h, company.companyId);
    expect(await referrerPoints(page, referrer.id)).toBe(10);

    await openTab(page, referrer.id, pl.members.tabs.referrals);
    const row = referralRow(page, pl, "Celina Znajoma");
    const status = await row.getByTestId("referral-status").textContent();
    expect([pl.referrals.statuses.registered, pl.referrals.statuses.rewarded]).toContain(status);
    await row.getByTestId("referral-points").getByText("+10").waitFor();
    await shoot(page, "referrals-tab-registered-pl-1024");
  });

  it("120 zł then 90 zł: the referral becomes successful and rewarded, +20 once", async () => {
    for (const [receipt, amount] of [
      ["REF-1", 12000],
      ["REF-2", 9000],
    ] as const) {
      await created(page, "POST", "/api/v1/purchases", {
        programId: fx.programId,
        memberId: friendId,
        amount: { amount, currency: "PLN" },
        receiptNumber: receipt,
        locationId: fx.locationId,
      });
      await drainWorker(h, company.companyId);
    }
    expect(await referrerPoints(page, referrer.id)).toBe(30);
    const bonuses = await h.db.query<{ points: string }>(
      "select points from ledger_entries where company_id = $1 and member_id = $2 order by created_at, id",
      [company.companyId, referrer.id],
    );
    expect(bonuses.map((b) => Number(b.points))).toEqual([10, 20]);

    await openTab(page, referrer.id, pl.members.tabs.referrals);
    const row = referralRow(page, pl, "Celina Znajoma");
    await row.getByTestId("referral-status").getByText(pl.referrals.statuses.rewarded, { exact: true }).waitFor();
    await row.getByTestId("referral-points").getByText("+30").waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await noSidewaysOverflow(page, "referrals tab 1024");
    await shoot(page, "referrals-tab-rewarded-pl-1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "referrals tab 768");
    await shoot(page, "referrals-tab-rewarded-pl-768");
    await page.setViewportSize(TABLET_LANDSCAPE);
  });

  it("the Automation tab lists both runs with what each step did", async () => {
    await openTab(page, referrer.id, pl.members.tabs.automation);
    const table = page.getByRole("table", { name: pl.members.automationTab.table });
    const added = (points: string) => pl.automation.steps.details.points_added.replace("{{points}}", `${points} punktów`);
    for (const [scenarioId, points] of [
      [scenarios.registered, "10"],
      [scenarios.successful, "20"],
    ] as const) {
      const run = table.locator("tbody tr").filter({ has: page.locator(`a[href="/admin/automation/scenarios/${scenarioId}"]`) });
      await expect.poll(() => run.count()).toBe(1);
      await run.getByTestId("run-status").getByText(pl.automation.runs.statuses.completed).waitFor();
      await run.getByTestId("run-step").getByText(added(points)).waitFor();
    }
    expect(await seriousAxeFindings(page)).toEqual([]);
    // A run opens in full: what fired it, and each step with its action.
    await table
      .getByRole("button", { name: pl.members.automationTab.openRun.replace("{{name}}", "Polecenie: znajomy wydał 200 zł") })
      .click();
    const drawer = page.getByTestId("run-drawer");
    await drawer.getByText(pl.automation.triggers.referral_successful).waitFor();
    await drawer.getByTestId("step-detail").getByText(added("20")).waitFor();
    await shoot(page, "member-automation-run-pl-1024");
    await page.keyboard.press("Escape");
    await drawer.waitFor({ state: "hidden" });
    await noSidewaysOverflow(page, "automation tab 1024");
    await shoot(page, "member-automation-tab-pl-1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "automation tab 768");
    await shoot(page, "member-automation-tab-pl-768");
    await page.setViewportSize(TABLET_LANDSCAPE);
  });

  it("the referral report shows the totals and the referrer, with a period filter", async () => {
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.referrals, { exact: true }).click();
    await page.getByRole("heading", { name: pl.referrals.report.title, level: 1 }).waitFor();
    await settled(page, "referral report");
    await expect.poll(() => page.getByTestId("referrals-total").innerText()).toBe("1");
    expect(await page.getByTestId("referrals-success-share").innerText()).toMatch(/^100\s?%$/);
    expect(await page.getByTestId("referrals-rewarded").innerText()).toBe("1");
    expect(await page.getByTestId("referrals-points").innerText()).toBe("30");
    expect(await page.getByTestId("referrals-flagged").innerText()).toBe("0");
    const barbara = page
      .getByRole("table", { name: pl.referrals.report.referrersTitle })
      .locator("tbody tr")
      .filter({ hasText: "Barbara" });
    expect((await barbara.locator("td").allInnerTexts()).slice(1, 5)).toEqual(["1", "1", "1", "30"]);
    await page.getByRole("table", { name: pl.referrals.report.flaggedTitle }).waitFor({ state: "detached" });
    await page.getByText(pl.referrals.report.noFlaggedTitle).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await noSidewaysOverflow(page, "report 1024");
    await shoot(page, "referral-report-pl-1024");

    // A period: from the 1st of next month nothing has happened yet; "all time" brings it back.
    await field(page, pl.referrals.report.from).click();
    const calendar = page.locator(".mantine-Popover-dropdown").last();
    await calendar.locator('button[data-direction="next"]').click();
    await calendar.locator("button.mantine-DatePickerInput-day:not([data-outside])").first().click();
    await calendar.waitFor({ state: "hidden" });
    await expect.poll(() => page.getByTestId("referrals-total").innerText()).toBe("0");
    await page.getByText(pl.referrals.report.noMatches).waitFor();
    await shoot(page, "referral-report-period-pl-1024");
    await page.getByRole("button", { name: pl.referrals.report.allTime }).click();
    await expect.poll(() => page.getByTestId("referrals-total").innerText()).toBe("1");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "report 768");
    await shoot(page, "referral-report-pl-768");
    await page.setViewportSize(TABLET_LANDSCAPE);
  });

  it("four sign-ups through one link from one address: two are flagged, staff approve one and reject the other", async () => {
    const email = await apiAs(page, "PUT", "/api/v1/messaging/settings/email", {
      enabled: true,
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      fromName: "Kawiarnia",
      fromEmail: "klub@example.com",
    });
    expect(email.status, JSON.stringify(email.data)).toBe(200);
    const slug = (await apiAs<{ slug: string }>(page, "GET", "/api/v1/company")).data.slug;
    const damian = await seedMember(page, { firstName: "Damian", lastName: "Sprawdzany" });
    const referralCode = (await apiAs<{ referralCode: string }>(page, "GET", `/api/v1/members/${damian.id}`)).data.referralCode;
    const friends: string[] = [];
    for (const name of ["Ewa", "Filip", "Gosia", "Henryk"])
      friends.push(await portalSignUp(h, smtp, { companyId: company.companyId, slug, referralCode, name }));
    await drainWorker(h, company.companyId);
    // The first two are registered and paid; the third and fourth wait for staff.
    expect(await referrerPoints(page, damian.id)).toBe(20);

    await page.goto("/admin/referrals");
    await page.getByRole("heading", { name: pl.referrals.report.title, level: 1 }).waitFor();
    await settled(page, "referral report with flagged referrals");
    expect(await page.getByTestId("referrals-flagged").innerText()).toBe("2");
    const queue = page.getByRole("table", { name: pl.referrals.report.flaggedTitle }).locator("tbody tr");
    await expect.poll(() => queue.count()).toBe(2);
    const gosia = queue.filter({ hasText: "Gosia Z Linku" });
    const henryk = queue.filter({ hasText: "Henryk Z Linku" });
    await gosia.getByText(pl.referrals.flagReasons.same_address).waitFor();
    await gosia.getByText("Damian Sprawdzany").waitFor();
    // The sidebar counts what waits for staff.
    await page
      .getByRole("navigation", { name: pl.shell.navigation })
      .getByRole("link", { name: new RegExp(`^${pl.nav.referrals}`) })
      .getByText("2", { exact: true })
      .waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await noSidewaysOverflow(page, "report with flagged 1024");
    await gosia.scrollIntoViewIfNeeded();
    await shoot(page, "referral-report-flagged-pl-1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "report with flagged 768");
    await gosia.scrollIntoViewIfNeeded();
    await shoot(page, "referral-report-flagged-pl-768");
    await page.setViewportSize(TABLET_LANDSCAPE);

    // The referrer's card marks them too, with the same actions.
    await openTab(page, damian.id, pl.members.tabs.referrals);
    await referralRow(page, pl, "Gosia Z Linku").getByTestId("referral-flagged").waitFor();
    await referralRow(page, pl, "Henryk Z Linku").getByRole("button", { name: pl.referrals.review.reject }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "referrals-tab-flagged-pl-1024");
    await noSidewaysOverflow(page, "referrals tab flagged 1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await shoot(page, "referrals-tab-flagged-pl-768");
    await noSidewaysOverflow(page, "referrals tab flagged 768");
    await page.setViewportSize(TABLET_LANDSCAPE);
    await page.goto("/admin/referrals");
    await settled(page, "referral report");

    // Approve: asked first, saying what follows; the referrer is paid once the worker has run.
    await gosia.getByRole("button", { name: pl.referrals.review.approve }).click();
    const approve = page.getByRole("dialog", { name: pl.referrals.review.approveTitle.replace("{{friend}}", "Gosia Z Linku") });
    await approve.getByText("Damian Sprawdzany dostanie nagrody", { exact: false }).waitFor();
    await shoot(page, "referral-approve-dialog-pl-1024");
    await approve.getByRole("button", { name: pl.referrals.review.approve }).click();
    await approve.waitFor({ state: "hidden" });
    await expect.poll(() => queue.count()).toBe(1);
    // Reject: the other one, never rewarded.
    await henryk.getByRole("button", { name: pl.referrals.review.reject }).click();
    const reject = page.getByRole("dialog", { name: pl.referrals.review.rejectTitle.replace("{{friend}}", "Henryk Z Linku") });
    await reject.getByText(pl.referrals.review.rejectMessage.split(":")[0] ?? "", { exact: false }).waitFor();
    await reject.getByRole("button", { name: pl.referrals.review.reject }).click();
    await reject.waitFor({ state: "hidden" });
    await page.getByText(pl.referrals.report.noFlaggedTitle).waitFor();
    await drainWorker(h, company.companyId);
    expect(await referrerPoints(page, damian.id)).toBe(30);

    await openTab(page, damian.id, pl.members.tabs.referrals);
    const approved = referralRow(page, pl, "Gosia Z Linku");
    await approved.getByText(pl.referrals.reviews.approved).waitFor();
    await approved.getByTestId("referral-points").getByText("+10").waitFor();
    const rejected = referralRow(page, pl, "Henryk Z Linku");
    await rejected.getByText(pl.referrals.reviews.rejected).waitFor();
    expect(await rejected.getByTestId("referral-points").innerText()).toBe("—");
    expect(friends).toHaveLength(4);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "referrals-tab-reviewed-pl-1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "referrals tab reviewed 768");
    await shoot(page, "referrals-tab-reviewed-pl-768");
    await page.setViewportSize(TABLET_LANDSCAPE);
  });

  it("in English: the report, the Referrals and the Automation tabs", async () => {
    await page.goto("/admin/referrals");
    await page.getByRole("heading", { name: pl.referrals.report.title, level: 1 }).waitFor();
    await page.getByRole("radiogroup", { name: pl.shell.language }).getByText("EN", { exact: true }).click();
    await page.getByRole("heading", { name: en.referrals.report.title, level: 1 }).waitFor();
    await settled(page, "referral report en");
    expect(await page.getByTestId("referrals-points").innerText()).toBe("60");
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "referral-report-en-1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "report en 768");
    await shoot(page, "referral-report-en-768");
    await page.setViewportSize(TABLET_LANDSCAPE);

    await openTab(page, referrer.id, en.members.tabs.referrals);
    await referralRow(page, en, "Celina Znajoma").getByText(en.referrals.statuses.rewarded, { exact: true }).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "referrals-tab-en-1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "referrals tab en 768");
    await shoot(page, "referrals-tab-en-768");
    await page.setViewportSize(TABLET_LANDSCAPE);

    await page.getByRole("tab", { name: en.members.tabs.automation }).click();
    await settled(page, "automation tab en");
    await page.getByTestId("run-step").getByText(en.automation.steps.details.points_added.replace("{{points}}", "20 points")).waitFor();
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "member-automation-tab-en-1024");
    await page.setViewportSize(TABLET_PORTRAIT);
    await noSidewaysOverflow(page, "automation tab en 768");
    await shoot(page, "member-automation-tab-en-768");
    await page.setViewportSize(TABLET_LANDSCAPE);
    await page.getByRole("radiogroup", { name: en.shell.language }).getByText("PL", { exact: true }).click();
    await page.getByRole("tab", { name: pl.members.tabs.automation }).waitFor();
  });
});
