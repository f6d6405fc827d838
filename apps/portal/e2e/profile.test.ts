import { readFileSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../admin/e2e/axe-check";
import {
  pl as adminPl,
  DESKTOP,
  describeBrowser,
  field,
  type Harness,
  PASSWORD,
  type SeededCompany,
  seedCompany,
  settled,
  shoot,
  signIn,
  startHarness,
  TABLET_LANDSCAPE,
  unique,
} from "../../admin/e2e/harness";
import { markReferralRewarded, markReferralSuccessful } from "../../server/src/modules/referrals/referral-progress";
import { referralsConsumer } from "../../server/src/modules/referrals/referrals.consumer";
import { consumeEvents } from "../../server/src/platform/events";
import { sql } from "../../server/src/platform/sql";
import { messages as profileMessages } from "../src/features/profile/messages";
import { messages as programMessages } from "../src/features/program/messages";
import { messages as referralMessages } from "../src/features/referrals/messages";
import { memberCookie } from "./portal-harness";

const PHONE = { width: 390, height: 844 };
const langs = {
  pl: { ...profileMessages.pl, ...programMessages.pl, ...referralMessages.pl },
  en: { ...profileMessages.en, ...programMessages.en, ...referralMessages.en },
};

/** Calls the staff API with the admin page's session. */
async function staffApi<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; data: T }> {
  return page.evaluate(
    async ({ method, url, body }) => {
      const session = await fetch("/api/v1/auth/session").then((r) => r.json());
      const res = await fetch(url, {
        method,
        headers: { "content-type": "application/json", "x-csrf-token": session.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, data: text ? JSON.parse(text) : null };
    },
    { method, url, body },
  ) as Promise<{ status: number; data: T }>;
}

describeBrowser("member portal: program, referrals, profile", () => {
  let h: Harness;
  let company: SeededCompany;
  let slug = "";
  let staff: Page;
  const member = { id: "", cardNumber: "", lastName: unique("Portalowa") };

  /** A browser context signed in as the member (the session made by the sessions' own function, as the harness does). */
  async function memberContext(
    viewport: { width: number; height: number },
    language: "pl" | "en",
  ): Promise<{ ctx: BrowserContext; page: Page }> {
    // The member's language is on the card (it wins over the device's choice once signed in).
    expect((await staffApi(staff, "PATCH", `/api/v1/members/${member.id}`, { language })).status).toBe(200);
    const ctx = await h.newContext(viewport);
    await ctx.addCookies([await memberCookie(h, company.companyId, slug, member.id)]);
    await ctx.addInitScript((lang) => localStorage.setItem("regulars.portal.language", lang), language);
    return { ctx, page: await ctx.newPage() };
  }

  async function checkAxe(page: Page, what: string) {
    expect(await seriousAxeFindings(page), what).toEqual([]);
  }

  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
    const [row] = await h.db.query<{ slug: string }>(sql`select slug from companies where id = ${company.companyId}`);
    slug = row?.slug ?? "";
    staff = await h.newPage(TABLET_LANDSCAPE);
    await signIn(staff, company.ownerEmail, PASSWORD);
    const program = await staffApi<{ id: string }>(staff, "POST", "/api/v1/programs", {
      name: "Klub Kawowy",
      slogan: "Kawa, która się opłaca",
      description: "Zbieraj punkty za każdą kawę i wymieniaj je na nagrody.",
      status: "active",
      budgetBp: 100,
      welcomePoints: 50,
      primaryColor: "#7a4b2a",
    });
    expect(program.status).toBe(201);
    const rules = [
      {
        name: "Podwójne punkty w weekend",
        description: "W soboty i niedziele każdy zakup liczy się podwójnie.",
        icon: "bolt",
        kind: "multiplier",
        multiplierBp: 20_000,
      },
      {
        name: "Urodziny",
        description: "Prezent od nas w Twoje urodziny.",
        icon: "cake",
        kind: "event",
        eventType: "birthday",
        bonusPoints: 100,
      },
    ];
    for (const r of rules) expect((await staffApi(staff, "POST", `/api/v1/programs/${program.data.id}/rules`, r)).status).toBe(201);
    expect(
      (await staffApi(staff, "POST", `/api/v1/programs/${program.data.id}/tiers`, { name: "Złoty", threshold: 1000, discountBp: 500 }))
        .status,
    ).toBe(201);
    const loc = await staffApi(staff, "POST", "/api/v1/locations", {
      name: "Kraków, Kazimierz",
      address: { street: "ul. Szeroka 1", postalCode: "31-053", city: "Kraków" },
      coordinates: { latitude: 50.0519, longitude: 19.9485 },
      phone: "+48 12 345 67 89",
      openingHours: ["mon", "tue", "wed", "thu", "fri"].map((day) => ({ day, opens: "08:00", closes: "18:00" })),
    });
    expect(loc.status).toBe(201);
    const field1 = await staffApi(staff, "POST", "/api/v1/custom-fields", {
      key: "ulubiona_kawa",
      label: "Ulubiona kawa",
      type: "choice",
      options: ["espresso", "latte", "flat white"],
      visibleToMember: true,
    });
    expect(field1.status).toBe(201);
    const created = await staffApi<{ id: string; cardNumber: string }>(staff, "POST", "/api/v1/members", {
      firstName: "Ewa",
      lastName: member.lastName,
      email: `${unique("ewa")}@example.com`,
    });
    expect(created.status).toBe(201);
    member.id = created.data.id;
    member.cardNumber = created.data.cardNumber;
    const consents = await staffApi<{ data: { id: string }[] }>(staff, "GET", "/api/v1/consents?active=true");
    const granted = await staffApi(staff, "POST", `/api/v1/members/${member.id}/consents`, {
      changes: consents.data.data.map((c) => ({ consentId: c.id, granted: true })),
    });
    expect(granted.status).toBe(200);
    const friend = await staffApi<{ id: string }>(staff, "POST", "/api/v1/members", {
      firstName: "Zofia",
      lastName: "Kowalska",
      referrerId: member.id,
    });
    expect(friend.status).toBe(201);
    const justJoined = await staffApi(staff, "POST", "/api/v1/members", { firstName: "Marek", lastName: "Lis", referrerId: member.id });
    expect(justJoined.status).toBe(201);
    // What the worker does: the referrals consumer records both; automation pays 30 points for Zofia's success.
    while ((await consumeEvents({ db: h.db, consumer: referralsConsumer })).consumed > 0);
    await h.db.transaction(async (tx) => {
      const at = new Date();
      await markReferralSuccessful(tx, { companyId: company.companyId, friendId: friend.data.id, at });
      await markReferralRewarded(tx, { companyId: company.companyId, friendId: friend.data.id, points: 30, at });
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows the program: branding, ways to earn, tiers and points of sale with a map link, on a phone and a desktop, in pl and en", async () => {
    for (const lang of ["pl", "en"] as const) {
      const s = langs[lang];
      for (const [size, viewport] of [
        ["phone", PHONE],
        ["desktop", DESKTOP],
      ] as const) {
        const { ctx, page } = await memberContext(viewport, lang);
        await page.goto(`/p/${slug}/program`);
        await page.getByRole("heading", { name: "Klub Kawowy" }).waitFor();
        await settled(page, `program ${lang}`);
        await page.getByText("Podwójne punkty w weekend").waitFor();
        await page.getByText(s.program.promotion).first().waitFor();
        await page.getByText("Kraków, Kazimierz").waitFor();
        const map = page.getByRole("link", { name: s.program.showOnMapOf.replace("{{name}}", "Kraków, Kazimierz") });
        expect(await map.getAttribute("href")).toContain("openstreetmap.org/?mlat=50.0519&mlon=19.9485");
        await shoot(page, `portal/program-${lang}-${size}`);
        await page.getByRole("heading", { name: s.program.locations }).scrollIntoViewIfNeeded();
        await shoot(page, `portal/program-locations-${lang}-${size}`);
        await checkAxe(page, `program ${lang} ${size}`);
        await ctx.close();
      }
    }
  });

  it("shows my referral link and friends", async () => {
    for (const lang of ["pl", "en"] as const) {
      const s = langs[lang];
      const { ctx, page } = await memberContext(PHONE, lang);
      await page.goto(`/p/${slug}/refer`);
      await page.getByRole("heading", { name: s.referrals.title }).waitFor();
      await settled(page, `referrals ${lang}`);
      expect(await field(page, s.referrals.link).inputValue()).toMatch(new RegExp(`/p/${slug}/join\\?ref=`));
      await page.getByText("Zofia K.").waitFor();
      // The friends' statuses and the points referrals paid.
      await page.getByText(s.referrals.statuses.rewarded, { exact: true }).waitFor();
      await page.getByText(s.referrals.statuses.registered, { exact: true }).waitFor();
      await page.getByText(s.referrals.points.replace("{{points}}", "30"), { exact: true }).waitFor();
      await shoot(page, `portal/referrals-${lang}-phone`);
      await checkAxe(page, `referrals ${lang}`);
      await ctx.close();
    }
  });

  it("edits the profile, withdraws a consent (staff see source portal), downloads the data, asks for deletion; staff erase", async () => {
    const s = langs.pl;
    const { ctx, page } = await memberContext(PHONE, "pl");
    await page.goto(`/p/${slug}/profile`);
    await page.getByRole("heading", { name: s.profile.title }).waitFor();
    await settled(page, "profile");
    await shoot(page, "portal/profile-pl-phone");
    await checkAxe(page, "profile pl");

    // Edit: a bad phone is refused in place, then a good one saves.
    await field(page, s.profile.firstName).fill("Ewelina");
    await field(page, s.profile.phone).fill("abc");
    await page.getByRole("button", { name: s.profile.save }).click();
    await page.getByText(s.profile.fieldErrors.invalid).waitFor();
    await field(page, s.profile.phone).fill("600 100 200");
    await field(page, "Ulubiona kawa").click();
    await page.getByRole("option", { name: "latte" }).click();
    await page.getByRole("button", { name: s.profile.save }).click();
    await page.getByText(s.profile.saved).waitFor();
    await settled(page, "saved");
    const card = await staffApi<{ firstName: string; phone: string; customFields: Record<string, unknown> }>(
      staff,
      "GET",
      `/api/v1/members/${member.id}`,
    );
    expect(card.data).toMatchObject({ firstName: "Ewelina", phone: "+48600100200", customFields: { ulubiona_kawa: "latte" } });

    // Withdraw the first consent.
    const consents = page.getByRole("region", { name: s.profile.consents });
    const firstName = (await staffApi<{ data: { name: string }[] }>(staff, "GET", "/api/v1/consents?active=true")).data.data[0]?.name ?? "";
    const firstSwitch = consents.getByRole("switch", { name: firstName });
    expect(await firstSwitch.isChecked()).toBe(true);
    // By keyboard: the sticky header and bottom navigation may cover the switch on a phone.
    await firstSwitch.focus();
    await page.keyboard.press("Space");
    await page.getByText(s.profile.consentWithdrawn).waitFor();
    await settled(page, "withdrawn");
    expect(await firstSwitch.isChecked()).toBe(false);
    await consents.scrollIntoViewIfNeeded();
    await shoot(page, "portal/profile-consents-pl-phone");

    // Download my data: a JSON file with my card.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: s.profile.download }).click()]);
    expect(download.suggestedFilename()).toMatch(/^my-data-\d{4}-\d{2}-\d{2}\.json$/);
    const exported = JSON.parse(readFileSync((await download.path()) as string, "utf8"));
    expect(exported.member).toMatchObject({ id: member.id, firstName: "Ewelina", cardNumber: member.cardNumber });
    expect(exported.consents.history[0]).toMatchObject({ granted: false, source: "portal" });

    // Ask for deletion, with the confirmation dialog.
    await page.getByRole("button", { name: s.profile.delete }).click();
    const dialog = page.getByRole("dialog", { name: s.profile.deleteTitle });
    await field(dialog, s.profile.deleteReason).fill("Przeprowadzam się");
    await shoot(page, "portal/profile-delete-dialog-pl-phone");
    await checkAxe(page, "delete dialog");
    await dialog.getByRole("button", { name: s.profile.deleteConfirm }).click();
    await page.getByText(s.profile.deletionRequested).waitFor();
    await settled(page, "requested");
    await shoot(page, "portal/profile-deletion-requested-pl-phone");
    await ctx.close();

    // English, on a desktop.
    const en = await memberContext(DESKTOP, "en");
    await en.page.goto(`/p/${slug}/profile`);
    await en.page.getByRole("heading", { name: langs.en.profile.title }).waitFor();
    await settled(en.page, "profile en");
    await shoot(en.page, "portal/profile-en-desktop");
    await checkAxe(en.page, "profile en");
    await en.ctx.close();

    // Staff: the consent history on the card shows the portal; the request is in the Requests list; erase from there.
    const a = adminPl;
    await staff.goto(`/admin/members/${member.id}`);
    await staff.getByRole("tab", { name: a.members.tabs.consents }).click();
    await settled(staff, "card consents");
    const portalSource = staff.getByRole("cell", { name: a.members.sources.portal }).first();
    await portalSource.waitFor();
    await portalSource.scrollIntoViewIfNeeded();
    await shoot(staff, "portal/admin-consent-history-portal-pl-tablet");
    await staff.goto("/admin/privacy-requests");
    await staff.getByRole("heading", { name: a.members.requests.title, level: 1 }).waitFor();
    await settled(staff, "requests");
    await staff.getByText("Przeprowadzam się").waitFor();
    await shoot(staff, "portal/admin-requests-pl-tablet");
    await checkAxe(staff, "admin requests");
    await staff.getByRole("button", { name: `${a.common.actionsFor.replace("{{name}}", `Ewelina ${member.lastName}`)}` }).click();
    await staff.getByRole("menuitem", { name: a.members.requests.erase }).click();
    const erase = staff.getByRole("dialog", { name: a.members.privacy.eraseTitle });
    await field(erase, a.members.privacy.typeCard.replace("{{card}}", member.cardNumber)).fill(member.cardNumber);
    await erase.getByRole("button", { name: a.members.privacy.eraseConfirm }).click();
    await erase.waitFor({ state: "detached" });
    await settled(staff, "erased");
    await staff.getByText(a.members.requests.emptyTitle).waitFor();
    const done = await staffApi<{ data: { status: string; member: { erased: boolean } }[] }>(
      staff,
      "GET",
      "/api/v1/privacy-requests?status=done",
    );
    expect(done.data.data[0]).toMatchObject({ status: "done", member: { erased: true } });
    await shoot(staff, "portal/admin-requests-after-erase-pl-tablet");
  });
});
