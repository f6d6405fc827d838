import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  call,
  countRows,
  createMemberVia,
  createTestCompany,
  memberSessionVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
let slug: string;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  slug = (await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner })).data.slug;
});
afterAll(() => ctx.close());

const create = (body: Record<string, unknown>, auth = a.owner) => call(ctx, { method: "POST", url: "/api/v1/portal-pages", auth, body });

describe("portal pages", () => {
  it("creates pages in menu order, sanitising their HTML, and the menu lists the active ones", async () => {
    const first = await create({
      title: "O nas",
      bodyHtml:
        '<h2 onclick="x()">Witaj</h2><script>alert(1)</script><p style="color:red">Tekst <a href="javascript:alert(1)">zły</a> ' +
        '<a href="https://example.com" target="_blank">dobry</a></p><img src="https://tracker.example/x.png"><img src="/media/med_abc" alt="logo"><iframe src="x"></iframe>',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.data.id).toMatch(/^pge_/);
    expect(first.data.position).toBe(0);
    expect(first.data.bodyHtml).toBe(
      '<h2>Witaj</h2><p>Tekst <a>zły</a> <a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">dobry</a></p><img src="/media/med_abc" alt="logo" />',
    );
    const second = await create({ title: "Regulamin", bodyHtml: "<p>§1</p>" });
    expect(second.data.position).toBe(1);
    const hidden = await create({ title: "Szkic", active: false });
    expect(hidden.data.position).toBe(2);

    // Reorder: the second page first.
    const moved = await call(ctx, { method: "PATCH", url: `/api/v1/portal-pages/${second.data.id}`, auth: a.owner, body: { position: 0 } });
    expect(moved.statusCode).toBe(200);
    await call(ctx, { method: "PATCH", url: `/api/v1/portal-pages/${first.data.id}`, auth: a.owner, body: { position: 1 } });
    const list = await call(ctx, { method: "GET", url: "/api/v1/portal-pages", auth: a.owner });
    expect(list.data.data.map((p: { title: string }) => p.title)).toEqual(["Regulamin", "O nas", "Szkic"]);

    const config = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/config` });
    expect(config.data.pages).toEqual([
      { id: second.data.id, title: "Regulamin", position: 0 },
      { id: first.data.id, title: "O nas", position: 1 },
    ]);
    // An inactive page is not shown to members.
    expect((await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/pages/${hidden.data.id}` })).statusCode).toBe(404);
    expect(await countRows(ctx.db, "audit_log", "company_id = $1 and action like 'portal_page.%'", [a.companyId])).toBe(5);
  });

  it("renders personal fields empty without a member session, the company's own ones filled", async () => {
    const page = await create({
      title: "Cześć {first_name}",
      bodyHtml: '<p>Cześć {first_name}! Firma: {company_name}. <a href="{member_ref_link}">Poleć</a> {unknown_field}</p>',
    });
    const res = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/pages/${page.data.id}` });
    expect(res.statusCode).toBe(200);
    expect(res.data.title).toBe("Cześć");
    expect(res.data.html).toContain("Cześć ! Firma: Company");
    expect(res.data.html).toContain("{unknown_field}");
    expect(res.data.html).not.toContain("{first_name}");
  });

  it("updates, deletes and refuses bad input naming the field", async () => {
    const page = await create({ title: unique("P ") });
    const bad: [string, "POST" | "PATCH", Record<string, unknown>, string][] = [
      ["/api/v1/portal-pages", "POST", { title: "" }, "title"],
      ["/api/v1/portal-pages", "POST", { title: "x".repeat(121) }, "title"],
      ["/api/v1/portal-pages", "POST", { title: "ok", position: -1 }, "position"],
      ["/api/v1/portal-pages", "POST", { title: "ok", bodyHtml: "x".repeat(100_001) }, "bodyHtml"],
      [`/api/v1/portal-pages/${page.data.id}`, "PATCH", { active: "yes" }, "active"],
      [`/api/v1/portal-pages/${page.data.id}`, "PATCH", { position: 1.5 }, "position"],
    ];
    const before = await countRows(ctx.db, "portal_pages", "company_id = $1", [a.companyId]);
    for (const [url, method, body, field] of bad) {
      const res = await call(ctx, { method, url, auth: a.owner, body });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect(await countRows(ctx.db, "portal_pages", "company_id = $1", [a.companyId])).toBe(before);
    const upd = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/portal-pages/${page.data.id}`,
      auth: a.owner,
      body: { bodyHtml: "<p>Nowy</p>" },
    });
    expect(upd.data.bodyHtml).toBe("<p>Nowy</p>");
    expect((await call(ctx, { method: "DELETE", url: `/api/v1/portal-pages/${page.data.id}`, auth: a.owner })).statusCode).toBe(204);
    expect((await call(ctx, { method: "GET", url: `/api/v1/portal-pages/${page.data.id}`, auth: a.owner })).statusCode).toBe(404);
  });
});

describe("portal pages for a signed-in member", () => {
  it("fills the member's own fields, escaped, and never a field's value as a link's address", async () => {
    const member = await createMemberVia(ctx, a.owner, { firstName: '<b>Ann</b> & "Co"' });
    const page = await create({
      title: "Dla {first_name}",
      bodyHtml:
        '<p>Cześć {first_name}, twoja karta {card_number}.</p><p><a href="{first_name}">x</a> <a href="{member_ref_link}">Poleć</a></p>',
    });
    const url = `/api/v1/portal/${slug}/pages/${page.data.id}`;
    const res = await call(ctx, { method: "GET", url, auth: await memberSessionVia(ctx, a.companyId, member.id) });
    expect(res.statusCode).toBe(200);
    expect(res.data.title).toBe('Dla <b>Ann</b> & "Co"');
    expect(res.data.html).toContain(`Cześć &lt;b&gt;Ann&lt;/b&gt; &amp; "Co", twoja karta ${member.cardNumber}.`);
    expect(res.data.html).toContain(`href="${ctx.config.publicUrl}/p/${slug}/join?ref=`);
    expect(res.data.html).not.toContain("<b>");

    // Another company's member session is no session here: the fields stay empty.
    const b = await createTestCompany(ctx);
    const other = await createMemberVia(ctx, b.owner, { firstName: "Zoe" });
    const foreign = await call(ctx, { method: "GET", url, auth: await memberSessionVia(ctx, b.companyId, other.id) });
    expect(foreign.statusCode).toBe(200);
    expect(foreign.data.html).toContain("Cześć , twoja karta .");
  });
});
