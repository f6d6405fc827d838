/**
 * API errors are told in the interface language from their codes: a field problem by its code and
 * params, a problem that has no input as "<field label>: <message>", and never a raw path or the
 * API's English.
 */
import { beforeAll, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api/client";
import { en, pl } from "../src/i18n/resources";

// src/i18n sets <html lang> when it loads; this test runs the real module outside a page.
vi.stubGlobal("document", { documentElement: {} });

let feedback: typeof import("../src/components/feedback");
let i18n: typeof import("../src/i18n").default;

beforeAll(async () => {
  feedback = await import("../src/components/feedback");
  i18n = (await import("../src/i18n")).default;
  await i18n.changeLanguage("pl");
});

const refused = (code: string, details: ConstructorParameters<typeof ApiError>[3] = [], status = 422) =>
  new ApiError(status, code, "English text the admin must not show", details);

describe("error messages from codes", () => {
  it("a detail not placed on a form reads '<label>: <message>' in Polish", () => {
    const err = refused("unprocessable", [
      { path: "channel", code: "email_sending_off", message: "E-mail sending is not enabled in the outbox settings" },
    ]);
    expect(feedback.errorMessage(i18n.t, err)).toBe(`${pl.fields.channel}: ${pl.fieldErrors.email_sending_off}`);
  });

  it("fills params, names nested and listed paths by their last name, and humanizes an unknown one", () => {
    const err = refused("validation_failed", [
      { path: "address.city", code: "too_long", message: "must be at most 100 characters", params: { max: 100 } },
      { path: "lines.0.quantity", code: "return_at_most", message: "only 2 of this line can still be returned", params: { max: 2 } },
      { path: "customFields.city_zone", code: "required", message: "is required" },
    ]);
    expect(feedback.errorMessage(i18n.t, err)).toBe(
      [
        `${pl.fields.city}: Najwyżej 100 znaków`,
        `${pl.fields.quantity}: Z tej pozycji można zwrócić jeszcze najwyżej 2`,
        `City zone: ${pl.fieldErrors.required}`,
      ].join("; "),
    );
  });

  it("an error without details is told by its code, in the chosen language", async () => {
    expect(feedback.errorMessage(i18n.t, refused("insufficient_points"))).toBe(pl.serverErrors.insufficient_points);
    expect(feedback.errorMessage(i18n.t, refused("forbidden", [], 403))).toBe(pl.serverErrors.forbidden);
    await i18n.changeLanguage("en");
    expect(feedback.errorMessage(i18n.t, refused("rate_limited", [], 429))).toBe(en.serverErrors.rate_limited);
    expect(feedback.fieldMessage(i18n.t, { code: "points_available", message: "only 5 points available", params: { available: 5 } })).toBe(
      "Only 5 points available",
    );
    await i18n.changeLanguage("pl");
  });

  it("a code this admin does not know yet falls back to the API's message rather than nothing", () => {
    expect(feedback.fieldMessage(i18n.t, { code: "brand_new_code", message: "is new" })).toBe("is new");
  });
});
