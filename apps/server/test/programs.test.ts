import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyBalances } from "../src/modules/ledger/verify-balances.js";
import { reevaluateAllTiers } from "../src/modules/tiers/reevaluate-tiers-job.js";
import { type ChunkStats, SINGLE_ROW_TRIES } from "../src/platform/chunked-job.js";
import {
  addStaff,
  call,
  countRows,
  createLocationVia,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  holdLocks,
  onPostgres,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
const clock = new TestClock(new Date("2026-04-01T10:00:00Z"));
const pln = (amount: number) => ({ amount, currency: "PLN" });

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const buy = (programId: string, memberId: string, amount: number, extra: Record<string, unknown> = {}, auth = a.owner) =>
  call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth,
    body: { programId, memberId, receiptNumber: unique("R-"), amount: pln(amount), ...extra },
  });
const balance = async (memberId: string, programId: string) =>
  (await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/balances?programId=${programId}`, auth: a.owner })).data.data[0];

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

describe("tiers", () => {
  it("upgrades on purchases by points in the calendar year, and downgrades only on the scheduled run after a full period", async () => {
    clock.set("2026-04-01T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { tierBasis: "points", tierPeriod: "calendar_year" });
    const silver = await createTierVia(ctx, a.owner, programId, { name: "Silver", threshold: 100, discountBp: 300 });
    const gold = await createTierVia(ctx, a.owner, programId, { name: "Gold", threshold: 300, discountBp: 1_000, multiplierBp: 15_000 });
    const dup = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/tiers`,
      auth: a.owner,
      body: { name: "Gold 2", threshold: 300 },
    });
    expect(dup.statusCode).toBe(409);
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    expect((await buy(programId, memberId, 15_000)).data.balance.tier).toMatchObject({ id: silver.id, discountBp: 300 });
    expect((await buy(programId, memberId, 20_000)).data.balance.tier).toMatchObject({ id: gold.id });
    expect((await buy(programId, memberId, 10_000)).data.purchase.points).toBe(150);
    const history = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/tier-history`, auth: a.owner });
    expect(history.data.data.map((h: { toTierId: string; reason: string }) => [h.toTierId, h.reason])).toEqual([
      [gold.id, "purchase"],
      [silver.id, "purchase"],
    ]);
    expect(history.data.data[0]).toMatchObject({ fromTierName: "Silver", toTierName: "Gold" });
    const tz = async () => "Europe/Warsaw";
    await reevaluateAllTiers(ctx.db, new Date("2026-12-01T00:00:00Z"), tz);
    expect((await balance(memberId, programId)).tier.id).toBe(gold.id);
    await reevaluateAllTiers(ctx.db, new Date("2027-02-01T00:00:00Z"), tz);
    clock.set("2027-02-01T00:00:00Z");
    expect((await balance(memberId, programId)).tier).toBeNull();
    // The scheduled change is in the tier history and the outbox like any other.
    const after = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/tier-history`, auth: a.owner });
    expect(after.data.data[0]).toMatchObject({ fromTierName: "Gold", toTierId: null, reason: "schedule" });
    const [event] = await ctx.db.query<{ payload: Record<string, unknown> }>(
      "select payload from events where type = 'member.tier_changed' and entity_id = $1 and payload->>'reason' = 'schedule'",
      [memberId],
    );
    expect(event?.payload).toEqual({ programId, fromTierId: gold.id, toTierId: null, reason: "schedule" });
    const inUse = await call(ctx, { method: "DELETE", url: `/api/v1/programs/${programId}/tiers/${silver.id}`, auth: a.owner });
    expect(inUse.statusCode).toBe(204);
  });

  it("re-evaluates every unlocked enrollment of a large program, chunk after chunk, from the entries that qualify", async () => {
    // Enough members for several of the job's chunks (the first holds 500), written directly; few
    // of them change tier, so that the shared test database gets few events from it.
    const b = await createTestCompany(ctx);
    const programId = await createProgramVia(ctx, b.owner, { tierBasis: "points", tierPeriod: "calendar_year" });
    const silver = await createTierVia(ctx, b.owner, programId, { name: "Silver", threshold: 100 });
    const n = 1_300;
    const tag = unique("t").replace(/[^a-z0-9]/gi, "");
    const id = (i: string) => `'mbr_${tag}_' || lpad(${i}::text, 5, '0')`;
    await ctx.db.query(
      `insert into members (company_id, id, card_number, referral_code) select $1, ${id("i")}, 'C' || i, 'R' || i from generate_series(1, $2) i`,
      [b.companyId, n],
    );
    // By i % 50: 10 and 20 are locked; 3 and 20 have held Silver since 2025.
    await ctx.db.query(
      `insert into enrollments (company_id, program_id, member_id, tier_locked, tier_id, tier_since)
       select $1, $2, ${id("i")}, i % 50 in (10, 20), case when i % 50 in (3, 20) then $4 end,
              case when i % 50 in (3, 20) then timestamptz '2025-06-01' end
         from generate_series(1, $3) i`,
      [b.companyId, programId, n, silver.id],
    );
    // 1 and 10: 150 points earned this year. 2: the same, expired since (still earned this year).
    // 3 and 20: 1,000 earned last year, an adjustment and a spend this year: none of it qualifies.
    await ctx.db.query(
      `insert into ledger_entries (company_id, id, program_id, member_id, kind, points, cause_type, actor_type, actor_name, occurred_at)
       select $1, 'led_${tag}_' || i || '_' || k, $2, ${id("i")}, e.kind, e.points, e.cause, 'system', 'Test', e.at
         from generate_series(1, $3) i
         cross join lateral (values
           (1, 'earn', 150, 'rule', timestamptz '2026-03-01', i % 50 in (1, 2, 10)),
           (2, 'expire', -150, 'expiry', timestamptz '2026-05-01', i % 50 = 2),
           (3, 'earn', 1000, 'rule', timestamptz '2025-12-15', i % 50 in (3, 20)),
           (4, 'adjust', 500, 'manual', timestamptz '2026-02-01', i % 50 in (3, 20)),
           (5, 'spend', -50, 'redemption', timestamptz '2026-02-02', i % 50 in (3, 20))) e(k, kind, points, cause, at, wanted)
        where e.wanted`,
      [b.companyId, programId, n],
    );
    await reevaluateAllTiers(ctx.db, new Date("2026-06-01T00:00:00Z"), async () => "Europe/Warsaw");
    const rows = await ctx.db.query<{ i: number; tier_id: string | null }>(
      `select substr(member_id, length($3) + 1)::int as i, tier_id from enrollments where company_id = $1 and program_id = $2 order by 1`,
      [b.companyId, programId, `mbr_${tag}_`],
    );
    expect(rows).toHaveLength(n);
    const expected = (i: number) => ([1, 2, 20].includes(i % 50) ? silver.id : null);
    expect(rows.filter((r) => r.tier_id !== expected(r.i)).map((r) => r.i)).toEqual([]);
    const count = (rests: number[]) => Array.from({ length: n }, (_, k) => k + 1).filter((i) => rests.includes(i % 50)).length;
    const changes = (where: string, params: unknown[]) =>
      countRows(ctx.db, "tier_changes", `company_id = $1 and reason = 'schedule' and ${where}`, [b.companyId, ...params]);
    expect(await changes("to_tier_id = $2", [silver.id])).toBe(count([1, 2]));
    expect(await changes("to_tier_id is null", [])).toBe(count([3]));
  });

  it("keeps a locked manual tier away from automatic evaluation", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const vip = await createTierVia(ctx, a.owner, programId, { name: "VIP", threshold: 1_000_000 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    await call(ctx, { method: "POST", url: `/api/v1/members/${memberId}/enrollments`, auth: a.owner, body: { programId } });
    const wrongTier = await call(ctx, {
      method: "PUT",
      url: `/api/v1/members/${memberId}/programs/${programId}/tier`,
      auth: a.owner,
      body: { tierId: "tir_other", locked: true },
    });
    expect(wrongTier.data.error.details[0].path).toBe("tierId");
    await call(ctx, {
      method: "PUT",
      url: `/api/v1/members/${memberId}/programs/${programId}/tier`,
      auth: a.owner,
      body: { tierId: vip.id, locked: true },
    });
    await reevaluateAllTiers(ctx.db, new Date("2028-01-01T00:00:00Z"), async () => "Europe/Warsaw");
    expect(await balance(memberId, programId)).toMatchObject({ tier: { id: vip.id }, tierLocked: true });
    const inUse = await call(ctx, { method: "DELETE", url: `/api/v1/programs/${programId}/tiers/${vip.id}`, auth: a.owner });
    expect(inUse.statusCode).toBe(409);
  });
});

