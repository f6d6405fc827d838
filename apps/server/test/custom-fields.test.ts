import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateCustomFieldValues } from "../src/modules/custom-fields/custom-fields.service.js";
import { addStaff, call, countRows, createTestCompany, startTestApp, type TestCompany, type TestContext } from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
const fields: Record<string, { id: string }> = {};

const ids = (res: { data: { data: { id: string }[] } }) => res.data.data.map((m) => m.id);

async function define(company: TestCompany, body: Record<string, unknown>) {
  const res = await call(ctx, { method: "POST", url: "/api/v1/custom-fields", auth: company.owner, body });
  if (res.statusCode !== 201) throw new Error(`define failed: ${res.statusCode} ${res.body}`);
  return res.data;
}

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
  fields.shoe = await define(a, { key: "shoe_size", label: "Rozmiar buta", type: "number", position: 2 });
  fields.pet = await define(a, { key: "pet", label: "Zwierzak", type: "choice", options: ["pies", "kot"], position: 1 });
  fields.hobbies = await define(a, { key: "hobbies", label: "Hobby", type: "multi_choice", options: ["kawa", "herbata", "rower"] });
  fields.vegan = await define(a, { key: "vegan", label: "Weganin", type: "boolean", visibleToMember: true });
  fields.since = await define(a, { key: "customer_since", label: "Klient od", type: "date" });
  fields.nick = await define(a, { key: "nickname", label: "Ksywa", type: "text" });
});
afterAll(() => ctx.close());

describe("custom field definitions", () => {
  it("lists definitions in display order with their settings", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/custom-fields", auth: a.owner });
    expect(res.statusCode).toBe(200);
    expect(res.data.data.map((f: { key: string }) => f.key)).toEqual([
      "customer_since",
      "hobbies",
      "nickname",
      "vegan",
      "pet",
      "shoe_size",
    ]);
    expect(res.data.data.find((f: { key: string }) => f.key === "pet")).toMatchObject({
      id: fields.pet?.id,
      label: "Zwierzak",
      type: "choice",
      options: ["pies", "kot"],
      required: false,
      visibleToMember: false,
      active: true,
    });
    expect(await countRows(ctx.db, "events", "company_id = $1 and type = 'custom_field.created'", [a.companyId])).toBe(6);
  });

  it.each([
    ["key", { key: "Bad Key", label: "x", type: "text" }],
    ["key", { key: "1abc", label: "x", type: "text" }],
    ["label", { key: "ok_key", label: "", type: "text" }],
    ["type", { key: "ok_key", label: "x", type: "colour" }],
    ["options", { key: "ok_key", label: "x", type: "choice" }],
    ["options", { key: "ok_key", label: "x", type: "multi_choice", options: ["a", "a"] }],
    ["options", { key: "ok_key", label: "x", type: "text", options: ["a"] }],
    ["options.0", { key: "ok_key", label: "x", type: "choice", options: [" "] }],
    ["position", { key: "ok_key", label: "x", type: "text", position: -1 }],
    ["required", { key: "ok_key", label: "x", type: "text", required: "yes" }],
  ])("refuses a bad %s and writes nothing", async (path, body) => {
    const before = await countRows(ctx.db, "custom_field_definitions", "company_id = $1", [a.companyId]);
    const res = await call(ctx, { method: "POST", url: "/api/v1/custom-fields", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "custom_field_definitions", "company_id = $1", [a.companyId])).toBe(before);
  });

  it("refuses a duplicate key (409 naming key)", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/custom-fields",
      auth: a.owner,
      body: { key: "pet", label: "Again", type: "text" },
    });
    expect(res.statusCode).toBe(409);
    expect(res.data.error.details[0].path).toBe("key");
  });

  it("changes label, options and flags but never key or type; deactivates", async () => {
    const f = await define(a, { key: "color", label: "Kolor", type: "choice", options: ["red", "blue"] });
    const res = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/custom-fields/${f.id}`,
      auth: a.owner,
      body: { label: "Ulubiony kolor", options: ["red", "green"], visibleToMember: true },
    });
    expect(res.statusCode).toBe(200);
    expect(res.data).toMatchObject({ key: "color", label: "Ulubiony kolor", options: ["red", "green"], visibleToMember: true });
    for (const body of [{ key: "colour" }, { type: "text" }]) {
      const bad = await call(ctx, { method: "PATCH", url: `/api/v1/custom-fields/${f.id}`, auth: a.owner, body });
      expect(bad.statusCode).toBe(400);
      expect(bad.data.error.details[0].path).toBe(Object.keys(body)[0]);
    }
    const empty = await call(ctx, { method: "PATCH", url: `/api/v1/custom-fields/${f.id}`, auth: a.owner, body: { options: [] } });
    expect(empty.statusCode).toBe(400);
    expect(empty.data.error.details[0].path).toBe("options");
    const textOptions = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/custom-fields/${fields.nick?.id}`,
      auth: a.owner,
      body: { options: ["x"] },
    });
    expect(textOptions.statusCode).toBe(400);
    const off = await call(ctx, { method: "PATCH", url: `/api/v1/custom-fields/${f.id}`, auth: a.owner, body: { active: false } });
    expect(off.data.active).toBe(false);
    const active = await call(ctx, { method: "GET", url: "/api/v1/custom-fields?active=true", auth: a.owner });
    expect(active.data.data.map((x: { key: string }) => x.key)).not.toContain("color");
    // an inactive field takes no new values
    const write = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { customFields: { color: "red" } } });
    expect(write.statusCode).toBe(400);
    expect(write.data.error.details[0].path).toBe("customFields.color");
    const audit = await call(ctx, { method: "GET", url: `/api/v1/audit-log?entityId=${f.id}&action=custom_field.updated`, auth: a.owner });
    expect(audit.data.data[0].changes).toEqual({ active: { from: true, to: false } });
    expect(
      (await call(ctx, { method: "PATCH", url: "/api/v1/custom-fields/cfd_nope", auth: a.owner, body: { label: "x" } })).statusCode,
    ).toBe(404);
  });
});

