import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addCalendarDays } from "../src/platform/calendar.js";
import { sql } from "../src/platform/sql.js";
import {
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  pln,
  startTestApp,
  TestClock,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";
import { reportReliability } from "./reliability.js";

let ctx: TestContext;
let a: TestCompany;
const clock = new TestClock(new Date("2026-10-24T12:00:00Z"));

beforeAll(async () => {
  ctx = await startTestApp({ clock: clock.now });
  a = await createTestCompany(ctx); // Europe/Warsaw, the default
});
afterAll(() => ctx.close());

const purchase = (programId: string, memberId: string, extra: Record<string, unknown> = {}) =>
  call(ctx, {
    method: "POST",
    url: "/api/v1/purchases",
    auth: a.owner,
    body: { programId, memberId, receiptNumber: unique("R-"), amount: pln(1_000), ...extra },
  });

describe("calendar days in the company's time zone", () => {
  it("adds calendar days as PostgreSQL does, around both DST changes of Warsaw and of New York", async () => {
    const zones = ["Europe/Warsaw", "America/New_York", "UTC"];
    // Every hour from two days before to two days after each change, plus a day, a week and -3 days.
    const starts = ["2026-03-27T00:00:00Z", "2026-10-23T00:00:00Z", "2026-03-06T00:00:00Z", "2026-10-30T00:00:00Z"];
    const instants = starts.flatMap((start) => Array.from({ length: 96 }, (_, i) => new Date(new Date(start).getTime() + i * 3_600_000)));
    let tried = 0;
    for (const zone of zones) {
      for (const days of [1, 7, -3]) {
        const rows = await ctx.db.query<{ t: Date }>(
          sql`select ((t at time zone ${zone}::text) + make_interval(days => ${days}::int)) at time zone ${zone}::text as t
                from unnest(${instants}::timestamptz[]) with ordinality as u(t, n) order by n`,
        );
        const ours = instants.map((at) => `${zone} ${at.toISOString()} + ${days} = ${addCalendarDays(at, days, zone).toISOString()}`);
        const theirs = instants.map((at, i) => `${zone} ${at.toISOString()} + ${days} = ${rows[i]?.t.toISOString()}`);
        expect(ours).toEqual(theirs);
        tried += instants.length;
      }
    }
    expect(tried).toBe(3 * 3 * 4 * 96);
    reportReliability("calendar-days", { zones: zones.length, instantsCompared: tried, differencesFromPostgres: 0 });
  });

  it("makes points pending 1 day available at the same Warsaw time the next day, across the October change (25 h)", async () => {
    clock.set("2026-10-24T12:00:00Z"); // 14:00 in Warsaw, summer time; winter time from 25 October 03:00
    const programId = await createProgramVia(ctx, a.owner, { pendingDays: 1, expiryPolicy: "days", expiryValue: 7 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const res = await purchase(programId, memberId);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.purchase.availableAt).toBe("2026-10-25T13:00:00.000Z"); // 14:00 in Warsaw, winter time
    const ledger = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/ledger?programId=${programId}`, auth: a.owner });
    const earn = ledger.data.data.find((e: { kind: string }) => e.kind === "earn");
    expect(earn).toMatchObject({ availableAt: "2026-10-25T13:00:00.000Z", expiresAt: "2026-10-31T13:00:00.000Z" });
  });

  it("counts the March change too (23 h), for a back-dated purchase", async () => {
    clock.set("2026-04-02T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { pendingDays: 2, expiryPolicy: "days", expiryValue: 1 });
    const { id: memberId } = await createMemberVia(ctx, a.owner);
    const res = await purchase(programId, memberId, { occurredAt: "2026-03-28T12:00:00Z" }); // 13:00 in Warsaw, winter time
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.purchase.availableAt).toBe("2026-03-30T11:00:00.000Z"); // 13:00 in Warsaw, summer time
    const ledger = await call(ctx, { method: "GET", url: `/api/v1/members/${memberId}/ledger?programId=${programId}`, auth: a.owner });
    expect(ledger.data.data.find((e: { kind: string }) => e.kind === "earn").expiresAt).toBe("2026-03-29T11:00:00.000Z");
  });

  it("accepts a birthday of today in Warsaw just after local midnight (still yesterday in UTC), and refuses tomorrow", async () => {
    clock.set("2026-06-15T22:30:00Z"); // 16 June, 00:30 in Warsaw
    const today = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: { firstName: "Ala", lastName: unique("Nowak"), birthday: "2026-06-16" },
    });
    expect(today.statusCode, today.body).toBe(201);
    const before = await countRows(ctx.db, "members", "company_id = $1", [a.companyId]);
    const tomorrow = await call(ctx, {
      method: "POST",
      url: "/api/v1/members",
      auth: a.owner,
      body: { firstName: "Ala", lastName: unique("Nowak"), birthday: "2026-06-17" },
    });
    expect(tomorrow.statusCode).toBe(400);
    expect(tomorrow.data.error.details[0]).toMatchObject({ path: "birthday", code: "not_in_future" });
    expect(await countRows(ctx.db, "members", "company_id = $1", [a.companyId])).toBe(before);
    const patched = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${today.data.id}`,
      auth: a.owner,
      body: { birthday: "2026-06-17" },
    });
    expect(patched.statusCode).toBe(400);
    expect(patched.data.error.details[0]).toMatchObject({ path: "birthday", code: "not_in_future" });
    clock.set("2026-06-16T22:30:00Z"); // 17 June in Warsaw
    const later = await call(ctx, {
      method: "PATCH",
      url: `/api/v1/members/${today.data.id}`,
      auth: a.owner,
      body: { birthday: "2026-06-17" },
    });
    expect(later.statusCode, later.body).toBe(200);
  });
});

