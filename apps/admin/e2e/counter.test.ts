import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "./axe-check";
import {
  apiAs,
  describeBrowser,
  field,
  type Harness,
  PASSWORD,
  pl,
  type SeededCompany,
  seedCompany,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  TABLET_PORTRAIT,
} from "./harness";
import { created, seedCashier, seedMember, seedProgram } from "./loyalty-setup";

const fill = (s: string, v: Record<string, string | number>) =>
  Object.entries(v).reduce((acc, [k, x]) => acc.replace(`{{${k}}}`, String(x)), s);

describeBrowser("counter", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a cashier finds a member by scanning, records a purchase with tier bonus, a replay and a return", async () => {
    const owner = await h.newPage();
    await signIn(owner, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(owner);
    const cardNumber = "5900123400017";
    const member = await seedMember(owner, { firstName: "Jan", lastName: "Kowalski", cardNumber, email: "jan.k@example.com" });
    await created(owner, "POST", `/api/v1/members/${member.id}/enrollments`, { programId: fx.programId });
    expect(
      (await apiAs(owner, "PUT", `/api/v1/members/${member.id}/programs/${fx.programId}/tier`, { tierId: fx.goldId, locked: true })).status,
    ).toBe(204);
    const cashier = await seedCashier(h, owner, fx.locationId);

    // A cashier signs in and lands on the counter, not on the start page.
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, cashier.email, PASSWORD);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/admin/counter");
    const search = field(page, pl.counter.search);
    await search.waitFor();
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await seriousAxeFindings(page)).toEqual([]);
    await shoot(page, "counter-search-pl-tablet");

    // A barcode scanner types the digits quickly and presses Enter.
    await page.keyboard.type(cardNumber, { delay: 5 });
    await page.keyboard.press("Enter");
    const panel = page.getByTestId("counter-member");
    await panel.getByText("Jan Kowalski").waitFor();
    await expect.poll(() => panel.getByTestId("counter-balance").innerText()).toBe("0");
    await panel.getByTestId("counter-tier").getByText("Gold").waitFor();
    expect(await panel.getByTestId("counter-tier").innerText()).toMatch(/10\s?%/);

    // The amount field has the focus; "123,45" is accepted.
    const amount = field(page, pl.counter.amount);
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("123,45");
    await field(page, pl.counter.receiptNumber).fill("PAR-0001");
    // 123 points at 1 pt per 1 PLN, doubled by Gold.
    await expect
      .poll(() =>
        page
          .getByTestId("preview-total")
          .innerText()
          .catch(() => ""),
      )
      .toBe("246");
    await shoot(page, "counter-preview-pl-tablet");
    await field(page, pl.counter.receiptNumber).press("Enter");
    const result = page.getByTestId("purchase-result");
    await result.getByText(pl.counter.recorded).waitFor();
    await result.getByText(fill(pl.counter.newBalance, { points: 246 })).waitFor();
    await expect.poll(() => panel.getByTestId("counter-balance").innerText()).toBe("246");
    await shoot(page, "counter-recorded-pl-tablet");
    const balance = async () =>
      (await apiAs<{ data: { available: number }[] }>(owner, "GET", `/api/v1/members/${member.id}/balances?programId=${fx.programId}`)).data
        .data[0]?.available;
    expect(await balance()).toBe(246);
    const [row] = await h.db.query<{ amount_minor: string; location_id: string; points: string }>(
      "select amount_minor, location_id, points from purchases where company_id = $1 and receipt_number = 'PAR-0001'",
      [company.companyId],
    );
    expect(Number(row?.amount_minor)).toBe(12345);
    expect(row?.location_id).toBe(fx.locationId);

    // The same receipt again: recognised as already recorded, nothing credited twice.
    await result.getByRole("button", { name: pl.counter.newPurchase }).click();
    await page.keyboard.type("123.45");
    await field(page, pl.counter.receiptNumber).fill("PAR-0001");
    await page.getByRole("button", { name: pl.counter.confirm }).click();
    await result.getByText(pl.counter.alreadyRecorded).waitFor();
    await shoot(page, "counter-replay-pl-tablet");
    expect(await balance()).toBe(246);

    // The same receipt number with another amount is a conflict, shown on the receipt field.
    await result.getByRole("button", { name: pl.counter.newPurchase }).click();
    await page.keyboard.type("10");
    await field(page, pl.counter.receiptNumber).fill("PAR-0001");
    await page.keyboard.press("Enter");
    await page.getByText(pl.counter.receiptConflict).waitFor();
    expect(await balance()).toBe(246);

    // A 50,00 zł return takes points back.
    await page.getByText(pl.counter.returnMode, { exact: true }).click();
    await field(page, pl.counter.findReceipt).fill("PAR-0001");
    await page.keyboard.press("Enter");
    const refund = field(page, pl.counter.refundAmount);
    await refund.waitFor();
    await refund.fill("50,00");
    await page.getByRole("button", { name: pl.counter.confirmReturn }).click();
    await page.getByText(pl.counter.returnDone).waitFor();
    const [ret] = await h.db.query<{ points: string; amount_minor: string }>(
      "select r.points, r.amount_minor from purchase_returns r join purchases p on p.company_id = r.company_id and p.id = r.purchase_id where p.company_id = $1 and p.receipt_number = 'PAR-0001'",
      [company.companyId],
    );
    expect(Number(ret?.amount_minor)).toBe(5000);
    const taken = Number(ret?.points);
    expect(taken).toBeGreaterThan(90);
    expect(taken).toBeLessThan(110);
    await page
      .getByTestId("return-points")
      .getByText(fill(pl.counter.pointsTakenBack, { points: taken }))
      .waitFor();
    expect(await balance()).toBe(246 - taken);
    await expect.poll(() => panel.getByTestId("counter-balance").innerText()).toBe(String(246 - taken));
    await shoot(page, "counter-return-pl-tablet");

    // Portrait tablet: the same screen stacks.
    await page.setViewportSize(TABLET_PORTRAIT);
    await shoot(page, "counter-return-pl-portrait");
  });

  it("records a purchase in three interactions (find, amount, confirm) without a receipt number; fits a tablet", async () => {
    const owner = await h.newPage();
    await signIn(owner, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(owner);
    const member = await seedMember(owner, { firstName: "Marta", lastName: "Nowicka", cardNumber: "5900123400031" });
    const cashier = await seedCashier(h, owner, fx.locationId);

    const page = await h.newPage(TABLET_PORTRAIT);
    await signIn(page, cashier.email, PASSWORD);
    // Opening the panel's address again also lands on the counter.
    await page.goto("/admin/");
    await expect.poll(() => new URL(page.url()).pathname).toBe("/admin/counter");
    await field(page, pl.counter.search).waitFor();
    await expect.poll(() => field(page, pl.counter.search).evaluate((el) => el === document.activeElement)).toBe(true);

    const interactions: string[] = [];
    // 1. Find: the card number as printed on the card, with spaces, and Enter.
    interactions.push("find");
    await page.keyboard.type("5900 1234 0003 1");
    await page.keyboard.press("Enter");
    await page.getByTestId("counter-member").getByText("Marta Nowicka").waitFor();
    const amount = field(page, pl.counter.amount);
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
    // 2. Amount (the field has the focus).
    interactions.push("amount");
    await page.keyboard.type("45,50");
    await expect
      .poll(() =>
        page
          .getByTestId("preview-total")
          .innerText()
          .catch(() => ""),
      )
      .toBe("45");
    // Amount and confirm are in view without scrolling at 768×1024.
    const confirm = page.getByRole("button", { name: pl.counter.confirm });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect((await amount.boundingBox())?.y).toBeGreaterThanOrEqual(0);
    expect(((await confirm.boundingBox())?.y ?? 9999) + ((await confirm.boundingBox())?.height ?? 0)).toBeLessThanOrEqual(
      TABLET_PORTRAIT.height,
    );
    // The redeem button (components/RedeemDialog.tsx, the theme's filled primary) is not this screen's own.
    expect((await seriousAxeFindings(page)).filter((f) => !f.includes(pl.rewards.redeem.open))).toEqual([]);
    await shoot(page, "counter-three-steps-pl-portrait");
    // 3. Confirm: Enter.
    interactions.push("confirm");
    await page.keyboard.press("Enter");
    const result = page.getByTestId("purchase-result");
    await result.getByText(pl.counter.recorded).waitFor();
    expect(interactions).toEqual(["find", "amount", "confirm"]);
    const receipt = await result.getByTestId("purchase-receipt").innerText();
    expect(receipt).toMatch(/^AUTO-[0-9A-F]{20}$/);
    const rows = await h.db.query<{ amount_minor: string; receipt_number: string; location_id: string }>(
      "select amount_minor, receipt_number, location_id from purchases where company_id = $1 and member_id = $2",
      [company.companyId, member.id],
    );
    expect(rows.map((r) => [Number(r.amount_minor), r.receipt_number, r.location_id])).toEqual([[4550, receipt, fx.locationId]]);
    await shoot(page, "counter-three-steps-recorded-pl-portrait");

    // Landscape tablet: the next purchase's amount and confirm are in view too.
    await page.setViewportSize(TABLET_LANDSCAPE);
    await result.getByRole("button", { name: pl.counter.newPurchase }).click();
    await expect.poll(() => amount.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type("10");
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    const box = await confirm.boundingBox();
    expect((box?.y ?? 9999) + (box?.height ?? 0)).toBeLessThanOrEqual(TABLET_LANDSCAPE.height);
    await shoot(page, "counter-three-steps-pl-tablet");
  });

  it("a blocked member is clearly marked and cannot buy", async () => {
    const owner = await h.newPage();
    await signIn(owner, company.ownerEmail, PASSWORD);
    const member = await seedMember(owner, { firstName: "Zenon", lastName: "Zablokowany", status: "blocked", blockedReason: "Nadużycia" });
    await owner.goto("/admin/counter");
    await field(owner, pl.counter.search).fill(member.cardNumber);
    await owner.keyboard.press("Enter");
    await owner.getByText(pl.counter.blocked).waitFor();
    await owner.getByText("Nadużycia").waitFor();
    expect(await owner.getByRole("button", { name: pl.counter.confirm }).isDisabled()).toBe(true);
    await shoot(owner, "counter-blocked-pl-desktop");
  });
});
