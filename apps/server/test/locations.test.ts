import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addStaff,
  call,
  countRows,
  createApiKeyVia,
  createLocationVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;

const full = {
  name: "Warszawa — Mokotów",
  address: { street: "ul. Puławska 24", postalCode: "02-512", city: "Warszawa", country: "pl" },
  coordinates: { latitude: 52.2042, longitude: 21.0227 },
  phone: "+48 22 123 45 67",
  openingHours: [
    { day: "mon", opens: "07:00", closes: "20:00" },
    { day: "sat", opens: "08:00", closes: "14:00" },
  ],
};

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

describe("locations", () => {
  it("creates a location with address, coordinates, phone and opening hours", async () => {
    const res = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: a.owner, body: full });
    expect(res.statusCode).toBe(201);
    expect(res.data).toMatchObject({ ...full, address: { ...full.address, country: "PL" }, active: true });
    expect(res.data.id).toMatch(/^loc_/);
    const got = await call(ctx, { method: "GET", url: `/api/v1/locations/${res.data.id}`, auth: a.owner });
    expect(got.data).toEqual(res.data);
    expect(
      await countRows(ctx.db, "events", "company_id = $1 and type = 'location.created' and entity_id = $2", [a.companyId, res.data.id]),
    ).toBe(1);
  });

  it.each([
    ["name", { ...full, name: "" }],
    ["address.country", { ...full, address: { ...full.address, country: "Poland" } }],
    ["coordinates.latitude", { ...full, coordinates: { latitude: 91, longitude: 0 } }],
    ["coordinates.longitude", { ...full, coordinates: { latitude: 0, longitude: -181 } }],
    ["phone", { ...full, phone: "call me" }],
    ["openingHours.0.day", { ...full, openingHours: [{ day: "funday", opens: "09:00", closes: "10:00" }] }],
    ["openingHours.0.opens", { ...full, openingHours: [{ day: "mon", opens: "9am", closes: "10:00" }] }],
    ["openingHours.0.closes", { ...full, openingHours: [{ day: "mon", opens: "12:00", closes: "10:00" }] }],
  ])("refuses a bad %s and writes nothing", async (path, body) => {
    const before = await countRows(ctx.db, "locations", "company_id = $1", [a.companyId]);
    const res = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "locations", "company_id = $1", [a.companyId])).toBe(before);
  });

  it("updates fields, deactivates, and records the difference in the audit log", async () => {
    const id = await createLocationVia(ctx, a.owner, "Kraków");
    const res = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/locations/${id}`,
      auth: a.owner,
      body: { active: false, phone: "+48 12 000 00 00" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({ name: "Kraków", active: false, phone: "+48 12 000 00 00" });
    const audit = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${id}&action=location.updated`, auth: a.owner });
    expect(audit.data.data[0].changes).toEqual({ active: { from: true, to: false }, phone: { from: null, to: "+48 12 000 00 00" } });
    const bad = await call(ctx, { method: "PATCH", url: `/api/v1/locations/${id}`, auth: a.owner, body: { name: "", active: true } });
    expect(bad.statusCode).toBe(400);
    expect((await call(ctx, { method: "GET", url: `/api/v1/locations/${id}`, auth: a.owner })).data.active).toBe(false);
  });

  it("pages with a cursor and filters by text and active flag", async () => {
    const company = await createTestCompany(ctx);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createLocationVia(ctx, company.owner, `Sklep ${i}`));
    await call(ctx, { method: "PATCH", url: `/api/v1/locations/${ids[0]}`, auth: company.owner, body: { active: false } });
    const first = await call(ctx, { method: "GET", url: "/api/v1/locations?limit=2", auth: company.owner });
    expect(first.data.data.map((l: { id: string }) => l.id)).toEqual([ids[4], ids[3]]);
    const second = await call(ctx, {
      method: "GET",
      url: `/api/v1/locations?limit=2&cursor=${first.data.nextCursor}`,
      auth: company.owner,
    });
    expect(second.data.data.map((l: { id: string }) => l.id)).toEqual([ids[2], ids[1]]);
    const third = await call(ctx, {
      method: "GET",
      url: `/api/v1/locations?limit=2&cursor=${second.data.nextCursor}`,
      auth: company.owner,
    });
    expect(third.data).toEqual({ data: [expect.objectContaining({ id: ids[0] })], nextCursor: null });
    const inactive = await call(ctx, { method: "GET", url: "/api/v1/locations?active=false", auth: company.owner });
    expect(inactive.data.data.map((l: { id: string }) => l.id)).toEqual([ids[0]]);
    const text = await call(ctx, { method: "GET", url: "/api/v1/locations?q=sklep%203", auth: company.owner });
    expect(text.data.data.map((l: { id: string }) => l.id)).toEqual([ids[3]]);
    const badLimit = await call(ctx, { method: "GET", url: "/api/v1/locations?limit=0", auth: company.owner });
    expect(badLimit.statusCode).toBe(400);
    expect(badLimit.data.error.details[0].path).toBe("query.limit");
  });
});

describe("location-limited staff", () => {
  it("sees and changes only its own locations, and cannot create new ones", async () => {
    const company = await createTestCompany(ctx);
    const mine = await createLocationVia(ctx, company.owner, "Mine");
    const theirs = await createLocationVia(ctx, company.owner, "Theirs");
    const manager = await addStaff(ctx, company, "branch_manager", { locationIds: [mine] });
    const list = await call(ctx, { method: "GET", url: "/api/v1/locations", auth: manager.auth });
    expect(list.data.data.map((l: { id: string }) => l.id)).toEqual([mine]);
    expect((await call(ctx, { method: "GET", url: `/api/v1/locations/${theirs}`, auth: manager.auth })).statusCode).toBe(404);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/locations/${theirs}`, auth: manager.auth, body: { name: "Taken" } })).statusCode,
    ).toBe(404);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/locations/${mine}`, auth: manager.auth, body: { name: "Mine, renamed" } }))
        .statusCode,
    ).toBe(200);
    const create = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: manager.auth, body: { name: "New" } });
    expect(create.statusCode).toBe(403);
    expect(await countRows(ctx.db, "locations", "company_id = $1", [company.companyId])).toBe(2);
  });
});

describe("API key access to locations", () => {
  it("reads with locations.read, and may not write without locations.write", async () => {
    const key = await createApiKeyVia(ctx, a.owner, ["locations.read"]);
    const list = await call(ctx, { method: "GET", url: "/api/v1/locations", auth: { apiKey: key.secret } });
    expect(list.statusCode).toBe(200);
    expect(list.data.data.length).toBeGreaterThan(0);
    const write = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: { apiKey: key.secret }, body: { name: "By key" } });
    expect(write.statusCode).toBe(403);
    const writer = await createApiKeyVia(ctx, a.owner, ["locations.write"]);
    const created = await call(ctx, {
      method: "POST",
      url: "/api/v1/locations",
      auth: { apiKey: writer.secret },
      body: { name: "By key" },
    });
    expect(created.statusCode).toBe(201);
    const audit = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${created.data.id}`, auth: a.owner });
    expect(audit.data.data[0]).toMatchObject({ actorType: "api_key", actorId: writer.id, action: "location.created" });
  });
});
