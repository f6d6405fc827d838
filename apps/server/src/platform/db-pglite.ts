import { mkdirSync } from "node:fs";
import path from "node:path";
import { setImmediate as eventLoopTurn } from "node:timers/promises";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import type { Db, Queryable, Transaction } from "./db.js";
import { isStalePlan, withRetry } from "./db-retry.js";
import { type DbOptions, INT8_OID, MAX_PREPARED, parseInt8, statementOf } from "./db-shared.js";
import type { Sql } from "./sql.js";

const NUMERIC_OID = 1700;

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
 * PostgreSQL's plan cache then works as it does for the pg pool's named statements. At most
 * maxPrepared texts are prepared at once, as on the pg pool: a new one evicts the least recently
 * used. Any other statement is query(). A `select *` whose table changed since its PREPARE fails
 * once as a stale plan and is prepared afresh when withRetry runs it again (the statement's, or
 * its transaction's).
 */
function pglitePreparedStatements(lite: PGlite, maxPrepared: number) {
  type Runner = Pick<PGlite, "query" | "exec">;
  /** text → statement, least recently used first. */
  const statements = new Map<string, { name: string; types: number[] }>();
  /**
   * Prepared statements no longer in the map: an evicted one, a stale plan's, or the second of two
   * calls that prepared one text at once. Deallocated at the next statement outside a transaction
   * (there no failure can abort one); PGlite's one session would otherwise keep them as long as it
   * runs. A statement on its way to run was just made the most recent, so only a cap below the
   * number of statements waiting for the session could evict it first.
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
    else {
      if (statements.size >= maxPrepared) {
        const [oldest, evicted] = statements.entries().next().value as [string, { name: string }];
        statements.delete(oldest);
        unused.push(evicted.name);
      }
      statements.set(text, statement);
    }
    return statement;
  };
  return async <T>(runner: Runner, query: Sql | string, queryParams?: unknown[]): Promise<T[]> => {
    const { text, values: params = [] } = statementOf(query, queryParams);
    if (runner === lite) for (let name = unused.pop(); name; name = unused.pop()) await lite.query(`deallocate ${name}`);
    let statement = statements.get(text);
    if (statement) {
      statements.delete(text);
      statements.set(text, statement);
    } else {
      if (!PREPARABLE.test(text)) return (await runner.query<T>(text, params)).rows;
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
/** The embedded database, which can also write its data directory out (tests migrate once and load the dump). */
export interface PgliteDb extends Db {
  dumpDataDir(): Promise<Blob>;
  /**
   * A consistent copy of the data directory (gzip tar) while the database is in use: taken
   * between transactions, after a checkpoint, so it opens like a cleanly stopped database.
   */
  snapshot(): Promise<Blob>;
}

export async function openPglite(dataDir?: string, { maxPrepared = MAX_PREPARED, loadDataDir }: DbOptions = {}): Promise<PgliteDb> {
  if (dataDir) mkdirSync(path.dirname(dataDir), { recursive: true });
  const lite = await PGlite.create({
    dataDir: dataDir ?? "memory://",
    loadDataDir,
    extensions: { pg_trgm },
    parsers: { [INT8_OID]: parseInt8, [NUMERIC_OID]: (v: string) => v },
    serializers: { [INT8_OID]: (v: unknown) => String(v) },
  });
  const turnIfStarved = eventLoopGuard();
  const runPreparedLite = pglitePreparedStatements(lite, maxPrepared);
  const db: PgliteDb = {
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
    async dumpDataDir() {
      return lite.dumpDataDir("none");
    },
    async snapshot() {
      await turnIfStarved();
      await lite.exec("checkpoint");
      // Holding the transaction lock: no transaction is open while the files are copied.
      return lite._runExclusiveTransaction(() => lite.dumpDataDir("gzip"));
    },
    async close() {
      await lite.close();
    },
  };
  return db;
}
