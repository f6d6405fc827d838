/**
 * What the widget's browser tests share: the real server and Chromium (the admin's harness), a
 * company whose widget is switched on for a host site, a member with points, tiers and rewards,
 * the host site itself (a second HTTP server on another port, so another origin), signed member
 * tokens made as the docs tell a host site to make them, and a look inside the widget's shadow root.
 */
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Page } from "playwright-core";
import { type Harness, SCREENSHOT_DIR, seedCompany, unique } from "../../../apps/admin/e2e/harness.js";
import { ownerApi } from "../../../apps/portal/e2e/portal-harness.js";
import { hashPassword } from "../../../apps/server/src/modules/auth/passwords.js";
import { saveCredentials } from "../../../apps/server/src/modules/member-auth/credentials.js";

const require = createRequire(import.meta.url);

export const WIDGET_SHOTS = path.join(SCREENSHOT_DIR, "widget");
export const PHONE = { width: 390, height: 844 };
export const MEMBER_PASSWORD = "amber-lantern-quiet-river";

/** The host site: pages by path, served on 127.0.0.1 (allowed) and reachable as localhost (another origin, not allowed). */
export interface HostSite {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** http://localhost:<port>: the same server under an origin that is not on the widget's list. */
  otherOrigin: string;
  setPage(pathname: string, html: string): void;
  close(): Promise<void>;
}

