import { afterAll, beforeAll, expect, it } from "vitest";
import { seriousAxeFindings } from "../../admin/e2e/axe-check";
import {
  apiAs,
  describeBrowser,
  type Harness,
  PASSWORD,
  type SeededCompany,
  seedCompany,
  shoot,
  signIn,
  startHarness,
} from "../../admin/e2e/harness";
import { startMemberSession } from "../../server/src/modules/member-auth/member-sessions.js";

const PHONE = { width: 390, height: 844 };

describeBrowser("portal pages", () => {
  let h: Harness;
  let company: SeededCompany;
  beforeAll(async () => {
    h = await startHarness();
    company = await seedCompany(h);
  });
  afterAll(async () => {
    await h?.close();
  });

  it("shows a company page with the member's own fields, and lists it in More", async () => {
    const staff = await h.newPage();
    await signIn(staff, company.ownerEmail, PASSWORD);
    const settings = await apiAs<{ slug: string }>(staff, "GET", "/api/v1/portal-settings");
    const slug = settings.data.slug;
    const put = await apiAs(staff, "PUT", "/api/v1/portal-settings", {
      enabled: true,
      customDomain: null,
      programName: "Klub Kawy",
      logoMediaId: null,
      backgroundMediaId: null,
      faviconMediaId: null,
      accentColor: "#aa3300",
      identifierLabelPl: "",
      identifierLabelEn: "",
      barcodeFormat: "code128",
      defaultProgramId: null,
    });
    expect(put.status).toBe(200);
    const created = await apiAs<{ id: string }>(staff, "POST", "/api/v1/portal-pages", {
      title: "Regulamin",
      bodyHtml:
        "<h2>Witaj, {first_name}!</h2><p>Zbierasz punkty za każdy zakup. Masz teraz <strong>{points}</strong> pkt.</p>" +
        '<ul><li>1 zł = 1 pkt</li><li>Nagrody od 100 pkt</li></ul><p><a href="{member_ref_link}">Poleć nas znajomym</a></p>',
    });
    expect(created.status).toBe(201);
    const member = await apiAs<{ id: string }>(staff, "POST", "/api/v1/members", { firstName: "Ewa", lastName: "Lis" });
    expect(member.status).toBe(201);

    const context = await h.newContext(PHONE);
    const { token } = await startMemberSession(h.db, {
      companyId: company.companyId,
      memberId: member.data.id,
      ip: null,
      userAgent: "e2e",
    });
    await context.addCookies([{ name: "regulars_member", value: token, url: `${h.baseUrl}/api/v1/portal/${slug}` }]);
    const page = await context.newPage();
    await page.goto(`/p/${slug}/pages/${created.data.id}`);
    await page.getByRole("heading", { name: "Regulamin" }).waitFor();
    await page.getByRole("heading", { name: "Witaj, Ewa!" }).waitFor();
    expect(await page.getByRole("link", { name: "Poleć nas znajomym" }).getAttribute("href")).toContain(`/p/${slug}/join?ref=`);
    await shoot(page, "portal/page-pl-phone");
    expect(await seriousAxeFindings(page)).toEqual([]);

    // Without a session the same page has no name in it.
    const visitor = await (await h.newContext(PHONE)).newPage();
    await visitor.goto(`/p/${slug}/pages/${created.data.id}`);
    await visitor.getByRole("heading", { name: "Witaj, !" }).waitFor();
  });
});
