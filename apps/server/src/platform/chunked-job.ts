import { type Db, isStatementTimeout, type Queryable } from "./db.js";

/**
 * A background job over many rows, in chunks: each a short statement (or a few) whose row locks
 * stay within a lock budget, so that the job never holds up request traffic for long. What a row
 * is and what a chunk does is the job's.
 */

export interface ChunkStats {
  /** Rows in the chunk; 0 for a chunk cancelled at the lock budget. */
  rows: number;
  /** How long the chunk took. */
  ms: number;
  /**
   * How long the chunk held row locks: its locking statement's run inside PostgreSQL, which
   * commits right after it (a cancelled one: its round trip). A chunk of several locking
   * statements: the longest.
   */
  lockMs: number;
}

/** Chunks aim at this duration, so no row stays locked for long while requests come in. */
const CHUNK_TARGET_MS = 40;

/** Next chunk size from the last one's duration: grows while fast, shrinks when slow. */
function nextChunkSize(size: number, ms: number, bounds: { min: number; max: number; targetMs: number }): number {
  const factor = Math.min(2, Math.max(0.25, bounds.targetMs / Math.max(ms, 1)));
  return Math.round(Math.min(bounds.max, Math.max(bounds.min, size * factor)));
}

/**
 * A job chunk's locks must not outlive this, whatever else the machine does meanwhile (a
 * checkpoint, a cold cache): PostgreSQL cancels the chunk's statement after it (leaving the commit
 * a margin under 100 ms), nothing is written, and the job retries with a smaller chunk.
 */
const LOCK_BUDGET_MS = 80;

/**
 * fn with a connection for a job's locking statements: each is its own autocommit transaction, so
 * PostgreSQL commits it at its end with no round trip holding its row locks, however busy this
 * process is (by default the jobs share it with the web server); each is cancelled at the lock
 * budget; and each commits without waiting for the disk: a crash loses only the last chunks,
 * atomically, which the next run redoes.
 */
function withLockBudget<T>(db: Db, fn: (budgeted: Queryable) => Promise<T>): Promise<T> {
  return db.session({ statement_timeout: String(LOCK_BUDGET_MS), synchronous_commit: "off" }, fn);
}

/** How often a chunk of one row is tried within the budget before it runs without one. */
export const SINGLE_ROW_TRIES = 3;

/**
 * A job statement over `size` rows on the budgeted connection: its rows, or null when PostgreSQL
 * cancelled it at the lock budget. A single row that has already missed the budget
 * SINGLE_ROW_TRIES times runs on the pool without one, rather than never, while a stall
 * that passes (a checkpoint, a cold read) gets the budget first.
 */
function underLockBudget<R>(
  db: Db,
  budgeted: Queryable,
  chunk: { size: number; misses: number },
  run: (q: Queryable) => Promise<R[]>,
): Promise<R[] | null> {
  const withBudget = chunk.size > 1 || chunk.misses < SINGLE_ROW_TRIES;
  return run(withBudget ? budgeted : db).catch((err: unknown) => {
    if (isStatementTimeout(err)) return null;
    throw err;
  });
}

export interface ChunkedJob<R> {
  /** The first chunk's size in rows. */
  size: number;
  /** Bounds of the size as it follows the chunks' durations (1 and 20,000 unless given). */
  min?: number;
  max?: number;
  /** The duration a chunk aims at (CHUNK_TARGET_MS unless given). */
  targetMs?: number;
  /** A chunk cancelled at the budget is retried this many times smaller (4 unless given). */
  shrink?: number;
  /** Rows left, for a job that knows them: no chunk is larger, and the job ends when none is left. */
  left?: () => number;
  /** Chunks in flight at once, each worker on a budgeted connection of its own (1 unless given). */
  workers?: number;
  /** A budgeted connection the caller holds already (withLockBudget): one worker, on it. */
  budgeted?: Queryable;
  /**
   * One chunk of `size` rows, its locking statements on `q`: the worker's budgeted connection, or
   * the pool for a single row that has missed the budget SINGLE_ROW_TRIES times (underLockBudget).
   */
  run: (q: Queryable, size: number) => Promise<R[]>;
  /** A completed chunk's rows, duration and size; false when the job (this worker's part) is done. */
  took: (rows: R[], ms: number, size: number) => boolean;
  /** A chunk cancelled at the budget: its round trip is all that is measured of it. */
  cancelled?: (ms: number) => void;
}

/**
 * Runs a job's chunks until `took` says there is no more (or `left` is 0): a chunk cancelled at
 * the budget is retried `shrink` times smaller, down to single rows (underLockBudget); otherwise
 * the size follows the last chunk's duration. Workers share the size and take chunks as they are
 * free; each stops when its own `took` says so.
 */
export async function runBudgetedChunks<R>(db: Db, job: ChunkedJob<R>): Promise<void> {
  const { min = 1, max = 20_000, targetMs = CHUNK_TARGET_MS, shrink = 4 } = job;
  let size = job.size;
  const worker = async (budgeted: Queryable) => {
    let singleMisses = 0;
    for (;;) {
      const chunkSize = Math.min(size, job.left?.() ?? size);
      if (chunkSize <= 0) return;
      const started = performance.now();
      const rows = await underLockBudget(db, budgeted, { size: chunkSize, misses: singleMisses }, (q) => job.run(q, chunkSize));
      const ms = performance.now() - started;
      if (rows === null) {
        job.cancelled?.(ms);
        if (chunkSize === 1) singleMisses++;
        size = Math.max(1, Math.floor(chunkSize / shrink));
        continue;
      }
      if (!job.took(rows, ms, chunkSize)) return;
      singleMisses = 0;
      size = nextChunkSize(size, ms, { min, max, targetMs });
    }
  };
  if (job.budgeted) return worker(job.budgeted);
  await Promise.all(Array.from({ length: job.workers ?? 1 }, () => withLockBudget(db, worker)));
}

/**
 * runBudgetedChunks over rows the job holds in a list, on a budgeted connection it holds already:
 * each chunk is the next `size` of them; `took` gets each completed chunk's result.
 */
export async function runBudgetedList<T, R>(
  db: Db,
  budgeted: Queryable,
  items: readonly T[],
  job: Pick<ChunkedJob<R>, "size" | "min" | "max" | "targetMs" | "shrink" | "cancelled"> & {
    run: (q: Queryable, items: T[]) => Promise<R[]>;
    took: (rows: R[], ms: number) => void;
  },
): Promise<void> {
  let next = 0;
  await runBudgetedChunks<R>(db, {
    ...job,
    budgeted,
    left: () => items.length - next,
    run: (q, size) => job.run(q, items.slice(next, next + size)),
    took: (rows, ms, size) => {
      next += size;
      job.took(rows, ms);
      return true;
    },
  });
}