export async function startHostSite(): Promise<HostSite> {
  const pages = new Map<string, string>();
  const server = createServer((req, res) => {
    const html = pages.get(new URL(req.url ?? "/", "http://x").pathname);
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html ?? "not found");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    otherOrigin: `http://localhost:${port}`,
    setPage: (pathname, html) => pages.set(pathname, html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The hostile stylesheet of the issue and more: it must not change the widget at all. */
export const HOSTILE_CSS = `
* { all: unset !important; }
/* "all: unset" shows <head>'s text; a real page hides it again (and its overflow would only move Chromium's screenshot). */
head, style, script, title { display: none !important; }
div, span, p, h2, h3, button, a, input, ul, li, form, label, nav, img { display: none !important; }
regulars-widget { display: none !important; position: static !important; transform: scale(0.5) rotate(10deg) !important;
  font-size: 40px !important; color: red !important; letter-spacing: 6px !important; line-height: 4 !important;
  opacity: 0.2 !important; filter: blur(3px) !important; width: 10px !important; height: 10px !important; }
html { font-size: 40px !important; }
body { font: 30px/3 "Comic Sans MS", cursive !important; color: #f0f !important; text-transform: uppercase !important;
  direction: rtl !important; word-spacing: 20px !important; visibility: visible !important; }
:root { --accent: #ff0000 !important; --ink: #00ff00 !important; --on-accent: #0000ff !important; --vw: 10px !important; }
button, input { background: red !important; border: 5px solid lime !important; }
`;

/** A plain shop page with the snippet; the token (if any) is given through the queue before the script loads. */
export function hostPage(opts: {
  apiUrl: string;
  publicKey: string;
  /** null: a page that does not say its language. */
  lang: "pl" | "en" | null;
  token?: string;
  hostile?: boolean;
  /** More script run before widget.js loads (commands pushed to the queue). */
  extra?: string;
}): string {
  const pl = opts.lang !== "en";
  return `<!doctype html>
<html${opts.lang ? ` lang="${opts.lang}"` : ""}><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${pl ? "Palarnia Kawy — sklep" : "Coffee Roasters — shop"}</title>
<style>body{margin:0;font:16px/1.5 Georgia,serif;color:#222;background:#faf7f2}header{padding:16px 24px;background:#3b2a1a;color:#fff}
header a{color:#fff;margin-right:16px}main{padding:24px;max-width:720px}</style>
${opts.hostile ? `<style>${HOSTILE_CSS}</style>` : ""}
</head><body>
<header><strong>${pl ? "Palarnia Kawy" : "Coffee Roasters"}</strong> <nav><a href="#kawa">${pl ? "Kawa" : "Coffee"}</a><a href="#koszyk">${pl ? "Koszyk" : "Cart"}</a></nav></header>
<main><h1>${pl ? "Świeżo palona kawa" : "Freshly roasted coffee"}</h1><p>${pl ? "Zbieraj punkty za każde zamówienie." : "Collect points with every order."}</p></main>
<script>window.regulars = window.regulars || [];${opts.token ? ` regulars.push(["identify", { token: ${JSON.stringify(opts.token)} }]);` : ""}${opts.extra ?? ""}</script>
<script src="${opts.apiUrl}/widget.js" data-company="${opts.publicKey}" async></script>
</body></html>`;
}

/** A signed member token as the docs show it (JWT HS256 over the widget secret, node:crypto only). */
export function memberToken(secret: string, claims: Record<string, unknown>): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const input = `${b64({ alg: "HS256", typ: "JWT" })}.${b64(claims)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

export const inMinutes = (minutes: number) => Math.floor(Date.now() / 1000) + minutes * 60;

export interface WidgetCompany {
  publicKey: string;
  secret: string;
  programName: string;
  rewardIds: { coffee: string; mug: string };
  staffApi: Awaited<ReturnType<typeof ownerApi>>;
  companyId: string;
  programId: string;
}

/** A company with a program (tiers, two rewards) and its widget on for `origins`. */
export async function widgetCompany(h: Harness, origins: string[], language: "pl" | "en" = "pl"): Promise<WidgetCompany> {
  const company = await seedCompany(h, { language });
  const staffApi = await ownerApi(h, company.ownerEmail);
  const programName = "Klub Kawowy";
  const programId = (
    await staffApi("POST", "/api/v1/programs", {
      name: programName,
      status: "active",
      welcomePoints: 20,
      expiryPolicy: "days",
      expiryValue: 25,
    })
  ).id;
  await staffApi("POST", `/api/v1/programs/${programId}/tiers`, { name: "Srebrny", threshold: 50, discountBp: 500 });
  await staffApi("POST", `/api/v1/programs/${programId}/tiers`, { name: "Złoty", threshold: 2_000, discountBp: 1000 });
  await staffApi("POST", "/api/v1/locations", { name: "Kraków, Kazimierz" });
  const coffee = await staffApi("POST", "/api/v1/rewards", {
    programId,
    namePl: "Kubek kawy",
    nameEn: "Cup of coffee",
    category: "Kawa",
    kind: "physical",
    pointsPrice: 300,
  });
  const mug = await staffApi("POST", "/api/v1/rewards", {
    programId,
    namePl: "Kubek termiczny",
    nameEn: "Travel mug",
    category: "Gadżety",
    kind: "physical",
    pointsPrice: 5_000,
  });
  await staffApi("PUT", "/api/v1/widget-settings", {
    enabled: true,
    allowedOrigins: origins,
    appearance: {
      accentColor: "#0b7a75",
      position: "bottom-right",
      texts: { pl: { launcher: "", title: "", intro: "" }, en: { launcher: "", title: "", intro: "" } },
    },
  });
  const settings = await staffApi<{ publicKey: string }>("GET", "/api/v1/widget-settings");
  const secrets = await staffApi<{ current: string }>("GET", "/api/v1/widget-settings/secrets");
  return {
    publicKey: settings.publicKey,
    secret: secrets.current,
    programName,
    rewardIds: { coffee: coffee.id, mug: mug.id },
    staffApi,
    companyId: company.companyId,
    programId,
  };
}

export interface WidgetMember {
  id: string;
  email: string;
  firstName: string;
}

/** A member with 20 welcome + 49 purchase + 1300 bonus = 1 369 points and a portal password. */
export async function memberWithPoints(h: Harness, c: WidgetCompany, language: "pl" | "en"): Promise<WidgetMember> {
  const email = `${unique("widget")}@example.com`;
  const firstName = language === "pl" ? "Zofia" : "Emily";
  const member = await c.staffApi("POST", "/api/v1/members", { firstName, lastName: unique("M"), email, language });
  await c.staffApi("POST", `/api/v1/members/${member.id}/enrollments`, { programId: c.programId });
  const locations = await c.staffApi<{ data: { id: string; name: string }[] }>("GET", "/api/v1/locations?limit=10");
  await c.staffApi("POST", "/api/v1/purchases", {
    programId: c.programId,
    memberId: member.id,
    receiptNumber: unique("R-"),
    amount: { amount: 4_900, currency: "PLN" },
    locationId: locations.data.find((l) => l.name === "Kraków, Kazimierz")?.id,
  });
  await c.staffApi("POST", `/api/v1/members/${member.id}/adjustments`, { programId: c.programId, points: 1_300, reason: "Bonus" });
  await saveCredentials(h.db, {
    companyId: c.companyId,
    memberId: member.id,
    passwordHash: await hashPassword(MEMBER_PASSWORD),
    emailVerified: true,
    now: new Date(),
  });
  return { id: member.id, email, firstName };
}

/** Runs `fn` on the widget's shadow root in the page (null when the widget is not on the page). */
export function inWidget<T>(page: Page, fn: (root: ShadowRoot) => T): Promise<T | null> {
  return page.evaluate(`(() => {
    const root = document.querySelector("regulars-widget")?.shadowRoot;
    return root ? (${fn.toString()})(root) : null;
  })()`) as Promise<T | null>;
}

/** The element focused inside the widget, as "tag.class" or its data-k ("" when the focus is outside it). */
export async function widgetFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const host = document.querySelector("regulars-widget");
    if (!host || document.activeElement !== host) return "";
    const el = host.shadowRoot?.activeElement as HTMLElement | null;
    if (!el) return "";
    const where = el.closest(".panel") ? "panel:" : "";
    return `${where}${el.dataset.k ?? `${el.tagName.toLowerCase()}.${el.className}`}`;
  });
}

/** axe-core's serious and critical findings inside the widget (its open shadow root included). */
export async function widgetAxeFindings(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
  return page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (ctx: Element) => Promise<{ violations: { id: string; impact: string; nodes: { target: unknown[]; html: string }[] }[] }>;
        };
      }
    ).axe;
    const host = document.querySelector("regulars-widget");
    if (!host) return ["no widget on the page"];
    const { violations } = await axe.run(host);
    return violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)} ${n.html.slice(0, 120)}`));
  });
}
