import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { setImmediate as eventLoopTurn } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import pg from "pg";
import type { Sql } from "./sql.js";

/**
 * Anything that runs SQL: the database itself or an open transaction. Application code passes a
 * `sql` template (platform/sql.ts); text with values is for tests, scripts and the job queue.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(statement: Sql | string, params?: unknown[]): Promise<T[]>;
}

/** The text and values of what a caller passed to query. */
export function statementOf(statement: Sql | string, params?: unknown[]): { text: string; values: unknown[] | undefined } {
  return typeof statement === "string" ? { text: statement, values: params } : { text: statement.text, values: statement.values };
}

/**
 * The one database interface the application sees. It is written by hand because no query
 * library covers both PGlite's single in-process connection and a pg pool with the same
 * transaction semantics; it stays this small on purpose (SQL is written in the modules).
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

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/** bigint columns hold points and minor units: numbers up to 2^53 are exact, beyond we refuse. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint value ${value} exceeds the safe integer range`);
  return n;
}

/**
 * Parameterised statements go to PostgreSQL as named prepared statements, so each connection parses
 * a statement once and may reuse its plan, instead of parsing and planning it on every call (node-pg
 * prepares only when given a name). The name is a digest of the text; texts beyond the cap (SQL
 * built from varying filters) go unnamed, so neither this map nor the server's per-connection
 * statement cache grows without bound.
 */
const MAX_PREPARED = 1000;
const preparedNames = new Map<string, string>();
let renamed = 0;
const digest = (text: string) => `r${createHash("sha1").update(text).digest("base64url")}`;
function prepared(text: string, values: unknown[] | undefined): pg.QueryConfig {
  if (!values || values.length === 0) return { text, values };
  let name = preparedNames.get(text);
  if (!name && preparedNames.size < MAX_PREPARED) {
    name = digest(text);
    preparedNames.set(text, name);
  }
  return { name, text, values };
}

/**
 * A prepared `select *` fails for good on its connection once a migration (e.g. of a newer
 * version during a rolling deploy) changes the table's columns. The statement then gets a new
 * name, so every connection prepares it afresh, and the call is retried.
 */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  return e.code === "0A000" && /cached plan must not change result type/.test(e.message ?? "");
}

function renamePrepared(text: string): void {
  if (preparedNames.has(text)) preparedNames.set(text, `${digest(text)}.${++renamed}`);
}

async function runPrepared(client: pg.Pool | pg.PoolClient, statement: Sql | string, params?: unknown[]) {
  const { text, values } = statementOf(statement, params);
  try {
    return await client.query(prepared(text, values));
  } catch (err) {
    if (isStalePlan(err)) renamePrepared(text);
    throw err;
  }
}

/** PostgreSQL cancelled the statement: its statement_timeout (a job's lock budget) ran out. */
export const isStatementTimeout = (err: unknown) => (err as { code?: string }).code === "57014";

const RETRYABLE = new Set(["40001", "40P01"]);
const MAX_ATTEMPTS = 5;

