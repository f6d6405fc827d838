import { referralsConsumer } from "../src/modules/referrals/referrals.consumer.js";
import type { Db } from "../src/platform/db.js";
import { consumeEvents } from "../src/platform/events.js";
import { sql } from "../src/platform/sql.js";

/**
 * Runs the `referrals` consumer (the worker's part, by hand) until every member event of the
 * company is handled. On PostgreSQL another file may be handling some of them at the same moment:
 * waits for those to commit too. Returns how many this call handled.
 */
export async function drainReferrals(db: Db, companyId: string): Promise<number> {
  let handled = 0;
  for (let pass = 0; pass < 200; pass++) {
    const errors: unknown[] = [];
    const { consumed } = await consumeEvents({ db, consumer: referralsConsumer, batchSize: 500, onError: (err) => errors.push(err) });
    if (errors.length > 0) throw errors[0];
    handled += consumed;
    if (consumed > 0) continue;
    const [pending] = await db.query<{ n: number }>(
      sql`select count(*)::int as n from events e
           where e.company_id = ${companyId} and e.type = any(${[...(referralsConsumer.types ?? [])]}::text[])
             and not exists (select 1 from event_consumptions c where c.consumer = ${referralsConsumer.name} and c.event_seq = e.seq)`,
    );
    if ((pending?.n ?? 0) === 0) return handled;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the referrals consumer did not catch up");
}
