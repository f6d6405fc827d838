/**
 * Member identity in the portal (issue 21), in Chromium at phone size: sign up through the form with
 * the code from a really delivered e-mail, sign out, sign in with an e-mailed code, activate a card
 * staff created; screenshots in Polish and English, axe on every screen.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../admin/e2e/axe-check";
import {
  animationsDone,
  describeBrowser,
  type Harness,
  PASSWORD,
  SCREENSHOT_DIR,
  type SeededCompany,
  seedCompany,
  startHarness,
  unique,
} from "../../admin/e2e/harness";
import { dispatchDueMessages } from "../../server/src/modules/messaging/dispatcher.js";
import { sql } from "../../server/src/platform/sql.js";
import { startSmtpServer, type TestSmtp } from "../../server/test/messaging-fixtures.js";
import { messages } from "../src/features/auth/messages";

const PHONE = { width: 390, height: 844 };
const SHOTS = path.join(SCREENSHOT_DIR, "portal");
const pl = messages.pl.auth;
const en = messages.en.auth;
const MEMBER_PASSWORD = "amber-lantern-quiet-river";

let h: Harness;
let smtp: TestSmtp;
let company: SeededCompany;
let slug: string;
let staff: { cookie: string; csrf: string };

/** A staff API call with the owner's session (outside the browser). */
async function asOwner(method: string, url: string, body?: unknown) {
  const res = await fetch(`${h.baseUrl}${url}`, {
    method,
    headers: { "content-type": "application/json", cookie: staff.cookie, "x-csrf-token": staff.csrf },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, data: await res.json().catch(() => null) };
}

/** Sends what the outbox queued and returns the code of the newest e-mail to `to`. */
async function codeFor(to: string, count: number): Promise<string> {
  while ((await dispatchDueMessages({ db: h.db, config: h.config, now: new Date(), companyId: company.companyId })) > 0);
  const mails = (await smtp.waitFor(smtp.messages.filter((m) => !m.to.includes(to)).length + count)).filter((m) => m.to.includes(to));
  const code = mails[mails.length - 1]?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code in the e-mail to ${to}`);
  return code;
}

async function shoot(page: Page, name: string): Promise<void> {
  await animationsDone(page);
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function axe(page: Page, what: string): Promise<void> {
  expect(await seriousAxeFindings(page), what).toEqual([]);
}

/** The portal's form field by its label (Mantine marks required labels with an asterisk). */
const field = (page: Page | Locator, label: string) => page.getByLabel(new RegExp(`^${label.replace(/[()]/g, "\\$&")}`)).first();

describeBrowser("portal: member identity", () => {
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    h = await startHarness();
    smtp = await startSmtpServer();
    company = await seedCompany(h);
    const login = await fetch(`${h.baseUrl}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: company.ownerEmail, password: PASSWORD }),
    });
    staff = { cookie: String(login.headers.get("set-cookie")).split(";")[0] as string, csrf: (await login.json()).csrfToken };
    const settings = {
      enabled: true,
      host: "127.0.0.1",
      port: smtp.port,
      security: "none",
      fromName: "Kawiarnia",
      fromEmail: "club@example.com",
    };
    expect((await asOwner("PUT", "/api/v1/messaging/settings/email", settings)).status).toBe(200);
    expect((await asOwner("POST", "/api/v1/programs", { name: "Klub Kawowy", status: "active", welcomePoints: 100 })).status).toBe(201);
    const [row] = await h.db.query<{ slug: string }>(sql`select slug from companies where id = ${company.companyId}`);
    slug = row?.slug as string;
  }, 120_000);
  afterAll(async () => {
    await smtp.close();
    await h?.close();
  });

  it("signs up with a code from the delivered e-mail, signs out, signs in with a code (pl, phone)", async () => {
    const page = await h.newPage(PHONE);
    const referrer = await asOwner("POST", "/api/v1/members", { firstName: "Marta", lastName: "Polecająca" });
    const email = `${unique("ola")}@example.com`;
    await page.goto(`/p/${slug}/join?ref=${referrer.data.referralCode}`);
    await page.getByText(pl.signUp.invited).waitFor();
    await field(page, pl.firstName).fill("Ola");
    await field(page, pl.lastName).fill("Nowak");
    await field(page, pl.email).fill(email);
    await field(page, pl.password).fill("short");
    await page.getByRole("button", { name: pl.signUp.submit }).click();
    await page.getByText(pl.errors.passwordShort.replace("{{min}}", "10")).waitFor();
    await field(page, pl.password).fill(MEMBER_PASSWORD);
    await page.getByRole("checkbox").first().check();
    await shoot(page, "auth-join-pl-phone");
    await axe(page, "join (pl)");
    await page.getByRole("button", { name: pl.signUp.submit }).click();

    await page.waitForURL(/\/verify\?email=/);
    await field(page, pl.code).fill(await codeFor(email, 1));
    await shoot(page, "auth-verify-pl-phone");
    await axe(page, "verify (pl)");
    await page.getByRole("button", { name: pl.verify.submit }).click();
    await page.waitForURL((url) => url.pathname === `/p/${slug}/` || url.pathname === `/p/${slug}`);
    const [member] = await h.db.query<{ id: string; referrer_id: string | null; language: string }>(
      sql`select id, referrer_id, language from members where company_id = ${company.companyId} and email = ${email}`,
    );
    expect(member?.referrer_id).toBe(referrer.data.id);

    await page.goto(`/p/${slug}/sign-out`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole("tab", { name: pl.signIn.codeTab }).click();
    await field(page.getByRole("tabpanel"), pl.email).fill(email);
    await page.getByRole("button", { name: pl.signIn.sendCode }).click();
    await page.getByText(pl.signIn.codeSent).waitFor();
    await field(page, pl.code).fill(await codeFor(email, 2));
    await shoot(page, "auth-sign-in-code-pl-phone");
    await axe(page, "sign-in by code (pl)");
    await page.getByRole("button", { name: pl.signIn.submit }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/sign-in"));
    const session = await page.evaluate(async (s) => (await fetch(`/api/v1/portal/${s}/session`)).json(), slug);
    expect(session.member.email).toBe(email);
    await page.context().close();
  }, 120_000);

  it("activates a card staff created (en, phone)", async () => {
    const email = `${unique("card")}@example.com`;
    const created = await asOwner("POST", "/api/v1/members", { firstName: "Jan", lastName: "Kartowy", email, language: "en" });
    expect(created.status).toBe(201);
    const context = await h.browser.newContext({ baseURL: h.baseUrl, viewport: PHONE, locale: "en-GB", bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`/p/${slug}/sign-in`);
    await page.getByRole("tab", { name: en.signIn.passwordTab }).waitFor();
    await shoot(page, "auth-sign-in-en-phone");
    await axe(page, "sign-in (en)");
    await page.goto(`/p/${slug}/join`);
    await page.getByRole("button", { name: en.signUp.submit }).waitFor();
    await shoot(page, "auth-join-en-phone");
    await axe(page, "join (en)");

    await page.goto(`/p/${slug}/activate`);
    await field(page, en.activate.identifier).fill(created.data.cardNumber);
    await page.getByRole("button", { name: en.activate.send }).click();
    await page.getByText(en.activate.sent).waitFor();
    await field(page, en.code).fill(await codeFor(email, 1));
    await field(page, en.newPassword).fill(MEMBER_PASSWORD);
    await shoot(page, "auth-activate-en-phone");
    await axe(page, "activate (en)");
    await page.getByRole("button", { name: en.activate.submit }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/activate"));
    const session = await page.evaluate(async (s) => (await fetch(`/api/v1/portal/${s}/session`)).json(), slug);
    expect(session.member).toMatchObject({ id: created.data.id, emailVerified: true });
    await context.close();
  }, 120_000);
});