describe("custom field values on members", () => {
  it("stores valid values of every type, normalized", async () => {
    const res = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: {
        customFields: {
          shoe_size: 42.5,
          pet: "kot",
          hobbies: ["kawa", "rower", "kawa"],
          vegan: true,
          customer_since: "2019-03-01",
          nickname: "  Kuba ",
        },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.customFields).toEqual({
      shoe_size: 42.5,
      pet: "kot",
      hobbies: ["kawa", "rower"],
      vegan: true,
      customer_since: "2019-03-01",
      nickname: "Kuba",
    });
  });

  it.each([
    ["shoe_size", "42"],
    ["pet", "chomik"],
    ["hobbies", "kawa"],
    ["hobbies", ["kawa", "piwo"]],
    ["vegan", "yes"],
    ["customer_since", "2019-02-30"],
    ["customer_since", "01.03.2019"],
    ["nickname", 7],
    ["nickname", "x".repeat(1001)],
    ["unknown_key", "x"],
  ])("refuses a bad value for %s (%j) and writes nothing", async (key, value) => {
    const before = await countRows(ctx.db, "members", "company_id = $1", [a.companyId]);
    const res = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { customFields: { [key]: value } } });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toEqual([`customFields.${key}`]);
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(before);
  });

  it("enforces required fields on registration unless told to skip them, and never lets them be cleared", async () => {
    const company = await createTestCompany(ctx);
    await define(company, { key: "city_zone", label: "Strefa", type: "choice", options: ["A", "B"], required: true });
    const missing = await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { firstName: "X" } });
    expect(missing.statusCode).toBe(400);
    expect(missing.data.error.details).toEqual([{ path: "customFields.city_zone", code: "required", message: "is required" }]);
    const skipped = await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { skipRequiredFields: true } });
    expect(skipped.statusCode).toBe(201);
    const ok = await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { customFields: { city_zone: "A" } } });
    expect(ok.statusCode).toBe(201);
    // an update need not fill required fields, but may not clear one
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/members/${skipped.data.id}`, auth: company.owner, body: { notes: "x" } }))
        .statusCode,
    ).toBe(200);
    const clear = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${ok.data.id}`,
      auth: company.owner,
      body: { customFields: { city_zone: null } },
    });
    expect(clear.statusCode).toBe(400);
    expect(clear.data.error.details[0].path).toBe("customFields.city_zone");
    await expect(validateCustomFieldValues(ctx.db, company.companyId, {}, { requireAll: true })).rejects.toMatchObject({
      code: "validation_failed",
      details: [{ path: "customFields.city_zone" }],
    });
    expect(await validateCustomFieldValues(ctx.db, company.companyId, { city_zone: "B" }, { requireAll: true })).toEqual({
      city_zone: "B",
    });
  });

  it("merges values on update, null clears, and a removed option stays on members who hold it", async () => {
    const m = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: { customFields: { pet: "pies", nickname: "Ala" } },
    });
    const up = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${m.data.id}`,
      auth: a.owner,
      body: { customFields: { nickname: null, vegan: false } },
    });
    expect(up.data.customFields).toEqual({ pet: "pies", vegan: false });
    const company = await createTestCompany(ctx);
    const f = await define(company, { key: "size", label: "Rozmiar", type: "choice", options: ["S", "M", "L"] });
    const member = await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { customFields: { size: "S" } } });
    await call(ctx, { method: "PATCH", url: `/api/v1/custom-fields/${f.id}`, auth: company.owner, body: { options: ["M", "L"] } });
    const got = await call(ctx, { method: "GET", url: `/api/v1/members/${member.data.id}`, auth: company.owner });
    expect(got.data.customFields).toEqual({ size: "S" });
    const again = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${member.data.id}`,
      auth: company.owner,
      body: { customFields: { size: "S" } },
    });
    expect(again.statusCode).toBe(400);
  });

  it("filters members by custom field values", async () => {
    const company = await createTestCompany(ctx);
    await define(company, { key: "pet", label: "Pet", type: "choice", options: ["dog", "cat"] });
    await define(company, { key: "size", label: "Size", type: "number" });
    await define(company, { key: "vegan", label: "Vegan", type: "boolean" });
    await define(company, { key: "likes", label: "Likes", type: "multi_choice", options: ["tea", "coffee"] });
    await define(company, { key: "nick", label: "Nick", type: "text" });
    const make = async (customFields: Record<string, unknown>) =>
      (await call(ctx, { method: "POST", url: "/api/v1/members", auth: company.owner, body: { customFields } })).data.id as string;
    const one = await make({ pet: "dog", size: 42, vegan: true, likes: ["tea"], nick: "Ola K" });
    const two = await make({ pet: "cat", size: 38, vegan: false, likes: ["tea", "coffee"] });
    const three = await make({});
    const list = async (qs: string) => ids(await call(ctx, { method: "GET", url: `/api/v1/members?${qs}`, auth: company.owner }));
    expect(await list("field.pet=dog")).toEqual([one]);
    expect(await list("field.size=38")).toEqual([two]);
    expect(await list("field.vegan=false")).toEqual([two]);
    expect(await list("field.likes=tea")).toEqual([two, one]);
    expect(await list("field.likes=coffee&field.pet=cat")).toEqual([two]);
    expect(await list("field.nick=Ola%20K")).toEqual([one]);
    expect(await list("field.pet=hamster")).toEqual([]);
    expect((await list("limit=10")).length).toBe(3);
    expect(three).toBeTruthy();
    for (const [qs, path] of [
      ["field.size=big", "query.field.size"],
      ["field.vegan=maybe", "query.field.vegan"],
      ["field.unknown=1", "query.field.unknown"],
    ]) {
      const res = await call(ctx, { method: "GET", url: `/api/v1/members?${qs}`, auth: company.owner });
      expect(res.statusCode).toBe(400);
      expect(res.data.error.details[0].path).toBe(path);
    }
  });
});

