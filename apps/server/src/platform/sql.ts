import sql, { empty, join, raw, Sql } from "sql-template-tag";

/**
 * The one way to write SQL in the application: sql-template-tag's tagged template, which numbers
 * its own parameters and composes fragments.
 *
 *   db.query(sql`select * from tiers where company_id = ${companyId} and id = ${tierId}`)
 *   sql`update members set ${join(sets, ", ")} where company_id = ${companyId}`
 *
 * Every `${value}` becomes the next `$n`; a nested `sql` fragment is spliced in with its values
 * renumbered; `raw` is code text (identifiers, constants of this code base), never input; `empty`
 * is nothing, for an optional part. The text depends only on the shape of the code, not on the
 * values, so a hot statement keeps one text and one prepared plan.
 */
export { empty, join, raw, Sql, sql };

const LEADING_WITH = /^\s*with\s+/i;

/**
 * `main` with `writes` attached as data-modifying CTEs: one statement, one round trip instead of
 * 1 + writes.length (bench/README.md, "writes travel with the ledger statement"). PostgreSQL runs
 * every data-modifying CTE to completion whether or not the statement reads it, all in the
 * statement's one snapshot, so a write may not depend on another's rows (their foreign keys may:
 * they are checked at the end of the statement). Errors of a write (a unique violation, say) are
 * the whole statement's. PostgreSQL allows a data-modifying WITH only at the top level, so a write
 * may not itself begin with WITH; a `main` that does gets the writes added to its own list.
 */
export function withWrites(main: Sql, writes: readonly Sql[]): Sql {
  if (writes.length === 0) return main;
  if (writes.some((w) => LEADING_WITH.test(w.strings[0] ?? ""))) throw new Error("withWrites: a write may not begin with WITH");
  const ctes = join(
    writes.map((w, i) => sql`${raw(`write_${i}`)} as (${w})`),
    ",\n",
  );
  const head = main.strings[0] ?? "";
  if (!LEADING_WITH.test(head)) return sql`with ${ctes}\n${main}`;
  return sql`with ${ctes},\n${new Sql([head.replace(LEADING_WITH, ""), ...main.strings.slice(1)], main.values)}`;
}
