/**
 * The admin's live preview (src/preview.ts) in Chromium, without any server: the real launcher and
 * panel inside a container, signed out and with a member's sample data, in Polish and English;
 * updates redraw it, it stays inside its container, sends no request and takes no focus.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../../apps/admin/e2e/axe-check.js";
import { CHROMIUM_PATH, describeBrowser, SCREENSHOT_DIR } from "../../../apps/admin/e2e/harness.js";
import type { PreviewInput } from "../src/preview.js";
import { previewScript } from "./preview-bundle.js";

const SHOTS = path.join(SCREENSHOT_DIR, "widget");
let browser: Browser;
let script = "";

const input = (over: Partial<PreviewInput> = {}): PreviewInput => ({
  appearance: {
    accentColor: "#0b7a75",
    position: "bottom-right",
    texts: { pl: { launcher: "", title: "", intro: "" }, en: { launcher: "", title: "", intro: "" } },
  },
  companyName: "Kawiarnia Pod Lipą",
  programName: "Klub Kawowy",
  logoUrl: null,
  language: "pl",
  state: "member",
  open: true,
  ...over,
});

/** A page like the admin's: a settings form on the left, the preview's container on the right. */
/** Every request a page made (the preview must make none). */
const requestsOf = new WeakMap<Page, string[]>();

async function previewPage(first: PreviewInput): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const requests: string[] = [];
  requestsOf.set(page, requests);
  page.on("request", (r) => {
    if (!r.url().startsWith("data:") && r.url() !== "about:blank") requests.push(r.url());
  });
  await page.setContent(`<!doctype html><html lang="pl"><body style="margin:0;font:16px serif">
    <main style="display:flex;gap:24px;padding:24px"><h1 style="flex:1">Ustawienia widżetu</h1><input id="typing" aria-label="Tekst przycisku">
    <div id="box" style="width:440px;height:720px;background:#f3f4f6;border:1px solid #ccc"></div></main></body></html>`);
  await page.addScriptTag({ content: script });
  await page.evaluate((i) => {
    document.getElementById("typing")?.focus();
    const w = window as unknown as {
      RegularsPreview: typeof import("../src/preview.js");
      preview: ReturnType<typeof import("../src/preview.js")["mountWidgetPreview"]>;
    };
    w.preview = w.RegularsPreview.mountWidgetPreview(document.getElementById("box")!, i);
  }, first);
  return page;
}

const update = (page: Page, i: PreviewInput) =>
  page.evaluate((next) => (window as unknown as { preview: { update(i: PreviewInput): void } }).preview.update(next), i);

const panelText = (page: Page) =>
  page.evaluate(() => document.querySelector("regulars-widget")?.shadowRoot?.querySelector(".panel")?.textContent ?? "");

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  script = await previewScript();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu"] });
}, 120_000);
afterAll(() => browser?.close());

describeBrowser("widget preview (admin)", () => {
  it("shows a member's sample panel in Polish, then English and signed out, inside its container", async () => {
    const page = await previewPage(input());
    const text = await panelText(page);
    expect(text).toContain("Cześć, Zofia!");
    expect(text.replace(/\s/g, " ")).toContain("1 369 pkt");
    expect(text).toContain("Do poziomu Złoty brakuje");
    expect(text).toContain("Zakup — Kraków, Stare Miasto");
    // The admin keeps typing in its own field: the preview never takes the focus.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("typing");
    expect(await seriousAxeFindings(page)).toEqual([]);
    const box = (await page.locator("#box").boundingBox())!;
    const host = (await page.locator("regulars-widget").boundingBox())!;
    expect(host.x).toBeGreaterThanOrEqual(box.x);
    expect(host.y).toBeGreaterThanOrEqual(box.y);
    expect(host.x + host.width).toBeLessThanOrEqual(box.x + box.width);
    expect(host.y + host.height).toBeLessThanOrEqual(box.y + box.height);
    await page.screenshot({ path: path.join(SHOTS, "preview-member-pl.png") });

    await update(page, input({ language: "en", appearance: { ...input().appearance, accentColor: "#f5c518", position: "bottom-left" } }));
    expect(await panelText(page)).toContain("Hi, Emily!");
    expect((await panelText(page)).replace(/\s/g, " ")).toContain("1,369 pts");
    // A light accent gets dark text on the launcher.
    const launcherColor = await page.evaluate(
      () => getComputedStyle(document.querySelector("regulars-widget")!.shadowRoot!.querySelector(".launcher")!).color,
    );
    expect(launcherColor).toBe("rgb(17, 17, 17)");
    await page.screenshot({ path: path.join(SHOTS, "preview-member-en-left.png") });

    await update(
      page,
      input({
        state: "signed-out",
        language: "en",
        appearance: {
          ...input().appearance,
          texts: {
            ...input().appearance.texts,
            en: { launcher: "Club points", title: "Coffee Club", intro: "Collect a point for every coffee." },
          },
        },
      }),
    );
    const signedOut = await panelText(page);
    expect(signedOut).toContain("Coffee Club");
    expect(signedOut).toContain("Collect a point for every coffee.");
    expect(await page.evaluate(() => document.querySelector("regulars-widget")!.shadowRoot!.querySelector(".launcher")!.textContent)).toBe(
      "Club points",
    );
    expect(await seriousAxeFindings(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "preview-signed-out-en.png") });

    await update(page, input({ open: false }));
    expect(
      await page.evaluate(() => document.querySelector("regulars-widget")!.shadowRoot!.querySelector<HTMLElement>(".panel")!.hidden),
    ).toBe(true);
    expect(requestsOf.get(page)).toEqual([]);
    await page.close();
  });
});
