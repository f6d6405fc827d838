import { describe, expect, it } from "vitest";
import { DEFAULT_TEXTS } from "../src/modules/notifications/notifications.defaults.js";
import { findUnknownPlaceholders, smsSegments } from "../src/modules/templates/render.js";
import { call, countRows, createProgramVia, createTestCompany } from "./harness.js";
import { a, ctx, setNotification, useNotificationsApp } from "./notifications-suite.js";

useNotificationsApp();

describe("the default texts", () => {
  it("use only known fields, in both languages, and keep SMS to at most three parts", () => {
    for (const [kind, languages] of Object.entries(DEFAULT_TEXTS)) {
      for (const [language, t] of Object.entries(languages)) {
        expect(findUnknownPlaceholders(`${t.subject} ${t.html} ${t.sms}`), `${kind} ${language}`).toEqual([]);
        // Fields filled with typical values (a 40-character link) must not make a long SMS.
        const filled = t.sms.replace(/\{(portal_link|member_ref_link)\}/g, "x".repeat(40)).replace(/\{\w+\}/g, "x".repeat(12));
        expect(smsSegments(filled).segments, `${kind} ${language}: ${filled}`).toBeLessThanOrEqual(3);
      }
    }
  });
});

// ---- settings -------------------------------------------------------------------------------------------

describe("notification settings", () => {
  it("lists every kind with the defaults in the company's language until saved", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const res = await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/notifications`, auth: a.owner });
    expect(res.statusCode).toBe(200);
    expect(res.data.data.map((n: { kind: string }) => n.kind)).toEqual([
      "welcome",
      "points_earned",
      "points_spent",
      "points_returned",
      "points_expiring",
      "tier_changed",
      "reward_issued",
      "redemption_cancelled",
    ]);
    for (const n of res.data.data) {
      expect(n).toMatchObject({
        enabled: false,
        updatedAt: null,
        email: { enabled: true, purpose: "commercial_information", textMode: "auto" },
        sms: { enabled: false, purpose: "sms_marketing" },
      });
      expect(n.daysBefore).toBe(n.kind === "points_expiring" ? 7 : null);
      expect(n.email.subject.length).toBeGreaterThan(5);
      expect(n.email.text).not.toContain("<p>");
      expect(n.sms.text.length).toBeGreaterThan(10);
    }
    expect(res.data.data[0].email.subject).toBe("Witaj w programie {program_name}!");

    const b = await createTestCompany(ctx);
    await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: b.owner, body: { language: "en" } });
    const bProgram = await createProgramVia(ctx, b.owner);
    const en = await call(ctx, { method: "GET", url: `/api/v1/programs/${bProgram}/notifications`, auth: b.owner });
    expect(en.data.data[0].email.subject).toBe("Welcome to {program_name}!");
  });

  it("saves a kind and returns it; other kinds keep their defaults", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const saved = await setNotification(programId, "points_expiring", {
      daysBefore: 14,
      email: { purpose: "newsletter", subject: "Uwaga {first_name}", html: "<p>{expiring_points} pkt mija {expiry_date}</p>" },
      sms: { enabled: true, text: "{expiring_points} pkt mija {expiry_date}" },
    });
    expect(saved).toMatchObject({
      kind: "points_expiring",
      enabled: true,
      daysBefore: 14,
      email: { enabled: true, purpose: "newsletter", subject: "Uwaga {first_name}", text: "{expiring_points} pkt mija {expiry_date}" },
      sms: { enabled: true, purpose: "sms_marketing", text: "{expiring_points} pkt mija {expiry_date}" },
    });
    expect(saved.updatedAt).not.toBeNull();
    const list = (await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/notifications`, auth: a.owner })).data.data;
    expect(list.find((n: { kind: string }) => n.kind === "points_expiring")).toEqual(saved);
    expect(list.find((n: { kind: string }) => n.kind === "welcome").updatedAt).toBeNull();
  });

  it("refuses unknown fields and missing texts of an enabled channel, naming where, and writes nothing", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const rows = () => countRows(ctx.db, "program_notifications", "company_id = $1 and program_id = $2", [a.companyId, programId]);
    const base = {
      enabled: true,
      email: { enabled: true, purpose: "commercial_information", subject: "S", html: "<p>x</p>", text: "", textMode: "auto" },
      sms: { enabled: false, purpose: "sms_marketing", text: "" },
    };
    const cases: [Record<string, unknown>, { path: string; code: string; message: string; params?: Record<string, unknown> }[]][] = [
      [
        { ...base, email: { ...base.email, html: "<p>{imie}</p>" } },
        [{ path: "email.html", code: "unknown_placeholder", message: "unknown field {imie}", params: { placeholder: "{imie}" } }],
      ],
      [
        { ...base, sms: { ...base.sms, text: "{punkty}" } },
        [{ path: "sms.text", code: "unknown_placeholder", message: "unknown field {punkty}", params: { placeholder: "{punkty}" } }],
      ],
      [
        { ...base, email: { ...base.email, subject: "" } },
        [{ path: "email.subject", code: "required_email", message: "is required for an e-mail" }],
      ],
      [{ ...base, sms: { ...base.sms, enabled: true } }, [{ path: "sms.text", code: "required_sms", message: "is required for an SMS" }]],
      [
        { ...base, email: { ...base.email, purpose: "spam" } },
        [
          {
            path: "email.purpose",
            code: "invalid_option",
            message: expect.stringMatching(/^must be one of: /),
            params: { options: expect.stringContaining("commercial_information") },
          },
        ],
      ],
      [{ ...base, daysBefore: 0 }, [{ path: "daysBefore", code: "range", message: "must be 1-365", params: { min: 1, max: 365 } }]],
    ];
    for (const [body, details] of cases) {
      const res = await call(ctx, {
        method: "PUT",
        url: `/api/v1/programs/${programId}/notifications/points_expiring`,
        auth: a.owner,
        body,
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.data.error.details).toEqual(details);
    }
    const unknownKind = await call(ctx, {
      method: "PUT",
      url: `/api/v1/programs/${programId}/notifications/birthday`,
      auth: a.owner,
      body: base,
    });
    expect(unknownKind.statusCode).toBe(400);
    expect(await rows()).toBe(0);
    const disabledDraft = await call(ctx, {
      method: "PUT",
      url: `/api/v1/programs/${programId}/notifications/welcome`,
      auth: a.owner,
      body: { ...base, enabled: false, email: { ...base.email, enabled: false, subject: "", html: "" } },
    });
    expect(disabledDraft.statusCode, "a switched-off channel may be unfinished").toBe(200);
  });

  it("answers another company's program as not found", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const b = await createTestCompany(ctx);
    expect((await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/notifications`, auth: b.owner })).statusCode).toBe(404);
    const body = {
      enabled: true,
      email: { enabled: false, purpose: "commercial_information", subject: "", html: "", text: "", textMode: "auto" },
      sms: { enabled: false, purpose: "sms_marketing", text: "" },
    };
    const put = await call(ctx, { method: "PUT", url: `/api/v1/programs/${programId}/notifications/welcome`, auth: b.owner, body });
    expect(put.statusCode).toBe(404);
    expect(await countRows(ctx.db, "program_notifications", "program_id = $1", [programId])).toBe(0);
  });
});
