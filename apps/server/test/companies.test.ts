import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addStaff, call, countRows, createTestCompany, startTestApp, type TestCompany, type TestContext, unique } from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
let b: TestCompany;

const PNG = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082",
  "hex",
);

function multipart(file: Buffer, filename = "logo.png", field = "file") {
  const boundary = "----regulars-test-boundary";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, file, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(auth: { cookie: string; csrf: string }, file: Buffer, filename?: string) {
  const { payload, contentType } = multipart(file, filename);
  const res = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/media",
    payload,
    headers: { cookie: auth.cookie, "x-csrf-token": auth.csrf, "content-type": contentType },
  });
  return { statusCode: res.statusCode, data: JSON.parse(res.body) };
}

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  b = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

describe("company profile", () => {
  it("reads and updates the profile, recording who changed what", async () => {
    const slug = unique("cafe-");
    const res = await call(ctx, {
      method: "PATCH",
      url: "/api/v1/company",
      auth: a.owner,
      body: {
        name: "Café Nowa",
        slug,
        description: "Najlepsza kawa",
        currency: "eur",
        timeZone: "Europe/Berlin",
        language: "en",
        dpoEmail: "dpo@example.com",
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({
      name: "Café Nowa",
      slug,
      currency: "EUR",
      timeZone: "Europe/Berlin",
      language: "en",
      dpoEmail: "dpo@example.com",
    });
    const audit = await call(ctx, { method: "GET", url: "/api/v1/audit-log?action=company.updated", auth: a.owner });
    expect(audit.data.data[0].changes.name).toEqual({ from: expect.any(String), to: "Café Nowa" });
    expect(audit.data.data[0].actorId).toBe(a.ownerId);
    const got = await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner });
    expect(got.data.slug).toBe(slug);
  });

  it.each([
    ["currency", { currency: "ZZZ" }],
    ["timeZone", { timeZone: "Nowhere/Special" }],
    ["slug", { slug: "-bad-" }],
    ["dpoEmail", { dpoEmail: "nope" }],
    ["language", { language: "fr" }],
    ["name", { name: "" }],
    ["unknownField", { unknownField: 1 }],
  ])("refuses a bad %s and changes nothing", async (path, body) => {
    const before = await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner });
    const res = await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    const after = await call(ctx, { method: "GET", url: "/api/v1/company", auth: a.owner });
    expect(after.data).toEqual(before.data);
  });

  it("refuses a slug another company has, naming the field", async () => {
    const other = await call(ctx, { method: "GET", url: "/api/v1/company", auth: b.owner });
    const res = await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: a.owner, body: { slug: other.data.slug } });
    expect(res.statusCode).toBe(409);
    expect(res.data.error.details[0].path).toBe("slug");
  });

  it("lets a cashier read but not change the profile", async () => {
    const cashier = await addStaff(ctx, a, "cashier");
    expect((await call(ctx, { method: "GET", url: "/api/v1/company", auth: cashier.auth })).statusCode).toBe(200);
    const res = await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: cashier.auth, body: { name: "Hacked" } });
    expect(res.statusCode).toBe(403);
    expect(res.data.error.message).toContain("company.write");
  });
});

describe("logo upload", () => {
  it("stores a PNG, serves it, and sets it as the logo", async () => {
    const up = await upload(a.owner, PNG);
    expect(up.statusCode).toBe(201);
    expect(up.data).toMatchObject({ contentType: "image/png", byteSize: PNG.length });
    const served = await ctx.app.inject({ method: "GET", url: up.data.url });
    expect(served.statusCode).toBe(200);
    expect(served.headers["content-type"]).toBe("image/png");
    expect(served.rawPayload.equals(PNG)).toBe(true);
    const res = await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: a.owner, body: { logoMediaId: up.data.id } });
    expect(res.data.logoUrl).toBe(up.data.url);
  });

  it("refuses SVG (script) whatever its name, and files that are not images", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await upload(a.owner, svg, "logo.png");
    expect(res.statusCode).toBe(415);
    expect(res.data.error.details[0].path).toBe("file");
    expect((await upload(a.owner, Buffer.from("hello"), "x.jpg")).statusCode).toBe(415);
  });

  it("refuses an image over 2 MB", async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)]);
    const res = await upload(a.owner, big);
    expect(res.statusCode).toBe(413);
  });

  it("refuses another company's image as the logo", async () => {
    const up = await upload(b.owner, PNG);
    const res = await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: a.owner, body: { logoMediaId: up.data.id } });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details[0].path).toBe("logoMediaId");
  });

  it("counts uploads in the audit log of the uploading company only", async () => {
    expect(await countRows(ctx.db, "audit_log", "company_id = $1 and action = 'media.uploaded'", [b.companyId])).toBeGreaterThan(0);
  });
});
