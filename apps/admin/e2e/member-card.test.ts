import type { Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { drainWorker } from "./drain-worker";
import {
  apiAs,
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

/** The page scrolls only vertically. */
async function noHorizontalOverflow(page: Page, what: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${what}: page width ${scrollWidth} > viewport ${innerWidth}`).toBeLessThanOrEqual(innerWidth);
}

/** The element is whole inside the viewport (not cut off, no scrolling needed). */
async function inViewport(page: Page, locator: ReturnType<Page["getByTestId"]>, what: string) {
  const box = await locator.boundingBox();
  const viewport = page.viewportSize();
  expect(box, what).not.toBeNull();
  if (!box || !viewport) return;
  expect(box.x, what).toBeGreaterThanOrEqual(0);
  expect(box.y, what).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, what).toBeLessThanOrEqual(viewport.width);
  expect(box.y + box.height, what).toBeLessThanOrEqual(viewport.height);
}

describeBrowser("member card", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("registers a member with a custom field, a consent and a referrer, then adjusts points and withdraws the consent", async () => {
    const page = await h.newPage(TABLET_LANDSCAPE);
    await signIn(page, company.ownerEmail, PASSWORD);
    const fx = await seedProgram(page);
    await created(page, "POST", "/api/v1/custom-fields", { key: "ulubiona_kawa", label: "Ulubiona kawa", type: "text", required: true });
    const newsletter = await created(page, "POST", "/api/v1/consents", {
      key: "newsletter_e2e",
      name: "Zgoda testowa e2e",
      purpose: "newsletter",
      channel: "email",
      text: "Zgadzam się na otrzymywanie newslettera.",
    });
    const referrer = await seedMember(page, {
      firstName: "Barbara",
      lastName: "Polecająca",
      email: "barbara@example.com",
      customFields: { ulubiona_kawa: "Espresso" },
    });

    await page.getByRole("navigation", { name: pl.shell.navigation }).getByText(pl.nav.members, { exact: true }).click();
    await page.getByRole("heading", { name: pl.members.title, level: 1 }).waitFor();
    await page.getByRole("button", { name: pl.members.add }).first().click();
    const drawer = page.getByRole("dialog", { name: pl.members.createTitle });
    await drawer.waitFor();
    await field(drawer, pl.members.firstName).fill("Celina");
    await field(drawer, pl.members.lastName).fill("Nowicka");
    await field(drawer, pl.members.email).fill("celina@example.com");
    await field(drawer, pl.members.phone).fill("+48 600 100 200");

    // The required custom field is refused empty, next to the field.
    await drawer.getByRole("button", { name: pl.members.create }).click();
    await expect.poll(() => field(drawer, "Ulubiona kawa").getAttribute("aria-invalid")).toBe("true");
    await field(drawer, "Ulubiona kawa").fill("Flat white");

    // Referrer: searched by card number.
    await field(drawer, pl.members.referrer).fill(referrer.cardNumber);
    await page.getByRole("option", { name: new RegExp(referrer.cardNumber) }).click();
    await drawer.getByRole("checkbox", { name: "Zgoda testowa e2e" }).check();
    await shoot(page, "member-form-pl-tablet");
    await drawer.getByRole("button", { name: pl.members.create }).click();
    await drawer.waitFor({ state: "hidden" });

    // The card opens, with the referrer linked.
    await page.getByRole("heading", { name: "Celina Nowicka", level: 1 }).waitFor();
    const link = page.getByTestId("referrer-link");
    await link.getByText("Barbara Polecająca").waitFor();
    await page.getByText("Flat white").waitFor();
    await shoot(page, "member-card-details-pl-tablet");
    const [row] = await h.db.query<{ id: string; referrer_id: string; custom_fields: unknown }>(
      "select id, referrer_id, custom_fields from members where company_id = $1 and email = 'celina@example.com'",
      [company.companyId],
    );
    expect(row?.referrer_id).toBe(referrer.id);
    expect(JSON.stringify(row?.custom_fields)).toContain("Flat white");
    const memberId = row?.id ?? "";
    // Enrolled in the (only) active program, which was checked by default.
    const balances = await apiAs<{ data: { programId: string }[] }>(page, "GET", `/api/v1/members/${memberId}/balances`);
    expect(balances.data.data.map((b) => b.programId)).toEqual([fx.programId]);
    const consents = await apiAs<{ current: { consentId: string; granted: boolean }[] }>(
      page,
      "GET",
      `/api/v1/members/${memberId}/consents`,
    );
    expect(consents.data.current.find((c) => c.consentId === newsletter.id)?.granted).toBe(true);

    // A purchase and a tier change through the API, to see them on their tabs.
    await created(page, "POST", "/api/v1/purchases", {
      programId: fx.programId,
      memberId,
      amount: { amount: 4000, currency: "PLN" },
      receiptNumber: "CARD-1",
      locationId: fx.locationId,
    });
    expect(
      (await apiAs(page, "PUT", `/api/v1/members/${memberId}/programs/${fx.programId}/tier`, { tierId: fx.goldId, locked: true })).status,
    ).toBe(204);

    // Manual adjustment with a reason: in the ledger with the reason and who did it.
    await page.getByRole("tab", { name: pl.members.tabs.points }).click();
    await page.getByRole("button", { name: pl.points.adjust }).click();
    const adjust = page.getByRole("dialog", { name: pl.points.adjustTitle });
    await field(adjust, pl.points.points).fill("25");
    await field(adjust, pl.points.reason).fill("Przeprosiny za kolejkę");
    await adjust.getByRole("button", { name: pl.points.adjustConfirm }).click();
    await adjust.waitFor({ state: "hidden" });
    const entry = page.getByTestId("ledger-row").filter({ hasText: "Przeprosiny za kolejkę" });
    await entry.getByText(company.ownerName).waitFor();
    await entry.getByText("+25").waitFor();
    await page.getByTestId("balance-available").getByText("65").waitFor();
    await shoot(page, "member-card-points-pl-tablet");
    const [adj] = await h.db.query<{ points: string; actor_id: string }>(
      "select points, actor_id from ledger_entries where company_id = $1 and member_id = $2 and reason = 'Przeprosiny za kolejkę'",
      [company.companyId, memberId],
    );
    expect(Number(adj?.points)).toBe(25);
    expect(adj?.actor_id).toBe(company.ownerId);

    // Reverse it: a reversing entry, the balance back to 40.
    await entry.getByRole("button").click();
    await page.getByRole("menuitem", { name: pl.points.reverse }).click();
    const reverse = page.getByRole("dialog", { name: pl.points.reverseTitle });
    await field(reverse, pl.points.reason).fill("Pomyłka");
    await reverse.getByRole("button", { name: pl.points.reverse }).click();
    await page.getByTestId("balance-available").getByText("40").waitFor();

    // The first tab shows the balance and the tier first.
    await page.getByRole("tab", { name: pl.members.tabs.details }).click();
    await page.getByTestId("summary-available").getByText("40", { exact: true }).waitFor();
    await page.getByTestId(`summary-${fx.programId}`).getByText(/^Gold/).waitFor();

    await page.getByRole("tab", { name: pl.members.tabs.purchases }).click();
    await page.getByRole("row").filter({ hasText: "CARD-1" }).waitFor();
    await shoot(page, "member-card-purchases-pl-tablet");
    await page.getByRole("tab", { name: pl.members.tabs.tiers }).click();
    await page.getByRole("cell", { name: pl.members.tierReasons.manual }).waitFor();
    await page.getByText("Gold").first().waitFor();
    await shoot(page, "member-card-tiers-pl-tablet");

    // Withdraw the consent: asked first, then in the history with source and actor.
    await page.getByRole("tab", { name: pl.members.tabs.consents }).click();
    await page.getByTestId("consent-newsletter_e2e").getByRole("button", { name: pl.members.withdraw }).click();
    await page.getByRole("dialog").getByRole("button", { name: pl.members.withdraw }).click();
    await page.getByTestId("consent-newsletter_e2e").getByText(pl.members.notGranted).waitFor();
    const history = page.getByTestId("consent-history-row");
    await history.filter({ hasText: pl.members.withdrawnEvent }).filter({ hasText: company.ownerName }).waitFor();
    await history.filter({ hasText: pl.members.grantedEvent }).waitFor();
    await shoot(page, "member-card-consents-pl-tablet");
    const log = await h.db.query<{ granted: boolean }>(
      "select granted from member_consent_events where company_id = $1 and member_id = $2 order by occurred_at",
      [company.companyId, memberId],
    );
    expect(log.map((l) => l.granted)).toEqual([true, false]);

    // The referrer's card lists the referral, once the worker has recorded it.
    await drainWorker(h, company.companyId);
    await page.goto(`/admin/members/${referrer.id}`);
    await page.getByRole("tab", { name: pl.members.tabs.referrals }).click();
    await page.getByRole("link", { name: "Celina Nowicka" }).waitFor();
    await shoot(page, "member-card-referrals-pl-tablet");

    // Search in the list: fuzzy name.
    await page.goto("/admin/members");
    await field(page, pl.members.search).fill("nowicka");
    // Her points and tier are in her row.
    const celina = page.getByRole("row").filter({ hasText: "Celina Nowicka" });
    await celina.getByTestId("member-points").getByText("40 pkt").waitFor();
    await celina.getByTestId("member-points").getByText(/^Gold/).waitFor();
    await shoot(page, "members-list-pl-tablet");
  });
  it("shows points and tier in the list and first on the card, fitting desktop and both tablet sizes, in Polish and English", async () => {
    const own = await seedCompany(h);
    const page = await h.newPage({ width: 1440, height: 900 });
    await signIn(page, own.ownerEmail, PASSWORD);
    const fx = await seedProgram(page, "Klub Kawowy");
    const anna = await seedMember(page, {
      firstName: "Anna",
      lastName: "Wiśniewska-Kowalczyk",
      email: "anna.wisniewska-kowalczyk@example.com",
      phone: "600200300",
      tags: ["vip", "kawa"],
      joinLocationId: fx.locationId,
    });
    for (const [firstName, lastName] of [
      ["Piotr", "Zieliński"],
      ["Zofia", "Nowak"],
    ])
      await seedMember(page, { firstName, lastName, phone: "+48 501 234 567", joinLocationId: fx.locationId });
    await seedMember(page, { firstName: "Marek", lastName: "Zablokowany", status: "blocked", blockedReason: "Karta zgubiona" });
    await created(page, "POST", "/api/v1/purchases", {
      programId: fx.programId,
      memberId: anna.id,
      amount: { amount: 12345, currency: "PLN" },
      receiptNumber: "SIZE-1",
      locationId: fx.locationId,
    });
    expect(
      (await apiAs(page, "PUT", `/api/v1/members/${anna.id}/programs/${fx.programId}/tier`, { tierId: fx.goldId, locked: false })).status,
    ).toBe(204);

    for (const [lang, s] of [
      ["pl", pl],
      ["en", en],
    ] as const) {
      if (lang === "en") {
        await page.getByText("EN", { exact: true }).click();
        await page.getByRole("navigation", { name: en.shell.navigation }).waitFor();
      }
      for (const viewport of [TABLET_LANDSCAPE, TABLET_PORTRAIT]) {
        const size = `${lang} ${viewport.width}`;
        await page.setViewportSize(viewport);
        await page.goto("/admin/members");
        await page.getByRole("heading", { name: s.members.title, level: 1 }).waitFor();
        await settled(page, `members ${size}`);
        const row = page.getByRole("row").filter({ hasText: "Anna Wiśniewska-Kowalczyk" });
        await row
          .getByTestId("member-points")
          .getByText(lang === "pl" ? "123 pkt" : "123 pts")
          .waitFor();
        await row.getByTestId("member-points").getByText(/^Gold/).waitFor();
        if (viewport.width > 1024) await row.getByText("+48 600 200 300").waitFor();
        // Status and the row actions are never cut off; the page does not scroll sideways.
        await inViewport(page, page.getByTestId("member-actions").first(), `first row's actions ${size}`);
        await inViewport(page, row.getByText(s.members.statuses.active), `status ${size}`);
        await noHorizontalOverflow(page, `members ${size}`);
        await shoot(page, `members-list-${lang}-${viewport.width}`);

        await page.goto(`/admin/members/${anna.id}`);
        await page.getByRole("heading", { name: "Anna Wiśniewska-Kowalczyk", level: 1 }).waitFor();
        await settled(page, `member card ${size}`);
        // The first tab opens with the balance and the tier.
        await page.getByTestId("summary-available").getByText("123", { exact: true }).waitFor();
        await page.getByTestId("summary-pending").getByText("0", { exact: true }).waitFor();
        await page.getByTestId("summary-expiring").waitFor();
        await page.getByTestId(`summary-${fx.programId}`).getByText(/^Gold/).waitFor();
        await inViewport(page, page.getByTestId("summary-available"), `balance on the card ${size}`);
        await page.getByText("+48 600 200 300").waitFor();
        await noHorizontalOverflow(page, `member card ${size}`);
        await shoot(page, `member-card-${lang}-${viewport.width}`);
      }
    }
  }, 240_000);
});
