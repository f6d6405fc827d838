import type { Sql } from "./sql.js";

/** What the engines share at run time (db.ts holds only the interfaces, so nothing imports in a circle). */

/** The text and values of what a caller passed to query. */
export function statementOf(statement: Sql | string, params?: unknown[]): { text: string; values: unknown[] | undefined } {
  return typeof statement === "string" ? { text: statement, values: params } : { text: statement.text, values: statement.values };
}

/** What both engines are opened with besides their connection. */
export interface DbOptions {
  /** How many statement texts are prepared at once (the least recently used makes way); tests set a small one. */
  maxPrepared?: number;
  /** PGlite: start from this data directory (a dumpDataDir tarball) instead of an empty one: tests load a migrated template. */
  loadDataDir?: Blob;
}

/**
 * Distinct statement texts kept prepared (per connection on PostgreSQL, in PGlite's one session).
 * SQL built from varying filters (PATCH shapes, searches) keeps adding texts over a long run; past
 * the cap the least recently used is evicted, so a hot new text is still prepared.
 */
export const MAX_PREPARED = 1000;

export const INT8_OID = 20;

/** bigint columns hold points and minor units: numbers up to 2^53 are exact, beyond we refuse. */
export function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint value ${value} exceeds the safe integer range`);
  return n;
}
