/**
 * widget.js as a visitor meets it on the host page: a hostile stylesheet on the page changes
 * nothing in the widget (boxes, computed styles, pixels), the keyboard reaches and leaves it the
 * usual way, and it reads right in Polish and English on a desktop and a 390 px phone (axe: no
 * serious or critical finding inside the panel; screenshots under test-output/screenshots/widget/).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { DESKTOP, describeBrowser, type Harness, startHarness } from "../../../apps/admin/e2e/harness.js";
import { messages } from "../src/messages.js";
import {
  type HostSite,
  hostPage,
  inMinutes,
  inWidget,
  memberToken,
  memberWithPoints,
  PHONE,
  startHostSite,
  WIDGET_SHOTS,
  type WidgetCompany,
  type WidgetMember,
  widgetAxeFindings,
  widgetCompany,
  widgetFocus,
} from "./widget-harness.js";

let h: Harness;
let host: HostSite;
let c: WidgetCompany;
const members: Partial<Record<"pl" | "en", WidgetMember>> = {};

beforeAll(async () => {
  mkdirSync(WIDGET_SHOTS, { recursive: true });
  h = await startHarness();
  host = await startHostSite();
  c = await widgetCompany(h, [host.origin]);
  members.pl = await memberWithPoints(h, c, "pl");
  members.en = await memberWithPoints(h, c, "en");
}, 180_000);
afterAll(async () => {
  await host?.close();
  await h?.close();
});

/** A page of the host site with the member's fresh token (or none), plain or hostile. */
function publish(name: string, lang: "pl" | "en", opts: { member?: boolean; hostile?: boolean } = {}): string {
  const token = opts.member ? memberToken(c.secret, { sub: members[lang]!.email, exp: inMinutes(5) }) : undefined;
  host.setPage(`/${name}`, hostPage({ apiUrl: h.baseUrl, publicKey: c.publicKey, lang, token, hostile: opts.hostile }));
  return `${host.origin}/${name}`;
}

async function openWidget(p: Page, lang: "pl" | "en", member: boolean): Promise<void> {
  await p.locator("regulars-widget .launcher").click();
  await (member ? p.locator("regulars-widget [data-testid=available-points]") : p.getByLabel(messages[lang].email)).waitFor();
}

/** Every element of the widget: its box and the computed styles a page could try to change. */
function widgetLayout(p: Page) {
  return inWidget(p, (root) =>
    [root.host, ...Array.from(root.querySelectorAll("*"))]
      .filter((el) => el.tagName !== "STYLE")
      .map((el) => {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        return [
          el.tagName,
          el.getAttribute("class") ?? "",
          r.x.toFixed(1),
          r.y.toFixed(1),
          r.width.toFixed(1),
          r.height.toFixed(1),
          s.display,
          s.position,
          s.fontFamily,
          s.fontSize,
          s.fontWeight,
          s.lineHeight,
          s.letterSpacing,
          s.wordSpacing,
          s.textTransform,
          s.color,
          s.backgroundColor,
          s.borderTopWidth,
          s.borderTopColor,
          s.opacity,
          s.visibility,
          s.transform,
          s.filter,
          s.direction,
        ].join(" | ");
      }),
  );
}

/** Pixels of the panel and the launcher, inside their rounded corners (the page shows through those). */
async function widgetPixels(p: Page): Promise<Buffer[]> {
  const shots: Buffer[] = [];
  for (const selector of ["regulars-widget .panel", "regulars-widget .launcher"]) {
    const box = (await p.locator(selector).boundingBox())!;
    const inset = 24;
    shots.push(await p.screenshot({ clip: { x: box.x + inset, y: box.y + 8, width: box.width - 2 * inset, height: box.height - 16 } }));
  }
  return shots;
}

