import type { Sql } from "./sql.js";

export { openPglite, type PgliteDb } from "./db-pglite.js";
export { isStatementTimeout, openPostgres } from "./db-postgres.js";
export { type DbOptions, MAX_PREPARED } from "./db-shared.js";

/**
 * Anything that runs SQL: the database itself or an open transaction. Application code passes a
 * `sql` template (platform/sql.ts); text with values is for tests, scripts and the job queue.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(statement: Sql | string, params?: unknown[]): Promise<T[]>;
}

/**
 * The one database interface the application sees. It is written by hand because no query
 * library covers both PGlite's single in-process connection and a pg pool with the same
 * transaction semantics; it stays this small on purpose (SQL is written in the modules).
 * The engines: db-postgres.ts (pg pools), db-pglite.ts (in-process PGlite), db-retry.ts (what
 * both retry).
 */
/** An open transaction: queries, plus parameterless multi-statement SQL (migrations). */
export interface Transaction extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs fn in one transaction; retried on serialization failures and deadlocks. */
  transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T>;
  /**
   * A statement whose one plan serves every value (PostgreSQL's generic plan, kept per connection),
   * for a hot statement whose planning costs more than its run and whose SQL is written so that no
   * value can make that plan slow. On PGlite it is query (PostgreSQL's own plan choice).
   */
  queryWithGenericPlan<T = Record<string, unknown>>(statement: Sql | string, params?: unknown[]): Promise<T[]>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Parameterless text returns the last statement's rows; used by the job queue. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  /**
   * fn's statements on one connection with these settings, each its own (autocommit) transaction;
   * the settings are reset before the connection goes back to the pool. PGlite: fn just runs.
   */
  session<T>(settings: Record<string, string>, fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
