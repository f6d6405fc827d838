import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reevaluateAllTiers } from "../src/modules/tiers/reevaluate-tiers-job.js";
import { type ChunkStats, SINGLE_ROW_TRIES } from "../src/platform/chunked-job.js";
import {
  balanceVia,
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  createTierVia,
  holdLocks,
  onPostgres,
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

  it("writes a single member within the budget a few times before it writes it without one (the lock held meanwhile needs a second session: PostgreSQL; PGlite checks the downgrade)", async () => {
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
