import { afterAll, beforeAll, expect, it } from "vitest";
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
    const cashier = await seedCashier(owner, fx.locationId);

    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, cashier.email, PASSWORD);
    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.counter).click();
    const search = field(page, pl.counter.search);
    await search.waitFor();
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);
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
