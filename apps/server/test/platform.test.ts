import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import SwaggerParser from "@apidevtools/swagger-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backgroundWork } from "../src/background.js";
import { ConfigError, loadConfig } from "../src/config.js";
import { openPglite } from "../src/platform/db.js";
import { maintainTables } from "../src/platform/maintenance.js";
import { raw, sql, withWrites } from "../src/platform/sql.js";
import { call, onPostgres, startTestApp, type TestContext, testConfig } from "./harness.js";

let ctx: TestContext;
beforeAll(async () => {
  ctx = await startTestApp();
});
afterAll(() => ctx.close());

describe("health and readiness", () => {
  it("answers liveness and readiness with the database kind", async () => {
    expect((await call(ctx, { method: "GET", url: "/api/health" })).data).toEqual({ status: "ok" });
    expect((await call(ctx, { method: "GET", url: "/api/ready" })).data).toEqual({ status: "ready", database: ctx.db.kind });
  });

  it("reports not ready while a migration is not applied, naming it", async () => {
    const isolated = await startTestApp({ empty: true });
    try {
      const [first] = await isolated.db.query<{ name: string }>("select name from schema_migrations order by name limit 1");
      await isolated.db.query("delete from schema_migrations where name = $1", [first?.name]);
      const res = await call(isolated, { method: "GET", url: "/api/ready" });
      expect(res.statusCode).toBe(503);
      expect(res.data.error).toMatchObject({ code: "not_ready", message: expect.stringContaining(first?.name as string) });
      await isolated.db.query("insert into schema_migrations (name) values ($1)", [first?.name]);
      expect((await call(isolated, { method: "GET", url: "/api/ready" })).statusCode).toBe(200);
    } finally {
      await isolated.close();
    }
  });
});

