import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "../src/platform/sql.js";
import { PORTAL_DIST, type PortalSite, portalHead, renderPortalPage } from "../src/platform/static-portal.js";
import { call, createTestCompany, startTestApp, type TestContext, unique } from "./harness.js";

// The member portal's pages (platform/static-portal.ts): the company's head injected into the
// built index.html, the service worker per portal, the assets' caching, 404 for unknown portals.
// Needs the built portal (`npm run build`), as the browser tests do.

if (!existsSync(path.join(PORTAL_DIST, "index.html"))) {
  throw new Error(`The portal is not built (${PORTAL_DIST}/index.html missing). Run \`npm run build\` at the repository root first.`);
}

let ctx: TestContext;
let slug: string;
let name: string;

beforeAll(async () => {
  ctx = await startTestApp();
  const company = await createTestCompany(ctx);
  const [row] = await ctx.db.query<{ slug: string; name: string }>(sql`select slug, name from companies where id = ${company.companyId}`);
  slug = row!.slug;
  name = row!.name;
});

afterAll(async () => {
  await ctx?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => call(ctx, { method: "GET", url, headers });

describe("the portal page", () => {
  it("is index.html with the company's head, at the portal's root and at any of its paths", async () => {
    for (const url of [`/p/${slug}/`, `/p/${slug}/rewards`, `/p/${slug}/pages/abc?x=1`]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.headers["cache-control"]).toBe("no-cache");
      expect(res.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(res.headers["content-security-policy"]).toContain("manifest-src 'self'");
      expect(res.headers["content-security-policy"]).toContain("worker-src 'self'");
      const html = res.body;
      expect(html).toContain(
        `<meta name="regulars-portal" content='{&quot;slug&quot;:&quot;${slug}&quot;,&quot;base&quot;:&quot;/p/${slug}/&quot;}'>`,
      );
      expect(html).toContain(`<link rel="manifest" href="/p/${slug}/manifest.webmanifest">`);
      expect(html).toContain(`<title>${name}</title>`);
      expect(html.match(/<title>/g)).toHaveLength(1);
      expect(html).toMatch(/<meta name="theme-color" content="#[0-9a-f]{6}">/);
      expect(html).toMatch(/<script type="module" crossorigin src="\/p\/_app\/assets\/index-[^"]+\.js"><\/script>/);
    }
  });

  it("redirects /p/<slug> to /p/<slug>/", async () => {
    const res = await get(`/p/${slug}`);
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(`/p/${slug}/`);
  });

  it("answers a plain 404 page for a slug no company has, and for _app", async () => {
    for (const url of [
      `/p/${unique("nope")}/`,
      `/p/${unique("nope")}`,
      `/p/${unique("nope")}/sw.js`,
      "/p/_app/",
      "/p/_app/missing.js",
      "/p/_app/index.html",
      "/p/_app/sw.js",
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers["content-type"], url).toMatch(/^text\/html/);
      expect(res.body).toContain("Nie ma takiego portalu");
      expect(res.body).toContain("There is no such portal");
    }
  });

  it("escapes the company's name and keeps the meta parseable", () => {
    const site: PortalSite = {
      slug: "s",
      name: `<script>alert("x")</script> & 'Co'`,
      language: "en",
      themeColor: "not-a-color",
      faviconUrl: null,
    };
    const html = renderPortalPage('<html lang="pl"><head><title>Regulars</title></head><body></body></html>', site, "/");
    expect(html).not.toContain("<script>alert");
    expect(html).toContain("<title>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;</title>");
    expect(html).toContain('<html lang="en"');
    expect(portalHead(site, "/")).toContain('<meta name="theme-color" content="#1c7ed6">');
    const content = /name="regulars-portal" content='([^']*)'/.exec(html)?.[1] ?? "";
    expect(JSON.parse(content.replaceAll("&quot;", '"'))).toEqual({ slug: "s", base: "/" });
  });
});

