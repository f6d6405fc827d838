import { createHash } from "node:crypto";
import pg from "pg";
import type { Db, Queryable, Transaction } from "./db.js";
import { isStalePlan, withRetry } from "./db-retry.js";
import { type DbOptions, INT8_OID, MAX_PREPARED, parseInt8, statementOf } from "./db-shared.js";
import type { Sql } from "./sql.js";

/** PostgreSQL cancelled the statement: its statement_timeout (a job's lock budget) ran out. */
export const isStatementTimeout = (err: unknown) => (err as { code?: string }).code === "57014";

const digest = (text: string) => `r${createHash("sha1").update(text).digest("base64url")}`;

const SWEPT = Symbol("dropped names swept up to");
/** node-pg's record of the named statements a connection has parsed (name → text) is not in its types. */
type TrackedClient = pg.PoolClient & { connection: { parsedStatements: Record<string, string> }; [SWEPT]?: number };

/**
 * Parameterised statements go to PostgreSQL as named prepared statements, so each connection parses
 * a statement once and may reuse its plan, instead of parsing and planning it on every call (node-pg
 * prepares only when given a name). The name is a digest of the text. At most maxPrepared texts are
 * named; a new one evicts the least recently used (SQL built from varying filters comes and goes,
 * hot statements stay), so neither this map nor the server's per-connection statement cache grows
 * without bound.
 *
 * A connection keeps what it prepared until it closes (idle ones stay open), and node-pg remembers
 * each name parsed on a connection so as to send only Bind for it later (`connection.parsedStatements`,
 * never pruned). So a name that drops out of use is deallocated on each connection holding it when
 * the pool next hands that connection out (checkout: before the caller's first statement, outside
 * any transaction); while no name drops this is one comparison. node-pg forgets the name too, so a text that
 * comes back is parsed afresh; a name back in use by then (its text prepared again) stays.
 */
function preparedStatements(maxPrepared: number) {
  /** text → name, least recently used first. */
  const names = new Map<string, string>();
  /** Names that dropped out of use (evicted, or replaced after a stale plan), oldest first. */
  const dropped: string[] = [];
  /** How many dropped names were trimmed off the front of `dropped`. */
  let trimmed = 0;
  let renamed = 0;
  const drop = (name: string) => {
    dropped.push(name);
    // A connection not handed out since the trimmed names dropped checks all of its names instead.
    if (dropped.length > 2 * maxPrepared) {
      dropped.splice(0, maxPrepared);
      trimmed += maxPrepared;
    }
  };
  const config = (text: string, values: unknown[] | undefined): pg.QueryConfig => {
    if (!values || values.length === 0) return { text, values };
    let name = names.get(text);
    if (name) names.delete(text);
    else {
      name = digest(text);
      if (names.size >= maxPrepared) {
        const [oldest, oldestName] = names.entries().next().value as [string, string];
        names.delete(oldest);
        drop(oldestName);
      }
    }
    names.set(text, name);
    return { name, text, values };
  };
  return {
    async run(client: pg.PoolClient, statement: Sql | string, params?: unknown[]) {
      const { text, values } = statementOf(statement, params);
      try {
        return await client.query(config(text, values));
      } catch (err) {
        const name = names.get(text);
        if (isStalePlan(err) && name) {
          names.set(text, `${digest(text)}.${++renamed}`);
          drop(name);
        }
        throw err;
      }
    },
    /** At checkout: deallocates the names the connection holds that dropped out of use since it was last handed out. */
    async sweep(client: pg.PoolClient): Promise<void> {
      const tracked = client as TrackedClient;
      const end = trimmed + dropped.length;
      const from = tracked[SWEPT];
      tracked[SWEPT] = end;
      // A new connection has prepared nothing yet.
      if (from === undefined || from === end) return;
      const parsed = tracked.connection.parsedStatements;
      for (const name of from < trimmed ? Object.keys(parsed) : dropped.slice(from - trimmed)) {
        const text = parsed[name];
        if (text === undefined || names.get(text) === name) continue;
        delete parsed[name];
        await client.query(`deallocate ${pg.escapeIdentifier(name)}`);
      }
    },
  };
}

export async function openPostgres(url: string, poolSize = 10, { maxPrepared = MAX_PREPARED }: DbOptions = {}): Promise<Db> {
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
  const statements = preparedStatements(maxPrepared);
  for (const p of [pool, genericPool])
    p.on("error", () => {
      // An idle client lost its connection; the pool replaces it. Queries report their own errors.
    });
  /** A connection from the pool, its dropped statements deallocated first (awaited: node-pg wants one query at a time). */
  const checkout = async (from: pg.Pool) => {
    const client = await from.connect();
    try {
      await statements.sweep(client);
    } catch (err) {
      client.release(err as Error);
      throw err;
    }
    return client;
  };
  /** One statement on a connection of its own, as pool.query, but after checkout. */
  const runOn = async (from: pg.Pool, text: Sql | string, params?: unknown[]) => {
    const client = await checkout(from);
    let broken: Error | undefined;
    try {
      return await statements.run(client, text, params);
    } catch (err) {
      // A connection-level failure (no SQLSTATE) is not handed on; an SQL error leaves it usable.
      if (!(err as { code?: string }).code) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  };
  const db: Db = {
    kind: "postgres",
    async query<T>(text: Sql | string, params?: unknown[]) {
      return (await withRetry(() => runOn(pool, text, params))).rows as T[];
    },
    async queryWithGenericPlan<T>(text: Sql | string, params?: unknown[]) {
      return (await withRetry(() => runOn(genericPool, text, params))).rows as T[];
    },
    transaction<T>(fn: (tx: Transaction) => Promise<T>) {
      return withRetry(async () => {
        const client = await checkout(pool);
        try {
          await client.query("BEGIN");
          const tx: Transaction = {
            async query<R>(text: Sql | string, params?: unknown[]) {
              return (await statements.run(client, text, params)).rows as R[];
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
      const client = await checkout(pool);
      let broken: Error | undefined;
      try {
        for (const [name, value] of Object.entries(settings)) await client.query("select set_config($1, $2, false)", [name, value]);
        // Each statement commits on its own, so it is retried like db.query's.
        return await fn({
          query: async <R>(text: Sql | string, params?: unknown[]) =>
            (await withRetry(() => statements.run(client, text, params))).rows as R[],
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
