/**
 * Every screen of the panel, on the demo company's data, in Polish and English at 1440, 1024 and
 * 768 px: each one screenshotted, none overflowing the page sideways, every list's row actions
 * inside the window, no raw translation key, and axe (with the label-in-name rule) finding no
 * serious or critical violation. The list of screens is checked against navigation.tsx, so a new
 * screen cannot be missed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DEMO_PASSWORD, seedDemo } from "../../server/src/demo.js";
import {
  animationsDone,
  apiAs,
  describeBrowser,
  en,
  type Harness,
  pl,
  SCREENSHOT_DIR,
  type Strings,
  settled,
  signIn,
  startHarness,
} from "./harness";

const here = path.dirname(fileURLToPath(import.meta.url));
const AXE_SOURCE = readFileSync(path.resolve(here, "../../../node_modules/axe-core/axe.min.js"), "utf8");
const WIDTHS = [
  { name: "1440", viewport: { width: 1440, height: 900 } },
  { name: "1024", viewport: { width: 1024, height: 768 } },
  { name: "768", viewport: { width: 768, height: 1024 } },
] as const;

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
// Keys with at least two dots are unlikely to appear as ordinary text (e.g. "members.card.title").
const KEYS = leafKeys(en).filter((k) => k.split(".").length > 2);

interface Ids {
  member: string;
  program: string;
  reward: string;
  pool: string;
  template: string;
  campaign: string;
  scenario: string;
  webhook: string;
  shop: string;
}

/** Paths under /admin with the route they stand for in navigation.tsx. */
function screens(ids: Ids): { route: string; path: string }[] {
  return [
    { route: "/", path: "/" },
    { route: "/members", path: "/members" },
    { route: "/members/:id", path: `/members/${ids.member}` },
    { route: "/privacy-requests", path: "/privacy-requests" },
    { route: "/referrals", path: "/referrals" },
    { route: "/counter", path: "/counter" },
    { route: "/programs", path: "/programs" },
    { route: "/programs/:id", path: `/programs/${ids.program}` },
    { route: "/rewards", path: "/rewards" },
    { route: "/rewards/new", path: "/rewards/new" },
    { route: "/rewards/:id", path: `/rewards/${ids.reward}` },
    { route: "/rewards/:id/stock", path: `/rewards/${ids.reward}/stock` },
    { route: "/voucher-pools", path: "/voucher-pools" },
    { route: "/voucher-pools/:id", path: `/voucher-pools/${ids.pool}` },
    { route: "/redemptions", path: "/redemptions" },
    { route: "/messages/outbox", path: "/messages/outbox" },
    { route: "/messages/templates", path: "/messages/templates" },
    { route: "/messages/templates/new", path: "/messages/templates/new" },
    { route: "/messages/templates/:id", path: `/messages/templates/${ids.template}` },
    { route: "/messages/notifications", path: "/messages/notifications" },
    { route: "/messages/campaigns", path: "/messages/campaigns" },
    { route: "/messages/campaigns/new", path: "/messages/campaigns/new" },
    { route: "/messages/campaigns/:id", path: `/messages/campaigns/${ids.campaign}` },
    { route: "/messages/log", path: "/messages/log" },
    { route: "/automation/scenarios", path: "/automation/scenarios" },
    { route: "/automation/scenarios/new", path: "/automation/scenarios/new" },
    { route: "/automation/scenarios/:id", path: `/automation/scenarios/${ids.scenario}` },
    { route: "/webhooks", path: "/webhooks" },
    { route: "/webhooks/:id", path: `/webhooks/${ids.webhook}` },
    { route: "/shops", path: "/shops" },
    { route: "/shops/:id", path: `/shops/${ids.shop}` },
    { route: "/settings/company", path: "/settings/company" },
    { route: "/settings/locations", path: "/settings/locations" },
    { route: "/settings/staff", path: "/settings/staff" },
    { route: "/settings/member-fields", path: "/settings/member-fields" },
    { route: "/settings/consents", path: "/settings/consents" },
    { route: "/settings/member-settings", path: "/settings/member-settings" },
    { route: "/settings/member-portal", path: "/settings/member-portal" },
    { route: "/settings/member-portal/poster", path: "/settings/member-portal/poster" },
    { route: "/settings/portal-pages", path: "/settings/portal-pages" },
    { route: "/settings/website-widget", path: "/settings/website-widget" },
    { route: "/settings/api-keys", path: "/settings/api-keys" },
    { route: "/settings/audit-log", path: "/settings/audit-log" },
  ];
}

function navigationRoutes(): string[] {
  const code = readFileSync(path.resolve(here, "../src/navigation.tsx"), "utf8");
  return ["/", ...[...code.matchAll(/path: "(\/[^"]*)"/g)].map((m) => m[1] ?? "")];
}

interface Violation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[]; html: string }[];
}

async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: unknown[] }> } }).axe;
    const result = await axe.run(document, {
      resultTypes: ["violations"],
      rules: { "label-content-name-mismatch": { enabled: true } },
    });
    return result.violations;
  })) as Violation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical" || v.id === "label-content-name-mismatch")
    .map(
      (v) =>
        `${v.id} (${v.impact}, ${v.nodes.length}×): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(" | ")}`,
    );
}

async function firstId(page: Page, url: string): Promise<string> {
  const res = await apiAs<{ data: { id: string }[] }>(page, "GET", url);
  const id = res.data?.data?.[0]?.id;
  if (!id) throw new Error(`${url}: the demo has none`);
  return id;
}

