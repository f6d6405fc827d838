import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { automationRunsTask } from "../src/modules/automation/execute-run.js";
import { runScheduledTriggers } from "../src/modules/automation/scheduled.js";
import { sql } from "../src/platform/sql.js";
import { createScenarioVia, runsVia } from "./automation-fixtures.js";
import {
  balanceVia,
  call,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  onPostgres,
  purchaseVia,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
} from "./harness.js";
import { reportReliability } from "./reliability.js";

/**
 * Scheduled triggers with a controllable clock: the job and the run executor are called with the
 * test's time, twice at once ("two workers"; on PostgreSQL on two connections of the pool, really
 * concurrent), and every occurrence runs once.
 */
let ctx: TestContext;
let a: TestCompany;
let programId: string;
const clock = new TestClock(new Date("2027-01-10T12:00:00Z"));

beforeAll(async () => {
  // A database of its own: the job walks every company.
  ctx = await startTestApp({ empty: true, clock: clock.now });
  a = await createTestCompany(ctx);
  const tz = await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: a.owner, body: { timeZone: "Europe/Warsaw" } });
  expect(tz.statusCode, tz.body).toBe(200);
  programId = await createProgramVia(ctx, a.owner);
});
afterAll(() => ctx.close());

const figures = { passesWithTwoWorkers: 0, occurrencesExpected: 0, runsFound: 0 };
afterAll(() => reportReliability("automation-scheduled", figures));

/** Two workers at the same moment: both walk the scheduled scenarios, then both execute due runs. */
async function twoWorkersAt(iso: string): Promise<void> {
  figures.passesWithTwoWorkers++;
  const at = new Date(iso);
  await Promise.all([runScheduledTriggers(ctx.db, at), runScheduledTriggers(ctx.db, at)]);
  const task = automationRunsTask(ctx.config);
  await Promise.all([task.run(at, { db: ctx.db }), automationRunsTask(ctx.config).run(at, { db: ctx.db })]);
}

async function scenario(trigger: Record<string, unknown>, points = 100) {
  return createScenarioVia(ctx, a.owner, {
    name: `Scheduled ${trigger.type}`,
    programId,
    trigger,
    actions: [{ type: "add_points", points, reason: String(trigger.type) }],
  });
}

async function archive(id: string) {
  await call(ctx, { method: "DELETE", url: `/api/v1/automation/scenarios/${id}`, auth: a.owner });
}

/** A scenario of a program reaches its members: enrolled ones. */
async function enrolledMember(birthday: string) {
  const member = await createMemberVia(ctx, a.owner, { birthday });
  const res = await call(ctx, { method: "POST", url: `/api/v1/members/${member.id}/enrollments`, auth: a.owner, body: { programId } });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return member;
}

const runsOf = async (scenarioId: string, memberId: string) =>
  (await runsVia(ctx, a.owner, `scenarioId=${scenarioId}&memberId=${memberId}`)).filter((r) => r.status !== "skipped");

/** The test's last look at a scenario: these occurrences, each once (counted for RELIABILITY.md). */
async function expectOccurrences(scenarioId: string, memberId: string, keys: string[]) {
  const runs = await runsOf(scenarioId, memberId);
  figures.occurrencesExpected += keys.length;
  figures.runsFound += runs.length;
  expect(runs.map((r) => r.occurrenceKey).sort()).toEqual([...keys].sort());
}

