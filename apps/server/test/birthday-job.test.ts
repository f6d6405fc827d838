import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awardBirthdayPoints, birthdaysDueSql } from "../src/modules/points/points.service.js";
import { raw } from "../src/platform/sql.js";
import {
  balanceVia,
  call,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  onPostgres,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
} from "./harness.js";

/**
 * The hourly birthday job (issue 20, item 16) finds its members through an index on the month and
 * day of their birthday, per company in its time zone, instead of scanning every enrolment; and
 * still pays once a year per member.
 */
let ctx: TestContext;
let a: TestCompany;
const clock = new TestClock(new Date("2026-07-15T12:00:00Z"));

beforeAll(async () => {
  // A database of its own: the job covers every company.
  ctx = await startTestApp({ empty: true, clock: clock.now });
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

/** The plan of the job's query. Sequential scans are priced out so that the plan shows which index can serve it, whatever the table sizes. */
async function planOfBirthdayQuery(): Promise<string> {
  const text = `explain ${birthdaysDueSql(raw("'2026-07-15T12:00:00Z'::timestamptz")).text}`;
  if (onPostgres) {
    const rows = await ctx.db.session({ enable_seqscan: "off" }, (q) => q.query<{ "QUERY PLAN": string }>(text));
    return rows.map((r) => r["QUERY PLAN"]).join("\n");
  }
  try {
    const { rows } = await ctx.db.executeSql(`set enable_seqscan = off; ${text}`);
    return (rows as { "QUERY PLAN": string }[]).map((r) => r["QUERY PLAN"]).join("\n");
  } finally {
    await ctx.db.executeSql("reset enable_seqscan");
  }
}

describe("the birthday job", () => {
  it("reads members through members_birthday_md_idx (EXPLAIN)", async () => {
    const plan = await planOfBirthdayQuery();
    expect(plan).toContain("members_birthday_md_idx");
  });

  it("pays once a year per member, on the day in the company's time zone, 29 February on the 28th in other years", async () => {
    const programId = await createProgramVia(ctx, a.owner);
    const rule = await call(ctx, {
      method: "POST",
      url: `/api/v1/programs/${programId}/rules`,
      auth: a.owner,
      body: { name: "Urodziny", kind: "event", eventType: "birthday", bonusPoints: 100 },
    });
    expect(rule.statusCode, rule.body).toBe(201);
    const member = async (birthday: string) => {
      const { id } = await createMemberVia(ctx, a.owner, { birthday });
      await call(ctx, { method: "POST", url: `/api/v1/members/${id}/enrollments`, auth: a.owner, body: { programId } });
      return id;
    };
    const july = await member("1990-07-15");
    const leap = await member("1992-02-29");
    const points = async (id: string, at: string) => {
      clock.set(at);
      return (await balanceVia(ctx, a.owner, id, programId)).available as number;
    };
    // Every hour of the day (Warsaw: 22:00 UTC on the 14th to 21:00 UTC on the 15th), and the day after.
    for (let h = 0; h < 24; h += 3) await awardBirthdayPoints(ctx.db, new Date(Date.UTC(2026, 6, 14, 22 + h)));
    await awardBirthdayPoints(ctx.db, new Date("2026-07-16T10:00:00Z"));
    expect(await points(july, "2026-07-16T12:00:00Z")).toBe(100);
    await awardBirthdayPoints(ctx.db, new Date("2027-07-15T10:00:00Z"));
    await awardBirthdayPoints(ctx.db, new Date("2027-07-15T20:00:00Z"));
    expect(await points(july, "2027-07-16T12:00:00Z")).toBe(200);
    // 2027 has no 29 February: the 28th; 2028 has one: the 29th, not the 28th.
    await awardBirthdayPoints(ctx.db, new Date("2027-02-28T10:00:00Z"));
    await awardBirthdayPoints(ctx.db, new Date("2028-02-28T10:00:00Z"));
    expect(await points(leap, "2028-02-28T12:00:00Z")).toBe(100);
    await awardBirthdayPoints(ctx.db, new Date("2028-02-29T10:00:00Z"));
    expect(await points(leap, "2028-02-29T12:00:00Z")).toBe(200);
    expect(await points(july, "2028-02-29T12:00:00Z")).toBe(200);
  });
});