describe("the service worker and the assets", () => {
  it("serves the worker at <base>sw.js for the portal's scope, never cached stale", async () => {
    const res = await get(`/p/${slug}/sw.js`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(res.headers["service-worker-allowed"]).toBe(`/p/${slug}/`);
    expect(res.headers["cache-control"]).toBe("no-cache");
    // The worker's own policy lets it fetch from its origin (the page policy is not the worker's).
    expect(res.headers["content-security-policy"]).toContain("connect-src 'self'");
    expect(res.body).toContain("/p/_app/");
  });

  it("serves hashed assets for good and the rest revalidated", async () => {
    const file = readdirSync(path.join(PORTAL_DIST, "assets")).find((f) => f.endsWith(".js"));
    const res = await get(`/p/_app/assets/${file}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(res.headers["content-type"]).toMatch(/javascript/);
  });
});

describe("a company's own domain", () => {
  let domain: string;
  let companyId: string;

  beforeAll(async () => {
    const company = await createTestCompany(ctx);
    companyId = company.companyId;
    domain = `${unique("club")}.example.com`;
    await ctx.db.query(sql`insert into portal_settings (company_id, custom_domain) values (${companyId}, ${domain})`);
  });

  const own = (url: string, host = domain) => get(url, { host });
  const ownSlug = async () => (await ctx.db.query<{ slug: string }>(sql`select slug from companies where id = ${companyId}`))[0]!.slug;

  it("serves the portal at / and at any of its paths, with base /", async () => {
    for (const url of ["/", "/rewards", "/pages/x?y=1"]) {
      const res = await own(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^text\/html/);
      expect(res.body).toContain(`&quot;base&quot;:&quot;/&quot;`);
      expect(res.body).toContain(`&quot;slug&quot;:&quot;${await ownSlug()}&quot;`);
      expect(res.body).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    }
    // The host is matched without regard to case or a port.
    expect((await own("/", `${domain.toUpperCase()}:8443`)).body).toContain(`&quot;base&quot;:&quot;/&quot;`);
  });

  it("serves the worker at /sw.js for the scope /", async () => {
    const res = await own("/sw.js");
    expect(res.statusCode).toBe(200);
    expect(res.headers["service-worker-allowed"]).toBe("/");
    expect(res.headers["content-type"]).toMatch(/^text\/javascript/);
  });

  it("answers the manifest and icons as the portal-settings routes do for the slug", async () => {
    const slugOf = await ownSlug();
    for (const file of ["manifest.webmanifest", "icon-192.png", "icon-512.png"]) {
      const direct = await get(`/p/${slugOf}/${file}`, { host: domain });
      const forwarded = await own(`/${file}`);
      expect(forwarded.statusCode, file).toBe(direct.statusCode);
      expect(forwarded.headers["content-type"], file).toBe(direct.headers["content-type"]);
      expect(forwarded.rawPayload.equals(direct.rawPayload), file).toBe(true);
    }
  });

  it("leaves the shared paths alone: API, assets, other portals", async () => {
    expect((await own(`/api/v1/portal/${await ownSlug()}/session`)).statusCode).toBe(401);
    expect((await own(`/p/${slug}/`)).body).toContain(`&quot;base&quot;:&quot;/p/${slug}/&quot;`);
    const file = readdirSync(path.join(PORTAL_DIST, "assets")).find((f) => f.endsWith(".js"));
    expect((await own(`/p/_app/assets/${file}`)).statusCode).toBe(200);
    expect((await own("/missing.png")).statusCode).toBe(404);
  });

  it("is the platform's usual answer on a host no company has, and once the portal is switched off", async () => {
    const other = await own("/", `${unique("nobody")}.example.com`);
    expect(other.statusCode).toBe(302);
    expect(other.headers.location).toBe("/admin/");
    await ctx.db.query(sql`update portal_settings set enabled = false where company_id = ${companyId}`);
    try {
      const off = await own("/");
      expect(off.statusCode).toBe(302);
      expect(off.headers.location).toBe("/admin/");
      const bySlug = await get(`/p/${await ownSlug()}/`);
      expect(bySlug.statusCode).toBe(404);
      expect(bySlug.body).toContain("Nie ma takiego portalu");
    } finally {
      await ctx.db.query(sql`update portal_settings set enabled = true where company_id = ${companyId}`);
    }
  });
});