describe("late receipts after the program's end", () => {
  // The season ends at midnight in Warsaw between 31 October and 1 November.
  const endsAt = "2026-10-31T23:00:00.000Z";
  let programId: string;
  let memberId: string;
  let lateId: string;

  beforeAll(async () => {
    clock.set("2026-10-01T10:00:00Z");
    programId = await createProgramVia(ctx, a.owner, { endsAt });
    memberId = (await createMemberVia(ctx, a.owner)).id;
  });

  it("accepts a purchase that occurred in the season up to 14 days after the end, with and without a batch", async () => {
    clock.set("2026-11-14T22:59:00Z"); // the last minute of 14 November in Warsaw
    const single = await purchase(programId, memberId, { occurredAt: "2026-10-31T22:00:00Z" });
    expect(single.statusCode, single.body).toBe(201);
    lateId = single.data.purchase.id;
    const batch = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases/batch",
      auth: a.owner,
      body: { purchases: [{ programId, memberId, receiptNumber: unique("R-"), amount: pln(500), occurredAt: "2026-10-20T10:00:00Z" }] },
    });
    expect(batch.statusCode, batch.body).toBe(200);
    expect(batch.data.results[0].status).toBe("created");
  });

  it("refuses a purchase that occurred after the end, sent with or without occurredAt", async () => {
    clock.set("2026-11-02T10:00:00Z");
    const now = await purchase(programId, memberId);
    expect(now.statusCode).toBe(422);
    expect(now.data.error).toMatchObject({ code: "program_inactive", details: [{ path: "programId", code: "program_ended_on" }] });
    const dated = await purchase(programId, memberId, { occurredAt: "2026-11-01T09:00:00Z" });
    expect(dated.statusCode).toBe(422);
    expect(dated.data.error.details[0]).toMatchObject({ path: "programId", code: "program_ended_on" });
  });

  it("refuses a purchase of the season sent more than 14 days after the end: single, batch and preview, writing nothing", async () => {
    clock.set("2026-11-14T23:00:00Z"); // 15 November in Warsaw
    const before = await countRows(ctx.db, "purchases", "company_id = $1 and program_id = $2", [a.companyId, programId]);
    const late = await purchase(programId, memberId, { occurredAt: "2026-10-30T10:00:00Z" });
    expect(late.statusCode).toBe(422);
    expect(late.data.error).toMatchObject({
      code: "program_inactive",
      details: [{ path: "occurredAt", code: "program_late_receipt", params: { date: endsAt, days: 14 } }],
    });
    const batch = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases/batch",
      auth: a.owner,
      body: { purchases: [{ programId, memberId, receiptNumber: unique("R-"), amount: pln(500), occurredAt: "2026-10-20T10:00:00Z" }] },
    });
    expect(batch.data.results[0]).toMatchObject({ status: "failed", error: { code: "program_inactive" } });
    expect(batch.data.results[0].error.details[0]).toMatchObject({ path: "purchases.0.occurredAt", code: "program_late_receipt" });
    const preview = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases/preview",
      auth: a.owner,
      body: { programId, memberId, amount: pln(500), occurredAt: "2026-10-20T10:00:00Z" },
    });
    expect(preview.statusCode).toBe(422);
    expect(preview.data.error.details[0]).toMatchObject({ path: "occurredAt", code: "program_late_receipt" });
    expect(await countRows(ctx.db, "purchases", "company_id = $1 and program_id = $2", [a.companyId, programId])).toBe(before);
  });

  it("still accepts a return after the late receipts' days (it only takes points back)", async () => {
    clock.set("2026-12-01T10:00:00Z");
    const res = await call(ctx, {
      method: "POST",
      url: `/api/v1/purchases/${lateId}/returns`,
      auth: a.owner,
      body: { returnNumber: unique("Z-"), amount: pln(1_000) },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.data.return.points).toBe(10); // the points taken back
  });
});

