/**
 * The member's whole journey (issue 21), in Chromium on a phone (390×844): a member's e-mail with
 * their {member_ref_link} really delivered over SMTP → a friend opens the link → signs up with the
 * consents → verifies the e-mail with the delivered code → sees the welcome points → redeems a
 * reward and sees its code → opens the card offline → withdraws a consent → downloads the data;
 * then signs in with the password on a desktop, switches to English and signs out on every device. The card activation of a staff-created
 * member is auth.test.ts's second test. Screenshots: test-output/screenshots/portal/journey-*.png.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../admin/e2e/axe-check";
import { animationsDone, DESKTOP, describeBrowser, type Harness, seedCompany, startHarness, unique } from "../../admin/e2e/harness";
import { dispatchDueMessages } from "../../server/src/modules/messaging/dispatcher.js";
import { sql } from "../../server/src/platform/sql.js";
import { startSmtpServer, type TestSmtp } from "../../server/test/messaging-fixtures.js";
import { messages as authMessages } from "../src/features/auth/messages";
import { messages as moreMessages } from "../src/features/more/messages";
import { messages as profileMessages } from "../src/features/profile/messages";
import { messages as rewardMessages } from "../src/features/rewards/messages";
import { ownerApi, PHONE, PORTAL_SHOTS, portalSlug } from "./portal-harness";

const pl = { ...authMessages.pl.auth, ...rewardMessages.pl, ...profileMessages.pl };
const MEMBER_PASSWORD = "amber-lantern-quiet-river";

let h: Harness;
let smtp: TestSmtp;
let companyId = "";
let slug = "";
let asOwner: Awaited<ReturnType<typeof ownerApi>>;

/** Sends what the outbox queued and returns the newest of `count` e-mails to `to`. */
async function mailTo(to: string, count: number) {
  while ((await dispatchDueMessages({ db: h.db, config: h.config, now: new Date(), companyId })) > 0);
  const others = smtp.messages.filter((m) => !m.to.includes(to)).length;
  const mails = (await smtp.waitFor(others + count)).filter((m) => m.to.includes(to));
  const mail = mails[mails.length - 1];
  if (!mail) throw new Error(`no e-mail to ${to}`);
  return mail;
}

async function look(page: Page, name: string): Promise<void> {
  await page.waitForFunction(() => document.documentElement.dataset.busy !== "1");
  await animationsDone(page);
  expect(await seriousAxeFindings(page), name).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${name}: no sideways scroll`).toBe(
    true,
  );
  await page.screenshot({ path: path.join(PORTAL_SHOTS, `journey-${name}.png`) });
}

const field = (page: Page | Locator, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[()]/g, "\\$&")}`)).first();

