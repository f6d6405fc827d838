import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { MIGRATIONS_DIR } from "../src/platform/migrations.js";
import {
  addStaff,
  balanceVia,
  call,
  countRows,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  pln,
  purchaseVia,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
const clock = new TestClock(new Date("2026-04-01T10:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const buy = (programId: string, memberId: string, amount: number, extra: Record<string, unknown> = {}, auth = a.owner) =>
  purchaseVia(ctx, auth, programId, memberId, amount, extra);
const balance = (memberId: string, programId: string) => balanceVia(ctx, a.owner, memberId, programId);

describe("programs", () => {
  it("creates a program with branding, budget, converter, expiry and tier settings", async () => {
    const body = {
      name: "Klub Kawosza",
      slogan: "Co dziesiąta kawa gratis",
      status: "active",
      startsAt: "2026-01-01T00:00:00+01:00",
      primaryColor: "#7048e8",
      budgetBp: 250,
      converterPoints: 5,
      converterAmountMinor: 1_000,
      rounding: "half_up",
      welcomePoints: 50,
      pendingDays: 14,
      expiryPolicy: "months",
      expiryValue: 12,
      tierBasis: "spend",
      tierPeriod: "rolling_days",
      tierPeriodDays: 365,
    };
    const res = await call(ctx, { method: "POST", url: "/api/v1/programs", auth: a.owner, body });
    expect(res.statusCode).toBe(201);
    expect(res.data).toMatchObject({ ...body, startsAt: "2025-12-31T23:00:00.000Z" });
    const cost = await call(ctx, { method: "GET", url: `/api/v1/programs/${res.data.id}/cost`, auth: a.owner });
    expect(cost.data).toMatchObject({
      budgetBp: 250,
      baseCostBp: 50,
      maxCostBp: 50,
      overBudget: false,
      suggestedConverter: { points: 250, amountMinor: 10_000 },
    });
  });

  it.each([
    ["name", { name: "" }],
    ["primaryColor", { name: "X", primaryColor: "purple" }],
    ["budgetBp", { name: "X", budgetBp: 10_001 }],
    ["converterAmountMinor", { name: "X", converterAmountMinor: 0 }],
    ["endsAt", { name: "X", startsAt: "2026-05-01T00:00:00Z", endsAt: "2026-04-01T00:00:00Z" }],
    ["expiryValue", { name: "X", expiryPolicy: "days" }],
    ["tierPeriodDays", { name: "X", tierPeriod: "rolling_days" }],
    ["status", { name: "X", status: "paused" }],
    ["photoMediaId", { name: "X", photoMediaId: "med_not_ours" }],
  ])("refuses a bad %s and creates nothing", async (path, body) => {
    const before = await countRows(ctx.db, "programs", "company_id = $1", [a.companyId]);
    const res = await call(ctx, { method: "POST", url: "/api/v1/programs", auth: a.owner, body });
    expect(res.statusCode).toBe(400);
    expect(res.data.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows(ctx.db, "programs", "company_id = $1", [a.companyId])).toBe(before);
  });

  it("refuses a second program with the same name (any case) in place, but not in another company", async () => {
    const name = unique("Klub ");
    await createProgramVia(ctx, a.owner, { name });
    const before = await countRows(ctx.db, "programs", "company_id = $1", [a.companyId]);
    const res = await call(ctx, { method: "POST", url: "/api/v1/programs", auth: a.owner, body: { name: name.toUpperCase() } });
    expect(res.statusCode).toBe(409);
    expect(res.data.error.details).toEqual([{ path: "name", code: "taken", message: "is already taken" }]);
    expect(await countRows(ctx.db, "programs", "company_id = $1", [a.companyId])).toBe(before);

    const other = await createProgramVia(ctx, a.owner);
    const renamed = await call(ctx, { method: "PATCH", url: `/api/v1/programs/${other}`, auth: a.owner, body: { name } });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.data.error.details[0].path).toBe("name");

    const b = await createTestCompany(ctx);
    expect((await call(ctx, { method: "POST", url: "/api/v1/programs", auth: b.owner, body: { name } })).statusCode).toBe(201);
  });

  it("the uniqueness migration renames existing duplicates instead of failing", async () => {
    const file = readFileSync(path.join(MIGRATIONS_DIR, "20261206120000_programs_name_unique.sql"), "utf8");
    const rollback = new Error("rollback");
    const names = await ctx.db
      .transaction(async (tx) => {
        await tx.exec("drop index programs_name_key");
        await tx.query("delete from programs where company_id = $1 and lower(name) like 'dup%'", [a.companyId]);
        for (const [id, name, at] of [
          ["prg_dup1", "Dup", "2026-01-01"],
          ["prg_dup2", "DUP", "2026-01-02"],
          ["prg_dup3", "dup", "2026-01-03"],
          ["prg_dup4", "Dup (2)", "2026-01-04"],
        ])
          await tx.query("insert into programs (company_id, id, name, created_at) values ($1, $2, $3, $4)", [a.companyId, id, name, at]);
        await tx.exec(file);
        const rows = await tx.query<{ id: string; name: string }>(
          "select id, name from programs where company_id = $1 and id like 'prg_dup%' order by id",
          [a.companyId],
        );
        throw Object.assign(rollback, { rows });
      })
      .catch((err) => (err === rollback ? (err as Error & { rows: { id: string; name: string }[] }).rows : Promise.reject(err)));
    expect(names).toEqual([
      { id: "prg_dup1", name: "Dup" },
      { id: "prg_dup2", name: "DUP (prg_dup2)" },
      { id: "prg_dup3", name: "dup (3)" },
      { id: "prg_dup4", name: "Dup (2)" },
    ]);
  });

  it("warns when a tier multiplier makes points cost more than the budget", async () => {
    const programId = await createProgramVia(ctx, a.owner, { budgetBp: 150 });
    expect((await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/cost`, auth: a.owner })).data.overBudget).toBe(false);
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: a.owner,
      body: { name: "Gold", threshold: 1000, multiplierBp: 20_000 },
    });
    const cost = await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}/cost`, auth: a.owner });
    expect(cost.data).toMatchObject({ baseCostBp: 100, maxCostBp: 200, overBudget: true });
  });

  it("refuses reopening an ended program, and a patch that breaks consistency", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/programs/${programId}`, auth: a.owner, body: { expiryPolicy: "days" } }))
        .statusCode,
    ).toBe(400);
    expect(
      (await call(ctx, { method: "PATCH", url: `/api/v1/programs/${programId}`, auth: a.owner, body: { status: "ended" } })).statusCode,
    ).toBe(200);
    const reopen = await call(ctx, { method: "PATCH", url: `/api/v1/programs/${programId}`, auth: a.owner, body: { status: "active" } });
    expect(reopen.statusCode).toBe(409);
  });
});

describe("purchases are refused with a clear reason", () => {
  it("for a draft program, before its start and after its end", async () => {
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const draft = await createProgramVia(ctx, a.owner, { status: "draft" });
    const res = await buy(draft, memberId, 1_000);
    expect(res.statusCode).toBe(422);
    expect(res.data.error).toMatchObject({ code: "program_inactive", details: [{ path: "programId" }] });
    const later = await createProgramVia(ctx, a.owner, { startsAt: "2026-05-01T00:00:00Z" });
    expect((await buy(later, memberId, 1_000)).data.error.message).toContain("starts on");
    const ended = await createProgramVia(ctx, a.owner, { endsAt: "2026-03-01T00:00:00Z", startsAt: "2026-01-01T00:00:00Z" });
    expect((await buy(ended, memberId, 1_000)).data.error.message).toContain("ended on");
    expect(await countRows(ctx.db, "purchases", "member_id = $1", [memberId])).toBe(0);
  });

  it("for a blocked member, for earning and spending alike", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await buy(programId, memberId, 10_000);
    await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${memberId}`,
      auth: a.owner,
      body: { status: "blocked", blockedReason: "fraud check" },
    });
    const res = await buy(programId, memberId, 1_000);
    expect(res.statusCode).toBe(422);
    expect(res.data.error.code).toBe("member_blocked");
    const event = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/events`,
      auth: a.owner,
      body: { programId, type: "review_approved", key: "r1" },
    });
    expect(event.data.error.code).toBe("member_blocked");
    expect((await balance(memberId, programId)).available).toBe(100);
  });

  it("for another currency, a future date, lines that do not add up, and an unknown card", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const eur = await buy(programId, memberId, 1_000, { amount: { amount: 1_000, currency: "EUR" } });
    expect(eur.statusCode).toBe(422);
    expect(eur.data.error).toMatchObject({ code: "currency_mismatch", details: [{ path: "amount.currency" }] });
    const future = await buy(programId, memberId, 1_000, { occurredAt: "2030-01-01T00:00:00Z" });
    expect(future.data.error.details[0].path).toBe("occurredAt");
    const lines = await buy(programId, memberId, 1_000, { items: [{ sku: "A", quantity: 1, unitPriceMinor: 900 }] });
    expect(lines.statusCode).toBe(400);
    expect(lines.data.error.details[0].path).toBe("items");
    const card = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, cardNumber: "NO-SUCH-CARD", receiptNumber: "X", amount: pln(100) },
    });
    expect(card.statusCode).toBe(404);
    expect(card.data.error.details[0].path).toBe("cardNumber");
    const both = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, receiptNumber: "X", amount: pln(100) },
    });
    expect(both.statusCode).toBe(400);
    expect(await countRows(ctx.db, "purchases", "member_id = $1", [memberId])).toBe(0);
  });

  it("accepts the card number instead of the member id, and previews exactly what it then earns", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const member = await createMemberVia(ctx, a.owner);
    const body = {
      programId,
      cardNumber: member.cardNumber,
      amount: pln(4_599),
      items: [{ sku: "K", category: "coffee", quantity: 1, unitPriceMinor: 4_599 }],
    };
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Kawa ×3", kind: "multiplier", multiplierBp: 30_000, categories: ["coffee"] },
    });
    const preview = await call(ctx, { method: "POST", url: "/api/v1/purchases/preview", auth: a.owner, body });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.data.breakdown).toMatchObject({ basePoints: 45, totalPoints: 137 });
    expect(await countRows(ctx.db, "purchases", "member_id = $1", [member.id])).toBe(0);
    const real = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { ...body, receiptNumber: unique("R-") },
    });
    expect(real.data.purchase.points).toBe(preview.data.breakdown.totalPoints);
    expect(real.data.purchase.memberId).toBe(member.id);
  });
});

describe("rules with caps and event rules", () => {
  it("caps a bonus per member per day in the company's time zone", async () => {
    clock.set("2026-04-10T08:00:00Z");
    const programId = await createProgramVia(ctx, a.owner);
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Bonus", kind: "bonus", bonusPoints: 30, capPerDay: 50 },
    });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const points = [];
    for (let i = 0; i < 3; i++) points.push((await buy(programId, memberId, 1_000)).data.purchase.points);
    expect(points).toEqual([40, 30, 10]);
    clock.set("2026-04-10T22:30:00Z"); // 00:30 on the 11th in Warsaw: a new day
    expect((await buy(programId, memberId, 1_000)).data.purchase.points).toBe(40);
  });

  it("pays an event rule once per key, and a custom event by its name", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Opinia", kind: "event", eventType: "review_approved", bonusPoints: 20 },
    });
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Ankieta", kind: "event", eventType: "custom", eventName: "survey.completed", bonusPoints: 15 },
    });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const send = (type: string, key: string, name?: string) =>
      call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/events`, auth: a.owner, body: { programId, type, key, name } });
    expect((await send("review_approved", "review-1")).data.awards).toEqual([
      expect.objectContaining({ points: 20, alreadyAwarded: false }),
    ]);
    expect((await send("review_approved", "review-1")).data.awards).toEqual([
      expect.objectContaining({ points: 20, alreadyAwarded: true }),
    ]);
    expect((await send("review_approved", "review-2")).data.awards[0].alreadyAwarded).toBe(false);
    expect((await send("custom", "s-1", "survey.completed")).data.awards[0].points).toBe(15);
    expect((await send("custom", "s-1", "other.event")).data.awards).toEqual([]);
    expect((await balance(memberId, programId)).available).toBe(55);
  });

  it("gives welcome points and registration rules on enrollment, once", async () => {
    const programId = await createProgramVia(ctx, a.owner, { welcomePoints: 25 });
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Rejestracja", kind: "event", eventType: "registration", bonusPoints: 10 },
    });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const first = await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    expect(first.statusCode).toBe(201);
    expect(first.data.available).toBe(35);
    const again = await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    expect(again.statusCode).toBe(200);
    expect(again.data.available).toBe(35);
  });

  it("refuses inconsistent rules naming the field", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const post = (body: object) => call(ctx, { method: "POST", url: `/api/v1/programs/${programId}/rules`, auth: a.owner, body });
    expect((await post({ name: "M", kind: "multiplier" })).data.error.details[0].path).toBe("multiplierBp");
    expect((await post({ name: "M", kind: "multiplier", multiplierBp: 5_000 })).data.error.details[0].path).toBe("multiplierBp");
    expect((await post({ name: "E", kind: "event", bonusPoints: 5 })).data.error.details[0].path).toBe("eventType");
    expect((await post({ name: "B", kind: "bonus", bonusPoints: 5, perItem: true })).data.error.details[0].path).toBe("perItem");
    expect((await post({ name: "B", kind: "bonus", bonusPoints: 5, tierIds: ["tir_nope"] })).data.error.details[0].path).toBe("tierIds");
  });
});

