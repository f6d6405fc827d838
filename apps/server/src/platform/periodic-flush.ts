/**
 * What the in-memory counters (rate limits, API key usage) share: a flush of their counts that
 * runs one at a time (a caller arriving during one waits for it, then runs its own), every
 * `syncMs` on an unref'd timer unless `timer` is false, and once more when stopped.
 */
export interface PeriodicFlush {
  sync(nowMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function periodicFlush(flush: (nowMs: number) => Promise<void>, opts: { syncMs: number; timer?: boolean }): PeriodicFlush {
  let syncing: Promise<void> = Promise.resolve();
  const self: PeriodicFlush = {
    sync(nowMs = Date.now()) {
      const run = syncing.then(() => flush(nowMs));
      syncing = run.catch(() => undefined);
      return run;
    },
    async stop() {
      if (timer) clearInterval(timer);
      await self.sync().catch(() => undefined);
    },
  };
  const timer = opts.timer === false ? null : setInterval(() => void self.sync().catch(() => undefined), opts.syncMs);
  timer?.unref();
  return self;
}
