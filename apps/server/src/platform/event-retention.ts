import type { Queryable } from "./db.js";
import { sql } from "./sql.js";

/** A consumer as retention sees it: an event it has not handled yet must be kept. */
export interface ConsumerInterest {
  name: string;
  types?: readonly string[];
}

/**
 * Retention: deletes up to `limit` of the company's events that occurred before `before` and that
 * every consumer has handled (an event of a type a consumer does not take needs nothing from it),
 * with their consumption rows; returns how many events went. Handled means a consumption row, or
 * a seq at or below the consumer's low-water mark; a consumer that never ran has handled nothing.
 */
export async function purgeConsumedEvents(
  db: Queryable,
  opts: { companyId: string; before: Date; consumers: readonly ConsumerInterest[]; limit: number },
): Promise<number> {
  const names = opts.consumers.map((c) => c.name);
  // Each consumer's types as one text ('' = every type), to pass the list as parallel arrays.
  const types = opts.consumers.map((c) => (c.types ? c.types.join(",") : ""));
  const rows = await db.query<{ seq: number }>(
    sql`with doomed as (
          select e.seq from events e
           where e.company_id = ${opts.companyId} and e.occurred_at < ${opts.before}
             and not exists (
               select 1 from unnest(${names}::text[], ${types}::text[]) as c(name, types)
                where (c.types = '' or e.type = any(string_to_array(c.types, ',')))
                  and not exists (select 1 from event_consumers ec where ec.consumer = c.name and ec.low_seq >= e.seq)
                  and not exists (select 1 from event_consumptions ct where ct.consumer = c.name and ct.event_seq = e.seq))
           order by e.seq limit ${opts.limit}),
        gone_consumptions as (delete from event_consumptions where event_seq in (select seq from doomed))
        delete from events where seq in (select seq from doomed) returning seq`,
  );
  return rows.length;
}