async function withRetry<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt >= MAX_ATTEMPTS || !code || !(RETRYABLE.has(code) || isStalePlan(err))) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const parsers = {
    getTypeParser(oid: number, format?: "text" | "binary") {
      if (oid === INT8_OID) return parseInt8;
      return pg.types.getTypeParser(oid, format);
    },
  };
  // Connections stay open when idle (pg closes them after 10 s by default): a new one is a new
  // backend with cold catalog caches and none of the prepared statements, and after a quiet spell
  // ten of them warming up at once held the first purchases 300-700 ms (bench finding 29).
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: parsers, idleTimeoutMillis: 0 });
  // PostgreSQL decides per statement whether its generic plan will do, from estimates; these
  // connections always take it, so the SQL sent to them must be safe for any value. A pool of their
  // own, as a setting per call would cost two more round trips than the planning it saves. (Options
  // given in DATABASE_URL take the place of this one: the statements then stay correct, only slower.)
  const genericPool = new pg.Pool({
    connectionString: url,
    max: Math.max(2, Math.ceil(poolSize / 2)),
    types: parsers,
    idleTimeoutMillis: 0,
    options: "-c plan_cache_mode=force_generic_plan",
  });
  for (const p of [pool, genericPool])
    p.on("error", () => {
      // An idle client lost its connection; the pool replaces it. Queries report their own errors.
    });
  const db: Db = {
    kind: "postgres",
    async query<T>(text: Sql | string, params?: unknown[]) {
      return (await withRetry(() => runPrepared(pool, text, params))).rows as T[];
    },
    async queryWithGenericPlan<T>(text: Sql | string, params?: unknown[]) {
      return (await withRetry(() => runPrepared(genericPool, text, params))).rows as T[];
    },
    transaction<T>(fn: (tx: Transaction) => Promise<T>) {
      return withRetry(async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const tx: Transaction = {
            async query<R>(text: Sql | string, params?: unknown[]) {
              return (await runPrepared(client, text, params)).rows as R[];
            },
            async exec(sql: string) {
              await client.query(sql);
            },
          };
          const result = await fn(tx);
          await client.query("COMMIT");
          return result;
        } catch (err) {
          await client.query("ROLLBACK").catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      });
    },
    async exec(sql: string) {
      await pool.query(sql);
    },
    async session<T>(settings: Record<string, string>, fn: (q: Queryable) => Promise<T>) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        for (const [name, value] of Object.entries(settings)) await client.query("select set_config($1, $2, false)", [name, value]);
        // Each statement commits on its own, so it is retried like db.query's.
        return await fn({
          query: async <R>(text: Sql | string, params?: unknown[]) =>
            (await withRetry(() => runPrepared(client, text, params))).rows as R[],
        });
      } finally {
        // A connection that cannot be reset is closed rather than handed on with the settings.
        for (const name of Object.keys(settings))
          await client.query(`reset ${pg.escapeIdentifier(name)}`).catch((e: Error) => (broken = e));
        client.release(broken);
      }
    },
    async executeSql(text: string, values?: unknown[]) {
      const res = await pool.query(text, values as unknown[]);
      const last = Array.isArray(res) ? res[res.length - 1] : res;
      return { rows: last?.rows ?? [] };
    },
    async close() {
      await Promise.all([pool.end(), genericPool.end()]);
    },
  };
  await db.query("select 1");
  return db;
}

/** How long PGlite may keep the event loop from turning before a statement waits for a turn. */
const PGLITE_SLICE_MS = 10;

/**
 * PGlite runs in this thread and never hands the event loop back while it works: its WASM calls
 * are synchronous and their promises resolve as microtasks. A job sending statement after
 * statement would keep every HTTP request unread until the job ended (intake fell to 2 purchases/s
 * during expiry, bench finding 27). The guard, awaited before each statement and transaction from
 * outside a transaction, lets the event loop turn when it has not for PGLITE_SLICE_MS, so requests
 * that arrived meanwhile reach the queue for the session. When requests alone keep it busy the loop
 * turns between them anyway, and the guard adds no wait to their statements.
 */
function eventLoopGuard(): () => Promise<void> {
  let turnedAt = performance.now();
  let watching = false;
  return async () => {
    if (performance.now() - turnedAt > PGLITE_SLICE_MS) await eventLoopTurn();
    if (!watching) {
      // An immediate runs only once the loop has polled for I/O: when it does, the loop has turned.
      watching = true;
      setImmediate(() => {
        watching = false;
        turnedAt = performance.now();
      });
    }
  };
}

/** Statements PREPAREd in PGlite's session: the text's first keyword is one PREPARE accepts. */
const PREPARABLE = /^\s*(select|insert|update|delete|with|values)\b/i;

/**
 * PGlite's query() parses, plans and describes its statement on every call: it has no API for
 * named statements, so nothing is kept between calls, and planning a purchase's statements took
 * most of their time. Each statement text is PREPAREd (the SQL command) once in PGlite's session,
 * and then run as an EXECUTE with its values written as quoted literals. A value is serialised as
 * PGlite's query() serialises it, by the parameter's type that PostgreSQL inferred at the PREPARE.
 * PostgreSQL's plan cache then works as it does for the pg pool's named statements. The cap is the
 * pg pool's (MAX_PREPARED); beyond it, and for any other statement, this is query(). A
 * `select *` whose table changed since its PREPARE fails once as a stale plan and is prepared
 * afresh when withRetry runs it again (the statement's, or its transaction's).
 */