describe("database", () => {
  it("keeps answering a statement after a migration changes its table's columns", async () => {
    // On PostgreSQL statements are prepared once per connection; a `select *` prepared before a
    // column is added must not fail for ever on the connections that prepared it.
    const table = `prepared_${Date.now()}`;
    await ctx.db.exec(`create table ${table} (id int primary key, name text)`);
    try {
      await ctx.db.query(`insert into ${table} values ($1, $2)`, [1, "first"]);
      const read = () => ctx.db.query<Record<string, unknown>>(`select * from ${table} where id = $1`, [1]);
      const readInTx = () => ctx.db.transaction((tx) => tx.query<Record<string, unknown>>(`select * from ${table} where id = $1`, [1]));
      // Prepared on several pooled connections at once.
      await Promise.all(Array.from({ length: 12 }, () => Promise.all([read(), readInTx()])));
      await ctx.db.exec(`alter table ${table} add column extra text default 'x'`);
      const after = await Promise.all(Array.from({ length: 12 }, () => Promise.all([read(), readInTx()])));
      for (const [plain, inTx] of after) {
        expect(plain).toEqual([{ id: 1, name: "first", extra: "x" }]);
        expect(inTx).toEqual([{ id: 1, name: "first", extra: "x" }]);
      }
      if (!onPostgres) {
        // PGlite's one session does not keep the stale statement next to its replacement.
        await ctx.db.query("select $1::int as settled", [1]);
        const [prepared] = await ctx.db.query<{ n: number }>(
          "select count(*)::int as n from pg_prepared_statements where statement like $1",
          [`%from ${table} where%`],
        );
        expect(prepared?.n).toBe(1);
      }
    } finally {
      await ctx.db.exec(`drop table ${table}`);
    }
  });

  it("plans a statement once per connection and passes every value through unchanged", async () => {
    // PGlite runs statements as EXECUTEs of PREPAREd ones with the values written as literals:
    // quotes, backslashes, array and JSON syntax must arrive exactly as given, never as SQL.
    const table = `values_${Date.now()}`;
    await ctx.db.exec(`create table ${table} (id int primary key, t text, a text[], j jsonb, at timestamptz, n bigint, b boolean)`);
    try {
      const tricky = `O'Brien \\ \\' "q" '); drop table ${table}; --\n\u017c\u00f3\u0142w`;
      const row = {
        t: tricky,
        a: [tricky, "", "a,b", "{x}", 'say "hi"', "back\\slash"],
        j: { note: tricky, list: [1, "two", null], nested: { "k'ey": "v\\" } },
        at: new Date("2026-03-01T12:34:56.789Z"),
        n: 9_007_199_254_740_991,
        b: false,
      };
      const insert = `insert into ${table} (id, t, a, j, at, n, b) values ($1, $2, $3, $4, $5, $6, $7)`;
      const params = (id: number) => [id, row.t, row.a, JSON.stringify(row.j), row.at, row.n, row.b];
      await ctx.db.query(insert, params(1));
      await ctx.db.query(insert, [2, null, null, null, null, null, null]);
      const marker = `/* once-${table} */`;
      const select = `select t, a, j, at, n, b from ${table} where id = $1 ${marker}`;
      const [read, prepared] = await ctx.db.transaction(async (tx) => {
        await tx.query(insert, params(3));
        const rows = [];
        for (const id of [1, 2, 3]) rows.push(...(await tx.query(select, [id])));
        // Same connection: the statement was prepared on it once, not three times.
        const statements = await tx.query<{ n: number }>("select count(*)::int as n from pg_prepared_statements where statement like $1", [
          `%${marker}%`,
        ]);
        return [rows, statements[0]?.n];
      });
      expect(read).toEqual([row, { t: null, a: null, j: null, at: null, n: null, b: null }, row]);
      expect(prepared).toBe(1);
      expect((await ctx.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]?.n).toBe(3);
    } finally {
      await ctx.db.exec(`drop table ${table}`);
    }
  });

  it("runs a session's statements with its settings (PostgreSQL; PGlite's one session takes none), and hands the connection back without them", async () => {
    const inSession = await ctx.db.session({ statement_timeout: "50", application_name: "regulars-test-session" }, async (s) => {
      const [row] = await s.query<{ name: string }>("select current_setting('application_name') as name, $1::int as x", [1]);
      const slow = await s.query("select pg_sleep($1)", [0.5]).catch((err: { code?: string }) => err.code);
      return { name: row?.name, slow };
    });
    if (onPostgres) expect(inSession).toEqual({ name: "regulars-test-session", slow: "57014" });
    // PGlite has no other session to wait for: the statements just run, without the settings.
    else expect(inSession).toEqual({ name: expect.not.stringMatching("regulars-test-session"), slow: [{ pg_sleep: "" }] });
    // The pooled connections keep their own settings.
    const after = await Promise.all(
      Array.from({ length: 10 }, () =>
        ctx.db.query<{ t: string; name: string }>(
          "select current_setting('statement_timeout') as t, current_setting('application_name') as name, $1::int as x",
          [1],
        ),
      ),
    );
    for (const [row] of after) {
      expect(row?.t).toBe("0");
      expect(row?.name).not.toBe("regulars-test-session");
    }
  });

  it("hands the event loop back during a job's statements, so requests are read while it runs", async () => {
    // A job's loop awaits statement after statement; PGlite answers without returning to the event
    // loop, so a timer (like an HTTP request's socket) would wait for the whole loop.
    let statements = 0;
    let timerSawStatements: number | null = null;
    setTimeout(() => {
      timerSawStatements = statements;
    }, 0);
    // 200 ms of statements: far longer than PGlite may keep the loop from turning.
    const started = performance.now();
    while (performance.now() - started < 200) {
      await ctx.db.query("select $1::int as i", [statements]);
      statements++;
    }
    expect(timerSawStatements).not.toBeNull();
    expect(timerSawStatements).toBeLessThan(statements);
  });

  it("sends writes together with another statement, each with its own values, all or nothing", async () => {
    const table = `joined_${Date.now()}`;
    await ctx.db.exec(`create table ${table} (id int primary key, label text, tags text[])`);
    try {
      const write = (id: number, label: string, tags: string[]) =>
        sql`insert into ${raw(table)} (id, label, tags) values (${id}, ${label}, ${tags})`;
      // The main statement begins with WITH, so the writes join its list (ahead of its own: their values come first).
      const main = sql`with n as (select ${40}::int as a, ${2}::int as b) select a + b as total, b::text as second from n`;
      const joined = withWrites(main, [write(1, "one $2 'quoted'", ["a"]), write(2, "two", ["b", "c"])]);
      expect(joined.values).toEqual([1, "one $2 'quoted'", ["a"], 2, "two", ["b", "c"], 40, 2]);
      expect(await ctx.db.query(joined)).toEqual([{ total: 42, second: "2" }]);
      // A main statement without WITH gets one.
      const plain = withWrites(sql`select count(*)::int as n from ${raw(table)}`, [write(3, "three", [])]);
      expect(await ctx.db.query(plain)).toEqual([{ n: 2 }]); // one snapshot: the write is not seen
      expect(await ctx.db.query(`select id, label, tags from ${table} order by id`)).toEqual([
        { id: 1, label: "one $2 'quoted'", tags: ["a"] },
        { id: 2, label: "two", tags: ["b", "c"] },
        { id: 3, label: "three", tags: [] },
      ]);
      // One write fails (a duplicate key): nothing of the statement is written.
      const failing = withWrites(main, [write(4, "four", []), write(1, "again", [])]);
      await expect(ctx.db.query(failing)).rejects.toMatchObject({ code: "23505" });
      expect(await ctx.db.query(`select id from ${table} where id = 4`)).toEqual([]);
      expect(() => withWrites(main, [sql`with x as (select 1) insert into t select * from x`])).toThrow(/WITH/);
    } finally {
      await ctx.db.exec(`drop table ${table}`);
    }
  });

  it("leaves a $ inside a write's string literal alone", async () => {
    // Renumbering parameters by pattern would have turned the literal's '$1' into another parameter.
    const table = `literal_${Date.now()}`;
    await ctx.db.exec(`create table ${table} (id int primary key, label text)`);
    try {
      const main = sql`select ${7}::int as seven`;
      const joined = withWrites(main, [sql`insert into ${raw(table)} (id, label) values (${1}, 'costs $1, not $2')`]);
      expect(joined.values).toEqual([1, 7]);
      expect(await ctx.db.query(joined)).toEqual([{ seven: 7 }]);
      expect(await ctx.db.query(`select id, label from ${table}`)).toEqual([{ id: 1, label: "costs $1, not $2" }]);
    } finally {
      await ctx.db.exec(`drop table ${table}`);
    }
  });
});

