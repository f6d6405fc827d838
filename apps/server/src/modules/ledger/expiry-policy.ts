import type { Queryable } from "../../platform/db.js";

/** When points earned at `at` expire under the program's policy; calendar ends in the company's zone. */
export async function expiryFor(
  db: Queryable,
  policy: { expiry_policy: string; expiry_value: number | null },
  at: Date,
  timeZone: string,
): Promise<Date | null> {
  if (policy.expiry_policy === "never") return null;
  // A fixed number of days needs no calendar: no round trip.
  if (policy.expiry_policy === "days") return new Date(at.getTime() + (policy.expiry_value ?? 0) * 86_400_000);
  const [row] = await db.query<{ t: Date }>(
    `select case $1::text
       when 'days' then $2::timestamptz + make_interval(days => $3)
       when 'months' then (($2::timestamptz at time zone $4) + make_interval(months => $3)) at time zone $4
       when 'end_of_month' then (date_trunc('month', $2::timestamptz at time zone $4) + interval '1 month') at time zone $4
       when 'end_of_quarter' then (date_trunc('quarter', $2::timestamptz at time zone $4) + interval '3 months') at time zone $4
       when 'end_of_year' then (date_trunc('year', $2::timestamptz at time zone $4) + interval '1 year') at time zone $4
     end as t`,
    [policy.expiry_policy, at, policy.expiry_value ?? 0, timeZone],
  );
  return row?.t ?? null;
}