describe("who may define custom fields", () => {
  it("lets readers list, only company.write define, and keeps companies apart", async () => {
    const analyst = await addStaff(ctx, a, "analyst");
    const cashier = await addStaff(ctx, a, "cashier");
    const bare = await addStaff(ctx, a, "cashier", { permissions: [] });
    expect((await call(ctx, { method: "GET", url: "/api/v1/custom-fields", auth: analyst.auth })).statusCode).toBe(200);
    expect((await call(ctx, { method: "GET", url: "/api/v1/custom-fields", auth: bare.auth })).statusCode).toBe(403);
    const before = await countRows(ctx.db, "custom_field_definitions", "company_id = $1", [a.companyId]);
    for (const who of [analyst, cashier, bare]) {
      expect(
        (await call(ctx, { method: "POST", url: "/api/v1/custom-fields", auth: who.auth, body: { key: "nope", label: "x", type: "text" } }))
          .statusCode,
      ).toBe(403);
      expect(
        (await call(ctx, { method: "PATCH", url: `/api/v1/custom-fields/${fields.pet?.id}`, auth: who.auth, body: { label: "x" } }))
          .statusCode,
      ).toBe(403);
    }
    expect(await countRows(ctx.db, "custom_field_definitions", "company_id = $1", [a.companyId])).toBe(before);

    const b = await createTestCompany(ctx);
    expect((await call(ctx, { method: "GET", url: "/api/v1/custom-fields", auth: b.owner })).data.data).toEqual([]);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/custom-fields/${fields.pet?.id}`, auth: b.owner, body: { label: "x" } }))
        .statusCode,
    ).toBe(404);
    // A's keys mean nothing in B, and B may reuse them
    const value = await call(ctx, { method: "POST", url: "/api/v1/members", auth: b.owner, body: { customFields: { pet: "kot" } } });
    expect(value.statusCode).toBe(400);
    expect(value.data.error.details[0].path).toBe("customFields.pet");
    expect(
      (await call(ctx, { method: "POST", url: "/api/v1/custom-fields", auth: b.owner, body: { key: "pet", label: "Pet", type: "text" } }))
        .statusCode,
    ).toBe(201);
  });
});