describe("embedded database maintenance", () => {
  // PGlite never starts autovacuum (single-user mode), whichever database this suite runs on.
  it("vacuums and analyses the tables autovacuum would, and only those", async () => {
    const lite = await openPglite();
    try {
      const stats = async () => {
        const [row] = await lite.query<{ reltuples: number; allvisible: number; dead: number; vacuumed: boolean; analyzed: boolean }>(
          `select c.reltuples::float8 as reltuples, c.relallvisible as allvisible, s.n_dead_tup::int as dead,
                  s.last_vacuum is not null as vacuumed, s.last_analyze is not null as analyzed
             from pg_class c join pg_stat_user_tables s on s.relid = c.oid where c.relname = 'maintained'`,
        );
        return row;
      };
      await lite.exec(
        "create table maintained (id int primary key, v int); insert into maintained select g, 0 from generate_series(1, 2000) g",
      );
      expect(await stats()).toMatchObject({ reltuples: -1, allvisible: 0, vacuumed: false, analyzed: false });

      // 2,000 inserted rows: past both thresholds (1,000 inserts; 50 changes).
      expect(await maintainTables(lite)).toEqual({ vacuumed: ["public.maintained"], analyzed: ["public.maintained"] });
      const first = await stats();
      expect(first).toMatchObject({ reltuples: 2000, vacuumed: true, analyzed: true });
      expect(first?.allvisible).toBeGreaterThan(0);

      // 100 updated rows: under 50 + 20 % (vacuum) and 50 + 10 % (analyse) of 2,000.
      await lite.query("update maintained set v = 1 where id <= 100");
      expect(await maintainTables(lite)).toEqual({ vacuumed: [], analyzed: [] });
      expect((await stats())?.dead).toBe(100);

      // 500 more: 600 dead rows pass 450, 600 changes pass 250.
      await lite.query("update maintained set v = 2 where id > 1500");
      expect(await maintainTables(lite)).toEqual({ vacuumed: ["public.maintained"], analyzed: ["public.maintained"] });
      expect((await stats())?.dead).toBe(0);
    } finally {
      await lite.close();
    }
  });

  it("is scheduled for the embedded database only", () => {
    const names = (config: ReturnType<typeof testConfig>) => backgroundWork(config).jobs.map((j) => j.name);
    expect(names(testConfig())).toContain("maintenance-embedded-vacuum");
    expect(names(testConfig({ DATABASE_URL: "postgres://localhost/regulars" }))).not.toContain("maintenance-embedded-vacuum");
  });
});

