import { backgroundWork } from "../../server/src/background.js";
import { consumeEvents } from "../../server/src/platform/events.js";
import type { Harness } from "./harness";

/**
 * What the worker does between requests, until nothing is left: every consumer over the pending
 * events, then the polled tasks, pass after pass (one consumer's events feed the next: a new member
 * becomes a referral, whose event the automation consumer runs). On PostgreSQL the test files share
 * one database: other companies' failures are theirs to report.
 */
export async function drainWorker(h: Harness, companyId: string): Promise<void> {
  const work = backgroundWork(h.config);
  for (let pass = 0; pass < 20; pass++) {
    let done = 0;
    for (const consumer of work.consumers)
      done += (
        await consumeEvents({
          db: h.db,
          consumer,
          onError: (err, event) => {
            if (event.companyId === companyId) throw err;
          },
        })
      ).consumed;
    for (const task of work.tasks) done += await task.run(new Date(), { db: h.db });
    if (done === 0) return;
  }
  throw new Error("the worker still had work after 20 passes");
}
