/** One SQL statement with its values, to be sent alone or carried by another (withWrites). */
export interface Statement {
  text: string;
  values: unknown[];
}

const LEADING_WITH = /^\s*with\s+/i;

/**
 * `main` with `writes` attached as data-modifying CTEs: one statement, one round trip instead of
 * 1 + writes.length (finding 40 in bench/README.md). PostgreSQL runs every data-modifying CTE to
 * completion whether or not the statement reads it, all in the statement's one snapshot, so a
 * write may not depend on another's rows (their foreign keys may: they are checked at the end of
 * the statement). Errors of a write (a unique violation, say) are the whole statement's.
 *
 * `main`'s text and values are left as they are and each write's `$n` is renumbered after them.
 * The writes are plain INSERT/UPDATE/DELETE statements of this code base whose only `$` are their
 * parameters (no dollar quotes, no `$` in literals); PostgreSQL allows a data-modifying WITH only at
 * the top level, so a write may not itself begin with WITH.
 */
export function withWrites(main: Statement, writes: Statement[]): Statement {
  if (writes.length === 0) return main;
  const values = [...main.values];
  const ctes = writes.map((w, i) => {
    if (LEADING_WITH.test(w.text)) throw new Error("withWrites: a write may not begin with WITH");
    const offset = values.length;
    values.push(...w.values);
    return `write_${i} as (${w.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`)})`;
  });
  const text = LEADING_WITH.test(main.text)
    ? `with ${ctes.join(",\n")},\n${main.text.replace(LEADING_WITH, "")}`
    : `with ${ctes.join(",\n")}\n${main.text}`;
  return { text, values };
}
