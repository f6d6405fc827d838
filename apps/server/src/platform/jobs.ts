import PgBoss from "pg-boss";
import type { z } from "zod";
import type { Db, Queryable } from "./db.js";

/** A background job: a name, a payload schema, an optional cron schedule, and a handler. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  payload: S;
  /** Cron expression, in the installation's UTC clock. */
  schedule?: string;
  retryLimit?: number;
  handler(payload: z.infer<S>, deps: { db: Db }): Promise<void>;
}

export function defineJob<S extends z.ZodType>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

export interface JobQueue {
  /** Enqueue; pass tx to enqueue atomically with the caller's transaction. */
  send<S extends z.ZodType>(
    job: JobDefinition<S>,
    payload: z.infer<S>,
    opts?: { tx?: Queryable; singletonKey?: string },
  ): Promise<string | null>;
  stop(): Promise<void>;
}

/**
 * Workers that start together on a new database create the same queues at once: PostgreSQL picks
 * one as a deadlock victim (pg-boss's create_queue adds a partition and a foreign key), or one
 * trips over the table or row the other just created. That worker exited at start (seen with two
 * workers, test/processes.test.ts). The queue exists once the other commits, so trying again finds it.
 */
const QUEUE_CREATION_RACE = new Set(["40P01", "40001", "23505", "42P07"]);

async function createQueueRacing(create: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= 10 || !code || !QUEUE_CREATION_RACE.has(code)) throw err;
      await new Promise((r) => setTimeout(r, 20 * attempt + Math.random() * 50));
    }
  }
}

/**
 * pg-boss runs on both databases: on PostgreSQL through its own pool, on PGlite through the
 * application's single connection (its `db` option). Schedules are stored in the database, so two
 * workers never run the same scheduled job twice.
 */
export async function startJobQueue(opts: {
  db: Db;
  databaseUrl?: string;
  jobs: JobDefinition[];
  work: boolean;
  onError?: (err: unknown) => void;
}): Promise<JobQueue> {
  const boss = new PgBoss(
    opts.databaseUrl
      ? { connectionString: opts.databaseUrl, max: 4 }
      : { db: { executeSql: (text, values) => opts.db.executeSql(text, values) } },
  );
  boss.on("error", (err) => opts.onError?.(err));
  await boss.start();
  for (const job of opts.jobs) {
    await createQueueRacing(() =>
      boss.createQueue(job.name, {
        name: job.name,
        retryLimit: job.retryLimit ?? 5,
        retryDelay: 5,
        retryBackoff: true,
      }),
    );
    if (!opts.work) continue;
    await boss.work(job.name, { pollingIntervalSeconds: 1 }, async (batch) => {
      for (const item of batch) await job.handler(job.payload.parse(item.data), { db: opts.db });
    });
    if (job.schedule) await boss.schedule(job.name, job.schedule, {});
  }
  return {
    async send(job, payload, sendOpts) {
      const data = job.payload.parse(payload) as object;
      const tx = sendOpts?.tx;
      return boss.send(job.name, data, {
        singletonKey: sendOpts?.singletonKey,
        db: tx ? { executeSql: async (text, values) => ({ rows: await tx.query(text, values) }) } : undefined,
      });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