/** The demo's first automation scenario, or one made from the first ready-made scenario when it has none. */
async function someScenario(page: Page): Promise<string> {
  const list = await apiAs<{ data: { id: string }[] }>(page, "GET", "/api/v1/automation/scenarios?limit=1");
  const id = list.data?.data?.[0]?.id;
  if (id) return id;
  const templates = await apiAs<{ data: { scenarios: Record<string, unknown>[] }[] }>(page, "GET", "/api/v1/automation/templates");
  const draft = templates.data.data.find((t) => t.scenarios.length > 0)?.scenarios[0];
  if (!draft) throw new Error("no ready-made scenario to start from");
  const made = await apiAs<{ id: string }>(page, "POST", "/api/v1/automation/scenarios", draft);
  if (made.status !== 201) throw new Error(`scenario not created: ${made.status} ${JSON.stringify(made.data)}`);
  return made.data.id;
}

/** A webhook endpoint (with a test event on its way, so its log has a row) and a WooCommerce shop: the demo has neither. */
async function integrations(page: Page, programId: string): Promise<{ webhook: string; shop: string }> {
  const endpoint = await apiAs<{ endpoint: { id: string } }>(page, "POST", "/api/v1/webhooks/endpoints", {
    url: "http://127.0.0.1:9/hooks/regulars",
    description: "Sklep: rabaty",
    eventTypes: ["member.created", "purchase.recorded", "points.added", "reward.redeemed"],
  });
  if (endpoint.status !== 201) throw new Error(`endpoint not created: ${endpoint.status} ${JSON.stringify(endpoint.data)}`);
  await apiAs(page, "POST", `/api/v1/webhooks/endpoints/${endpoint.data.endpoint.id}/test`);
  const shop = await apiAs<{ shop: { id: string } }>(page, "POST", "/api/v1/shops", {
    platform: "woocommerce",
    name: "Sklep internetowy",
    programId,
    shopDomain: "sklep.example.com",
  });
  if (shop.status !== 201) throw new Error(`shop not created: ${shop.status} ${JSON.stringify(shop.data)}`);
  return { webhook: endpoint.data.endpoint.id, shop: shop.data.shop.id };
}

describeBrowser("every screen", () => {
  let h: Harness;
  let ownerEmail: string;
  beforeAll(async () => {
    h = await startHarness();
    const demo = await seedDemo(h.db);
    ownerEmail = demo.logins.find((l) => l.role === "owner")?.email ?? "";
  });
  afterAll(async () => {
    await h?.close();
  });

  let page: Page;
  let list: { route: string; path: string }[];
  beforeAll(async () => {
    page = await h.newPage(WIDTHS[0].viewport);
    await signIn(page, ownerEmail, DEMO_PASSWORD);
    const program = await firstId(page, "/api/v1/programs");
    const ids: Ids = {
      member: await firstId(page, "/api/v1/members?limit=1"),
      program,
      reward: await firstId(page, "/api/v1/rewards?limit=1"),
      pool: await firstId(page, "/api/v1/voucher-pools"),
      template: await firstId(page, "/api/v1/message-templates?limit=1"),
      campaign: await firstId(page, "/api/v1/campaigns?limit=1"),
      scenario: await someScenario(page),
      ...(await integrations(page, program)),
    };
    list = screens(ids);
  });

  it("visits every screen of navigation.tsx", () => {
    expect(
      navigationRoutes().filter((r) => !list.some((s) => s.route === r)),
      "screens in navigation.tsx this test does not visit",
    ).toEqual([]);
  });

  // One load per screen and language; the widths are taken by resizing (the data stays).
  for (const [lang, s] of [
    ["pl", pl],
    ["en", en],
  ] as [string, Strings][]) {
    it(`${lang}: every screen at 1440, 1024 and 768 px, with no overflow, raw key or serious axe violation`, {
      timeout: 600_000,
    }, async () => {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: s.shell.navigation }).waitFor();
      }
      const problems: string[] = [];
      for (const screen of list) {
        await page.setViewportSize(WIDTHS[0].viewport);
        await page.goto(`/admin${screen.path}`);
        await page.getByRole("heading", { level: 1 }).first().waitFor();
        await settled(page, `${screen.path} ${lang}`);
        // Contrast and names do not depend on the width: axe runs at 1440.
        for (const p of await axeProblems(page)) problems.push(`${screen.path} ${lang}: ${p}`);
        const text = await page.locator("body").innerText();
        const raw = KEYS.filter((k) => text.includes(k));
        if (raw.length) problems.push(`${screen.path} ${lang}: raw translation keys ${raw.join(", ")}`);
        for (const width of WIDTHS) {
          const where = `${screen.path} ${lang} ${width.name}`;
          await page.setViewportSize(width.viewport);
          // The layout's media queries re-render after the resize: wait for that, and its transitions.
          await animationsDone(page);
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 1) problems.push(`${where}: the page overflows sideways by ${overflow}px`);
          // A list's row actions are never cut off: the first row's are inside the window.
          const actionsRight = await page.evaluate(() => {
            const cell = document.querySelector(".rg-list tbody tr td.rg-actions");
            return cell ? cell.getBoundingClientRect().right : null;
          });
          if (actionsRight !== null && actionsRight > width.viewport.width)
            problems.push(`${where}: the first row's actions end at ${actionsRight}px`);
          const name = screen.route.replaceAll("/", "_").replaceAll(":", "") || "_start";
          await page.screenshot({ path: path.join(SCREENSHOT_DIR, `every${name}-${lang}-${width.name}.png`) });
        }
      }
      expect(problems).toEqual([]);
    });
  }
});
