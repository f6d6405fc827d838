import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeExpiredSessions } from "../src/modules/auth/auth.service.js";
import { queueMessage } from "../src/modules/messaging/outbox.service.js";
import { eraseInactiveMembers, purgeCompanyData } from "../src/modules/privacy/retention.js";
import { idsFrom } from "../src/platform/ids.js";
import {
  call,
  countRows,
  createMemberVia,
  createProgramVia,
  createTestCompany,
  login,
  PASSWORD,
  purchaseVia,
  startTestApp,
  type TestCompany,
  type TestContext,
  unique,
} from "./harness.js";

// Retention: rows older than their period go, younger ones and events a consumer still needs stay;
// members of a company that chose it are erased after months without activity.
let ctx: TestContext;
let a: TestCompany;
const DAY = 86_400_000;

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

const ago = (days: number) => new Date(Date.now() - days * DAY);

describe("retention purge", () => {
  it("purges events every consumer handled and old deliveries; keeps younger rows and unconsumed events", async () => {
    const m = await createMemberVia(ctx, a.owner);
    await createMemberVia(ctx, a.owner);
    await createMemberVia(ctx, a.owner);
    const events = await ctx.db.query<{ seq: number }>("select seq from events where company_id = $1 order by seq", [a.companyId]);
    expect(events.length).toBeGreaterThanOrEqual(3);
    const seqs = events.map((e) => Number(e.seq));
    const [young, unconsumed, ...old] = seqs as [number, number, ...number[]];
    const all = unique("all");
    const some = unique("some");
    // Everything but `young` happened 100 days ago; `all` handled every event but `unconsumed`;
    // `some` takes only member.created (and handled it through its low-water mark).
    await ctx.db.query("update events set occurred_at = $2 where company_id = $1 and seq <> $3", [a.companyId, ago(100), young]);
    for (const seq of [young, ...old])
      await ctx.db.query("insert into event_consumptions (consumer, event_seq) values ($1, $2)", [all, seq]);
    await ctx.db.query("insert into event_consumers (consumer, low_seq) values ($1, $2)", [some, Math.max(...seqs)]);
    const retention = { ...ctx.config.retention, eventsDays: 90, messagesDays: 365 };

    const oldMail = await queueOne(m.id);
    const youngMail = await queueOne(m.id);
    // The old delivery was made 400 days ago: its id carries that time, as a real one would.
    const oldId = `${idsFrom("msg", ago(400))}${unique("").slice(0, 16).padEnd(16, "0")}`;
    await ctx.db.query("update message_deliveries set created_at = $3, id = $4, status = 'sent' where company_id = $1 and id = $2", [
      a.companyId,
      oldMail,
      ago(400),
      oldId,
    ]);

    const purged = await purgeCompanyData(ctx.db, {
      companyId: a.companyId,
      retention,
      consumers: [{ name: all }, { name: some, types: ["member.created"] }],
      now: new Date(),
    });
    expect(purged).toEqual({ events: old.length, messages: 1 });
    const left = await ctx.db.query<{ seq: number }>("select seq from events where company_id = $1 order by seq", [a.companyId]);
    expect(left.map((e) => Number(e.seq))).toEqual([young, unconsumed].sort((x, y) => x - y));
    expect(await countRows(ctx.db, "event_consumptions", "consumer = $1", [all])).toBe(1);
    expect(await countRows(ctx.db, "message_deliveries", "company_id = $1 and id = $2", [a.companyId, oldId])).toBe(0);
    expect(await countRows(ctx.db, "message_deliveries", "company_id = $1 and id = $2", [a.companyId, youngMail])).toBe(1);
  });
});

describe("sessions and login attempts", () => {
  it("purges sessions expired longer ago than the period and older login attempts; keeps the rest", async () => {
    const c = await createTestCompany(ctx);
    const other = await login(ctx, c.ownerEmail, PASSWORD);
    const sessions = await ctx.db.query<{ id: string }>("select id from sessions where staff_id = $1 order by id", [c.ownerId]);
    expect(sessions).toHaveLength(2);
    const [expiredLongAgo, expiredYesterday] = sessions.map((r) => r.id) as [string, string];
    await ctx.db.query("update sessions set expires_at = $2 where id = $1", [expiredLongAgo, ago(40)]);
    await ctx.db.query("update sessions set expires_at = $2 where id = $1", [expiredYesterday, ago(1)]);
    const email = `${unique("attempt")}@example.com`;
    await ctx.db.query(
      "insert into login_attempts (email, ip, succeeded, attempted_at) values ($1, '10.0.0.1', false, $2), ($1, '10.0.0.1', false, $3)",
      [email, ago(40), ago(2)],
    );
    const purged = await purgeExpiredSessions(ctx.db, { now: new Date(), sessionsDays: 30, loginAttemptsDays: 30 });
    expect(purged.sessions).toBeGreaterThanOrEqual(1);
    expect((await ctx.db.query<{ id: string }>("select id from sessions where staff_id = $1", [c.ownerId])).map((r) => r.id)).toEqual([
      expiredYesterday,
    ]);
    expect(await countRows(ctx.db, "login_attempts", "email = $1", [email])).toBe(1);
    void other;
  });
});

async function queueOne(memberId: string): Promise<string> {
  const r = await ctx.db.transaction((tx) =>
    queueMessage(
      tx,
      {
        companyId: a.companyId,
        memberId,
        channel: "email",
        kind: "campaign",
        purpose: "newsletter",
        subject: "s",
        html: "h",
        text: "t",
        dedupeKey: unique("k"),
      },
      { now: new Date(), config: ctx.config },
    ),
  );
  return r.id;
}

describe("inactive members", () => {
  it("erases members without activity for the company's months, keeps active and recent ones; off by default", async () => {
    const b = await createTestCompany(ctx);
    const programId = await createProgramVia(ctx, b.owner);
    const quiet = await createMemberVia(ctx, b.owner, { lastName: unique("Cichy") });
    const shopper = await createMemberVia(ctx, b.owner);
    const fresh = await createMemberVia(ctx, b.owner);
    expect((await purchaseVia(ctx, b.owner, programId, quiet.id, 10_00, { occurredAt: ago(500).toISOString() })).statusCode).toBe(201);
    expect((await purchaseVia(ctx, b.owner, programId, shopper.id, 10_00)).statusCode).toBe(201);
    await ctx.db.query("update members set created_at = $3, updated_at = $3 where company_id = $1 and id = any($2::text[])", [
      b.companyId,
      [quiet.id, shopper.id],
      ago(500),
    ]);
    expect(await eraseInactiveMembers(ctx.db, new Date())).toBe(0);

    const set = await call(ctx, { method: "PATCH", url: "/api/v1/company", auth: b.owner, body: { inactiveMemberErasureMonths: 12 } });
    expect([set.statusCode, set.data.inactiveMemberErasureMonths]).toEqual([200, 12]);
    expect(await eraseInactiveMembers(ctx.db, new Date())).toBe(1);
    const erased = await ctx.db.query<{ id: string }>("select id from members where company_id = $1 and erased_at is not null", [
      b.companyId,
    ]);
    expect(erased.map((r) => r.id)).toEqual([quiet.id]);
    const audit = await ctx.db.query<{ actor_type: string }>(
      "select actor_type from audit_log where company_id = $1 and entity_id = $2 and action = 'member.erased'",
      [b.companyId, quiet.id],
    );
    expect(audit).toEqual([{ actor_type: "system" }]);
    void fresh;
  });
});