describe(`scheduled triggers (${onPostgres ? "PostgreSQL: two connections" : "PGlite"})`, () => {
  it("birthday: at midnight Europe/Warsaw on the day clocks go forward, once with two workers", async () => {
    const s = await scenario({ type: "birthday" });
    const member = await enrolledMember("1990-03-28");
    // 23:59 on 27 March in Warsaw (CET, +1): not yet
    await twoWorkersAt("2027-03-27T22:59:00Z");
    expect(await runsOf(s.id, member.id)).toHaveLength(0);
    // 00:00 on 28 March (the night clocks go to CEST at 2:00)
    await twoWorkersAt("2027-03-27T23:00:00Z");
    await twoWorkersAt("2027-03-28T01:30:00Z");
    await twoWorkersAt("2027-03-28T21:00:00Z");
    await expectOccurrences(s.id, member.id, ["birthday:2027"]);
    expect((await runsOf(s.id, member.id))[0]).toMatchObject({ status: "completed", pointsGiven: 100 });
    await archive(s.id);
  });

  it("birthday: at midnight on the day clocks go back (CEST, +2), once", async () => {
    const s = await scenario({ type: "birthday" });
    const member = await enrolledMember("1985-10-31");
    await twoWorkersAt("2027-10-30T21:59:00Z");
    expect(await runsOf(s.id, member.id)).toHaveLength(0);
    await twoWorkersAt("2027-10-30T22:00:00Z");
    await twoWorkersAt("2027-10-31T01:30:00Z");
    await twoWorkersAt("2027-10-31T22:30:00Z");
    await expectOccurrences(s.id, member.id, ["birthday:2027"]);
    await archive(s.id);
  });

  it("birthday on 29 February: on 28 February in a year without it, on the 29th in a leap year", async () => {
    const s = await scenario({ type: "birthday" });
    const member = await enrolledMember("2000-02-29");
    await twoWorkersAt("2027-02-26T23:00:00Z"); // 27 Feb in Warsaw
    expect(await runsOf(s.id, member.id)).toHaveLength(0);
    await twoWorkersAt("2027-02-27T23:00:00Z"); // 28 Feb
    await twoWorkersAt("2027-02-28T23:00:00Z"); // 1 March
    await expectOccurrences(s.id, member.id, ["birthday:2027"]);
    await twoWorkersAt("2028-02-27T23:00:00Z"); // 28 Feb 2028: a leap year, not yet
    expect(await runsOf(s.id, member.id)).toHaveLength(1);
    await twoWorkersAt("2028-02-28T23:00:00Z"); // 29 Feb 2028
    await expectOccurrences(s.id, member.id, ["birthday:2027", "birthday:2028"]);
    await archive(s.id);
  });

  it("anniversary of joining: on the day in the company's calendar, once a year", async () => {
    const s = await scenario({ type: "join_anniversary" });
    const member = await enrolledMember("1970-01-01");
    const [row] = await ctx.db.query<{ day: string }>(
      sql`select to_char(created_at at time zone 'Europe/Warsaw', 'MM-DD') as day from members where company_id = ${a.companyId} and id = ${member.id}`,
    );
    const day = `2030-${row?.day}`;
    const midnight = new Date(`${day}T00:00:00+01:00`);
    // an hour either way of the day's start covers both CET and CEST
    await twoWorkersAt(new Date(midnight.getTime() - 2 * 3_600_000).toISOString());
    expect(await runsOf(s.id, member.id)).toHaveLength(0);
    await twoWorkersAt(new Date(midnight.getTime() + 3_600_000).toISOString());
    await twoWorkersAt(new Date(midnight.getTime() + 10 * 3_600_000).toISOString());
    await expectOccurrences(s.id, member.id, ["anniversary:2030"]);
    await archive(s.id);
  });

  it("no purchase for 90 days: once per quiet spell, again after the next purchase", async () => {
    const s = await scenario({ type: "no_purchase", days: 90 }, 30);
    const saved = clock.current;
    clock.set("2027-01-10T12:00:00Z");
    const member = await createMemberVia(ctx, a.owner);
    expect((await purchaseVia(ctx, a.owner, programId, member.id, 1000)).statusCode).toBe(201);
    await twoWorkersAt("2027-04-09T12:00:00Z"); // 89 days
    expect(await runsOf(s.id, member.id)).toHaveLength(0);
    await twoWorkersAt("2027-04-10T12:30:00Z"); // 90 days
    await twoWorkersAt("2027-04-11T12:30:00Z");
    await expectOccurrences(s.id, member.id, ["no-purchase:90:2027-01-10"]);
    clock.set("2027-04-20T12:00:00Z");
    expect((await purchaseVia(ctx, a.owner, programId, member.id, 1000)).statusCode).toBe(201);
    await twoWorkersAt("2027-07-19T12:30:00Z");
    expect(await runsOf(s.id, member.id)).toHaveLength(2);
    clock.set(saved);
    await archive(s.id);
  });

  it("points expiring within 14 days: once per expiry date", async () => {
    const expiring = await createProgramVia(ctx, a.owner, { expiryPolicy: "days", expiryValue: 30 });
    const s = await createScenarioVia(ctx, a.owner, {
      name: "Expiry reminder",
      programId: expiring,
      trigger: { type: "points_expiring", days: 14 },
      actions: [{ type: "add_tag", tag: "expiring-soon" }],
    });
    const saved = clock.current;
    clock.set("2027-05-01T10:00:00Z");
    const member = await createMemberVia(ctx, a.owner);
    expect((await purchaseVia(ctx, a.owner, expiring, member.id, 5000)).statusCode).toBe(201);
    await twoWorkersAt("2027-05-10T10:00:00Z"); // expires in 21 days
    expect(await runsOf(s.id, member.id)).toHaveLength(0);
    await twoWorkersAt("2027-05-20T10:00:00Z"); // in 11 days
    await twoWorkersAt("2027-05-21T10:00:00Z");
    const runs = await runsOf(s.id, member.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]?.occurrenceKey).toMatch(new RegExp(`^expiring:${expiring}:2027-05-3\\d$`));
    expect((await balanceVia(ctx, a.owner, member.id, expiring)).available).toBe(50);
    clock.set(saved);
    await archive(s.id);
  });
});
