import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Auth,
  addStaff,
  call,
  countRows,
  createProgramVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

/** A wide red PNG, so the icon shows it centred on a white square. */
function redPng(width = 64, height = 32): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([220, 20, 20, 255], i * 4);
  return PNG.sync.write(png);
}

async function upload(company: TestCompany, bytes: Buffer): Promise<string> {
  const boundary = "----portal-test";
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="i.png"\r\nContent-Type: image/png\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/media",
    payload,
    headers: {
      cookie: company.owner.cookie,
      "x-csrf-token": company.owner.csrf,
      "content-type": `multipart/form-data; boundary=${boundary}`,
    },
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  return JSON.parse(res.body).id;
}

const slugOf = async (company: TestCompany) =>
  (await call(ctx, { method: "GET", url: "/api/v1/company", auth: company.owner })).data.slug as string;

const base = {
  enabled: true,
  customDomain: null,
  programName: "",
  logoMediaId: null,
  backgroundMediaId: null,
  faviconMediaId: null,
  accentColor: "#2f9e44",
  identifierLabelPl: "",
  identifierLabelEn: "",
  barcodeFormat: "code128",
  defaultProgramId: null,
};

const put = (auth: Auth, body: Record<string, unknown>) => call(ctx, { method: "PUT", url: "/api/v1/portal-settings", auth, body });

