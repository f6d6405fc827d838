import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { consumeEvents, type DomainEvent, type EventConsumer, emitEvent } from "../src/platform/events.js";
import { defineJob } from "../src/platform/jobs.js";
import { startWorker } from "../src/platform/worker.js";
import { countRows, createTestCompany, startTestApp, type TestCompany, type TestContext, unique } from "./harness.js";

let ctx: TestContext;
let a: TestCompany;
const quietLog = { info: () => {}, error: () => {} };

beforeAll(async () => {
  ctx = await startTestApp();
  a = await createTestCompany(ctx);
});
afterAll(() => ctx.close());

describe("outbox events", () => {
  it("exists exactly when the change does: a rolled-back write leaves no event", async () => {
    const type = unique("test.rolledback.");
    await expect(
      ctx.db.transaction(async (tx) => {
        await emitEvent(tx, { companyId: a.companyId, type, entityType: "test", entityId: null });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await countRows(ctx.db, "events", "type = $1", [type])).toBe(0);
  });

  it("delivers each event once to each consumer, also with consumers racing", async () => {
    const type = unique("test.race.");
    for (let i = 0; i < 30; i++) {
      await ctx.db.transaction((tx) =>
        emitEvent(tx, { companyId: a.companyId, type, entityType: "test", entityId: String(i), payload: { i } }),
      );
    }
    const seen: number[] = [];
    const consumer: EventConsumer = {
      name: unique("consumer-"),
      types: [type],
      async handle(tx, event) {
        await tx.query("select 1");
        seen.push(event.payload.i as number);
      },
    };
    const results = await Promise.all([
      consumeEvents({ db: ctx.db, consumer }),
      consumeEvents({ db: ctx.db, consumer }),
      consumeEvents({ db: ctx.db, consumer }),
    ]);
    expect(results.reduce((n, r) => n + r.consumed, 0)).toBe(30);
    expect(seen.sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect((await consumeEvents({ db: ctx.db, consumer })).consumed).toBe(0);
  });

  it("retries an event whose handler failed, and its writes are rolled back meanwhile", async () => {
    const type = unique("test.retry.");
    await ctx.db.transaction((tx) => emitEvent(tx, { companyId: a.companyId, type, entityType: "test", entityId: null }));
    let attempts = 0;
    const handled: DomainEvent[] = [];
    const consumer: EventConsumer = {
      name: unique("flaky-"),
      types: [type],
      async handle(tx, event) {
        attempts++;
        await tx.query("insert into event_consumers (consumer) values ($1)", [`${consumer.name}-side-effect-${attempts}`]);
        if (attempts === 1) throw new Error("temporary failure");
        handled.push(event);
      },
    };
    const errors: unknown[] = [];
    const first = await consumeEvents({ db: ctx.db, consumer, onError: (err) => errors.push(err) });
    expect(first).toEqual({ consumed: 0, failed: 1 });
    expect(errors).toHaveLength(1);
    expect(await countRows(ctx.db, "event_consumers", "consumer = $1", [`${consumer.name}-side-effect-1`])).toBe(0);
    const second = await consumeEvents({ db: ctx.db, consumer });
    expect(second).toEqual({ consumed: 1, failed: 0 });
    expect(handled[0]?.type).toBe(type);
  });

  it("is written by domain writes in the same transaction (location.created)", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/locations",
      headers: { cookie: a.owner.cookie, "x-csrf-token": a.owner.csrf },
      payload: { name: "Evented" },
    });
    const id = JSON.parse(res.body).id;
    const [event] = await ctx.db.query<{ type: string; company_id: string }>("select type, company_id from events where entity_id = $1", [
      id,
    ]);
    expect(event).toEqual({ type: "location.created", company_id: a.companyId });
  });
});

describe("background jobs (pg-boss) and the worker", () => {
  it("runs a queued job, retrying after a failure, and drains events through the worker", async () => {
    const runs: string[] = [];
    const name = unique("test-job-");
    const job = defineJob({
      name,
      payload: z.object({ note: z.string() }),
      retryLimit: 3,
      handler: async (payload) => {
        runs.push(payload.note);
        if (runs.length === 1) throw new Error("first run fails");
      },
    });
    const type = unique("test.worker.");
    const consumed: string[] = [];
    const worker = await startWorker({
      db: ctx.db,
      databaseUrl: ctx.db.kind === "postgres" ? process.env.DATABASE_URL : undefined,
      consumers: [{ name: unique("worker-consumer-"), types: [type], handle: async (_tx, e) => void consumed.push(e.id) }],
      jobs: [job],
      pollMs: 100,
      log: quietLog,
    });
    try {
      await worker.jobs.send(job, { note: "hello" });
      await expect(worker.jobs.send(job, { note: 42 } as never)).rejects.toThrow();
      const eventId = await ctx.db.transaction((tx) => emitEvent(tx, { companyId: a.companyId, type, entityType: "test", entityId: null }));
      const deadline = Date.now() + 60_000;
      while ((runs.length < 2 || consumed.length < 1) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(runs).toEqual(["hello", "hello"]);
      expect(consumed).toEqual([eventId]);
    } finally {
      await worker.stop();
    }
  }, 90_000);
});