describe("errors", () => {
  it("answers unknown routes with 404 in the error model and a request id", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/v1/nothing-here" });
    expect(res.statusCode).toBe(404);
    expect(res.data).toEqual({
      error: { code: "not_found", message: "No route GET /api/v1/nothing-here", details: [] },
      requestId: expect.stringMatching(/^req_/),
    });
    expect(res.headers["x-request-id"]).toBe(res.data.requestId);
  });

  it("answers malformed JSON with 400, not 500", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: "{not json",
      headers: { "content-type": "application/json" },
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.parse(res.body).error.code).toBe("validation_failed");
  });
});

describe("OpenAPI", () => {
  it("serves a valid OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await call(ctx, { method: "GET", url: "/api/openapi.json" });
    expect(res.data.openapi).toBe("3.1.0");
    await expect(SwaggerParser.validate(structuredClone(res.data))).resolves.toBeTruthy();
    expect(res.data.paths["/api/v1/locations"].post.requestBody.content["application/json"].schema).toBeTruthy();
    expect(res.data.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("renders the reference UI at /api/docs", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("swagger");
  });

  it("matches the OpenAPI document the SDK (packages/sdk) was generated from (run npm run gen:sdk after API changes)", async () => {
    const committed = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../../packages/sdk/src/openapi.json"), "utf8"));
    const res = await call(ctx, { method: "GET", url: "/api/openapi.json" });
    expect(res.data).toEqual(committed);
  });
});

describe("configuration", () => {
  it("uses the documented defaults", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "regulars-config-"));
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({
      port: 3000,
      dataDir: dir,
      databaseUrl: undefined,
      publicUrl: "http://localhost:3000",
      trustProxy: false,
    });
  });

  it("generates SECRET_KEY into the data directory once and keeps it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "regulars-config-"));
    const first = loadConfig({ DATA_DIR: dir }).secretKey;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dir, "secret-key"), "utf8").trim()).toBe(first);
    expect(loadConfig({ DATA_DIR: dir }).secretKey).toBe(first);
  });

  it("names every bad variable in one message", () => {
    let error: unknown;
    try {
      loadConfig({ PORT: "http", DATABASE_URL: "mysql://x", PUBLIC_URL: "not a url", SECRET_KEY: "short", TRUST_PROXY: "maybe" });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ["PORT", "DATABASE_URL", "PUBLIC_URL", "SECRET_KEY", "TRUST_PROXY"]) expect(message).toContain(name);
  });
});
