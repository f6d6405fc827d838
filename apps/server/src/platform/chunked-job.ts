import { type Db, isStatementTimeout, type Queryable } from "./db.js";

export interface ChunkStats {
  /** Enrollments (members) in the chunk. */
  rows: number;
  /** How long the chunk took. */
  ms: number;
  /**
   * How long the chunk held row locks: its locking statement's run inside PostgreSQL, which
   * commits right after it (a cancelled one: its round trip). A tier chunk: the longest of its
   * locking statements.
   */
  lockMs: number;
}

/** Chunks aim at this duration, so no enrollment row stays locked for long while intake runs. */
const CHUNK_TARGET_MS = 40;

/** Next chunk size from the last one's duration: grows while fast, shrinks when slow. */
export function nextChunkSize(size: number, ms: number, opts: { min?: number; targetMs?: number } = {}): number {
  const { min = 50, targetMs = CHUNK_TARGET_MS } = opts;
  const factor = Math.min(2, Math.max(0.25, targetMs / Math.max(ms, 1)));
  return Math.round(Math.min(20_000, Math.max(min, size * factor)));
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
export function withLockBudget<T>(db: Db, fn: (budgeted: Queryable) => Promise<T>): Promise<T> {
  return db.session({ statement_timeout: String(LOCK_BUDGET_MS), synchronous_commit: "off" }, fn);
}

/** How often a chunk of one enrollment is tried within the budget before it runs without one. */
export const SINGLE_ENROLLMENT_TRIES = 3;

/**
 * A job statement over `size` enrollments on the budgeted connection: its rows, or null when
 * PostgreSQL cancelled it at the lock budget. A single enrollment that has already missed the
 * budget SINGLE_ENROLLMENT_TRIES times runs on the pool without one, rather than never, while a
 * stall that passes (a checkpoint, a cold read) gets the budget first.
 */
export function underLockBudget<R>(
  db: Db,
  budgeted: Queryable,
  chunk: { size: number; misses: number },
  run: (q: Queryable) => Promise<R[]>,
): Promise<R[] | null> {
  const withBudget = chunk.size > 1 || chunk.misses < SINGLE_ENROLLMENT_TRIES;
  return run(withBudget ? budgeted : db).catch((err: unknown) => {
    if (isStatementTimeout(err)) return null;
    throw err;
  });
}

/**
 * Runs a job's chunks, each one statement under the lock budget (underLockBudget), until `took`
 * says there is no more: a chunk cancelled at the budget is retried a quarter the size; otherwise
 * the size follows the last duration.
 */
export async function runBudgetedChunks<R>(
  db: Db,
  opts: {
    size: number;
    run: (q: Queryable, size: number) => Promise<R[]>;
    /** A completed chunk's rows and duration; false when the job is done. */
    took: (rows: R[], ms: number) => boolean;
    /** A chunk cancelled at the budget: its round trip is all that is measured of it. */
    cancelled?: (ms: number) => void;
  },
): Promise<void> {
  let size = opts.size;
  let singleMisses = 0;
  await withLockBudget(db, async (budgeted) => {
    for (;;) {
      const started = performance.now();
      const rows = await underLockBudget(db, budgeted, { size, misses: singleMisses }, (q) => opts.run(q, size));
      const ms = performance.now() - started;
      if (rows === null) {
        opts.cancelled?.(ms);
        if (size === 1) singleMisses++;
        size = Math.max(1, Math.floor(size / 4));
        continue;
      }
      if (!opts.took(rows, ms)) return;
      singleMisses = 0;
      size = nextChunkSize(size, ms, { min: 1 });
    }
  });
}