function pglitePreparedStatements(lite: PGlite) {
  type Runner = Pick<PGlite, "query" | "exec">;
  const statements = new Map<string, { name: string; types: number[] }>();
  /**
   * Prepared statements no longer in the map: a stale plan's, or the second of two calls that
   * prepared one text at once. Deallocated at the next statement outside a transaction (there no
   * failure can abort one); PGlite's one session would otherwise keep them as long as it runs.
   */
  const unused: string[] = [];
  let named = 0;
  const literal = (value: unknown, type: number | undefined) => {
    if (value === null || value === undefined) return "null";
    const serialize = type === undefined ? undefined : lite.serializers[type];
    const text = serialize ? serialize(value) : String(value);
    // An escape string, so backslashes mean the same whatever standard_conforming_strings says.
    return `E'${text.replaceAll("\\", "\\\\").replaceAll("'", "''")}'`;
  };
  const prepare = async (runner: Runner, text: string) => {
    const name = `regulars_${++named}`;
    await runner.query(`prepare ${name} as ${text}`);
    const { rows } = await runner.query<{ types: number[] }>(
      "select parameter_types::oid[] as types from pg_prepared_statements where name = $1",
      [name],
    );
    const statement = { name, types: rows[0]?.types ?? [] };
    if (statements.has(text)) unused.push(name);
    else statements.set(text, statement);
    return statement;
  };
  return async <T>(runner: Runner, query: Sql | string, queryParams?: unknown[]): Promise<T[]> => {
    const { text, values: params = [] } = statementOf(query, queryParams);
    if (runner === lite) for (let name = unused.pop(); name; name = unused.pop()) await lite.query(`deallocate ${name}`);
    let statement = statements.get(text);
    if (!statement) {
      if (statements.size >= MAX_PREPARED || !PREPARABLE.test(text)) return (await runner.query<T>(text, params)).rows;
      statement = await prepare(runner, text);
    }
    const { name, types } = statement;
    const values = params.map((value, i) => literal(value, types[i]));
    try {
      // exec (one Query message), not query: for a text with its values written in, query() would
      // still send Parse, Describe, Bind, Describe, Execute and Sync, each a call into the WASM
      // module (bench finding 34). Both parse the rows with the same parsers.
      const [result] = await runner.exec(values.length > 0 ? `execute ${name}(${values.join(", ")})` : `execute ${name}`);
      return (result?.rows ?? []) as T[];
    } catch (err) {
      if (isStalePlan(err) && statements.get(text) === statement) {
        statements.delete(text);
        unused.push(name);
      }
      throw err;
    }
  };
}

/** dataDir undefined = in memory (tests). */
export async function openPglite(dataDir?: string): Promise<Db> {
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  const lite = await PGlite.create({
    dataDir: dataDir ?? "memory://",
    extensions: { pg_trgm },
    parsers: { [INT8_OID]: parseInt8, [NUMERIC_OID]: (v: string) => v },
    serializers: { [INT8_OID]: (v: unknown) => String(v) },
  });
  const turnIfStarved = eventLoopGuard();
  const runPreparedLite = pglitePreparedStatements(lite);
  const db: Db = {
    kind: "pglite",
    async query<T>(text: Sql | string, params?: unknown[]) {
      await turnIfStarved();
      return withRetry(() => runPreparedLite<T>(lite, text, params));
    },
    queryWithGenericPlan<T>(text: Sql | string, params?: unknown[]) {
      return db.query<T>(text, params);
    },
    async transaction<T>(fn: (tx: Transaction) => Promise<T>) {
      await turnIfStarved();
      // PGlite has a single session: its transaction() holds an exclusive lock meanwhile,
      // so concurrent transactions simply queue (serializable by construction).
      return withRetry(() =>
        lite.transaction(async (t) =>
          fn({
            query: <R>(text: Sql | string, params?: unknown[]) => runPreparedLite<R>(t, text, params),
            async exec(sql: string) {
              await t.exec(sql);
            },
          }),
        ),
      );
    },
    async exec(sql: string) {
      await turnIfStarved();
      await lite.exec(sql);
    },
    session<T>(_settings: Record<string, string>, fn: (q: Queryable) => Promise<T>) {
      return fn(db);
    },
    async executeSql(text: string, values?: unknown[]) {
      await turnIfStarved();
      if (values && values.length > 0) return { rows: await withRetry(() => runPreparedLite(lite, text, values)) };
      const results = await lite.exec(text);
      return { rows: results[results.length - 1]?.rows ?? [] };
    },
    async close() {
      await lite.close();
    },
  };
  return db;
}