describe("portal settings", () => {
  it("shows defaults and the short address made of the company slug", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/portal-settings", auth: a.owner });
    expect(res.statusCode).toBe(200);
    const slug = await slugOf(a);
    expect(res.data).toMatchObject({ enabled: true, slug, shortLink: `${ctx.config.publicUrl}/p/${slug}`, barcodeFormat: "code128" });
  });

  it("saves the layout with an audit row, and the public config shows it with media addresses", async () => {
    const logo = await upload(a, redPng());
    const programId = await createProgramVia(ctx, a.owner, { name: unique("Kawa "), status: "active", slogan: "Pij i zbieraj" });
    const domain = `${unique("club")}.example.com`;
    const res = await put(a.owner, {
      ...base,
      customDomain: domain.toUpperCase(),
      programName: "Klub Kawy",
      logoMediaId: logo,
      accentColor: "#AA3300",
      identifierLabelPl: "Numer karty klubu",
      barcodeFormat: "qr",
      defaultProgramId: programId,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.data).toMatchObject({ customDomain: domain, accentColor: "#aa3300", logoUrl: `/media/${logo}` });
    expect(await countRows(ctx.db, "audit_log", "company_id = $1 and action = 'portal_settings.updated'", [a.companyId])).toBe(1);

    const slug = await slugOf(a);
    const config = await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/config` });
    expect(config.statusCode).toBe(200);
    expect(config.data.layout).toEqual({
      programName: "Klub Kawy",
      logoUrl: `/media/${logo}`,
      backgroundUrl: null,
      faviconUrl: null,
      accentColor: "#aa3300",
      identifierLabel: { pl: "Numer karty klubu", en: "Card number" },
      barcodeFormat: "qr",
    });
    expect(config.data.defaultProgramId).toBe(programId);
    expect(config.data.programs[0]).toMatchObject({ id: programId, slogan: "Pij i zbieraj" });
    expect(config.data.shortLink).toBe(`${ctx.config.publicUrl}/p/${slug}`);
    // Nothing private: no staff ids, no own domain, no e-mail of the owner.
    expect(config.body).not.toContain(a.ownerId);
    expect(config.body).not.toContain(a.ownerEmail);
    expect(config.body).not.toContain(domain);

    // Another company cannot take the domain.
    const taken = await put(b.owner, { ...base, customDomain: domain });
    expect(taken.statusCode).toBe(409);
    expect(taken.data.error.details[0]).toMatchObject({ path: "customDomain", code: "taken" });
    // Saving again with the same domain is fine; clearing it frees it for B.
    expect((await put(a.owner, { ...base, customDomain: domain })).statusCode).toBe(200);
    expect((await put(a.owner, base)).statusCode).toBe(200);
    expect((await put(b.owner, { ...base, customDomain: domain })).statusCode).toBe(200);
    expect((await put(b.owner, base)).statusCode).toBe(200);
  });

  it("refuses bad input naming the field, writing nothing", async () => {
    const before = await countRows(ctx.db, "audit_log", "company_id = $1", [b.companyId]);
    const cases: [Record<string, unknown>, string][] = [
      [{ accentColor: "red" }, "accentColor"],
      [{ customDomain: "http://x.example.com" }, "customDomain"],
      [{ customDomain: "localhost" }, "customDomain"],
      [{ customDomain: "a..b.com" }, "customDomain"],
      [{ barcodeFormat: "pdf417" }, "barcodeFormat"],
      [{ logoMediaId: "med_nope" }, "logoMediaId"],
      [{ faviconMediaId: await upload(a, redPng()) }, "faviconMediaId"],
      [{ defaultProgramId: "prg_nope" }, "defaultProgramId"],
      [{ programName: "x".repeat(121) }, "programName"],
      [{ identifierLabelEn: "x".repeat(61) }, "identifierLabelEn"],
      [{ unknown: 1 }, ""],
    ];
    for (const [patch, field] of cases) {
      const res = await put(b.owner, { ...base, ...patch });
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      if (field) expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    const { enabled, ...missing } = base;
    expect((await put(b.owner, missing)).statusCode).toBe(400);
    expect(await countRows(ctx.db, "audit_log", "company_id = $1", [b.companyId])).toBe(before);
  });

  it("allows EAN-13 only for card numbers of 12–13 digits", async () => {
    const c = await createTestCompany(ctx);
    const refused = await put(c.owner, { ...base, barcodeFormat: "ean13" });
    expect(refused.statusCode).toBe(400);
    expect(refused.data.error.details[0]).toMatchObject({ path: "barcodeFormat", code: "barcode_ean13_digits", params: { length: 10 } });
    const settings = await call(ctx, { method: "PATCH", url: "/api/v1/member-settings", auth: c.owner, body: { cardNumberDigits: 13 } });
    expect(settings.statusCode, settings.body).toBe(200);
    expect((await put(c.owner, { ...base, barcodeFormat: "ean13" })).statusCode).toBe(200);
  });

  it("needs company.write to change, and a disabled portal answers 404", async () => {
    const c = await createTestCompany(ctx);
    const marketer = (await addStaff(ctx, c, "marketer")).auth;
    expect((await put(marketer, base)).statusCode).toBe(403);
    const slug = await slugOf(c);
    expect((await call(ctx, { method: "GET", url: `/api/v1/portal/${slug}/config` })).statusCode).toBe(200);
    expect((await put(c.owner, { ...base, enabled: false })).statusCode).toBe(200);
    for (const url of [`/api/v1/portal/${slug}/config`, `/p/${slug}/manifest.webmanifest`, `/p/${slug}/icon-192.png`]) {
      expect((await call(ctx, { method: "GET", url })).statusCode, url).toBe(404);
    }
    expect((await call(ctx, { method: "GET", url: "/api/v1/portal/no-such-company-x/config" })).statusCode).toBe(404);
  });
});

describe("manifest and icons", () => {
  it("serves an installable manifest and 192/512 PNG icons per company, also on its own domain", async () => {
    const c = await createTestCompany(ctx);
    const slug = await slugOf(c);
    const domain = `${unique("app")}.example.org`;
    expect((await put(c.owner, { ...base, programName: "Klub", accentColor: "#123456", customDomain: domain })).statusCode).toBe(200);
    const res = await call(ctx, { method: "GET", url: `/p/${slug}/manifest.webmanifest` });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-type"]).toContain("application/manifest+json");
    const manifest = JSON.parse(res.body);
    expect(manifest).toMatchObject({
      name: "Klub",
      short_name: "Klub",
      start_url: `/p/${slug}/`,
      scope: `/p/${slug}/`,
      display: "standalone",
      theme_color: "#123456",
    });
    expect(manifest.icons.map((i: { sizes: string }) => i.sizes)).toEqual(["192x192", "512x512"]);
    for (const size of [192, 512]) {
      const icon = await ctx.app.inject({ method: "GET", url: `/p/${slug}/icon-${size}.png` });
      expect(icon.statusCode).toBe(200);
      const png = PNG.sync.read(icon.rawPayload);
      expect([png.width, png.height]).toEqual([size, size]);
      // No image anywhere: the accent colour in the corner.
      expect([...png.data.subarray(0, 3)]).toEqual([0x12, 0x34, 0x56]);
    }
    // On its own domain (platform/static-portal.ts forwards /manifest.webmanifest here with the Host).
    const own = await ctx.app.inject({ method: "GET", url: `/p/${slug}/manifest.webmanifest`, headers: { host: domain } });
    expect(own.statusCode).toBe(200);
    expect(JSON.parse(own.body)).toMatchObject({ start_url: "/", scope: "/", icons: [{ src: "/icon-192.png" }, { src: "/icon-512.png" }] });
    // A name longer than a launcher shows keeps whole words in short_name.
    expect((await put(c.owner, { ...base, programName: "Klub Pod Lipą", customDomain: domain })).statusCode).toBe(200);
    const long = JSON.parse((await call(ctx, { method: "GET", url: `/p/${slug}/manifest.webmanifest` })).body);
    expect([long.name, long.short_name]).toEqual(["Klub Pod Lipą", "Klub Pod"]);
  });

  it("draws the program icon centred on the icon", async () => {
    const c = await createTestCompany(ctx);
    const icon = await upload(c, redPng(64, 32));
    await createProgramVia(ctx, c.owner, { name: unique("P "), status: "active", iconMediaId: icon });
    const res = await ctx.app.inject({ method: "GET", url: `/p/${await slugOf(c)}/icon-192.png` });
    const png = PNG.sync.read(res.rawPayload);
    const at = (x: number, y: number) => [...png.data.subarray((y * 192 + x) * 4, (y * 192 + x) * 4 + 3)];
    expect(at(96, 96)).toEqual([220, 20, 20]);
    expect(at(2, 2)).toEqual([255, 255, 255]);
  });
});
