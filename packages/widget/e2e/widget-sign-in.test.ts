/**
 * widget.js on a plain HTML page of another origin (a second local server), against the real
 * server: the host's signed member token shows the member's balance, the member can sign in inside
 * the widget instead (password; the code form), sessions last as documented, and an expired or
 * forged token, a customer without a card and a site that is not on the allowed list are refused
 * with the right words in the panel.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page, Response } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DESKTOP, describeBrowser, type Harness, startHarness } from "../../../apps/admin/e2e/harness.js";
import { dispatchDueMessages } from "../../../apps/server/src/modules/messaging/dispatcher.js";
import { startSmtpServer, type TestSmtp } from "../../../apps/server/test/messaging-fixtures.js";
import { messages } from "../src/messages.js";
import {
  type HostSite,
  hostPage,
  inMinutes,
  inWidget,
  MEMBER_PASSWORD,
  memberToken,
  memberWithPoints,
  PHONE,
  startHostSite,
  WIDGET_SHOTS,
  type WidgetCompany,
  type WidgetMember,
  widgetAxeFindings,
  widgetCompany,
} from "./widget-harness.js";

let h: Harness;
let smtp: TestSmtp;
let host: HostSite;
let c: WidgetCompany;
let zofia: WidgetMember;
let emily: WidgetMember;
const pl = messages.pl;
const en = messages.en;

beforeAll(async () => {
  mkdirSync(WIDGET_SHOTS, { recursive: true });
  h = await startHarness();
  smtp = await startSmtpServer();
  host = await startHostSite();
  c = await widgetCompany(h, [host.origin]);
  // Sign-in codes really go out by e-mail (to the test's SMTP server).
  await c.staffApi("PUT", "/api/v1/messaging/settings/email", {
    enabled: true,
    host: "127.0.0.1",
    port: smtp.port,
    security: "none",
    fromName: "Klub Kawowy",
    fromEmail: "club@example.com",
  });
  zofia = await memberWithPoints(h, c, "pl");
  emily = await memberWithPoints(h, c, "en");
}, 180_000);
afterAll(async () => {
  await smtp?.close();
  await host?.close();
  await h?.close();
});

const page = (lang: "pl" | "en", token?: string) => hostPage({ apiUrl: h.baseUrl, publicKey: c.publicKey, lang, token });
const isWidgetCall = (what: string) => (r: Response) => r.url().startsWith(`${h.baseUrl}/api/v1/widget/${c.publicKey}/${what}`);

async function open(p: Page, launcher: string): Promise<void> {
  await p.getByRole("button", { name: launcher }).click();
  await p.locator("regulars-widget .panel").waitFor();
}

const points = (p: Page) => p.locator("regulars-widget [data-testid=available-points]");
const status = (p: Page) => p.locator("regulars-widget .status");
const spaces = (s: string | null) => (s ?? "").replace(/\s/g, " ");

/** Sends what the outbox queued and returns the 6-digit code of the newest e-mail to `to`. */
async function mailedCode(to: string): Promise<string> {
  while ((await dispatchDueMessages({ db: h.db, config: h.config, now: new Date(), companyId: c.companyId })) > 0);
  const mails = (await smtp.waitFor(smtp.messages.filter((m) => !m.to.includes(to)).length + 1)).filter((m) => m.to.includes(to));
  const code = mails[mails.length - 1]?.text.match(/\b(\d{6})\b/)?.[1];
  if (!code) throw new Error(`no code in the e-mail to ${to}`);
  return code;
}