describe("an ended program cannot be reopened", () => {
  const patch = (programId: string, body: object) =>
    call(ctx, { method: "PATCH", url: `/api/v1/programs/${programId}`, auth: a.owner, body });

  it("refuses moving the end of a program that has ended later, or removing it, naming endsAt", async () => {
    clock.set("2026-05-01T10:00:00Z");
    const programId = await createProgramVia(ctx, a.owner, { endsAt: "2026-06-30T22:00:00.000Z" });
    expect((await patch(programId, { endsAt: "2026-07-31T22:00:00.000Z" })).statusCode).toBe(200); // not ended yet: may move
    clock.set("2026-08-02T10:00:00Z");
    for (const endsAt of ["2026-12-31T23:00:00.000Z", null]) {
      const res = await patch(programId, { endsAt });
      expect(res.statusCode, res.body).toBe(409);
      expect(res.data.error.details[0]).toMatchObject({ path: "endsAt", code: "program_end_fixed" });
    }
    const read = await call(ctx, { method: "GET", url: `/api/v1/programs/${programId}`, auth: a.owner });
    expect(read.data.endsAt).toBe("2026-07-31T22:00:00.000Z");
    // The settings form sends every field: the same end (to the minute) with another change is fine.
    const same = await patch(programId, { endsAt: "2026-07-31T22:00:00.000Z", slogan: "Do zobaczenia" });
    expect(same.statusCode, same.body).toBe(200);
    const purchase = await call(ctx, {
      method: "POST",
      url: "/api/v1/purchases",
      auth: a.owner,
      body: { programId, memberId: (await createMemberVia(ctx, a.owner)).id, receiptNumber: unique("R-"), amount: pln(100) },
    });
    expect(purchase.statusCode).toBe(422);
  });

  it("refuses reopening a program whose status is ended, naming status", async () => {
    const programId = await createProgramVia(ctx, a.owner, { status: "ended" });
    const res = await patch(programId, { status: "active" });
    expect(res.statusCode).toBe(409);
    expect(res.data.error.details[0].path).toBe("status");
  });
});