describe("location-limited cashiers and reversals", () => {
  it("record purchases at their own location only, and see only those", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const mine = await createLocationVia(ctx, a.owner, "Mine");
    const other = await createLocationVia(ctx, a.owner, "Other");
    const cashier = await addStaff(ctx, a, "cashier", { locationIds: [mine] });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const atMine = await buy(programId, memberId, 1_000, {}, cashier.auth);
    expect(atMine.statusCode).toBe(201);
    expect(atMine.data.purchase.locationId).toBe(mine);
    expect((await buy(programId, memberId, 1_000, { locationId: other }, cashier.auth)).data.error.details[0].path).toBe("locationId");
    const elsewhere = await buy(programId, memberId, 1_000, { locationId: other });
    const list = await call(ctx, { method: "GET", url: `/api/v1/purchases?memberId=${memberId}`, auth: cashier.auth });
    expect(list.data.data.map((p: { id: string }) => p.id)).toEqual([atMine.data.purchase.id]);
    expect(
      (await call(ctx, { method: "GET", url: `/api/v1/purchases/${elsewhere.data.purchase.id}`, auth: cashier.auth })).statusCode,
    ).toBe(404);
    expect(
      (
        await call(ctx, {
          method: "POST",
          url: `/api/v1/members/${memberId}/adjustments`,
          auth: cashier.auth,
          body: { programId, points: 5, reason: "nope" },
        })
      ).statusCode,
    ).toBe(403);
  });

  it("reverses a manual adjustment once, and refuses reversing purchases", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const bought = await buy(programId, memberId, 10_000);
    const adj = await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/adjustments`,
      auth: a.owner,
      body: { programId, points: -40, reason: "Kawa gratis" },
    });
    expect((await balance(memberId, programId)).available).toBe(60);
    const noReason = await call(ctx, {
      method: "POST",
      url: `/api/v1/ledger-entries/${adj.data.id}/reverse`,
      auth: a.owner,
      body: { reason: "" },
    });
    expect(noReason.data.error.details[0].path).toBe("reason");
    const rev = await call(ctx, {
      method: "POST",
      url: `/api/v1/ledger-entries/${adj.data.id}/reverse`,
      auth: a.owner,
      body: { reason: "Pomyłka" },
    });
    expect(rev.statusCode).toBe(201);
    expect(rev.data).toMatchObject({ kind: "reverse", points: 40, reversesId: adj.data.id });
    expect(
      (await call(ctx, { method: "POST", url: `/api/v1/ledger-entries/${adj.data.id}/reverse`, auth: a.owner, body: { reason: "again" } }))
        .statusCode,
    ).toBe(409);
    const purchaseEntry = bought.data.purchase;
    const ledger = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/ledger`, auth: a.owner });
    const earn = ledger.data.data.find((e: { causeId: string }) => e.causeId === purchaseEntry.id);
    expect(
      (await call(ctx, { method: "POST", url: `/api/v1/ledger-entries/${earn.id}/reverse`, auth: a.owner, body: { reason: "x y z" } }))
        .statusCode,
    ).toBe(422);
    expect((await balance(memberId, programId)).available).toBe(100);
    expect(ledger.data.sums).toEqual({ credited: 140, debited: 40, net: 100 });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });

  it("records debt when a return takes more points than are left, and repays it from the next purchase", async () => {
    const programId = await createProgramVia(ctx, a.owner, { negativePolicy: "record_debt" });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const bought = await buy(programId, memberId, 10_000);
    await call(ctx, {
      method: "POST",
      url: `/api/v1/members/${memberId}/adjustments`,
      auth: a.owner,
      body: { programId, points: -80, reason: "spent" },
    });
    const ret = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${bought.data.purchase.id}/returns`,
      auth: a.owner,
      body: { returnNumber: "Z1", amount: pln(10_000) },
    });
    expect(ret.data.return).toMatchObject({ points: 100, pointsAsDebt: 80 });
    expect(ret.data.balance).toMatchObject({ available: 0, debt: 80 });
    const next = await buy(programId, memberId, 10_000);
    expect(next.data.balance).toMatchObject({ available: 20, debt: 0 });
    expect(await verifyBalances(ctx.db, a.companyId)).toEqual([]);
  });
});

describe("birthday points", () => {
  it("pay once a year on the member's birthday in the company's time zone", async () => {
    const { awardBirthdayPoints } = await import("../src/modules/points/points.service.js");
    const programId = await createProgramVia(ctx, a.owner);
    await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Urodziny", kind: "event", eventType: "birthday", bonusPoints: 100 },
    });
    const { id: memberId } = await createMemberVia(ctx, a.owner, { birthday: "1990-07-15" });
    const other = await createMemberVia(ctx, a.owner, { birthday: "1990-07-16" });
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    await call(ctx, { method: "POST", url: `/api/v1/members/${other.id}/enrollments`, auth: a.owner, body: { programId } });
    // 23:30 UTC on the 14th is already the 15th in Warsaw.
    await awardBirthdayPoints(ctx.db, new Date("2026-07-14T23:30:00Z"));
    await awardBirthdayPoints(ctx.db, new Date("2026-07-15T12:00:00Z"));
    clock.set("2026-07-15T12:00:00Z");
    expect((await balance(memberId, programId)).available).toBe(100);
    expect((await balance(other.id, programId)).available).toBe(0);
    await awardBirthdayPoints(ctx.db, new Date("2027-07-15T12:00:00Z"));
    clock.set("2027-07-15T12:00:00Z");
    expect((await balance(memberId, programId)).available).toBe(200);
  });
});