describeBrowser("portal: a member's whole journey", () => {
  beforeAll(async () => {
    mkdirSync(PORTAL_SHOTS, { recursive: true });
    h = await startHarness();
    smtp = await startSmtpServer();
    const company = await seedCompany(h);
    companyId = company.companyId;
    asOwner = await ownerApi(h, company.ownerEmail);
    await asOwner("PUT", "/api/v1/messaging/settings/email", {
      enabled: true,
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      fromName: "Kawiarnia",
      fromEmail: "club@example.com",
    });
    const program = await asOwner("POST", "/api/v1/programs", { name: "Klub Kawowy", status: "active", welcomePoints: 100 });
    const pool = await asOwner("POST", "/api/v1/voucher-pools", { name: "Kawa" });
    await asOwner("POST", `/api/v1/voucher-pools/${pool.id}/generate`, { count: 5 });
    await asOwner("POST", "/api/v1/rewards", {
      programId: program.id,
      namePl: "Kawa gratis",
      nameEn: "Free coffee",
      kind: "voucher",
      voucherPoolId: pool.id,
      fulfilment: "none",
      pointsPrice: 60,
    });
    slug = await portalSlug(h, companyId);
  }, 120_000);
  afterAll(async () => {
    await smtp?.close();
    await h?.close();
  });

  it("from a referral link in a delivered e-mail to the downloaded data", async () => {
    // A member of the club gets an e-mail with their personal link (a marketer's message).
    const referrerEmail = `${unique("marta")}@example.com`;
    const referrer = await asOwner<{ id: string; referralCode: string }>("POST", "/api/v1/members", {
      firstName: "Marta",
      lastName: "Polecająca",
      email: referrerEmail,
    });
    await asOwner("POST", "/api/v1/message-templates/test", {
      channel: "email",
      subject: "Poleć nas znajomym",
      html: '<p>Twój link: <a href="{member_ref_link}">{member_ref_link}</a></p>',
      memberId: referrer.id,
      to: referrerEmail,
    });
    const invitation = await mailTo(referrerEmail, 1);
    // The link's address is PUBLIC_URL; the test's server listens on a port of its own.
    const link = /https?:\/\/[^\s"<]+\/p\/[a-z0-9-]+\/join\?ref=[\w-]+/.exec(invitation.html || invitation.text)?.[0];
    expect(link, "the {member_ref_link} in the delivered e-mail").toContain(`/p/${slug}/join?ref=${referrer.referralCode}`);
    const { pathname, search } = new URL(link as string);

    // The friend opens it on a phone and signs up with the consents.
    const context = await h.newContext(PHONE);
    const page = await context.newPage();
    await page.goto(`${pathname}${search}`);
    await page.getByText(pl.signUp.invited).waitFor();
    const email = `${unique("ola")}@example.com`;
    await field(page, pl.firstName).fill("Ola");
    await field(page, pl.lastName).fill("Nowak");
    await field(page, pl.email).fill(email);
    await field(page, pl.password).fill(MEMBER_PASSWORD);
    for (const consent of await page.getByRole("checkbox").all()) await consent.check();
    await look(page, "1-join-pl-phone");
    await page.getByRole("button", { name: pl.signUp.submit }).click();

    // The verification e-mail arrives; its code confirms the address and opens the card.
    await page.waitForURL(/\/verify\?email=/);
    const code = /\b(\d{6})\b/.exec((await mailTo(email, 1)).text)?.[1] as string;
    await field(page, pl.code).fill(code);
    await page.getByRole("button", { name: pl.verify.submit }).click();
    await page.getByTestId("available-points").waitFor();
    expect((await page.getByTestId("available-points").textContent())?.replace(/\s/g, " ")).toBe("100 pkt");
    await look(page, "2-home-welcome-pl-phone");
    const [member] = await h.db.query<{ id: string; referrer_id: string | null }>(
      sql`select id, referrer_id from members where company_id = ${companyId} and lower(email) = ${email}`,
    );
    expect(member?.referrer_id).toBe(referrer.id);

    // Redeems the coffee and sees its code.
    await page.goto(`/p/${slug}/rewards`);
    const reward = page.getByTestId("reward-card").filter({ hasText: "Kawa gratis" });
    await reward.getByRole("button", { name: pl.rewards.redeem }).click();
    await page.getByRole("button", { name: pl.rewards.confirm.yes }).click();
    const voucher = await page.getByTestId("voucher-code").first().textContent();
    expect(voucher).toMatch(/^[A-Z0-9-]{4,}$/);
    await look(page, "3-reward-code-pl-phone");

    // The card opens offline, from the service worker's copy.
    await page.goto(`/p/${slug}/card`);
    await page.getByTestId("card-number").waitFor();
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.getByTestId("card-balance").waitFor();
    const cardNumber = await page.getByTestId("card-number").textContent();
    await context.setOffline(true);
    await page.reload();
    expect(await page.getByTestId("card-number").textContent()).toBe(cardNumber);
    expect((await page.getByTestId("card-balance").textContent())?.replace(/\s/g, " ")).toBe("40 pkt");
    await page.screenshot({ path: path.join(PORTAL_SHOTS, "journey-4-card-offline-pl-phone.png") });
    await context.setOffline(false);

    // Withdraws a consent given at sign-up; the card's history records it from the portal.
    await page.goto(`/p/${slug}/profile`);
    const consents = page.getByRole("region", { name: pl.profile.consents });
    const first = consents.getByRole("switch").first();
    await first.waitFor();
    expect(await first.isChecked()).toBe(true);
    await first.focus();
    await page.keyboard.press("Space");
    await page.getByText(pl.profile.consentWithdrawn).waitFor();
    await look(page, "5-consent-withdrawn-pl-phone");
    const history = await h.db.query<{ granted: boolean; source: string }>(
      sql`select granted, source from member_consent_events where company_id = ${companyId} and member_id = ${member?.id} order by seq`,
    );
    expect(history.at(-1)).toEqual({ granted: false, source: "portal" });
    expect(history.filter((e) => e.granted).every((e) => e.source === "portal")).toBe(true);

    // Downloads the data: the card, the withdrawal, the redemption.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: pl.profile.download }).click()]);
    const exported = JSON.parse(readFileSync((await download.path()) as string, "utf8"));
    expect(exported.member).toMatchObject({ id: member?.id, email, cardNumber });
    expect(JSON.stringify(exported)).toContain("Kawa gratis");
    await context.close();

    // Later, on a desktop: signs in with the password and switches the portal (and the card's language) to English.
    const desktop = await h.newContext(DESKTOP);
    const again = await desktop.newPage();
    await again.goto(`/p/${slug}/sign-in`);
    const panel = again.getByRole("tabpanel");
    await field(panel, pl.email).fill(email);
    await field(panel, pl.password).fill(MEMBER_PASSWORD);
    await again.getByRole("button", { name: pl.signIn.submit }).click();
    await again.getByTestId("available-points").waitFor();
    const saved = again.waitForRequest((r) => r.method() === "PATCH" && r.url().endsWith("/me/profile"));
    await again.locator("header").getByText("EN", { exact: true }).click();
    await saved;
    await again.waitForFunction(() => document.documentElement.lang === "en");
    expect(await again.getByTestId("available-points").textContent()).toBe("40\u00a0pts");
    const [card] = await h.db.query<{ language: string }>(
      sql`select language from members where company_id = ${companyId} and id = ${member?.id}`,
    );
    expect(card?.language).toBe("en");
    await look(again, "6-home-en-desktop");

    // Signs out on every device: no session of the member is left.
    const sessions = () =>
      h.db.query(sql`select id from member_sessions where company_id = ${companyId} and member_id = ${member?.id}`).then((r) => r.length);
    expect(await sessions()).toBeGreaterThan(0);
    await again.goto(`/p/${slug}/more`);
    await again.getByRole("button", { name: moreMessages.en.more.signOutEverywhere }).click();
    await again.waitForURL(/\/sign-in$/);
    expect(await sessions()).toBe(0);
    await desktop.close();
  }, 180_000);
});