describeBrowser("website widget: signing in", () => {
  it("shows the balance with the host's signed token, keeps it for the tab and forgets it on a page without a token", async () => {
    const token = memberToken(c.secret, { sub: zofia.email, exp: inMinutes(5) });
    host.setPage("/konto", page("pl", token));
    host.setPage("/", page("pl"));
    const context = await h.newContext(DESKTOP);
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: host.origin });
    const p = await context.newPage();
    const exchanges: number[] = [];
    p.on("response", (r) => {
      if (isWidgetCall("sessions/token")(r)) exchanges.push(r.status());
    });
    await p.goto(`${host.origin}/konto`);
    await open(p, pl.launcher);
    await points(p).waitFor();
    expect(spaces(await points(p).textContent())).toBe("1 369 pkt");
    expect(exchanges).toEqual([201]);
    const panel = p.locator("regulars-widget .panel");
    const text = spaces(await panel.textContent());
    for (const line of [
      "Cześć, Zofia!",
      "Do poziomu Złoty brakuje 1 931 pkt",
      "Srebrny5% rabatu",
      "Wkrótce wygasną",
      "Zakup — Kraków, Kazimierz",
      "+49 pkt",
      "Punkty powitalne",
    ]) {
      expect(text).toContain(line);
    }
    const bar = panel.getByRole("progressbar", { name: "Postęp do poziomu Złoty" });
    // The tier counts earned points (49 + 20), not the staff's bonus.
    expect(await bar.getAttribute("aria-valuenow")).toBe("69");
    expect(await bar.getAttribute("aria-valuemax")).toBe("2000");
    expect(spaces(await bar.getAttribute("aria-valuetext"))).toBe("69 pkt z 2 000 pkt");
    // Rewards in the member's language, each opening the portal's reward in a new tab.
    const coffee = panel.locator(`a[data-reward="${c.rewardIds.coffee}"]`);
    expect(spaces(await coffee.textContent())).toContain("Kubek kawy");
    expect(await coffee.textContent()).toContain(pl.affordable);
    expect(await coffee.getAttribute("target")).toBe("_blank");
    expect(await coffee.getAttribute("href")).toMatch(new RegExp(`/rewards\\?reward=${c.rewardIds.coffee}$`));
    expect(spaces(await panel.locator(`a[data-reward="${c.rewardIds.mug}"]`).textContent())).toContain("Brakuje 3 631 pkt");
    const referral = await panel.getByLabel(pl.referralLabel).inputValue();
    expect(referral).toMatch(/^https?:\/\/.+/);
    await panel.getByRole("button", { name: pl.copy }).click();
    await panel.getByRole("button", { name: pl.copied }).waitFor();
    expect(await p.evaluate(() => navigator.clipboard.readText())).toBe(referral);
    expect(await widgetAxeFindings(p)).toEqual([]);
    await p.screenshot({ path: path.join(WIDGET_SHOTS, "token-member-desktop-pl.png") });

    // The next page of the shop in this tab: the stored session, no second exchange.
    await p.reload();
    await open(p, pl.launcher);
    await points(p).waitFor();
    expect(exchanges).toEqual([201]);

    // A page that names no customer (signed out on the shop, another person at the computer): no points.
    await p.goto(`${host.origin}/`);
    await open(p, pl.launcher);
    await p.getByLabel(pl.email).waitFor();
    expect(await points(p).count()).toBe(0);
    expect(await p.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith("regulars-widget")))).toEqual([]);
    await context.close();
  });

  it("signs in inside the widget with a password (English, phone), stays signed in, signs out", async () => {
    host.setPage("/en", page("en"));
    const context = await h.newContext(PHONE);
    const p = await context.newPage();
    await p.goto(`${host.origin}/en`);
    await open(p, en.launcher);
    const email = p.getByLabel(en.email);
    await email.waitFor();
    await p.screenshot({ path: path.join(WIDGET_SHOTS, "sign-in-phone-en.png") });
    // The panel fits a phone's width.
    const box = (await p.locator("regulars-widget .panel").boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);

    // Nothing typed: each field says what is missing, the focus goes to the first.
    await p.getByRole("button", { name: en.signIn, exact: true }).click();
    await p.locator("regulars-widget #rw-email-err").getByText("E-mail is required").waitFor();
    await p.locator("regulars-widget #rw-password-err").getByText("Password is required").waitFor();
    expect(
      await email.evaluate((el) => el.getRootNode() instanceof ShadowRoot && (el.getRootNode() as ShadowRoot).activeElement === el),
    ).toBe(true);
    expect(await email.getAttribute("aria-invalid")).toBe("true");

    await email.fill(emily.email);
    await p.getByLabel(en.password).fill("not-the-password-at-all");
    await p.getByRole("button", { name: en.signIn, exact: true }).click();
    await status(p).getByText(en.errors.wrongCredentials).waitFor();

    await p.getByLabel(en.password).fill(MEMBER_PASSWORD);
    await p.getByRole("button", { name: en.signIn, exact: true }).click();
    await points(p).waitFor();
    expect(await points(p).textContent()).toBe("1,369\u00a0pts");
    const text = spaces(await p.locator("regulars-widget .panel").textContent());
    for (const line of [
      "Hi, Emily!",
      "1,931 pts more to Złoty",
      "Purchase — Kraków, Kazimierz",
      "Welcome points",
      "Cup of coffee",
      "You can get it",
    ]) {
      expect(text).toContain(line);
    }
    expect(await widgetAxeFindings(p)).toEqual([]);
    await p.screenshot({ path: path.join(WIDGET_SHOTS, "password-member-phone-en.png") });

    // Another page of the site: still signed in (the widget's own session, kept per public key).
    await p.reload();
    await open(p, en.launcher);
    await points(p).waitFor();

    // The session ends on the server (signed out elsewhere, expired): the next page asks to sign in again.
    const stored = await p.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("regulars-widget"))?.[1] ?? "");
    const ended = await fetch(`${h.baseUrl}/api/v1/widget/${c.publicKey}/session`, {
      method: "DELETE",
      headers: { origin: host.origin, authorization: `Bearer ${(JSON.parse(stored) as { sessionToken: string }).sessionToken}` },
    });
    expect(ended.status).toBe(204);
    await p.reload();
    const me = p.waitForResponse(isWidgetCall("me"));
    await open(p, en.launcher);
    expect((await me).status()).toBe(401);
    await status(p).getByText(en.errors.unauthenticated).waitFor();
    await p.getByLabel(en.email).waitFor();
    expect(await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("regulars-widget")))).toEqual([]);

    // Signed in again, then out with the panel's own button.
    await p.getByLabel(en.email).fill(emily.email);
    await p.getByLabel(en.password).fill(MEMBER_PASSWORD);
    await p.getByRole("button", { name: en.signIn, exact: true }).click();
    await points(p).waitFor();
    await p.getByRole("button", { name: en.signOut }).click();
    await p.getByLabel(en.email).waitFor();
    expect(await points(p).count()).toBe(0);
    await p.reload();
    await open(p, en.launcher);
    await p.getByLabel(en.email).waitFor();
    expect(await p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("regulars-widget")))).toEqual([]);
    await context.close();
  });

  it("signs in with a code by e-mail instead of the password, saying when the code is wrong", async () => {
    const context = await h.newContext(DESKTOP);
    const p = await context.newPage();
    await p.goto(`${host.origin}/`);
    await open(p, pl.launcher);
    await p.getByRole("button", { name: pl.useCode }).click();
    expect(await p.getByLabel(pl.password).count()).toBe(0);
    await p.getByLabel(pl.email).fill(zofia.email);
    const sent = p.waitForResponse(isWidgetCall("sessions/code/send"));
    await p.getByRole("button", { name: pl.sendCode }).click();
    expect((await sent).status()).toBe(202);
    const code = p.getByLabel(pl.code);
    await code.waitFor();
    await p.locator("regulars-widget .panel").getByText(pl.codeSent).waitFor();
    await code.fill("12");
    await p.getByRole("button", { name: pl.signIn, exact: true }).click();
    await p.locator("regulars-widget #rw-code-err").getByText(pl.errors.codeFormat).waitFor();
    await code.fill("000000");
    const refused = p.waitForResponse(isWidgetCall("sessions/code"));
    await p.getByRole("button", { name: pl.signIn, exact: true }).click();
    const answer = await refused;
    expect(answer.status()).toBe(400);
    expect(((await answer.json()) as { error: { details: { path: string; code: string }[] } }).error.details).toMatchObject([
      { path: "code", code: "code_invalid" },
    ]);
    await p.locator("regulars-widget #rw-code-err").getByText(pl.errors.code_invalid).waitFor();
    expect(await points(p).count()).toBe(0);
    await p.screenshot({ path: path.join(WIDGET_SHOTS, "code-wrong-desktop-pl.png") });
    // The code from the e-mail that really went out signs in.
    await code.fill(await mailedCode(zofia.email));
    await p.getByRole("button", { name: pl.signIn, exact: true }).click();
    await points(p).waitFor();
    expect(spaces(await points(p).textContent())).toBe("1 369 pkt");
    await context.close();
  });

  it("refuses an expired token, a forged token and a customer without a card, each with its own words", async () => {
    const cases = [
      {
        name: "expired",
        token: memberToken(c.secret, { sub: zofia.email, exp: inMinutes(-2) }),
        code: "widget_token_expired",
        text: pl.errors.widget_token_expired,
      },
      {
        name: "forged",
        token: memberToken(`wsk_${"f".repeat(40)}`, { sub: zofia.email, exp: inMinutes(5) }),
        code: "widget_token_invalid",
        text: pl.errors.widget_token_invalid,
      },
      {
        name: "no-card",
        token: memberToken(c.secret, { sub: "nobody-here@example.com", exp: inMinutes(5) }),
        code: "member_not_found",
        text: pl.errors.member_not_found,
      },
    ];
    for (const x of cases) {
      host.setPage(`/${x.name}`, page("pl", x.token));
      const context = await h.newContext(DESKTOP);
      const p = await context.newPage();
      const answer = p.waitForResponse(isWidgetCall("sessions/token"));
      await p.goto(`${host.origin}/${x.name}`);
      const res = await answer;
      expect(res.status(), x.name).toBe(x.code === "member_not_found" ? 404 : 401);
      expect(((await res.json()) as { error: { code: string } }).error.code, x.name).toBe(x.code);
      await open(p, pl.launcher);
      await status(p).getByText(x.text).waitFor();
      // The member can still sign in themselves; no figures of anyone are shown.
      await p.getByLabel(pl.email).waitFor();
      expect(await points(p).count(), x.name).toBe(0);
      if (x.name === "no-card") expect(await status(p).getByRole("link", { name: pl.join }).getAttribute("href")).toMatch(/\/join$/);
      expect(await widgetAxeFindings(p), x.name).toEqual([]);
      await p.screenshot({ path: path.join(WIDGET_SHOTS, `token-${x.name}-desktop-pl.png`) });
      await context.close();
    }
  });

  it("is refused on a site that is not on the allowed list (403) and shows no data", async () => {
    const token = memberToken(c.secret, { sub: zofia.email, exp: inMinutes(5) });
    host.setPage("/konto", page("pl", token));
    // The server's answer to that origin: 403 origin_not_allowed, readable there (no data in it).
    const direct = await fetch(`${h.baseUrl}/api/v1/widget/${c.publicKey}/config`, { headers: { origin: host.otherOrigin } });
    expect(direct.status).toBe(403);
    expect(((await direct.json()) as { error: { code: string } }).error.code).toBe("origin_not_allowed");
    expect(direct.headers.get("access-control-allow-origin")).toBe(host.otherOrigin);

    const context = await h.newContext(DESKTOP);
    const p = await context.newPage();
    const config = p.waitForResponse((r) => r.url() === `${h.baseUrl}/api/v1/widget/${c.publicKey}/config`);
    await p.goto(`${host.otherOrigin}/konto`);
    expect((await config).status()).toBe(403);
    await open(p, pl.launcher);
    // The widget says why it shows nothing, so the site's owner knows what to fix.
    await status(p).getByText(pl.errors.origin_not_allowed).waitFor();
    expect(await points(p).count()).toBe(0);
    expect(await inWidget(p, (root) => root.querySelector(".body")?.textContent ?? "")).toBe("");
    await p.screenshot({ path: path.join(WIDGET_SHOTS, "origin-refused-desktop-pl.png") });
    await context.close();
  });
});