describe("the scheduled tier job's lock budget", () => {
  // A database of its own: the job covers every program in it, and this test counts its statements.
  let own: TestContext;
  beforeAll(async () => {
    own = await startTestApp({ clock: clock.now, empty: true });
  });
  afterAll(() => own.close());

  it("writes a single member within the budget a few times before it writes it without one", async () => {
    const c = await createTestCompany(own);
    clock.set("2026-04-01T10:00:00Z");
    const programId = await createProgramVia(own, c.owner, { tierBasis: "points", tierPeriod: "calendar_year" });
    const silver = await createTierVia(own, c.owner, programId, { name: "Silver", threshold: 100 });
    const { id: memberId } = await createMemberVia(own, c.owner);
    const body = { programId, memberId, receiptNumber: unique("R-"), amount: pln(15_000) };
    expect((await call(own, { method: "POST", url: "/api/v1/purchases", auth: c.owner, body })).data.balance.tier.id).toBe(silver.id);
    // In 2027 the member has no points yet: the run's one change is this member's downgrade.
    const chunks: ChunkStats[] = [];
    const run = () =>
      reevaluateAllTiers(own.db, new Date("2027-02-01T00:00:00Z"), async () => "Europe/Warsaw", { onChunk: (x) => chunks.push(x) });
    const cancelled = () => chunks.filter((x) => x.rows === 0).length;
    if (onPostgres) {
      // Another transaction keeps tier history from being written, so the member's statement
      // waits until PostgreSQL cancels it at the budget; after a few such misses it is written
      // without the budget, which waits for the history table instead.
      const release = await holdLocks(own.db, "lock table tier_changes in share mode");
      const job = run();
      await expect.poll(cancelled, { timeout: 10_000 }).toBeGreaterThanOrEqual(SINGLE_ROW_TRIES);
      await release();
      await job;
      expect(cancelled()).toBe(SINGLE_ROW_TRIES);
    } else await run();
    clock.set("2027-02-01T00:00:00Z");
    const after = await call(own, { method: "GET", url: `/api/v1/members/${memberId}/balances?programId=${programId}`, auth: c.owner });
    expect(after.data.data[0].tier).toBeNull();
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
