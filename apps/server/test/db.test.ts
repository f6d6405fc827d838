import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Db, openPglite, openPostgres, type Queryable } from "../src/platform/db.js";
import { DATABASE_URL, unique } from "./harness.js";

const CAP = 3;

describe("prepared statements", () => {
  let db: Db;
  // On PostgreSQL one connection, so what it holds prepared is what pg_prepared_statements shows.
  beforeEach(async () => {
    db = DATABASE_URL ? await openPostgres(DATABASE_URL, 1, { maxPrepared: CAP }) : await openPglite(undefined, { maxPrepared: CAP });
  });
  afterEach(() => db.close());

  const marker = unique("lru");
  const text = (i: number) => `select $1::int + ${i} as n /* ${marker}-${i} */`;
  const run = async (i: number, q: Queryable = db) => (await q.query<{ n: number }>(text(i), [100]))[0]?.n;

  /**
   * What the session holds prepared (the texts of this test, and how many statements in all), read
   * after running text `last` again: it is already the most recently used, so the order stays, and
   * PGlite deallocates evicted statements at a later statement.
   */
  async function heldAfter(last: number): Promise<{ texts: number[]; count: number }> {
    await run(last);
    const { rows } = await db.executeSql("select statement from pg_prepared_statements");
    const pattern = new RegExp(`${marker}-(\\d+) `);
    const texts = (rows as { statement: string }[])
      .map((r) => pattern.exec(r.statement)?.[1])
      .filter((i) => i !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    return { texts, count: rows.length };
  }

  it("evicts the least recently used text for a new one, and prepares an evicted text again when it comes back", async () => {
    for (const i of [0, 1, 2]) expect(await run(i)).toBe(100 + i);
    expect(await heldAfter(2)).toEqual({ texts: [0, 1, 2], count: CAP });
    // 0 becomes the most recently used, so 1 is the one to make way.
    expect(await run(0)).toBe(100);
    expect(await run(3)).toBe(103);
    expect(await heldAfter(3)).toEqual({ texts: [0, 2, 3], count: CAP });
    // Past the cap new texts are still prepared; the evicted one runs and is prepared again, 2 making way.
    expect(await run(1)).toBe(101);
    expect(await heldAfter(1)).toEqual({ texts: [0, 1, 3], count: CAP });
  });

  it("keeps the statements the server holds within the cap, with texts evicted inside a transaction too", async () => {
    for (let i = 0; i < 20; i++) expect(await run(i)).toBe(100 + i);
    expect(await heldAfter(19)).toEqual({ texts: [17, 18, 19], count: CAP });
    const inTx = await db.transaction(async (tx) => {
      const results = [];
      for (let i = 20; i < 30; i++) results.push(await run(i, tx));
      // Evicted a few texts ago in this transaction: it runs again (on PostgreSQL the connection still holds it).
      results.push(await run(21, tx));
      return results;
    });
    expect(inTx).toEqual([120, 121, 122, 123, 124, 125, 126, 127, 128, 129, 121]);
    expect(await Promise.all([run(30), run(31), run(32)])).toEqual([130, 131, 132]);
    expect(await heldAfter(32)).toEqual({ texts: [30, 31, 32], count: CAP });
  });
});
