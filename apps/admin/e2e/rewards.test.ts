import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  apiAs,
  DESKTOP,
  describeBrowser,
  en,
  field,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
} from "./harness";
import { created, seedMember, seedProgram } from "./loyalty-setup";
import { givePoints, makePng } from "./rewards-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replace(`{{${k}}}`, String(x)), s);

function leafKeys(node: unknown, prefix = ""): string[] {
  if (typeof node !== "object" || node === null) return [prefix];
  return Object.entries(node).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}
const KEYS = leafKeys(en).filter((k) => k.includes("."));

async function noRawKeys(page: Page) {
  const text = await page.locator("body").innerText();
  expect(KEYS.filter((k) => text.includes(k))).toEqual([]);
}

async function choose(page: Page, label: string, option: string | RegExp) {
  await field(page, label).click();
  await page.getByRole("option", { name: option }).click();
}

interface Redemption {
  id: string;
  status: string;
  codes: string[];
  points: number;
}

describeBrowser("rewards", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("an e-voucher reward with an image, codes imported from CSV, redeemed at the counter and cancelled", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(page, "Klub Kawowy");
    const member = await seedMember(page, { firstName: "Jan", lastName: "Kowalski", email: "jan.k@example.com" });
    await givePoints(page, member.id, fx.programId, 500);
    expect(
      (await apiAs(page, "PUT", `/api/v1/members/${member.id}/programs/${fx.programId}/tier`, { tierId: fx.goldId, locked: true })).status,
    ).toBe(204);
    const balance = async () =>
      (await apiAs<{ data: { available: number }[] }>(page, "GET", `/api/v1/members/${member.id}/balances?programId=${fx.programId}`)).data
        .data[0]?.available;

    // Empty states say what to do first.
    await page.goto("/admin/voucher-pools");
    await page.getByText(pl.rewards.pools.emptyTitle).waitFor();
    await shoot(page, "voucher-pools-empty-pl-desktop");

    // A pool, filled from a CSV file through the file input.
    await page.getByRole("button", { name: pl.rewards.pools.add }).first().click();
    await field(page, pl.rewards.pools.name).fill("Kody Kawa 10 zł");
    await field(page, pl.rewards.pools.lowThreshold).fill("2");
    await page.getByRole("button", { name: pl.common.create }).click();
    await page.getByRole("heading", { name: "Kody Kawa 10 zł", level: 1 }).waitFor();
    const poolId = page.url().split("/").pop() ?? "";
    expect(poolId).toMatch(/\w/);
    await page.getByRole("button", { name: pl.rewards.pools.import }).click();
    const importDialog = page.getByRole("dialog", { name: pl.rewards.pools.importTitle });
    // An invalid line refuses the whole file and is named.
    await importDialog.getByLabel(pl.rewards.pools.csvText).fill("code,expires_at\nKAWA-AAAA1\nzły kod!\n");
    await importDialog.getByRole("button", { name: pl.rewards.pools.importSubmit }).click();
    await importDialog.getByTestId("import-problem").getByText(pl.rewards.pools.importInvalid).waitFor();
    expect(await importDialog.getByTestId("import-problem").innerText()).toContain(fill(pl.fields.csvLine, { line: 3 }));
    await shoot(page, "voucher-import-invalid-pl-desktop");
    const csv = "code,expires_at\nKAWA-AAAA1,2099-12-31\nKAWA-BBBB2,2099-12-31\nKAWA-CCCC3\nKAWA-CCCC3\n";
    await importDialog.locator('input[type="file"]').setInputFiles({ name: "kody.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await expect.poll(() => importDialog.getByLabel(pl.rewards.pools.csvText).inputValue()).toBe(csv);
    await importDialog.getByRole("button", { name: pl.rewards.pools.importSubmit }).click();
    const result = importDialog.getByTestId("import-result");
    await result.getByText(fill(pl.rewards.pools.imported, { formatted: 3 })).waitFor();
    await result.getByText(fill(pl.rewards.pools.duplicates, { codes: "KAWA-CCCC3" })).waitFor();
    await shoot(page, "voucher-import-done-pl-desktop");
    await importDialog.getByRole("button", { name: pl.common.close }).click();
    await expect.poll(() => page.getByTestId("count-available").innerText()).toBe("3");
    const pool = await apiAs<{ counts: { available: number } }>(page, "GET", `/api/v1/voucher-pools/${poolId}`);
    expect(pool.data.counts.available).toBe(3);
    await shoot(page, "voucher-pool-pl-desktop");

    // The reward: an e-voucher with an uploaded image; the preview follows the form.
    await page.goto("/admin/rewards");
    await page.getByText(pl.rewards.emptyTitle).waitFor();
    await shoot(page, "rewards-empty-pl-desktop");
    await page.getByRole("link", { name: pl.rewards.addFirst }).click();
    await page.getByRole("heading", { name: pl.rewards.form.createTitle, level: 1 }).waitFor();
    await field(page, pl.rewards.form.namePl).fill("Bon 10 zł na kawę");
    await field(page, pl.rewards.form.nameEn).fill("10 PLN coffee voucher");
    await field(page, pl.rewards.form.descriptionPl).fill("Kod do wykorzystania w sklepie internetowym.");
    await field(page, pl.rewards.form.category).fill("Bony");
    await choose(page, pl.rewards.kind, pl.rewards.kinds.voucher);
    await choose(page, pl.rewards.form.voucherPool, /Kody Kawa 10 zł/);
    await field(page, pl.rewards.form.pointsPrice).fill("200");
    await page.locator('input[type="file"]').setInputFiles({ name: "bon.png", mimeType: "image/png", buffer: makePng() });
    const preview = page.getByTestId("reward-preview");
    await preview.locator("img").waitFor();
    await preview.getByText("Bon 10 zł na kawę").waitFor();
    await preview.getByText(fill(pl.rewards.pointsPrice, { points: 200 })).waitFor();
    await shoot(page, "reward-editor-pl-desktop");
    await page.getByRole("button", { name: pl.rewards.form.create }).click();
    await page.getByRole("heading", { name: "Bon 10 zł na kawę", level: 1 }).waitFor();
    const rewardId = page.url().split("/").pop() ?? "";
    const reward = await apiAs<{ kind: string; imageMediaIds: string[]; voucherPoolId: string; pointsPrice: number; nameEn: string }>(
      page,
      "GET",
      `/api/v1/rewards/${rewardId}`,
    );
    expect(reward.status).toBe(200);
    expect(reward.data).toMatchObject({ kind: "voucher", voucherPoolId: poolId, pointsPrice: 200, nameEn: "10 PLN coffee voucher" });
    expect(reward.data.imageMediaIds).toHaveLength(1);

    // At the counter: find the member, redeem, see the code.
    await page.goto("/admin/counter");
    await field(page, pl.counter.search).fill(member.cardNumber);
    await page.keyboard.press("Enter");
    await page.getByTestId("counter-member").getByText("Jan Kowalski").waitFor();
    await page.getByRole("button", { name: pl.rewards.redeem.open }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("radio", { name: "Bon 10 zł na kawę" }).click();
    await shoot(page, "redeem-dialog-pl-desktop");
    // A double click sends one redemption (one Idempotency-Key per opening).
    await dialog.getByRole("button", { name: pl.rewards.redeem.submit }).dblclick();
    const code = await dialog.getByTestId("redeem-code").innerText();
    await dialog.getByTestId("redeem-balance").getByText("300").waitFor();
    expect(await dialog.getByTestId("redeem-discount").innerText()).toMatch(/10\s?%/);
    await shoot(page, "redeem-done-pl-desktop");
    const issued = await apiAs<{ data: Redemption[] }>(page, "GET", `/api/v1/redemptions?memberId=${member.id}`);
    expect(issued.data.data).toHaveLength(1);
    const redemption = issued.data.data[0] as Redemption;
    expect(redemption.codes).toEqual([code]);
    expect(redemption.status).toBe("issued");
    expect(await balance()).toBe(300);
    await dialog.getByRole("button", { name: pl.common.close }).click();

    // Cancel from the redemptions list: points back, code void.
    await page.goto("/admin/redemptions");
    const row = page.getByRole("row").filter({ hasText: code });
    await row.getByText("Jan Kowalski").waitFor();
    await shoot(page, "redemptions-pl-desktop");
    await row.getByRole("button", { name: fill(pl.common.actionsFor, { name: "Bon 10 zł na kawę" }) }).click();
    await page.getByRole("menuitem", { name: pl.rewards.redemptions.cancel }).click();
    const cancelDialog = page.getByRole("dialog");
    await cancelDialog.getByText(fill(pl.rewards.redemptions.cancelMessage, { points: 200 })).waitFor();
    await cancelDialog.getByText(code, { exact: false }).waitFor();
    await cancelDialog.getByRole("button", { name: pl.rewards.redemptions.confirmCancel }).click();
    await cancelDialog.getByText(pl.validation.required).waitFor();
    await shoot(page, "redemption-cancel-pl-desktop");
    await field(cancelDialog, pl.rewards.redemptions.cancelReason).fill("Klient się rozmyślił");
    await cancelDialog.getByRole("button", { name: pl.rewards.redemptions.confirmCancel }).click();
    await row.getByText(pl.rewards.redemptions.statuses.cancelled, { exact: true }).waitFor();
    const after = await apiAs<Redemption>(page, "GET", `/api/v1/redemptions/${redemption.id}`);
    expect(after.data.status).toBe("cancelled");
    expect(await balance()).toBe(500);
    const voided = await apiAs<{ data: { code: string }[] }>(page, "GET", `/api/v1/voucher-pools/${poolId}/codes?status=void`);
    expect(voided.data.data.map((c) => c.code)).toEqual([code]);
  }, 180_000);

  it("a reward added from a program's screen lands in that program; a single stock needs its quantity", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    // Two active programs: the new-reward form used to default to the first one.
    await seedProgram(page, "Klub Pierwszy");
    const tea = await seedProgram(page, "Klub Herbaty");
    await page.goto(`/admin/programs/${tea.programId}`);
    await page.getByRole("tab", { name: pl.programs.tabs.rewards }).click();
    await page.getByText(pl.programs.rewards.emptyTitle).waitFor();
    await page.getByRole("link", { name: pl.programs.rewards.add }).click();
    await page.getByRole("heading", { name: pl.rewards.form.createTitle, level: 1 }).waitFor();
    await expect.poll(() => field(page, pl.rewards.form.program).inputValue()).toBe("Klub Herbaty");
    await field(page, pl.rewards.form.namePl).fill("Puszka herbaty");
    await field(page, pl.rewards.form.pointsPrice).fill("300");
    await page.getByText(pl.rewards.stockModes.global, { exact: true }).click();
    await page.getByRole("button", { name: pl.rewards.form.create }).click();
    await page.getByText(pl.rewards.form.initialStockRequired).waitFor();
    await expect.poll(() => field(page, pl.rewards.form.initialStock).getAttribute("aria-invalid")).toBe("true");
    await shoot(page, "reward-stock-required-pl-desktop");
    const none = await h.db.query("select id from rewards where company_id = $1 and name_pl = 'Puszka herbaty'", [company.companyId]);
    expect(none).toEqual([]);
    await field(page, pl.rewards.form.initialStock).fill("12");
    await page.getByRole("button", { name: pl.rewards.form.create }).click();
    await page.getByRole("heading", { name: "Puszka herbaty", level: 1 }).waitFor();
    const [saved] = await h.db.query<{ program_id: string; stock_mode: string; stock: number }>(
      "select program_id, stock_mode, stock from rewards where company_id = $1 and name_pl = 'Puszka herbaty'",
      [company.companyId],
    );
    expect(saved).toEqual({ program_id: tea.programId, stock_mode: "global", stock: 12 });
    // Back on the program, the reward is in its Rewards tab.
    await page.getByRole("link", { name: pl.rewards.backToProgram }).click();
    await page.getByRole("tab", { name: pl.programs.tabs.rewards, selected: true }).waitFor();
    const row = page.getByRole("row").filter({ hasText: "Puszka herbaty" });
    await row.getByText(fill(pl.rewards.stock.inStock, { formatted: 12 })).waitFor();
    await shoot(page, "program-rewards-pl-desktop");
  }, 120_000);

  it("a code pool's codes can be searched and paged; an e-voucher's stock is its pool's available codes", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(page, "Klub Kodów");
    const pool = await created<{ id: string }>(page, "POST", "/api/v1/voucher-pools", { name: "Kody 50", lowThreshold: 5 });
    const csv = ["code", ...Array.from({ length: 60 }, (_, i) => `PAGE-${String(i).padStart(3, "0")}`)].join("\n");
    await apiAs(page, "POST", `/api/v1/voucher-pools/${pool.id}/import`, { csv });
    await page.goto(`/admin/voucher-pools/${pool.id}`);
    const codes = page.getByTestId("pool-codes");
    await codes.getByText("PAGE-049").waitFor();
    expect(await codes.getByRole("row").count()).toBe(51); // header + 50
    expect(await codes.getByText("PAGE-050").count()).toBe(0);
    await shoot(page, "voucher-pool-paged-pl-desktop");
    await codes.getByRole("button", { name: pl.common.loadMore }).click();
    await codes.getByText("PAGE-059").waitFor();
    expect(await codes.getByRole("row").count()).toBe(61);
    await field(page, pl.rewards.pools.search).fill("page-04");
    await expect.poll(() => codes.getByRole("row").count()).toBe(11);
    await codes.getByText("PAGE-045").waitFor();
    await shoot(page, "voucher-pool-search-pl-desktop");

    const voucher = await created<{ id: string }>(page, "POST", "/api/v1/rewards", {
      programId: fx.programId,
      namePl: "E-bon z puli",
      kind: "voucher",
      voucherPoolId: pool.id,
      pointsPrice: 100,
    });
    const stockText = fill(pl.rewards.stock.poolCodes, { formatted: 60 });
    await page.goto("/admin/rewards");
    await page.getByRole("row").filter({ hasText: "E-bon z puli" }).getByText(stockText).waitFor();
    await page.goto(`/admin/rewards/${voucher.id}`);
    await expect.poll(() => page.getByTestId("voucher-stock").innerText()).toBe(stockText);
    await page.goto(`/admin/programs/${fx.programId}?tab=rewards`);
    await page.getByRole("row").filter({ hasText: "E-bon z puli" }).getByText(stockText).waitFor();
  }, 120_000);

  it("stock of a physical reward: delivery and a correction that needs a reason", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(page, "Klub Kubków");
    const mug = await created<{ id: string }>(page, "POST", "/api/v1/rewards", {
      programId: fx.programId,
      namePl: "Kubek termiczny",
      nameEn: "Travel mug",
      kind: "physical",
      pointsPrice: 800,
      stockMode: "global",
      initialStock: 5,
      lowStockThreshold: 3,
    });
    await page.goto("/admin/rewards");
    await page.getByText("Kubek termiczny").first().waitFor();
    const mugRow = page.getByRole("row").filter({ hasText: "Kubek termiczny" });
    await mugRow.getByRole("button", { name: fill(pl.common.actionsFor, { name: "Kubek termiczny" }) }).click();
    await page.getByRole("menuitem", { name: pl.rewards.stock.open }).click();
    await page.getByRole("heading", { name: fill(pl.rewards.stock.title, { name: "Kubek termiczny" }), level: 1 }).waitFor();
    await expect.poll(() => page.getByTestId("stock-current").innerText()).toBe("5");

    await page.getByRole("button", { name: pl.rewards.stock.delivery, exact: true }).click();
    let dialog = page.getByRole("dialog", { name: pl.rewards.stock.deliveryTitle });
    await field(dialog, pl.rewards.stock.deliveryQuantity).fill("10");
    await field(dialog, pl.rewards.stock.reason).fill("FV/12/2025");
    await dialog.getByRole("button", { name: pl.rewards.stock.saveDelivery }).click();
    await expect.poll(() => page.getByTestId("stock-current").innerText()).toBe("15");

    await page.getByRole("button", { name: pl.rewards.stock.correction, exact: true }).click();
    dialog = page.getByRole("dialog", { name: pl.rewards.stock.correctionTitle });
    await field(dialog, pl.rewards.stock.correctionQuantity).fill("-2");
    await dialog.getByRole("button", { name: pl.rewards.stock.saveCorrection }).click();
    await dialog.getByText(pl.validation.required).waitFor();
    await shoot(page, "stock-correction-pl-tablet");
    await field(dialog, pl.rewards.stock.reason).fill("Uszkodzone w transporcie");
    await dialog.getByRole("button", { name: pl.rewards.stock.saveCorrection }).click();
    await expect.poll(() => page.getByTestId("stock-current").innerText()).toBe("13");
    const history = page.getByTestId("stock-history");
    await history.getByText("Uszkodzone w transporcie").waitFor();
    await history.getByText("FV/12/2025").waitFor();
    await shoot(page, "stock-pl-tablet");

    const reward = await apiAs<{ stock: number }>(page, "GET", `/api/v1/rewards/${mug.id}`);
    expect(reward.data.stock).toBe(13);
    const moves = await apiAs<{ data: { kind: string; quantity: number; stockAfter: number; reason: string | null }[] }>(
      page,
      "GET",
      `/api/v1/rewards/${mug.id}/stock`,
    );
    expect(moves.data.data.map((m) => [m.kind, m.quantity, m.stockAfter])).toEqual([
      ["correction", -2, 13],
      ["delivery", 10, 15],
      ["delivery", 5, 5],
    ]);
  }, 120_000);

  it("every rewards screen renders translated at desktop and tablet size", async () => {
    const page = await h.newPage(DESKTOP);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(page, "Klub Nagród");
    const second = await created<{ id: string }>(page, "POST", "/api/v1/locations", {
      name: "Kawiarnia Rynek",
      address: { city: "Kraków" },
    });
    const pool = await created<{ id: string }>(page, "POST", "/api/v1/voucher-pools", { name: "E-bony 20 zł", lowThreshold: 5 });
    await created(page, "POST", `/api/v1/voucher-pools/${pool.id}/generate`, { count: 4, prefix: "EB", length: 8 });
    const png = makePng(64, [60, 90, 160]).toString("base64");
    const media = await page.evaluate(async (b64) => {
      const session = await fetch("/api/v1/auth/session").then((r) => r.json());
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const form = new FormData();
      form.append("file", new Blob([bytes], { type: "image/png" }), "kubek.png");
      const res = await fetch("/api/v1/media", { method: "POST", body: form, headers: { "x-csrf-token": session.csrfToken } });
      return (await res.json()) as { id: string };
    }, png);
    const voucher = await created<{ id: string }>(page, "POST", "/api/v1/rewards", {
      programId: fx.programId,
      namePl: "E-bon 20 zł",
      nameEn: "20 PLN e-voucher",
      descriptionPl: "Do wykorzystania w sklepie internetowym.",
      descriptionEn: "For the online shop.",
      category: "Bony",
      kind: "voucher",
      voucherPoolId: pool.id,
      pointsPrice: 400,
    });
    const mug = await created<{ id: string }>(page, "POST", "/api/v1/rewards", {
      programId: fx.programId,
      namePl: "Kubek z logo",
      nameEn: "Logo mug",
      descriptionPl: "Ceramiczny kubek 300 ml.",
      category: "Gadżety",
      kind: "physical",
      pointsPrice: 1200,
      imageMediaIds: [media.id],
      stockMode: "per_location",
      lowStockThreshold: 2,
      limitPerMember: 1,
      tierIds: [fx.goldId],
    });
    await created(page, "POST", `/api/v1/rewards/${mug.id}/stock`, {
      kind: "delivery",
      quantity: 6,
      locationId: fx.locationId,
      reason: "",
    });
    await created(page, "POST", `/api/v1/rewards/${mug.id}/stock`, { kind: "delivery", quantity: 2, locationId: second.id, reason: "" });
    await created(page, "POST", "/api/v1/rewards", {
      programId: fx.programId,
      namePl: "Rabat 15%",
      nameEn: "15% off",
      kind: "coupon",
      couponKind: "percent",
      couponValue: 15,
      couponMinOrderMinor: 5000,
      pointsPrice: 300,
      active: false,
    });
    const member = await seedMember(page, { firstName: "Ola", lastName: "Nowak" });
    await givePoints(page, member.id, fx.programId, 1000);
    await created(page, "POST", "/api/v1/redemptions", { memberId: member.id, rewardId: voucher.id, locationId: fx.locationId });

    for (const [lang, s] of [
      ["pl", pl],
      ["en", en],
    ] as const) {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
      }
      // The screens themselves are in every-screen.test.ts; what opens on them, on a portrait tablet.
      for (const [size, viewport] of [["768", TABLET_PORTRAIT]] as const) {
        await page.setViewportSize(viewport);
        // The redeem dialog from the member card.
        await page.goto(`/admin/members/${member.id}`);
        await page.getByRole("button", { name: s.rewards.redeem.open }).click();
        await page.getByTestId("redeem-catalog").waitFor();
        await settled(page, `redeem dialog ${lang} ${size}`);
        await noRawKeys(page);
        await shoot(page, `redeem-dialog-${lang}-${size}`);
        await page.keyboard.press("Escape");
        // Import and generate dialogs.
        await page.goto(`/admin/voucher-pools/${pool.id}`);
        await page.getByRole("button", { name: s.rewards.pools.import }).click();
        await page.getByRole("dialog", { name: s.rewards.pools.importTitle }).waitFor();
        await shoot(page, `voucher-import-${lang}-${size}`);
        await page.keyboard.press("Escape");
        await page.getByRole("button", { name: s.rewards.pools.generate }).click();
        await page.getByRole("dialog", { name: s.rewards.pools.generateTitle }).waitFor();
        await shoot(page, `voucher-generate-${lang}-${size}`);
        await page.keyboard.press("Escape");
      }
    }
  }, 240_000);
});
