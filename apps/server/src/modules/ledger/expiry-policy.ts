import { addCalendarDays } from "../../platform/calendar.js";
import type { Queryable } from "../../platform/db.js";
import { sql } from "../../platform/sql.js";

/** When points earned at `at` expire under the program's policy; calendar ends in the company's zone. */
export async function expiryFor(
  db: Queryable,
  policy: { expiry_policy: string; expiry_value: number | null },
  at: Date,
  timeZone: string,
): Promise<Date | null> {
  if (policy.expiry_policy === "never") return null;
  // N calendar days in the company's zone (23 or 25 hours across a DST change), computed here: no round trip.
  if (policy.expiry_policy === "days") return addCalendarDays(at, policy.expiry_value ?? 0, timeZone);
  const t = sql`${at}::timestamptz`;
  const n = sql`${policy.expiry_value ?? 0}::int`;
  const zone = sql`${timeZone}::text`;
  const [row] = await db.query<{ t: Date }>(
    sql`select case ${policy.expiry_policy}::text
       when 'days' then ((${t} at time zone ${zone}) + make_interval(days => ${n})) at time zone ${zone}
       when 'months' then ((${t} at time zone ${zone}) + make_interval(months => ${n})) at time zone ${zone}
       when 'end_of_month' then (date_trunc('month', ${t} at time zone ${zone}) + interval '1 month') at time zone ${zone}
       when 'end_of_quarter' then (date_trunc('quarter', ${t} at time zone ${zone}) + interval '3 months') at time zone ${zone}
       when 'end_of_year' then (date_trunc('year', ${t} at time zone ${zone}) + interval '1 year') at time zone ${zone}
     end as t`,
  );
  return row?.t ?? null;
}
