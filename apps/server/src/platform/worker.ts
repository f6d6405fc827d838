import type { Db } from "./db.js";
import { consumeEvents, type EventConsumer } from "./events.js";
import { type JobDefinition, type JobQueue, startJobQueue } from "./jobs.js";

export interface Logger {
  info(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** Work polled on every pass of the worker loop (e.g. sending due messages); returns how much it did. */
export interface WorkerTask {
  name: string;
  run(now: Date, ctx: { db: Db }): Promise<number>;
}

export interface Worker {
  jobs: JobQueue;
  /** Runs every consumer once over pending events (tests and the CLI use this). */
  drainEvents(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The background side: a loop that hands outbox events to their consumers, and the job queue.
 * Several workers may run against one PostgreSQL; consumption and scheduling stay exactly-once.
 */
export async function startWorker(opts: {
  db: Db;
  databaseUrl?: string;
  consumers: EventConsumer[];
  jobs: JobDefinition[];
  tasks?: WorkerTask[];
  pollMs: number;
  log: Logger;
}): Promise<Worker> {
  const { db, consumers, log } = opts;
  const jobs = await startJobQueue({
    db,
    databaseUrl: opts.databaseUrl,
    jobs: opts.jobs,
    work: true,
    onError: (err) => log.error({ err }, "job queue error"),
  });
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;

  const drainOnce = async () => {
    let total = 0;
    for (const consumer of consumers) {
      const result = await consumeEvents({
        db,
        consumer,
        onError: (err, event) => log.error({ err, eventId: event.id, consumer: consumer.name }, "event consumer failed; will retry"),
      });
      total += result.consumed;
    }
    for (const task of opts.tasks ?? []) {
      try {
        total += await task.run(new Date(), { db });
      } catch (err) {
        log.error({ err, task: task.name }, "worker task failed; will retry");
      }
    }
    return total;
  };
  const drainEvents = async () => {
    // One pass at a time per process; a pass requested meanwhile waits for the running one.
    while (running) await running.catch(() => 0);
    running = drainOnce();
    try {
      return await running;
    } finally {
      running = undefined;
    }
  };
  const loop = async () => {
    if (stopped) return;
    try {
      await drainEvents();
    } catch (err) {
      log.error({ err }, "event loop pass failed");
    }
    if (!stopped) timer = setTimeout(loop, opts.pollMs);
  };
  timer = setTimeout(loop, 0);
  log.info(
    { consumers: consumers.map((c) => c.name), jobs: opts.jobs.map((j) => j.name), tasks: (opts.tasks ?? []).map((t) => t.name) },
    "worker started",
  );

  return {
    jobs,
    drainEvents,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running?.catch(() => 0);
      await jobs.stop();
    },
  };
}