describeBrowser("website widget on the host page", () => {
  it("looks and measures the same under a hostile stylesheet", async () => {
    for (const member of [true, false]) {
      const context = await h.newContext(DESKTOP);
      const plain = await context.newPage();
      await plain.goto(publish(`plain-${member}`, "pl", { member }));
      await openWidget(plain, "pl", member);
      // The focus ring would differ only by where the focus is: take it off the panel in both.
      await plain.evaluate(() => (document.querySelector("regulars-widget")?.shadowRoot?.activeElement as HTMLElement | null)?.blur());
      const expected = await widgetLayout(plain);
      const expectedPixels = await widgetPixels(plain);
      await plain.screenshot({ path: path.join(WIDGET_SHOTS, `plain-${member ? "member" : "signed-out"}-desktop-pl.png`) });

      const hostile = await context.newPage();
      await hostile.goto(publish(`hostile-${member}`, "pl", { member, hostile: true }));
      await openWidget(hostile, "pl", member);
      await hostile.evaluate(() => (document.querySelector("regulars-widget")?.shadowRoot?.activeElement as HTMLElement | null)?.blur());
      // The page's own look did change: the hostile rules are in force.
      expect(await hostile.evaluate(() => getComputedStyle(document.querySelector("header")!).display)).toBe("inline");
      const actual = await widgetLayout(hostile);
      expect(actual).toEqual(expected);
      expect(actual?.[0]).toContain("BLOCK".toLowerCase());
      const actualPixels = await widgetPixels(hostile);
      expect(actualPixels.map((b, i) => b.equals(expectedPixels[i]!))).toEqual([true, true]);
      await hostile.screenshot({ path: path.join(WIDGET_SHOTS, `hostile-${member ? "member" : "signed-out"}-desktop-pl.png`) });
      await context.close();
    }
  });

  it("works with the keyboard: Tab to the launcher, Enter opens, the focus stays inside, Escape closes and returns", async () => {
    const context = await h.newContext(DESKTOP);
    const p = await context.newPage();
    await p.goto(publish("keys", "pl", { member: true }));
    await p.locator("regulars-widget .launcher").waitFor();
    let presses = 0;
    // The page's own links come first; the widget is the last thing on the page.
    while ((await widgetFocus(p)) !== "launcher" && presses < 20) {
      await p.keyboard.press("Tab");
      presses++;
    }
    expect(await widgetFocus(p)).toBe("launcher");
    const ring = await inWidget(p, (root) => {
      const s = getComputedStyle(root.querySelector(".launcher")!);
      return `${s.outlineStyle} ${s.outlineWidth}`;
    });
    expect(ring).toBe("solid 3px");
    const launcher = p.locator("regulars-widget .launcher");
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");
    expect(await launcher.getAttribute("aria-controls")).toBe("rw-panel");

    await p.keyboard.press("Enter");
    await p.locator("regulars-widget [data-testid=available-points]").waitFor();
    expect(await launcher.getAttribute("aria-expanded")).toBe("true");
    expect(await widgetFocus(p)).toMatch(/^panel:/);
    const dialog = p.getByRole("dialog", { name: c.programName });
    await dialog.waitFor();
    // Forwards and backwards around the panel's controls, never out of it.
    for (const key of ["Tab", "Shift+Tab"]) {
      for (let i = 0; i < 25; i++) {
        await p.keyboard.press(key);
        expect(await widgetFocus(p), `${key} #${i + 1}`).toMatch(/^panel:/);
      }
    }
    await p.keyboard.press("Escape");
    expect(await p.locator("regulars-widget .panel").isHidden()).toBe(true);
    expect(await widgetFocus(p)).toBe("launcher");
    expect(await launcher.getAttribute("aria-expanded")).toBe("false");

    // The close button does the same.
    await p.keyboard.press("Enter");
    await p.getByRole("button", { name: messages.pl.close }).click();
    expect(await p.locator("regulars-widget .panel").isHidden()).toBe(true);
    expect(await widgetFocus(p)).toBe("launcher");
    await context.close();
  });

  it("speaks the page's language, else the member's; takes queued commands and later ones at once", async () => {
    // A page that does not say its language, with "open" queued before the script loads.
    const token = memberToken(c.secret, { sub: members.en!.email, exp: inMinutes(5) });
    host.setPage(
      "/no-lang",
      hostPage({ apiUrl: h.baseUrl, publicKey: c.publicKey, lang: null, token, extra: ' regulars.push(["open"]);' }),
    );
    const context = await h.newContext(DESKTOP);
    const p = await context.newPage();
    await p.goto(`${host.origin}/no-lang`);
    // Opened by the queued command; the member's language (English) once the summary is in.
    await p.locator("regulars-widget [data-testid=available-points]").waitFor();
    expect(await p.locator("regulars-widget [data-testid=available-points]").textContent()).toBe("1,369\u00a0pts");
    expect(await p.locator("regulars-widget .launcher").textContent()).toBe(messages.en.launcher);
    // After load, push runs a command at once.
    await p.evaluate(() => (window as unknown as { regulars: { push(c: unknown): void } }).regulars.push(["language", "pl"]));
    expect(await p.locator("regulars-widget .launcher").textContent()).toBe(messages.pl.launcher);
    expect((await p.locator("regulars-widget [data-testid=available-points]").textContent())?.replace(/\s/g, " ")).toBe("1 369 pkt");
    await p.evaluate(() => (window as unknown as { regulars: { push(c: unknown): void } }).regulars.push(["close"]));
    expect(await p.locator("regulars-widget .panel").isHidden()).toBe(true);
    await p.evaluate(() => (window as unknown as { regulars: { push(c: unknown): void } }).regulars.push(["logout"]));
    await p.evaluate(() => (window as unknown as { regulars: { push(c: unknown): void } }).regulars.push(["open"]));
    await p.getByLabel(messages.pl.email).waitFor();
    await context.close();
  });

  it("reads right in Polish and English, on a desktop and a 390 px phone, with no serious axe findings", async () => {
    for (const lang of ["pl", "en"] as const) {
      for (const [size, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ] as const) {
        for (const member of [false, true]) {
          const context = await h.newContext(viewport);
          const p = await context.newPage();
          await p.goto(publish(`look-${lang}-${size}-${member}`, lang, { member }));
          expect(await p.locator("regulars-widget .launcher").textContent()).toBe(messages[lang].launcher);
          await openWidget(p, lang, member);
          const name = `${member ? "member" : "signed-out"}-${size}-${lang}`;
          expect(await widgetAxeFindings(p), name).toEqual([]);
          const panel = (await p.locator("regulars-widget .panel").boundingBox())!;
          expect(panel.x, name).toBeGreaterThanOrEqual(0);
          expect(panel.x + panel.width, name).toBeLessThanOrEqual(viewport.width);
          expect(panel.y, name).toBeGreaterThanOrEqual(0);
          expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), name).toBe(true);
          await p.screenshot({ path: path.join(WIDGET_SHOTS, `${name}.png`) });
          if (member) {
            // The rest of the panel (rewards, referral link, links, sign out), scrolled into view.
            await p.getByRole("button", { name: messages[lang].signOut }).scrollIntoViewIfNeeded();
            await p.screenshot({ path: path.join(WIDGET_SHOTS, `${name}-end.png`) });
          }
          await context.close();
        }
      }
    }
  });
});
