import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_CODES } from "../src/platform/errors.js";
import { FIELD_ERRORS, type FieldErrorCode, fieldErrorText, matchFieldError } from "../src/platform/field-errors.js";
import {
  call,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

/** Error details carry a catalog code and params (clients translate them); the message stays English. */
let ctx: TestContext;
let a: TestCompany;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

describe("error details from the API", () => {
  it("a missing field is required, a bad e-mail is email, an unknown field is unknown_field", async () => {
    const missing = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: a.owner, body: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.data.error.code).toBe("validation_failed");
    expect(missing.data.error.details).toContainEqual({ path: "name", code: "required", message: "is required" });

    const email = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { email: "not-an-address" } });
    expect(email.data.error.details).toContainEqual({ path: "email", code: "email", message: "must be a valid e-mail address" });

    const unknown = await call(ctx, { method: "POST", url: "/api/v1/members", auth: a.owner, body: { firstName: "Ala", colour: "red" } });
    expect(unknown.data.error.details).toEqual([{ path: "colour", code: "unknown_field", message: "is not a known field" }]);
  });

  it("a schema limit names its bound in params", async () => {
    const long = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: a.owner, body: { name: "x".repeat(201) } });
    expect(long.data.error.details).toEqual([
      { path: "name", code: "too_long", message: "must be at most 200 characters", params: { max: 200 } },
    ]);
    const wrongType = await call(ctx, { method: "POST", url: "/api/v1/locations", auth: a.owner, body: { name: 5 } });
    expect(wrongType.data.error.details).toEqual([
      { path: "name", code: "invalid_type", message: "must be of type string", params: { expected: "string" } },
    ]);
  });

  it("a service check (invalidField) and a refusal with details carry codes too", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const memberId = (await createMemberVia(ctx, a.owner)).id;
    const purchase = (body: Record<string, unknown>) =>
      call(ctx, {
        method: "POST",
        url: "/api/v1/purchases",
        auth: a.owner,
        body: { programId, memberId, receiptNumber: unique("R-"), amount: { amount: 1_000, currency: "PLN" }, ...body },
      });
    const future = await purchase({ occurredAt: new Date(Date.now() + 86_400_000).toISOString() });
    expect(future.statusCode).toBe(400);
    expect(future.data.error.details).toEqual([{ path: "occurredAt", code: "not_in_future", message: "must not be in the future" }]);

    const currency = await purchase({ amount: { amount: 1_000, currency: "EUR" } });
    expect(currency.data.error.code).toBe("currency_mismatch");
    expect(currency.data.error.details).toEqual([
      { path: "amount.currency", code: "currency_must_be", message: "must be PLN", params: { currency: "PLN" } },
    ]);

    const lines = await purchase({ items: [{ sku: "A", quantity: 1, unitPriceMinor: 300 }] });
    expect(lines.data.error.details).toEqual([
      { path: "items", code: "lines_sum", message: "lines add up to 300, not to amount 1000", params: { sum: 300, amount: 1000 } },
    ]);
  });
});

describe("the catalog", () => {
  it("every template reads back as its own code (no two templates overlap)", () => {
    const sample: Record<string, string | number> = { min: 3, max: 7, sum: 5, amount: 9, available: 2, line: 4, days: 30, divisor: 5 };
    const text = { currency: "PLN", status: "used", example: "#2f9e44", expected: "string" };
    for (const code of Object.keys(FIELD_ERRORS) as FieldErrorCode[]) {
      const params = { ...sample, ...text, names: "a, b", options: "x, y", placeholder: "{imie}", kind: "bonus", date: "2026-01-01" };
      const english = fieldErrorText(code, { ...params, code: "ABC", value: "v", text: "t" });
      expect(matchFieldError(english)?.code, `${code}: ${english}`).toBe(code);
    }
  });

  it("knows every English text the schemas write, so each gets its own code", () => {
    const dir = new URL("../src/modules/", import.meta.url);
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    const texts = new Set<string>();
    for (const file of files) {
      const source = readFileSync(new URL(file, dir), "utf8");
      // The last argument of a check (not crossing into the next call of the chain), and `message:` of an issue.
      const check = /\.(?:min|max|length|regex|refine|int|email|url|datetime)\((?:(?!\)\s*\.\w+\()[^;])*?"([^"]+)"\s*\)/g;
      for (const m of source.matchAll(check)) texts.add(m[1] as string);
      for (const m of source.matchAll(/message: "([^"]+)"/g)) texts.add(m[1] as string);
    }
    expect(texts.size).toBeGreaterThan(50);
    expect([...texts].filter((text) => !matchFieldError(text))).toEqual([]);
  });

  const common = (language: string) =>
    JSON.parse(readFileSync(new URL(`../../admin/src/i18n/${language}/common.json`, import.meta.url), "utf8")) as Record<
      string,
      Record<string, string>
    >;

  for (const language of ["pl", "en"]) {
    it(`the admin translates every code in ${language}`, () => {
      const t = common(language);
      const missingDetails = Object.keys(FIELD_ERRORS).filter((code) => !t.fieldErrors?.[code]);
      const missingTop = ERROR_CODES.filter((code) => !t.serverErrors?.[code]);
      expect(missingDetails).toEqual([]);
      expect(missingTop).toEqual([]);
      // Every {param} the English names is one the translation may use, and the translation names no other.
      for (const [code, template] of Object.entries(FIELD_ERRORS)) {
        const names = new Set([...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
        for (const used of (t.fieldErrors?.[code] ?? "").matchAll(/\{\{(\w+)\}\}/g))
          expect(names.has(used[1]), `${language} fieldErrors.${code} uses {{${used[1]}}}`).toBe(true);
      }
    });
  }
});
